package thermo_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thermoai/thermo"
	"github.com/thermoai/thermo/engine"
)

func checkpointSpec(integ string) thermo.Spec {
	s := thermo.DefaultSpec()
	s.Model, s.Dim, s.Chains, s.Integrator = "double-well", 3, 300, integ
	s.Steps, s.Burnin, s.Thin, s.Leapfrog = 300, 100, 4, 3
	return s
}

func sameFile(t *testing.T, a, b string) bool {
	t.Helper()
	x, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(x, y)
}

// TestResume stops runs (as SIGINT does: their context is cancelled) at
// several points, resumes them with another number of workers, and
// compares samples.npy and run.json with those of a run never stopped.
func TestResume(t *testing.T) {
	for _, integ := range []string{"baoab", "hmc"} {
		spec := checkpointSpec(integ)
		ref := t.TempDir()
		if _, err := thermo.Run(context.Background(), spec, thermo.Options{Out: ref}); err != nil {
			t.Fatal(err)
		}
		resumed := 0
		for _, stopAt := range []int64{300 * 20, 300 * 151, 300 * 299} {
			out, ck := t.TempDir(), t.TempDir()
			var progress atomic.Int64
			ctx, cancel := context.WithCancel(context.Background())
			go func() {
				for progress.Load() < stopAt {
					time.Sleep(20 * time.Microsecond)
				}
				cancel()
			}()
			s := spec
			s.Workers = 2
			_, err := thermo.Run(ctx, s, thermo.Options{Out: out, Progress: &progress,
				Checkpoint: thermo.Checkpoint{Dir: ck, EverySteps: 37}})
			cancel()
			if err == nil {
				continue
			}
			if !errors.Is(err, engine.ErrStopped) {
				t.Fatal(err)
			}
			resumed++
			s.Workers = 1
			if _, err := thermo.Run(context.Background(), s, thermo.Options{Out: out,
				Checkpoint: thermo.Checkpoint{Dir: ck, EverySteps: 37, Resume: true}}); err != nil {
				t.Fatalf("%s stopped after %d chain-steps: resume: %v", integ, stopAt, err)
			}
			if !sameFile(t, filepath.Join(out, "samples.npy"), filepath.Join(ref, "samples.npy")) {
				t.Errorf("%s stopped after %d chain-steps: samples.npy differs from the run never stopped", integ, stopAt)
			}
			if !bytes.Equal(withoutPerformance(t, filepath.Join(out, "run.json")), withoutPerformance(t, filepath.Join(ref, "run.json"))) {
				t.Errorf("%s stopped after %d chain-steps: run.json differs from the run never stopped", integ, stopAt)
			}
			if _, err := os.Stat(filepath.Join(ck, "checkpoint.bin")); !os.IsNotExist(err) {
				t.Errorf("the checkpoint of a finished run is still there (%v)", err)
			}
		}
		if resumed < 2 {
			t.Errorf("%s: only %d of 3 runs stopped before their end", integ, resumed)
		}
	}
}

// TestResumeRefused: a missing, corrupt, truncated, foreign or future
// checkpoint is refused with an error saying which.
func TestResumeRefused(t *testing.T) {
	spec := checkpointSpec("baoab")
	out, ck := t.TempDir(), t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var progress atomic.Int64
	go func() {
		for progress.Load() < 300*100 {
			time.Sleep(20 * time.Microsecond)
		}
		cancel()
	}()
	if _, err := thermo.Run(ctx, spec, thermo.Options{Out: out, Progress: &progress, Checkpoint: thermo.Checkpoint{Dir: ck}}); !errors.Is(err, engine.ErrStopped) {
		t.Fatalf("got %v, want a stopped run", err)
	}
	cancel()
	path := filepath.Join(ck, "checkpoint.bin")
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	resume := func(s thermo.Spec, data []byte) error {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := thermo.Run(context.Background(), s, thermo.Options{Out: out, Checkpoint: thermo.Checkpoint{Dir: ck, Resume: true}})
		return err
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1
	other := spec
	other.Seed++
	// A checkpoint of another version, with a checksum that matches.
	future := bytes.Replace(good[:len(good)-32], []byte(thermo.Version), []byte("9.9.9"), 1)
	sum := sha256.Sum256(future)
	future = append(future, sum[:]...)
	for _, c := range []struct {
		name string
		spec thermo.Spec
		data []byte
		want string
	}{
		{"truncated", spec, good[:len(good)/3], "checksum"},
		{"corrupt", spec, flipped, "corrupt"},
		{"not a checkpoint", spec, []byte("{}"), "not a thermo checkpoint"},
		{"another spec", other, good, "seed is 1 in the checkpoint, 2 now"},
		{"another version", spec, future, "written by thermo 9.9.9"},
	} {
		if err := resume(c.spec, c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error saying %q", c.name, err, c.want)
		}
	}
	os.Remove(path)
	_, err = thermo.Run(context.Background(), spec, thermo.Options{Out: out, Checkpoint: thermo.Checkpoint{Dir: ck, Resume: true}})
	if err == nil || !strings.Contains(err.Error(), "no checkpoint") {
		t.Errorf("missing: got %v", err)
	}
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = thermo.Run(context.Background(), spec, thermo.Options{Out: out, Checkpoint: thermo.Checkpoint{Dir: ck}})
	if err == nil || !strings.Contains(err.Error(), "-resume") {
		t.Errorf("a fresh run over a checkpoint: got %v, want a pointer to -resume", err)
	}
}

// TestSizesRefused: counts past the limits, and samples or state that
// cannot fit, are refused before any work, naming the flag, with nothing
// written.
func TestSizesRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	for _, c := range []struct {
		mutate func(*thermo.Spec)
		want   string
	}{
		{func(s *thermo.Spec) { s.Chains = 1<<62 + 1 }, "-chains"},
		{func(s *thermo.Spec) { s.Dim = 1 << 40 }, "-dim"},
		{func(s *thermo.Spec) { s.Workers = 1 << 40 }, "-workers"},
		{func(s *thermo.Spec) { s.Model, s.Dim = "coupled", 1<<24 }, "-dim"},
		{func(s *thermo.Spec) { s.Chains, s.Dim, s.Steps, s.Burnin, s.Thin = 1<<31-1, 1<<20, 1<<40, 0, 1 }, "-out"},
	} {
		s := thermo.DefaultSpec()
		c.mutate(&s)
		_, err := thermo.Run(context.Background(), s, thermo.Options{Out: dir})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error naming %s", err, c.want)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a refused run left %s (%v)", dir, err)
	}
}
