package engine

import (
	"sync"
	"time"

	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// Checkpointing asks a run to hand its whole state to Save from time to
// time, and to go on from such a state. A run that checkpoints keeps every
// shard resident. The state is opaque bytes in a versioned format
// (checkpoint.go); Save must store it atomically.
type Checkpointing struct {
	Save       func(state []byte) error
	EverySteps int           // save at every multiple of this step count (0: never)
	Every      time.Duration // save when this much time has passed (0: never)
	OnStop     bool          // save the state of a run stopped by its context
	// Resume is a state given to Save, to go on from. The run's Config
	// must be the one that saved it (Workers aside); its shards are the
	// checkpoint's, whatever the shard size now.
	Resume []byte
}

// resident runs every shard in memory, a segment at a time, with the
// hooks at barriers between segments and checkpoints when asked.
func (r *run[F]) resident(nshards, nw int, fail func(error), firstErr *error, mu *sync.Mutex) error {
	cfg, job := r.cfg, r.job
	shards := make([]*Shard[F], nshards)
	for i := range shards {
		shards[i] = r.newShard(new(Shard[F]), i, new(rng.Streams), true)
	}
	ens := &Ensemble[F]{Config: cfg, Shards: shards, StepScale: 1}
	ck := job.Checkpoint
	barrier := 0 // the step of the last barrier
	if ck != nil && ck.Resume != nil {
		var err error
		if barrier, err = r.restore(ck.Resume, ens); err != nil {
			return err
		}
		if cfg.Progress != nil {
			for _, sh := range shards {
				cfg.Progress.Add(int64(sh.Step) * int64(sh.N))
			}
		}
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return *firstErr != nil
	}
	save := func() {
		state, err := r.checkpoint(ens, barrier)
		if err == nil {
			err = ck.Save(state)
		}
		if err != nil {
			fail(err)
		}
	}
	if ck != nil && ck.Every > 0 {
		t := time.NewTicker(ck.Every)
		done := make(chan struct{})
		defer func() { t.Stop(); close(done) }()
		go func() {
			for {
				select {
				case <-t.C:
					r.pause.Store(true)
				case <-done:
					return
				}
			}
		}()
	}
	for barrier < cfg.Steps {
		next := cfg.Steps
		for _, h := range job.Hooks {
			if n := h.Next(barrier); n > barrier && n < next {
				next = n
			}
		}
		if ck != nil && ck.EverySteps > 0 {
			next = min(next, (barrier/ck.EverySteps+1)*ck.EverySteps)
		}
		r.scale = ens.StepScale
		for {
			pool(nw, nshards, func(w int, task int64) {
				if r.stop.Load() || r.pause.Load() {
					return
				}
				wk := r.worker(w)
				sh := shards[task]
				if !sh.live {
					r.init(wk, sh)
				}
				if err := r.advance(wk, sh, next); err != nil {
					fail(err)
				}
			})
			switch {
			case failed():
				return nil
			case r.stop.Load():
				if ck != nil && ck.OnStop {
					save()
				}
				return nil
			case r.pause.Load():
				r.pause.Store(false)
				save()
				continue // the same segment, from where each shard is
			}
			break
		}
		barrier = next
		ens.Step = barrier
		for _, h := range job.Hooks {
			if err := h.Barrier(ens); err != nil {
				fail(err)
				return nil
			}
		}
		if ck != nil && ck.EverySteps > 0 && barrier%ck.EverySteps == 0 && barrier < cfg.Steps {
			save()
			if failed() {
				return nil
			}
		}
	}
	r.finalScale = ens.StepScale
	if ck != nil && ck.OnStop {
		// The finished state, so that a run stopped while it writes its
		// results can still go on from a checkpoint.
		save()
		if failed() {
			return nil
		}
	}
	// In chain order, one after the other: a shard's sums stay its own
	// until the run is over, so a checkpoint taken at any time holds them.
	wk := r.worker(0)
	for _, sh := range shards {
		r.finish(wk, sh)
	}
	return nil
}

// statefulStepper is implemented by steppers whose Shard.State must be
// saved in checkpoints.
type statefulStepper[F kernel.Float] interface {
	MarshalState(sh *Shard[F]) ([]byte, error)
	UnmarshalState(sh *Shard[F], data []byte) error
}
