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

	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// Integrator selects the update rule of a run.
type Integrator int

const (
	BAOAB Integrator = iota // underdamped Langevin, BAOAB splitting with an exact O-step
	ULA                     // overdamped Langevin, Euler-Maruyama (unadjusted Langevin algorithm)
	OU                      // exact Ornstein-Uhlenbeck transition; needs a diagonal linear model
)

var integratorNames = [...]string{BAOAB: "baoab", ULA: "ula", OU: "ou"}

func (i Integrator) String() string {
	if i < 0 || int(i) >= len(integratorNames) {
		return fmt.Sprintf("Integrator(%d)", int(i))
	}
	return integratorNames[i]
}

// Demon is a batched force f = -grad U(t, x) over n chains, dimension-major
// (x[k*n+c] is dimension k of chain c). Force writes every element of f,
// whose previous values are arbitrary. models.Demon satisfies it.
type Demon[F kernel.Float] interface {
	Force(t float64, x, f []F, n int)
}

// DiagonalLinear is implemented by demons whose force is linear, diagonal
// and the same at all times: f_k = kappa[k] (mu[k] - x_k), kappa and mu of
// length dim. The engine then computes the force of a BAOAB or ULA step
// inside the step's own pass over the state (kernel.StepBAOABLinear,
// kernel.StepULALinear) rather than calling Force; the results are the
// same bit for bit. A demon whose slices are not of length dim is called
// through Force. The gaussian model's demons implement it.
type DiagonalLinear[F kernel.Float] interface {
	DiagonalLinear() (kappa, mu []F)
}

// Sink receives recorded draws. WriteBlock is given draws d0..d0+nd-1 of
// chains c0..c0+n-1 (indices within the run), laid out chain-major as
// [n][nd][dim], the order of samples.npy. It is called concurrently for
// disjoint chains.
type Sink[F kernel.Float] interface {
	WriteBlock(c0, n, d0, nd int, block []F) error
}

// Config describes a run of the engine. Chain c of the run has the global
// index FirstChain+c, from which alone its random stream is derived.
type Config struct {
	Dim, Chains int
	FirstChain  uint64
	Seed        uint64

	Steps, Burnin, Thin int
	Dt, KT              float64
	Mass, Friction      []float64 // per dimension
	InitScale           float64   // x0 ~ N(0, InitScale^2)

	Integrator Integrator
	// Stiffness and Center describe the diagonal linear model for OU.
	Stiffness, Center []float64

	Workers   int // 0: GOMAXPROCS
	ShardSize int // 0: chosen from the dimension and the cache size

	// Progress, if set, is advanced by the number of chains each time a
	// shard completes a step.
	Progress *atomic.Int64
}

// Draws returns the number of recorded draws per chain.
func (c *Config) Draws() int {
	if c.Thin < 1 || c.Steps <= c.Burnin {
		return 0
	}
	return (c.Steps - c.Burnin) / c.Thin
}

// Validate checks the configuration and returns an error naming the first
// bad field.
func (c *Config) Validate() error {
	bad := func(field string, format string, args ...any) error {
		return fmt.Errorf("engine: %s %s", field, fmt.Sprintf(format, args...))
	}
	finitePos := func(v float64) bool { return v > 0 && !math.IsInf(v, 1) }
	switch {
	case c.Dim < 1:
		return bad("dim", "must be at least 1, got %d", c.Dim)
	case c.Chains < 1:
		return bad("chains", "must be at least 1, got %d", c.Chains)
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
	if c.Integrator == OU {
		if len(c.Stiffness) != c.Dim || len(c.Center) != c.Dim {
			return bad("integrator", "ou needs a diagonal linear model (gaussian)")
		}
	}
	return nil
}

// Stats summarises the recorded draws of a run: per-dimension mean and
// variance over all chains and draws.
type Stats struct {
	Mean, Var []float64
	// MeanSE and VarSE are standard errors of Mean and Var from the spread
	// between chains (zero with a single chain).
	MeanSE, VarSE []float64
	Count         int64 // values per dimension that entered the summary
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
}

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

// Run integrates cfg.Chains chains with the demons made by newDemon (one
// per shard, for batches of up to n chains) and streams the recorded draws
// to sink (which may be nil). The samples depend only on cfg's spec and
// seed, never on Workers or ShardSize.
func Run[F kernel.Float](ctx context.Context, cfg Config, newDemon func(n int) Demon[F], sink Sink[F]) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	workers := cfg.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var zero F
	elem := int(sizeOf(zero))
	size := cfg.ShardSize
	if size == 0 {
		size = chooseShardSize(cfg.Dim, cfg.Chains, workers, elem)
	}
	size = min(size, cfg.Chains)
	shards := (cfg.Chains + size - 1) / size

	// A watcher turns cancellation into a flag the step loops can poll
	// cheaply.
	var stop atomic.Bool
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { <-ctx.Done(); stop.Store(true) }()

	var (
		mu       sync.Mutex
		firstErr error
		total    = newStatsAcc(cfg.Dim, 0)
	)
	start := time.Now()
	bufs := make([]shardBuffers[F], workers)
	pool(workers, shards, func(w int, task int64) {
		if stop.Load() {
			return
		}
		c0 := int(task) * size
		n := min(size, cfg.Chains-c0)
		acc, err := runShard(&cfg, c0, n, newDemon(n), sink, &stop, &bufs[w])
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			cancel()
			return
		}
		total.merge(acc)
	})
	wall := time.Since(start)
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStopped, context.Cause(ctx))
	}
	return &Result{
		Stats:        total.stats(),
		Wall:         wall,
		Workers:      min(workers, shards),
		ShardSize:    size,
		Shards:       shards,
		ElementSteps: float64(cfg.Chains) * float64(cfg.Dim) * float64(cfg.Steps),
	}, nil
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

// shardBuffers holds the memory that the shards of one worker use, one
// after the other, so that a run allocates per worker, not per shard:
// the garbage of per-shard allocations cost 8% of a one-worker run of
// 65536 chains and 20% of a two-worker one (measured with the collector
// on and off).
type shardBuffers[F kernel.Float] struct {
	streams            rng.Streams
	x, p, f, xi, block []F
	acc                statsAcc
}

// reuse returns m elements of *s, growing it if need be; their values
// are whatever they were.
func reuse[T any](s *[]T, m int) []T {
	if cap(*s) < m {
		*s = make([]T, m)
	}
	return (*s)[:m]
}

// runShard integrates chains c0..c0+n-1 for all steps, in the memory of
// b. The state stays in the shard's own slices, so a shard runs without
// synchronisation. The statistics it returns live in b until the
// worker's next shard.
func runShard[F kernel.Float](cfg *Config, c0, n int, demon Demon[F], sink Sink[F], stop *atomic.Bool, b *shardBuffers[F]) (*statsAcc, error) {
	dim := cfg.Dim
	streams := &b.streams
	streams.Reset(cfg.Seed, cfg.FirstChain+uint64(c0), n)
	// Every element of x, xi and p is drawn and every element of f
	// computed before it is read.
	x := reuse(&b.x, dim*n)
	f := reuse(&b.f, dim*n)
	xi := reuse(&b.xi, dim*n)
	var p []F

	// Initial state, from each chain's own stream: x0 ~ N(0, s^2), and
	// for BAOAB p0 ~ N(0, kT m), the Maxwell distribution.
	rng.FillNormal(x, streams)
	scaleRows(x, n, func(int) float64 { return cfg.InitScale })
	var (
		baoab *kernel.BAOABCoef[F]
		ula   *kernel.ULACoef[F]
		ou    *kernel.OUCoef[F]
	)
	switch cfg.Integrator {
	case BAOAB:
		p = reuse(&b.p, dim*n)
		rng.FillNormal(p, streams)
		scaleRows(p, n, func(k int) float64 { return math.Sqrt(cfg.KT * cfg.Mass[k]) })
		baoab = kernel.NewBAOABCoef[F](cfg.Dt, cfg.KT, cfg.Mass, cfg.Friction)
	case ULA:
		ula = kernel.NewULACoef[F](cfg.Dt, cfg.KT, cfg.Friction)
	case OU:
		ou = kernel.NewOUCoef[F](cfg.Dt, cfg.KT, cfg.Stiffness, cfg.Center, cfg.Friction)
	}
	if cfg.Integrator != OU {
		demon.Force(0, x, f, n)
	}

	// A linear diagonal demon's force is computed inside the step.
	var kappa, mu []F
	lin, _ := demon.(DiagonalLinear[F])
	if lin != nil {
		kappa, mu = lin.DiagonalLinear()
		if len(kappa) != dim || len(mu) != dim {
			lin = nil
		}
	}

	draws := cfg.Draws()
	nb := max(1, min(draws, blockBytes/(n*dim*int(sizeOf(x[0])))))
	var block []F
	if sink != nil {
		block = reuse(&b.block, n*nb*dim)
	}
	acc := &b.acc
	acc.reset(dim, n)
	d0, inBlock := 0, 0
	for s := range cfg.Steps {
		if stop.Load() {
			return nil, nil
		}
		t := float64(s+1) * cfg.Dt
		check := true // whether x may have become non-finite
		switch cfg.Integrator {
		case BAOAB:
			if lin != nil {
				check = kernel.StepBAOABLinearNoise(x, p, f, xi, streams, n, baoab, s > 0, kappa, mu)
				break
			}
			kernel.StepBAOABNoise(x, p, f, xi, streams, n, baoab, s > 0)
			demon.Force(t, x, f, n)
		case ULA:
			if lin != nil {
				check = kernel.StepULALinearNoise(x, f, xi, streams, n, ula, kappa, mu)
				break
			}
			kernel.StepULANoise(x, f, xi, streams, n, ula)
			demon.Force(t, x, f, n)
		case OU:
			kernel.StepOUNoise(x, xi, streams, n, ou)
		}
		if check {
			if i := kernel.FirstNonFinite(x); i >= 0 {
				return nil, &NonFiniteError{Chain: c0 + i%n, Dim: i / n, Step: s + 1}
			}
		}
		if cfg.Progress != nil {
			cfg.Progress.Add(int64(n))
		}
		if done := s + 1 - cfg.Burnin; done <= 0 || done%cfg.Thin != 0 || d0+inBlock >= draws {
			continue
		}
		acc.add(x, n)
		if sink == nil {
			continue
		}
		// Transpose the dimension-major state into the chain-major block.
		for k := range dim {
			row := x[k*n : k*n+n]
			for c, v := range row {
				block[(c*nb+inBlock)*dim+k] = v
			}
		}
		inBlock++
		if inBlock == nb || d0+inBlock == draws {
			if err := sink.WriteBlock(c0, n, d0, inBlock, compact(block, n, nb, inBlock, dim)); err != nil {
				return nil, err
			}
			d0 += inBlock
			inBlock = 0
		}
	}
	acc.finishChains()
	return acc, nil
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

func scaleRows[F kernel.Float](x []F, n int, scale func(k int) float64) {
	for k := 0; k*n < len(x); k++ {
		s := F(scale(k))
		for i := k * n; i < (k+1)*n; i++ {
			x[i] *= s
		}
	}
}

// statsAcc accumulates per-dimension sums of recorded draws in float64,
// shifted by the first draw's mean to keep the variance accurate. It also
// keeps each chain's own sums while its shard runs: chains are independent,
// so the spread of the chain means gives an honest standard error however
// autocorrelated the draws within a chain are.
type statsAcc struct {
	n                int // chains of the shard being accumulated
	shift, sum, sum2 []float64
	count            int64
	started          bool

	chainSum, chainSum2 []float64 // per chain, dimension-major, for the shard
	draws               int

	// Over finished chains: sums of chain means (about shift), of their
	// squares, of chain variances and of their squares.
	chains           int64
	cm, cm2, cv, cv2 []float64
}

func newStatsAcc(dim, n int) *statsAcc {
	a := new(statsAcc)
	a.reset(dim, n)
	return a
}

// reset empties a for a shard of n chains, reusing its memory.
func (a *statsAcc) reset(dim, n int) {
	z := func(s []float64, m int) []float64 {
		s = reuse(&s, m)
		clear(s)
		return s
	}
	*a = statsAcc{n: n, shift: z(a.shift, dim), sum: z(a.sum, dim), sum2: z(a.sum2, dim),
		chainSum: z(a.chainSum, dim*n), chainSum2: z(a.chainSum2, dim*n),
		cm: z(a.cm, dim), cm2: z(a.cm2, dim), cv: z(a.cv, dim), cv2: z(a.cv2, dim)}
}

func (a *statsAcc) add(x any, n int) {
	switch x := x.(type) {
	case []float32:
		addRows(a, x, n)
	case []float64:
		addRows(a, x, n)
	}
}

func addRows[F kernel.Float](a *statsAcc, x []F, n int) {
	if !a.started {
		for k := range a.shift {
			var m float64
			for _, v := range x[k*n : k*n+n] {
				m += float64(v)
			}
			a.shift[k] = m / float64(n)
		}
		a.started = true
	}
	// Only the chains' own sums are kept per draw: they carry no
	// dependency from one chain to the next, and finishChains adds them
	// up into the per-dimension sums.
	for k := range a.sum {
		sh := a.shift[k]
		xk := x[k*n : k*n+n]
		cs, cs2 := a.chainSum[k*n:k*n+n], a.chainSum2[k*n:k*n+n]
		cs, cs2 = cs[:len(xk)], cs2[:len(xk)]
		for c, v := range xk {
			d := float64(v) - sh
			cs[c] += d
			cs2[c] += d * d
		}
	}
	a.count += int64(n)
	a.draws++
}

// finishChains folds the shard's per-chain sums into the chain-level sums.
func (a *statsAcc) finishChains() {
	if a.draws == 0 {
		return
	}
	inv := 1 / float64(a.draws)
	for k := range a.cm {
		var s, s2, cm, cm2, cv, cv2 float64
		cs, cs2 := a.chainSum[k*a.n:k*a.n+a.n], a.chainSum2[k*a.n:k*a.n+a.n]
		cs2 = cs2[:len(cs)]
		for c, sc := range cs {
			s += sc
			s2 += cs2[c]
			m := sc * inv
			v := cs2[c]*inv - m*m
			cm += m
			cm2 += m * m
			cv += v
			cv2 += v * v
		}
		a.sum[k] += s
		a.sum2[k] += s2
		a.cm[k] += cm
		a.cm2[k] += cm2
		a.cv[k] += cv
		a.cv2[k] += cv2
	}
	a.chains += int64(a.n)
}

func (a *statsAcc) merge(b *statsAcc) {
	if b == nil || b.count == 0 {
		return
	}
	if !a.started {
		copy(a.shift, b.shift)
		a.started = true
	}
	for k := range a.sum {
		// Re-centre b's sums from its shift onto a's.
		delta := b.shift[k] - a.shift[k]
		nb, cb := float64(b.count), float64(b.chains)
		a.sum2[k] += b.sum2[k] + 2*delta*b.sum[k] + nb*delta*delta
		a.sum[k] += b.sum[k] + nb*delta
		a.cm2[k] += b.cm2[k] + 2*delta*b.cm[k] + cb*delta*delta
		a.cm[k] += b.cm[k] + cb*delta
		a.cv[k] += b.cv[k]
		a.cv2[k] += b.cv2[k]
	}
	a.count += b.count
	a.chains += b.chains
}

func (a *statsAcc) stats() Stats {
	dim := len(a.sum)
	z := func() []float64 { return make([]float64, dim) }
	s := Stats{Mean: z(), Var: z(), MeanSE: z(), VarSE: z(), Count: a.count}
	if a.count == 0 {
		return s
	}
	n, c := float64(a.count), float64(a.chains)
	for k := range dim {
		m := a.sum[k] / n
		s.Mean[k] = a.shift[k] + m
		if a.count > 1 {
			s.Var[k] = (a.sum2[k] - n*m*m) / (n - 1)
		}
		if a.chains > 1 {
			cm := a.cm[k] / c
			varM := (a.cm2[k] - c*cm*cm) / (c - 1)
			cv := a.cv[k] / c
			varV := (a.cv2[k] - c*cv*cv) / (c - 1)
			s.MeanSE[k] = math.Sqrt(max(varM, 0) / c)
			// The variance about the grand mean of one chain is its own
			// variance plus (m_c - M)^2, whose variance is 2 varM^2 for
			// normal chain means.
			s.VarSE[k] = math.Sqrt(max(varV+2*varM*varM, 0) / c)
		}
	}
	return s
}

// ErrStopped is returned when a run is cancelled.
var ErrStopped = errors.New("engine: run stopped")
