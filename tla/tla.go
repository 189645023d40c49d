// Package tla is thermodynamic linear algebra (Aifer et al., "Thermodynamic
// linear algebra", 2023; the stochastic processing unit of Melanson et
// al., 2023): it solves A x = b and estimates A⁻¹ for a symmetric positive
// definite A by sampling the equilibrium of coupled overdamped s-modes.
//
// For a symmetric positive definite A the process
//
//	dx = -(A x - b) dt + √(2 kT) dw
//
// has the stationary law N(A⁻¹b, kT A⁻¹). Solve runs many chains of it with
// the exact transition (engine.NewDenseOU on the linear SDE with drift
// matrix -A, offset b and diffusion 2 kT I), discards a burn-in, and
// averages: the mean of the recorded states over chains and steps
// estimates x = A⁻¹b, their covariance divided by kT estimates A⁻¹. The
// draws stream into running sums; no sample is kept.
//
// The error of both estimates falls as 1/√(chains · time): StandardError
// gives its expected size.
package tla

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/linalg"
)

// Options sets a Solve. Zero values select the defaults.
type Options struct {
	// Chains is the number of independent chains (default 64).
	Chains int
	// Steps is the number of recorded steps of every chain after the
	// burn-in (default 1000): each step's state is one draw, and the
	// averaging time is Steps·Dt.
	Steps int
	// Burnin is the number of steps discarded first (default: the steps
	// for e^{-λ_min t} to fall below e^{-16}, with λ_min estimated by
	// inverse iteration; the chains start at x = 0). Negative: none.
	Burnin int
	// Dt is the step (default 1/λ_max, λ_max by power iteration). The
	// transition is exact, so any step is stable; a shorter one gives more
	// draws per unit of time, more correlated.
	Dt float64
	// KT is the temperature kT (default 1).
	KT float64
	// Seed seeds every chain's random stream.
	Seed uint64
	// Workers is the number of worker goroutines (0: GOMAXPROCS); it never
	// changes the result.
	Workers int
	// Inverse asks for the estimate of A⁻¹ too, which costs about d² more
	// operations per draw.
	Inverse bool
}

// DefaultChains and DefaultSteps are the defaults of Options.
const (
	DefaultChains = 64
	DefaultSteps  = 1000
)

// Solution is the result of Solve.
type Solution struct {
	// X estimates A⁻¹b (d values).
	X []float64
	// Inv estimates A⁻¹ (d×d row-major), when Options.Inverse is set.
	Inv []float64
	// Exact is the solution of A x = b by gonum's Cholesky solve, and
	// ExactInv A⁻¹ by the same factor (when Options.Inverse is set).
	Exact, ExactInv []float64
	// ErrorX is the relative 2-norm error ‖X - Exact‖/‖Exact‖ (absolute
	// when b = 0); ErrorInv the relative Frobenius error of Inv.
	ErrorX, ErrorInv float64

	Dim, Chains, Steps, Burnin int
	Dt, KT                     float64
	// SimulatedTime is the averaging time of every chain, Steps·Dt, and
	// BurninTime the time discarded before, Burnin·Dt.
	SimulatedTime, BurninTime float64
	// Draws is the number of states averaged, Chains·Steps.
	Draws int
	// Wall is the time the sampling took.
	Wall time.Duration
}

// Check returns an error naming what is wrong with a d×d matrix a and a
// vector b of Solve: their sizes, a value that is not finite, asymmetry
// beyond 1e-10 relative to the largest entry, or a matrix that is not
// positive definite. A nil b is not checked.
func Check(a, b []float64, d int) error {
	if d < 1 {
		return fmt.Errorf("tla: the order d must be at least 1, got %d", d)
	}
	if len(a) != d*d {
		return fmt.Errorf("tla: A has %d elements, want d·d = %d", len(a), d*d)
	}
	scale := 0.0
	for i, v := range a {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("tla: A[%d,%d] is %v", i/d, i%d, v)
		}
		scale = max(scale, math.Abs(v))
	}
	for i := range d {
		for j := i + 1; j < d; j++ {
			if u, l := a[i*d+j], a[j*d+i]; math.Abs(u-l) > 1e-10*scale {
				return fmt.Errorf("tla: A is not symmetric: A[%d,%d] = %v, A[%d,%d] = %v", i, j, u, j, i, l)
			}
		}
	}
	if _, err := linalg.Cholesky(a, d); err != nil {
		return fmt.Errorf("tla: A is not positive definite (%w)", err)
	}
	if b != nil {
		if len(b) != d {
			return fmt.Errorf("tla: b has %d elements, want d = %d", len(b), d)
		}
		for i, v := range b {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("tla: b[%d] is %v", i, v)
			}
		}
	}
	return nil
}

// symmetrise returns (A + Aᵀ)/2, the matrix Solve works with.
func symmetrise(a []float64, d int) []float64 {
	s := make([]float64, d*d)
	for i := range d {
		for j := range d {
			s[i*d+j] = (a[i*d+j] + a[j*d+i]) / 2
		}
	}
	return s
}

// resolve fills in the defaults of opts for the symmetric positive
// definite s and checks the rest.
func resolve(s []float64, d int, opts Options) (Options, error) {
	switch {
	case opts.Chains < 0:
		return opts, fmt.Errorf("tla: chains must be positive, got %d", opts.Chains)
	case opts.Steps < 0:
		return opts, fmt.Errorf("tla: steps must be positive, got %d", opts.Steps)
	case math.IsNaN(opts.Dt) || opts.Dt < 0 || math.IsInf(opts.Dt, 0):
		return opts, fmt.Errorf("tla: dt must be positive and finite, got %v", opts.Dt)
	case math.IsNaN(opts.KT) || opts.KT < 0 || math.IsInf(opts.KT, 0):
		return opts, fmt.Errorf("tla: kT must be positive and finite, got %v", opts.KT)
	case opts.Workers < 0:
		return opts, fmt.Errorf("tla: workers must be non-negative, got %d", opts.Workers)
	}
	if opts.Chains == 0 {
		opts.Chains = DefaultChains
	}
	if opts.Steps == 0 {
		opts.Steps = DefaultSteps
	}
	if opts.KT == 0 {
		opts.KT = 1
	}
	if opts.Dt == 0 {
		opts.Dt = 1 / LambdaMax(s, d)
	}
	switch {
	case opts.Burnin < 0:
		opts.Burnin = 0
	case opts.Burnin == 0:
		lmin, err := LambdaMin(s, d)
		if err != nil {
			return opts, err
		}
		b := math.Ceil(burninDecay / (lmin * opts.Dt))
		if !(b <= maxSteps) {
			return opts, fmt.Errorf("tla: the default burn-in, %g steps of %v (16/λ_min with λ_min ≈ %.3g), is too long: give a longer dt or a burn-in", b, opts.Dt, lmin)
		}
		opts.Burnin = int(b)
	}
	if opts.Steps+opts.Burnin > maxSteps || opts.Steps+opts.Burnin < 0 {
		return opts, fmt.Errorf("tla: steps %d + burnin %d exceed %d", opts.Steps, opts.Burnin, maxSteps)
	}
	return opts, nil
}

// burninDecay is λ_min times the default burn-in time: the chains start at
// 0, and the bias left is e^{-16} ≈ 1e-7 of the solution.
const burninDecay = 16

// maxSteps bounds the steps of a Solve.
const maxSteps = 1 << 40

// powerIterations is the number of iterations of LambdaMax and LambdaMin.
const powerIterations = 30

// start returns the fixed start vector of the power iterations.
func start(d int) []float64 {
	r := rand.New(rand.NewPCG(0x7e1a, 1))
	v := make([]float64, d)
	for i := range v {
		v[i] = r.Float64() - 0.5
	}
	return v
}

func dot(x, y []float64) float64 {
	s := 0.0
	for i := range x {
		s = s + float64(x[i]*y[i])
	}
	return s
}

func normalise(v []float64) {
	n := math.Sqrt(dot(v, v))
	for i := range v {
		v[i] /= n
	}
}

// LambdaMax estimates the largest eigenvalue of the symmetric positive
// definite d×d matrix s by 30 power iterations from a fixed start: the
// Rayleigh quotient, at most the largest eigenvalue. The arithmetic is
// portable, so the default step is the same on every machine.
func LambdaMax(s []float64, d int) float64 {
	v := start(d)
	normalise(v)
	lambda := 0.0
	for range powerIterations {
		w := linalg.MulVec(s, d, v)
		lambda = dot(v, w)
		copy(v, w)
		normalise(v)
	}
	return lambda
}

// LambdaMin estimates the smallest eigenvalue of the symmetric positive
// definite d×d matrix s by 30 inverse iterations (solves with its Cholesky
// factor) from a fixed start: the inverse of the Rayleigh quotient of s⁻¹,
// at least the smallest eigenvalue.
func LambdaMin(s []float64, d int) (float64, error) {
	l, err := linalg.Cholesky(s, d)
	if err != nil {
		return 0, fmt.Errorf("tla: A is not positive definite (%w)", err)
	}
	v := start(d)
	normalise(v)
	mu := 0.0
	for range powerIterations {
		w := cholSolve(l, d, v)
		mu = dot(v, w)
		copy(v, w)
		normalise(v)
	}
	return 1 / mu, nil
}

// cholSolve solves L Lᵀ x = b by substitution.
func cholSolve(l []float64, d int, b []float64) []float64 {
	y := make([]float64, d)
	for i := range d {
		v := b[i]
		for k := range i {
			v -= float64(l[i*d+k] * y[k])
		}
		y[i] = v / l[i*d+i]
	}
	for i := d - 1; i >= 0; i-- {
		v := y[i]
		for k := i + 1; k < d; k++ {
			v -= float64(l[k*d+i] * y[k])
		}
		y[i] = v / l[i*d+i]
	}
	return y
}

// noDemon is the demon of a run whose stepper never calls it.
type noDemon struct{}

func (noDemon) Force(float64, []float64, []float64, int) {}

// shardSize is the chains per shard of a Solve: fixed by the chains and
// the order alone, never by the workers, so that the sums of the sink,
// kept per shard, do not depend on them. About eight shards share the
// work, each small enough to stay in cache.
func shardSize(chains, d int) int {
	const lanes = 16
	n := (chains + 7) / 8
	n = (n + lanes - 1) / lanes * lanes
	limit := max(lanes, (512<<10)/(4*8*d)/lanes*lanes)
	return max(lanes, min(n, limit))
}

// Solve estimates A⁻¹b, and A⁻¹ when opts.Inverse is set, for the
// symmetric positive definite d×d matrix a (row-major) and the vector b, by
// sampling the stationary law N(A⁻¹b, kT A⁻¹) of dx = -(A x - b) dt +
// √(2 kT) dw with opts.Chains chains of opts.Steps recorded steps each.
// The result depends on a, b, d and opts other than Workers only. a is
// checked as Check does; an a symmetric to rounding is symmetrised.
func Solve(ctx context.Context, a, b []float64, d int, opts Options) (*Solution, error) {
	if err := Check(a, b, d); err != nil {
		return nil, err
	}
	if b == nil {
		return nil, errors.New("tla: b is nil")
	}
	s := symmetrise(a, d)
	opts, err := resolve(s, d, opts)
	if err != nil {
		return nil, err
	}
	exact, exactInv, err := Exact(s, b, d, opts.Inverse)
	if err != nil {
		return nil, err
	}

	drift := make([]float64, d*d)
	q := make([]float64, d*d)
	for i, v := range s {
		drift[i] = -v
	}
	for i := range d {
		q[i*d+i] = 2 * opts.KT
	}
	offset := append([]float64(nil), b...)
	sde := func(kT float64) *engine.LinearSDE {
		qk := q
		if kT != opts.KT {
			qk = make([]float64, d*d)
			for i := range d {
				qk[i*d+i] = 2 * kT
			}
		}
		return &engine.LinearSDE{Dim: d, A: drift, B: offset, Q: qk}
	}
	stepper, err := engine.NewDenseOU[float64](sde, opts.Dt, opts.KT)
	if err != nil {
		return nil, fmt.Errorf("tla: %w", err)
	}
	ones := make([]float64, d)
	for i := range ones {
		ones[i] = 1
	}
	size := shardSize(opts.Chains, d)
	cfg := engine.Config{
		Dim: d, Chains: opts.Chains, Seed: opts.Seed,
		Steps: opts.Burnin + opts.Steps, Burnin: opts.Burnin, Thin: 1,
		Dt: opts.Dt, KT: opts.KT, Mass: ones, Friction: ones,
		Workers: opts.Workers, ShardSize: size,
	}
	sink := newSums(d, opts.Chains, size, opts.Inverse)
	job := engine.Job[float64]{
		NewDemon:   func(int) engine.Demon[float64] { return noDemon{} },
		NewStepper: stepper,
		Sink:       sink,
	}
	res, err := engine.RunJob(ctx, cfg, job)
	if err != nil {
		return nil, fmt.Errorf("tla: %w", err)
	}
	mean, cov := sink.total()
	sol := &Solution{
		X: mean, Exact: exact, ExactInv: exactInv,
		Dim: d, Chains: opts.Chains, Steps: opts.Steps, Burnin: opts.Burnin,
		Dt: opts.Dt, KT: opts.KT,
		SimulatedTime: float64(opts.Steps) * opts.Dt, BurninTime: float64(opts.Burnin) * opts.Dt,
		Draws: opts.Chains * opts.Steps, Wall: res.Wall,
	}
	sol.ErrorX = RelativeError(mean, exact)
	if opts.Inverse {
		for i := range cov {
			cov[i] /= opts.KT
		}
		sol.Inv = cov
		sol.ErrorInv = RelativeError(cov, exactInv)
	}
	return sol, nil
}

// RelativeError returns ‖got - want‖₂/‖want‖₂ (the Frobenius norm for
// matrices), or ‖got - want‖₂ when want is zero.
func RelativeError(got, want []float64) float64 {
	var num, den float64
	for i := range want {
		e := got[i] - want[i]
		num += e * e
		den += want[i] * want[i]
	}
	if den == 0 {
		return math.Sqrt(num)
	}
	return math.Sqrt(num / den)
}
