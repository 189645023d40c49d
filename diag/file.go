package diag

import (
	"context"
	"fmt"
	"slices"
)

// SummarizeFile returns the diagnostics of each dimension of the samples
// in the .npy file at path, which must hold an array of the given shape.
func SummarizeFile(ctx context.Context, path string, chains, draws, dim int, opts Options) ([]Summary, error) {
	a, err := readNPY(path)
	if err != nil {
		return nil, fmt.Errorf("diag: %w", err)
	}
	if want := []int{chains, draws, dim}; !slices.Equal(a.Shape, want) {
		return nil, fmt.Errorf("diag: %s holds %v, want %v", path, a.Shape, want)
	}
	if a.F32 != nil {
		return Summarize(ctx, a.F32, chains, draws, dim, opts)
	}
	return Summarize(ctx, a.F64, chains, draws, dim, opts)
}
