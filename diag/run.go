package diag

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/thermoai/thermo/output"
)

// Method names what a Report holds, for readers of diag.json.
const Method = "posterior::summarise_draws (R package posterior 1.4-1.7): mean, sd, mcse_mean, " +
	"quantile2 of type 7, rank-normalized split rhat (max of bulk and folded), ess_bulk, ess_tail; " +
	"Vehtari, Gelman, Simpson, Carpenter, Bürkner (2021), Bayesian Analysis 16(2)"

// Report is the layout of diag.json: the diagnostics of every dimension
// of a run's samples.
type Report struct {
	Method  string    `json:"method"`
	Samples string    `json:"samples"` // file name in the run directory
	Dtype   string    `json:"dtype"`   // float32 or float64
	Chains  int       `json:"chains"`
	Draws   int       `json:"draws"`
	Dim     int       `json:"dim"`
	Dims    []Summary `json:"dims"` // one per dimension
}

// FromSamples returns the diagnostics of each dimension of samples held
// in memory (thermo.Options.Keep), as Summarize.
func FromSamples[F float32 | float64](ctx context.Context, s *output.Samples[F], opts Options) ([]Summary, error) {
	return Summarize(ctx, s.Data, s.Chains, s.Draws, s.Dim, opts)
}

// runSamples is the part of run.json that says what samples.npy holds.
type runSamples struct {
	Samples struct {
		File  string `json:"file"`
		Shape []int  `json:"shape"`
		Dtype string `json:"dtype"`
	} `json:"samples"`
}

// ReadRun returns the diagnostics of the samples of the run in dir: the
// file that run.json names (samples.npy), checked against the shape and
// dtype run.json records.
func ReadRun(ctx context.Context, dir string, opts Options) (*Report, error) {
	jsonPath := filepath.Join(dir, "run.json")
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		return nil, fmt.Errorf("diag: %w", err)
	}
	var run runSamples
	if err := json.Unmarshal(b, &run); err != nil {
		return nil, fmt.Errorf("diag: %s: %w", jsonPath, err)
	}
	rs := run.Samples
	if rs.File == "" || len(rs.Shape) != 3 || rs.Dtype == "" {
		return nil, fmt.Errorf("diag: %s: no samples file, shape [chains, draws, dim] and dtype", jsonPath)
	}
	if filepath.Base(rs.File) != rs.File || rs.File == "." || rs.File == ".." {
		return nil, fmt.Errorf("diag: %s: samples file %q is not a file name in the run directory", jsonPath, rs.File)
	}
	npyPath := filepath.Join(dir, rs.File)
	a, err := readNPY(npyPath)
	if err != nil {
		return nil, fmt.Errorf("diag: %w", err)
	}
	if !slices.Equal(a.Shape, rs.Shape) || a.dtype() != rs.Dtype {
		return nil, fmt.Errorf("diag: %s holds %s %v, but %s says %s %v", npyPath, a.dtype(), a.Shape, jsonPath, rs.Dtype, rs.Shape)
	}
	r := &Report{Method: Method, Samples: rs.File, Dtype: rs.Dtype, Chains: a.Shape[0], Draws: a.Shape[1], Dim: a.Shape[2]}
	if a.F32 != nil {
		r.Dims, err = Summarize(ctx, a.F32, r.Chains, r.Draws, r.Dim, opts)
	} else {
		r.Dims, err = Summarize(ctx, a.F64, r.Chains, r.Draws, r.Dim, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, npyPath)
	}
	return r, nil
}

// WriteJSON writes the report to path (diag.json in the run directory)
// atomically.
func (r *Report) WriteJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("diag: %w", err)
	}
	if err := output.WriteFileAtomic(path, append(b, '\n')); err != nil {
		return fmt.Errorf("diag: %w", err)
	}
	return nil
}
