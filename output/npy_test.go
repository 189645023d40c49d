package output

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sbinet/npyio/npy"
)

func TestNPYRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "samples.npy")
	const chains, draws, dim = 5, 7, 3
	w, err := CreateNPY[float32](path, chains, draws, dim)
	if err != nil {
		t.Fatal(err)
	}
	want := NewSamples[float32](chains, draws, dim)
	for i := range want.Data {
		want.Data[i] = float32(i) * 0.5
	}
	// Blocks in scrambled order: two chain groups, two draw ranges.
	for _, b := range []struct{ c0, n, d0, nd int }{{2, 3, 4, 3}, {0, 2, 0, 7}, {2, 3, 0, 4}} {
		block := make([]float32, 0, b.n*b.nd*dim)
		for c := b.c0; c < b.c0+b.n; c++ {
			for d := b.d0; d < b.d0+b.nd; d++ {
				for k := range dim {
					block = append(block, want.At(c, d, k))
				}
			}
		}
		if err := w.WriteBlock(b.c0, b.n, b.d0, b.nd, block); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("samples.npy visible before Close")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := npy.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Header.Descr.Shape; len(got) != 3 || got[0] != chains || got[1] != draws || got[2] != dim {
		t.Fatalf("shape %v", got)
	}
	var got []float32
	if err := r.Read(&got); err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i] != want.Data[i] {
			t.Fatalf("element %d: %v, want %v", i, got[i], want.Data[i])
		}
	}
	if err := w.WriteBlock(4, 2, 0, 1, make([]float32, 6)); err == nil {
		t.Error("a block past the last chain was accepted")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left %d files, want only samples.npy", len(entries))
	}
}
