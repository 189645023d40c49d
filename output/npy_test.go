package output

import (
	"os"
	"path/filepath"
	"slices"
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

// TestOpenNPYResume writes part of an array, takes the partial file up
// again, finishes it, and checks the whole; a partial file of another
// shape is refused, and the files are readable by all.
func TestOpenNPYResume(t *testing.T) {
	dir := t.TempDir()
	partial, final := filepath.Join(dir, "samples.partial.npy"), filepath.Join(dir, "samples.npy")
	w, err := OpenNPY[float32](partial, final, 3, 2, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteBlock(0, 3, 0, 1, []float32{1, 2, 3, 4, 5, 6}); err != nil {
		t.Fatal(err)
	}
	if err := w.Sync(); err != nil {
		t.Fatal(err)
	}
	w.f.Close() // a crash: the partial file stays
	if _, err := OpenNPY[float32](partial, final, 3, 3, 2, true); err == nil {
		t.Error("a partial file of another shape was taken up")
	}
	w, err = OpenNPY[float32](partial, final, 3, 2, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteBlock(0, 3, 1, 1, []float32{7, 8, 9, 10, 11, 12}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(final)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []float32
	if err := npy.Read(f, &got); err != nil {
		t.Fatal(err)
	}
	if want := []float32{1, 2, 7, 8, 3, 4, 9, 10, 5, 6, 11, 12}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// Stopped after the samples moved into place: they are taken up.
	w, err = OpenNPY[float32](partial, final, 3, 2, 2, true)
	if err != nil {
		t.Fatalf("resuming a finished file: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(final); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("samples.npy mode %v (%v), want 0644", st.Mode().Perm(), err)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "run.json"), []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(dir, "run.json")); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("run.json mode %v (%v), want 0644", st.Mode().Perm(), err)
	}
}
