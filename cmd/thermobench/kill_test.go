package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the kill test run this test binary as thermobench.
func TestMain(m *testing.M) {
	if os.Getenv("THERMOBENCH_AS_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestKillResume kills a checkpointing run with SIGKILL at random moments,
// over and over, each time going on with -resume from whatever checkpoint
// is there, until the run ends; its output must be that of a run never
// killed. A checkpoint every 25 steps, each synced to disk, takes most of
// the run's time, so that many kills land while one is being written.
func TestKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a process many times")
	}
	dir := t.TempDir()
	args := strings.Fields("run -quiet -no-diag -model gmm -dim 6 -chains 2000 -steps 3000 -burnin 300 -thin 10 -seed 3 -workers 2")
	ref := filepath.Join(dir, "ref")
	if _, stderr, err := thermobench(t, append(args, "-out", ref)...); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	out, ck := filepath.Join(dir, "out"), filepath.Join(dir, "ck")
	rng := rand.New(rand.NewPCG(1, 2))
	// The moments of the kills are drawn from a window that widens
	// whenever a start was killed before it saved a new checkpoint, so a
	// slow machine (a slow disk, a slow start) still makes progress.
	kills, inWrite, resumes, widen := 0, 0, 0, 1.0
	for attempt := 0; ; attempt++ {
		if attempt == 100 {
			t.Fatal("the run did not end after 100 starts")
		}
		a := append(append([]string{}, args...), "-out", out, "-checkpoint", ck, "-checkpoint-every", "25")
		if _, err := os.Stat(filepath.Join(ck, "checkpoint.bin")); err == nil {
			a = append(a, "-resume")
			resumes++
		}
		before, _ := os.ReadFile(filepath.Join(ck, "checkpoint.bin"))
		cmd := exec.Command(os.Args[0], a...)
		cmd.Env = append(os.Environ(), "THERMOBENCH_AS_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("start %d: %v\n%s", attempt, err, stderr.String())
			}
		case <-time.After(time.Duration(widen*float64(30+rng.IntN(370))) * time.Millisecond):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			kills++
			if tmp, _ := filepath.Glob(filepath.Join(ck, ".checkpoint.bin.tmp*")); len(tmp) > 0 {
				inWrite++
			}
			if after, _ := os.ReadFile(filepath.Join(ck, "checkpoint.bin")); bytes.Equal(before, after) {
				widen *= 1.25
			}
			continue
		}
		break
	}
	t.Logf("%d kills (%d while a checkpoint was being written), %d resumes, kill window widened %.2fx", kills, inWrite, resumes, widen)
	if kills < 5 {
		t.Errorf("only %d kills: the run is too short to test anything", kills)
	}
	for _, f := range []string{"samples.npy", "run.json"} {
		a, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(ref, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "run.json" {
			a, b = dropKey(t, a, "performance"), dropKey(t, b, "performance")
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s after %d kills differs from the run never killed", f, kills)
		}
	}
}

func dropKey(t *testing.T, b []byte, key string) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, key)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSignalCheckpoint sends SIGINT and SIGTERM to checkpointing runs:
// each must save a checkpoint and exit with 130 or 143, and -resume must
// finish it with the bytes of a run never stopped.
func TestSignalCheckpoint(t *testing.T) {
	if testing.Short() {
		t.Skip("runs thermobench as a process")
	}
	dir := t.TempDir()
	args := strings.Fields("run -quiet -no-diag -model coupled -dim 8 -chains 4000 -steps 40000 -burnin 39000 -thin 20 -seed 5")
	ref := filepath.Join(dir, "ref")
	if _, stderr, err := thermobench(t, append(args, "-out", ref)...); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		out, ck := filepath.Join(dir, sig.String(), "out"), filepath.Join(dir, sig.String(), "ck")
		a := append(append([]string{}, args...), "-out", out, "-checkpoint", ck, "-checkpoint-every", "1000000")
		cmd := exec.Command(os.Args[0], a...)
		cmd.Env = append(os.Environ(), "THERMOBENCH_AS_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		code := cmd.ProcessState.ExitCode()
		if want := 128 + int(sig); code != want {
			t.Fatalf("%v: exit code %d (%v), want %d", sig, code, err, want)
		}
		if _, err := os.Stat(filepath.Join(ck, "checkpoint.bin")); err != nil {
			t.Fatalf("%v: no checkpoint: %v", sig, err)
		}
		if _, stderr, err := thermobench(t, append(a, "-resume")...); err != nil {
			t.Fatalf("%v: resume: %v\n%s", sig, err, stderr)
		}
		a1, _ := os.ReadFile(filepath.Join(out, "samples.npy"))
		b1, _ := os.ReadFile(filepath.Join(ref, "samples.npy"))
		if !bytes.Equal(a1, b1) || len(a1) == 0 {
			t.Errorf("%v: resumed samples.npy differs from the run never stopped", sig)
		}
	}
}
