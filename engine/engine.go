package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/thermoai/thermo/internal/exactsum"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// Integrator selects one of the built-in steppers of a run.
type Integrator int

const (
	BAOAB Integrator = iota // underdamped Langevin, BAOAB splitting with an exact O-step
	ULA                     // overdamped Langevin, Euler-Maruyama (unadjusted Langevin algorithm)
	OU                      // exact Ornstein-Uhlenbeck transition; needs a diagonal linear model
	MALA                    // Metropolis-adjusted Langevin algorithm: ULA proposals, exact
	HMC                     // Hamiltonian Monte Carlo: Config.Leapfrog leapfrog steps a proposal, exact
)

var integratorNames = [...]string{BAOAB: "baoab", ULA: "ula", OU: "ou", MALA: "mala", HMC: "hmc"}

func (i Integrator) String() string {
	if i < 0 || int(i) >= len(integratorNames) {
		return fmt.Sprintf("Integrator(%d)", int(i))
	}
	return integratorNames[i]
}

// Demon is a batched force f = -grad U(t, x) over n chains, dimension-major
// (x[k*n+c] is dimension k of chain c). Force writes every element of f,
// whose previous values are arbitrary. models.Demon satisfies it. A demon
// may also implement Energy (MALA and HMC need it), Binder and
// DiagonalLinear.
type Demon[F kernel.Float] interface {
	Force(t float64, x, f []F, n int)
}

// Sink receives recorded draws. WriteBlock is given draws d0..d0+nd-1 of
// chains c0..c0+n-1 (indices within the run), laid out chain-major as
// [n][nd][dim], the order of samples.npy. It is called concurrently for
// disjoint chains.
type Sink[F kernel.Float] interface {
	WriteBlock(c0, n, d0, nd int, block []F) error
}

// Schedule is a run parameter as a function of the nominal time t of a
// run of nominal length T (package schedule implements it).
type Schedule interface {
	At(t, T float64) float64
}

// Config describes a run of the engine. Chain c of the run has the global
// index FirstChain+c, from which alone its random stream is derived.
type Config struct {
	Dim, Chains int
	FirstChain  uint64
	Seed        uint64

	Steps, Burnin, Thin int
	Dt, KT              float64
	// DtSchedule and KTSchedule, when set, replace Dt and KT by their
	// values at the nominal time s·Dt of each step s, over a run of
	// nominal length Steps·Dt.
	DtSchedule, KTSchedule Schedule
	Mass, Friction         []float64 // per dimension
	InitScale              float64   // x0 ~ N(0, InitScale^2)

	Integrator Integrator
	// Stiffness and Center describe the diagonal linear model for OU.
	Stiffness, Center []float64
	// Leapfrog is the number of leapfrog steps of an HMC proposal, and
	// Jitter the relative spread of its step: each proposal takes a step
	// uniform in dt (1 ± Jitter), the same for all chains.
	Leapfrog int
	Jitter   float64
	// Adapt makes MALA and HMC adapt their step during burn-in, by dual
	// averaging towards TargetAccept (0: 0.57 for MALA, 0.8 for HMC).
	Adapt        bool
	TargetAccept float64

	Workers   int // 0: GOMAXPROCS
	ShardSize int // 0: chosen from the dimension and the cache size

	// Progress, if set, is advanced by the number of chains each time a
	// shard completes a step.
	Progress *atomic.Int64
	// Acceptance, if set, follows the acceptance of a Metropolis stepper
	// as the run goes.
	Acceptance *AcceptanceMeter
	// KeepChainMoments makes the Result carry every chain's mean and
	// variance (ChainMean, ChainVar), from which SummarizeChains remakes
	// the summary of a run put together from pieces.
	KeepChainMoments bool
}

// Draws returns the number of recorded draws per chain.
func (c *Config) Draws() int {
	if c.Thin < 1 || c.Steps <= c.Burnin {
		return 0
	}
	return (c.Steps - c.Burnin) / c.Thin
}

// Target returns the acceptance rate that step-size adaptation aims at.
func (c *Config) Target() float64 {
	switch {
	case c.TargetAccept > 0:
		return c.TargetAccept
	case c.Integrator == MALA:
		return 0.57
	}
	return 0.8
}

// Validate checks the configuration and returns an error naming the first
// bad field.
func (c *Config) Validate() error {
	bad := func(field string, format string, args ...any) error {
		return fmt.Errorf("engine: %s %s", field, fmt.Sprintf(format, args...))
	}
	finitePos := func(v float64) bool { return v > 0 && !math.IsInf(v, 1) }
	switch {
	case c.Dim < 1 || c.Dim > 1<<24:
		return bad("dim", "must be in [1, 2^24], got %d", c.Dim)
	case c.Chains < 1 || c.Chains > 1<<31-1:
		return bad("chains", "must be in [1, 2^31), got %d", c.Chains)
	case c.Workers > 1<<12:
		return bad("workers", "must be at most 4096, got %d", c.Workers)
	case c.Steps < 1:
		return bad("steps", "must be at least 1, got %d", c.Steps)
	case c.Burnin < 0 || c.Burnin >= c.Steps:
		return bad("burnin", "must be in [0, steps=%d), got %d", c.Steps, c.Burnin)
	case c.Thin < 1:
		return bad("thin", "must be at least 1, got %d", c.Thin)
	case c.Draws() < 1:
		return bad("thin", "%d leaves no draw after burn-in (steps %d, burnin %d)", c.Thin, c.Steps, c.Burnin)
	case !finitePos(c.Dt):
		return bad("dt", "must be positive and finite, got %v", c.Dt)
	case !finitePos(c.KT):
		return bad("kT", "must be positive and finite, got %v", c.KT)
	case c.InitScale < 0 || math.IsNaN(c.InitScale) || math.IsInf(c.InitScale, 0):
		return bad("init-scale", "must be non-negative and finite, got %v", c.InitScale)
	case c.Workers < 0:
		return bad("workers", "must be non-negative, got %d", c.Workers)
	case c.ShardSize < 0:
		return bad("shard-size", "must be non-negative, got %d", c.ShardSize)
	case c.Integrator < 0 || int(c.Integrator) >= len(integratorNames):
		return bad("integrator", "unknown: %d", int(c.Integrator))
	case c.Integrator == HMC && c.Leapfrog < 1:
		return bad("leapfrog", "must be at least 1 for hmc, got %d", c.Leapfrog)
	case !(c.Jitter >= 0 && c.Jitter < 1):
		return bad("jitter", "must be in [0, 1), got %v", c.Jitter)
	case !(c.TargetAccept >= 0 && c.TargetAccept < 1):
		return bad("target-accept", "must be in (0, 1), got %v", c.TargetAccept)
	}
	for _, p := range []struct {
		name string
		v    []float64
	}{{"mass", c.Mass}, {"friction", c.Friction}} {
		if len(p.v) != c.Dim {
			return bad(p.name, "has %d values, want dim=%d", len(p.v), c.Dim)
		}
		for k, v := range p.v {
			if !finitePos(v) {
				return bad(p.name, "[%d] must be positive and finite, got %v", k, v)
			}
		}
	}
	return nil
}

// validateBuiltin checks what the built-in stepper of c.Integrator needs
// beyond Validate: the diagonal linear model of OU.
func (c *Config) validateBuiltin() error {
	if c.Integrator == OU && (len(c.Stiffness) != c.Dim || len(c.Center) != c.Dim) {
		return errors.New("engine: -integrator ou needs a diagonal linear model (gaussian), or a stepper of its own (NewDenseOU)")
	}
	return nil
}

// NonFiniteError reports a chain whose state became NaN or infinite.
type NonFiniteError struct {
	Chain int // index within the run
	Step  int // 1-based step after which the state was non-finite
	Dim   int
}

func (e *NonFiniteError) Error() string {
	return fmt.Sprintf("engine: chain %d became non-finite in dimension %d at step %d (try a smaller dt)", e.Chain, e.Dim, e.Step)
}

// Result describes a finished run.
type Result struct {
	Stats        Stats
	Wall         time.Duration
	Workers      int
	ShardSize    int
	Shards       int
	ElementSteps float64 // chains * dim * steps

	// Metropolis is set for steppers with an accept/reject step. Then
	// Acceptance is the mean acceptance probability over chains and the
	// steps after burn-in, and StepSize the step they took (after
	// adaptation, when the step adapted).
	Metropolis bool
	Acceptance float64
	StepSize   float64
	// AcceptSum is the exact sum behind Acceptance, for putting pieces of
	// a run together (exactsum.Acc's MarshalBinary).
	AcceptSum []byte
	// ChainMean and ChainVar are each chain's mean and variance over its
	// draws, [chains][dim], when Config.KeepChainMoments is set.
	ChainMean, ChainVar []float64
	// Stuck counts the chains whose mean acceptance probability after
	// burn-in was below StuckBelow. MALA and HMC with a fixed step do not
	// move from where the step is unstable (Roberts and Tweedie 1996: a
	// potential growing faster than quadratically, started far out), and
	// such chains bias every moment; a smaller step, a longer burn-in or
	// starts in the typical set (a smaller init scale) cure it.
	Stuck int
}

// StuckBelow is the mean acceptance probability below which a chain of a
// Metropolis stepper counts as stuck.
const StuckBelow = 0.01

// cacheBudget is the bytes of per-shard state aimed at: about half of a
// typical per-core L2, so that a shard stays cache-resident for all steps.
const cacheBudget = 512 << 10

// chooseShardSize picks the number of chains per shard: a multiple of 16
// (a full AVX-512 float32 vector), small enough to stay in cache and to
// give every worker several shards to balance.
func chooseShardSize(dim, chains, workers, elemBytes int) int {
	const lanes = 16
	n := cacheBudget / (4 * dim * elemBytes) // x, p, f and noise
	if per := (chains + 4*workers - 1) / (4 * workers); n > per {
		n = per
	}
	n = max(lanes, n/lanes*lanes)
	return min(n, 8192)
}

// Job is what a run computes beyond its Config: the demon, the stepper,
// the ensemble hooks and where the draws go.
type Job[F kernel.Float] struct {
	// NewDemon makes a demon for shards of up to n chains; the engine
	// makes one per worker.
	NewDemon func(n int) Demon[F]
	// NewStepper makes a stepper, one per worker; nil selects the
	// built-in Config.Integrator.
	NewStepper func() Stepper[F]
	// Hooks run at barriers, in this order. With none the run is one
	// segment and shards stream through the workers, so memory is
	// bounded by the workers and the shard size; with hooks every shard
	// stays resident.
	Hooks []Hook[F]
	// Sink receives the recorded draws; it may be nil.
	Sink Sink[F]
	// Checkpoint, if set, saves the run's state as it goes, or resumes
	// from one; the shards are then resident.
	Checkpoint *Checkpointing
}

// Run integrates cfg.Chains chains with the built-in stepper of
// cfg.Integrator and the demons made by newDemon, and streams the
// recorded draws to sink (which may be nil). The samples depend only on
// cfg's spec and seed, never on Workers or ShardSize.
func Run[F kernel.Float](ctx context.Context, cfg Config, newDemon func(n int) Demon[F], sink Sink[F]) (*Result, error) {
	return RunJob(ctx, cfg, Job[F]{NewDemon: newDemon, Sink: sink})
}

// NewStepper returns a new built-in stepper of cfg.Integrator.
func NewStepper[F kernel.Float](cfg *Config) Stepper[F] {
	switch cfg.Integrator {
	case ULA:
		return &ula[F]{friction: cfg.Friction}
	case OU:
		return &ou[F]{stiffness: cfg.Stiffness, center: cfg.Center, friction: cfg.Friction}
	case MALA:
		return &mala[F]{friction: cfg.Friction, metropolis: metropolis[F]{burnin: cfg.Burnin}}
	case HMC:
		return &hmc[F]{mass: cfg.Mass, leapfrog: cfg.Leapfrog, seed: cfg.Seed, jitter: cfg.Jitter,
			metropolis: metropolis[F]{burnin: cfg.Burnin}}
	}
	return &baoab[F]{mass: cfg.Mass, friction: cfg.Friction}
}

// BuiltinHooks returns the hooks the built-in stepper of cfg needs: the
// step-size adaptation of MALA and HMC during burn-in.
func BuiltinHooks[F kernel.Float](cfg *Config) []Hook[F] {
	if (cfg.Integrator == MALA || cfg.Integrator == HMC) && cfg.Adapt && cfg.Burnin > 0 {
		return []Hook[F]{NewDualAveraging[F](cfg.Dt, cfg.Target(), cfg.Burnin)}
	}
	return nil
}

// worker holds what one worker keeps from shard to shard, so that a run
// allocates per worker, not per shard: the garbage of per-shard
// allocations cost 8% of a one-worker run of 65536 chains and 20% of a
// two-worker one (measured with the collector on and off).
type worker[F kernel.Float] struct {
	demon   Demon[F]
	stepper Stepper[F]
	shard   Shard[F] // the streaming shard, its memory reused
	streams rng.Streams
	block   []F
}

// run is the state of one call of RunJob.
type run[F kernel.Float] struct {
	cfg     *Config
	job     *Job[F]
	size    int
	draws   int
	layout  Layout
	stop    *atomic.Bool
	scale   float64 // StepScale of the current segment
	workers []*worker[F]
	summary *chainSummary
	metro   bool
	// accept sums the acceptance probabilities of Metropolis steppers
	// exactly, so that the order in which shards finish does not matter.
	acceptMu sync.Mutex
	accept   exactsum.Acc
	stuck    int

	pause      atomic.Bool // a checkpoint is wanted: shards stop at a step boundary
	finalScale float64     // StepScale after the last barrier
}

// RunJob runs job over cfg.Chains chains. The samples depend only on
// cfg's spec and seed, never on Workers or ShardSize.
func RunJob[F kernel.Float](ctx context.Context, cfg Config, job Job[F]) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if job.NewDemon == nil {
		return nil, errors.New("engine: Job.NewDemon is nil")
	}
	if job.NewStepper == nil {
		if err := cfg.validateBuiltin(); err != nil {
			return nil, err
		}
		job.NewStepper = func() Stepper[F] { return NewStepper[F](&cfg) }
		job.Hooks = append(BuiltinHooks[F](&cfg), job.Hooks...)
	}
	nw := cfg.Workers
	if nw == 0 {
		nw = runtime.GOMAXPROCS(0)
	}
	var (
		zero F
		err  error
	)
	size := cfg.ShardSize
	if size == 0 {
		size = chooseShardSize(cfg.Dim, cfg.Chains, nw, int(sizeOf(zero)))
	}
	size = min(size, cfg.Chains)
	nshards := (cfg.Chains + size - 1) / size
	nw = min(nw, nshards)

	// A watcher turns cancellation into a flag the step loops can poll
	// cheaply.
	var stop atomic.Bool
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { <-ctx.Done(); stop.Store(true) }()

	if c := job.Checkpoint; c != nil && c.Resume != nil {
		// The shards of the checkpoint, whatever the workers now.
		if size, err = checkpointShardSize(c.Resume); err != nil {
			return nil, err
		}
		nshards = (cfg.Chains + size - 1) / size
	}
	r := &run[F]{cfg: &cfg, job: &job, size: size, draws: cfg.Draws(), stop: &stop, scale: 1, finalScale: 1,
		workers: make([]*worker[F], nw), summary: newChainSummary(cfg.Dim)}
	if cfg.KeepChainMoments {
		r.summary.keepMean = make([]float64, cfg.Chains*cfg.Dim)
		r.summary.keepVar = make([]float64, cfg.Chains*cfg.Dim)
	}
	probe := job.NewStepper()
	r.layout = probe.Layout()
	if _, ok := probe.(Metropolis[F]); ok {
		r.metro = true
	}
	if r.layout.Energy {
		if d := r.worker(0).demon; !isEnergy(d) {
			return nil, fmt.Errorf("engine: integrator %v needs a demon with an energy (engine.Energy), %T has none", cfg.Integrator, d)
		}
	}

	var (
		mu       sync.Mutex
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
		cancel()
	}
	start := time.Now()
	if len(job.Hooks) == 0 && job.Checkpoint == nil {
		pool(nw, nshards, func(w int, task int64) {
			if stop.Load() {
				return
			}
			wk := r.worker(w)
			sh := r.newShard(&wk.shard, int(task), &wk.streams, false)
			r.init(wk, sh)
			if err := r.advance(wk, sh, cfg.Steps); err != nil {
				fail(err)
				return
			}
			r.finish(wk, sh)
		})
	} else if err := r.resident(nshards, nw, fail, &firstErr, &mu); err != nil {
		return nil, err
	}
	wall := time.Since(start)
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStopped, context.Cause(ctx))
	}
	if firstErr == nil && ctx.Err() == nil {
		r.scale = r.finalScale
	}
	res := &Result{
		ChainMean:    r.summary.keepMean,
		ChainVar:     r.summary.keepVar,
		Stats:        r.summary.stats(r.draws),
		Wall:         wall,
		Workers:      nw,
		ShardSize:    size,
		Shards:       nshards,
		ElementSteps: float64(cfg.Chains) * float64(cfg.Dim) * float64(cfg.Steps),
	}
	if r.metro {
		res.Metropolis = true
		res.Acceptance = r.accept.Float64() / (float64(cfg.Chains) * float64(cfg.Steps-cfg.Burnin))
		res.Stuck = r.stuck
		if res.AcceptSum, err = r.accept.MarshalBinary(); err != nil {
			return nil, err
		}
		res.StepSize = r.dtAt(cfg.Steps - 1)
	}
	return res, nil
}

func isEnergy[F kernel.Float](d Demon[F]) bool {
	_, ok := d.(Energy[F])
	return ok
}

func (r *run[F]) worker(w int) *worker[F] {
	wk := r.workers[w]
	if wk == nil {
		wk = &worker[F]{demon: r.job.NewDemon(r.size), stepper: r.job.NewStepper()}
		r.workers[w] = wk
	}
	return wk
}

// newShard sets up shard index in sh with the streams st, reusing their
// memory unless resident.
func (r *run[F]) newShard(sh *Shard[F], index int, st *rng.Streams, resident bool) *Shard[F] {
	cfg := r.cfg
	c0 := index * r.size
	n := min(r.size, cfg.Chains-c0)
	m := cfg.Dim * n
	vec := func(s *[]F, want bool) {
		switch {
		case !want:
			*s = nil
		case resident:
			*s = make([]F, m)
		default:
			*s = reuse(s, m)
		}
	}
	x, p, f, u := sh.X, sh.P, sh.F, sh.U
	*sh = Shard[F]{Index: index, Offset: c0, First: cfg.FirstChain + uint64(c0), N: n, Dim: cfg.Dim,
		X: x, P: p, F: f, U: u, Streams: st, stats: sh.stats}
	vec(&sh.X, true)
	vec(&sh.P, r.layout.Momentum)
	vec(&sh.F, r.layout.Force)
	switch {
	case !r.layout.Energy:
		sh.U = nil
	case resident:
		sh.U = make([]float64, n)
	default:
		sh.U = reuse(&sh.U, n)
	}
	st.Reset(cfg.Seed, sh.First, n)
	sh.meter = cfg.Acceptance
	if sh.stats == nil {
		sh.stats = new(chainStats)
	}
	sh.stats.reset(cfg.Dim, n)
	return sh
}

// dtAt returns the step of step s under the current scale.
func (r *run[F]) dtAt(s int) float64 {
	cfg := r.cfg
	dt := cfg.Dt
	if cfg.DtSchedule != nil {
		dt = cfg.DtSchedule.At(float64(s)*cfg.Dt, float64(cfg.Steps)*cfg.Dt)
	}
	if r.scale != 1 {
		dt *= r.scale
	}
	return dt
}

func (r *run[F]) clock(sh *Shard[F]) Clock {
	cfg := r.cfg
	s := sh.Step
	c := Clock{Step: s, T: float64(s) * cfg.Dt, TEnd: float64(s+1) * cfg.Dt, Dt: r.dtAt(s), PrevDt: sh.lastDt, KT: cfg.KT}
	if cfg.KTSchedule != nil {
		c.KT = cfg.KTSchedule.At(c.T, float64(cfg.Steps)*cfg.Dt)
	}
	return c
}

// init draws the initial positions of a new shard, x0 ~ N(0, s²) from
// each chain's own stream, and lets the stepper do the rest.
func (r *run[F]) init(wk *worker[F], sh *Shard[F]) {
	rng.FillNormal(sh.X, sh.Streams)
	scaleRows(sh.X, sh.N, func(int) float64 { return r.cfg.InitScale })
	r.bind(wk, sh)
	wk.stepper.Init(sh, wk.demon, r.clock(sh))
	sh.live = true
}

func (r *run[F]) bind(wk *worker[F], sh *Shard[F]) {
	if b, ok := wk.demon.(Binder); ok {
		b.Bind(sh.First, sh.N)
	}
}

// advance steps sh until it has done to steps, recording its draws.
func (r *run[F]) advance(wk *worker[F], sh *Shard[F], to int) error {
	cfg := r.cfg
	r.bind(wk, sh)
	n, dim := sh.N, sh.Dim
	nb := max(1, min(r.draws, blockBytes/(n*dim*int(sizeOf(sh.X[0])))))
	var block []F
	if r.job.Sink != nil {
		block = reuse(&wk.block, n*nb*dim)
	}
	inBlock := 0
	flush := func() error {
		if inBlock == 0 || r.job.Sink == nil {
			return nil
		}
		err := r.job.Sink.WriteBlock(sh.Offset, n, sh.drawsDone, inBlock, compact(block, n, nb, inBlock, dim))
		sh.drawsDone += inBlock
		inBlock = 0
		return err
	}
	for sh.Step < to {
		if r.stop.Load() || r.pause.Load() {
			return flush()
		}
		c := r.clock(sh)
		if i := wk.stepper.Step(sh, wk.demon, c); i >= 0 {
			return &NonFiniteError{Chain: sh.Offset + i%n, Dim: i / n, Step: sh.Step + 1}
		}
		sh.Step++
		sh.lastDt = c.Dt
		if cfg.Progress != nil {
			cfg.Progress.Add(int64(n))
		}
		done := sh.Step - cfg.Burnin
		if done <= 0 || done%cfg.Thin != 0 || sh.stats.draws >= r.draws {
			continue
		}
		addDraw(sh.stats, sh.X)
		if block == nil {
			sh.drawsDone++
			continue
		}
		// Transpose the dimension-major state into the chain-major block.
		for k := range dim {
			row := sh.X[k*n : k*n+n]
			for c, v := range row {
				block[(c*nb+inBlock)*dim+k] = v
			}
		}
		inBlock++
		if inBlock == nb {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// finish stores the summary of a shard that has done every step.
func (r *run[F]) finish(wk *worker[F], sh *Shard[F]) {
	sh.stats = r.summary.add(sh.Offset, sh.stats)
	if m, ok := wk.stepper.(Metropolis[F]); ok {
		r.acceptMu.Lock()
		defer r.acceptMu.Unlock()
		limit := StuckBelow * float64(r.cfg.Steps-r.cfg.Burnin)
		for _, a := range m.Acceptance(sh) {
			r.accept.Add(a)
			if a < limit {
				r.stuck++
			}
		}
	}
}

func sizeOf[F kernel.Float](v F) uintptr {
	switch any(v).(type) {
	case float32:
		return 4
	default:
		return 8
	}
}

// blockBytes bounds the per-shard buffer of recorded draws.
const blockBytes = 4 << 20

// reuse returns m elements of *s, growing it if need be; their values
// are whatever they were.
func reuse[T any](s *[]T, m int) []T {
	if cap(*s) < m {
		*s = make([]T, m)
	}
	return (*s)[:m]
}

// compact packs a block buffered with stride nb draws into [n][nd][dim].
func compact[F kernel.Float](block []F, n, nb, nd, dim int) []F {
	if nd == nb {
		return block
	}
	for c := 1; c < n; c++ {
		copy(block[c*nd*dim:(c+1)*nd*dim], block[c*nb*dim:c*nb*dim+nd*dim])
	}
	return block[:n*nd*dim]
}

// ErrStopped is returned when a run is cancelled.
var ErrStopped = errors.New("engine: run stopped")
