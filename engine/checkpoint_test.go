package engine

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestCheckpointResume stops runs at many points, resumes each from the
// state its stop saved (with other workers), and checks that the samples
// and the summary are those of the run that was never stopped.
func TestCheckpointResume(t *testing.T) {
	kappa := []float64{1, 2, 0.5}
	newDemon := func(int) Demon[float64] { return harmonicE[float64]{harmonic[float64]{kappa}} }
	for _, integ := range []Integrator{BAOAB, MALA, HMC} {
		cfg := testConfig(3, 150)
		cfg.Integrator, cfg.Leapfrog, cfg.Adapt, cfg.ShardSize = integ, 3, true, 32
		cfg.Steps, cfg.Burnin, cfg.Thin = 120, 40, 3
		cfg.Workers = 2
		want, wantX := runJobMem(t, cfg, Job[float64]{NewDemon: newDemon})
		resumed := 0
		for _, stopAt := range []int64{1, 150 * 13, 150 * 40, 150*77 + 50, 150 * 119} {
			sink := &memSink[float64]{data: make([]float64, len(wantX)), draws: cfg.Draws(), dim: cfg.Dim}
			var state []byte
			var progress atomic.Int64
			ctx, cancel := context.WithCancel(context.Background())
			c := cfg
			c.Progress = &progress
			go func() {
				for progress.Load() < stopAt {
					time.Sleep(10 * time.Microsecond)
				}
				cancel()
			}()
			ck := &Checkpointing{EverySteps: 11, OnStop: true, Save: func(s []byte) error { state = slices.Clone(s); return nil }}
			_, err := RunJob(ctx, c, Job[float64]{NewDemon: newDemon, Sink: sink, Checkpoint: ck})
			cancel()
			if err != nil && !errors.Is(err, ErrStopped) {
				t.Fatal(err)
			}
			if err == nil {
				continue // it finished before the stop
			}
			resumed++
			t.Logf("%v stop %d: state %d bytes", integ, stopAt, len(state))
			c.Workers = 1
			ck = &Checkpointing{Resume: state, Save: func([]byte) error { return nil }}
			got, err := RunJob(context.Background(), c, Job[float64]{NewDemon: newDemon, Sink: sink, Checkpoint: ck})
			if err != nil {
				t.Fatalf("%v, stopped after %d chain-steps: resume: %v", integ, stopAt, err)
			}
			if !slices.Equal(sink.data, wantX) {
				t.Fatalf("%v, stopped after %d chain-steps: resumed samples differ", integ, stopAt)
			}
			if !reflect.DeepEqual(got.Stats, want.Stats) || got.Acceptance != want.Acceptance || got.StepSize != want.StepSize {
				t.Fatalf("%v, stopped after %d chain-steps: summary, acceptance or step differ", integ, stopAt)
			}
		}
		if resumed < 3 {
			t.Errorf("%v: only %d of 5 runs were stopped before their end", integ, resumed)
		}
	}
}

// TestCheckpointByTime pauses a run every few microseconds to save it: the
// pauses must not change a sample.
func TestCheckpointByTime(t *testing.T) {
	kappa := []float64{1, 2}
	newDemon := func(int) Demon[float64] { return harmonicE[float64]{harmonic[float64]{kappa}} }
	cfg := testConfig(2, 300)
	cfg.Integrator, cfg.Adapt, cfg.ShardSize, cfg.Steps, cfg.Burnin = MALA, true, 64, 400, 100
	_, want := runJobMem(t, cfg, Job[float64]{NewDemon: newDemon})
	saves := 0
	ck := &Checkpointing{Every: 50 * time.Microsecond, Save: func([]byte) error { saves++; return nil }}
	_, got := runJobMem(t, cfg, Job[float64]{NewDemon: newDemon, Checkpoint: ck})
	if !slices.Equal(got, want) {
		t.Fatal("samples with pauses differ from those without")
	}
	if saves == 0 {
		t.Error("no checkpoint was saved")
	}
}

// TestCheckpointRefused: a state from another run, a truncated one, or one
// with a flipped byte is refused with an error saying which.
func TestCheckpointRefused(t *testing.T) {
	newDemon := func(int) Demon[float64] { return harmonicE[float64]{harmonic[float64]{[]float64{1, 2}}} }
	cfg := testConfig(2, 100)
	cfg.ShardSize, cfg.Steps, cfg.Burnin = 32, 50, 10
	var state []byte
	ck := &Checkpointing{EverySteps: 20, Save: func(s []byte) error { state = slices.Clone(s); return nil }}
	if _, err := RunJob(context.Background(), cfg, Job[float64]{NewDemon: newDemon, Checkpoint: ck}); err != nil {
		t.Fatal(err)
	}
	resume := func(c Config, s []byte) error {
		_, err := RunJob(context.Background(), c, Job[float64]{NewDemon: newDemon,
			Checkpoint: &Checkpointing{Resume: s, Save: func([]byte) error { return nil }}})
		return err
	}
	if err := resume(cfg, state); err != nil {
		t.Fatalf("a good state: %v", err)
	}
	other := cfg
	other.Chains = 101
	for _, c := range []struct {
		name  string
		cfg   Config
		state []byte
		want  string
	}{
		{"other chains", other, state, "chains"},
		{"truncated", cfg, state[:len(state)-9], "truncated"},
		{"too long", cfg, append(slices.Clone(state), 0), "past the end"},
		{"not a state", cfg, []byte("hello, world"), "not an engine state"},
	} {
		if err := resume(c.cfg, c.state); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error saying %q", c.name, err, c.want)
		}
	}
	f32 := func(int) Demon[float32] { return harmonicE[float32]{harmonic[float32]{[]float64{1, 2}}} }
	_, err := RunJob(context.Background(), cfg, Job[float32]{NewDemon: f32,
		Checkpoint: &Checkpointing{Resume: state, Save: func([]byte) error { return nil }}})
	if err == nil || !strings.Contains(err.Error(), "8-byte") {
		t.Errorf("a float64 state resumed as float32: got %v", err)
	}
}
