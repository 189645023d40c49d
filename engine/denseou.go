package engine

import (
	"fmt"
	"math"

	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/linalg"
	"github.com/thermoai/thermo/rng"
)

// LinearSDE is a linear stochastic differential equation of dimension
// Dim, dv = (A v + B) dt + C dw, given by its drift matrix A (Dim×Dim,
// row-major), its offset B and its diffusion matrix Q = C Cᵀ: the form
// of RC-circuit s-modes and of overdamped Langevin dynamics in a
// quadratic potential.
type LinearSDE struct {
	Dim  int
	A, B []float64
	Q    []float64
}

// Check returns an error naming the first field of the wrong size or
// holding a value that is not finite.
func (l *LinearSDE) Check() error {
	d := l.Dim
	for _, f := range []struct {
		name string
		v    []float64
		n    int
	}{{"A", l.A, d * d}, {"B", l.B, d}, {"Q", l.Q, d * d}} {
		if len(f.v) != f.n {
			return fmt.Errorf("engine: linear SDE %s has %d elements, want %d", f.name, len(f.v), f.n)
		}
		for i, v := range f.v {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("engine: linear SDE %s[%d] is %v", f.name, i, v)
			}
		}
	}
	return nil
}

// NewDenseOU returns a stepper that advances every chain of a linear SDE
// by its exact transition over each step h, whatever h:
//
//	v ← Φ v + f + L ξ,   Φ = e^{Ah},  f = ∫₀ʰ e^{As} ds B,  L Lᵀ = ∫₀ʰ e^{As} Q e^{Aᵀs} ds,
//
// with ξ a standard normal vector per chain from its stream, Φ and the
// noise covariance from Van Loan's block exponential (package linalg,
// portable, so float64 runs give the same bits on every architecture),
// computed once per step size. The two products are layer products,
// summed in a fixed order; the sum is (Φv + f) + Lξ. The demon is not
// called. One stepper serves one worker.
//
// sde gives the SDE at temperature kT; the stepper asks for it again when
// a schedule changes kT or the step. NewDenseOU computes the coefficients
// of a step of dt at kT once, to refuse an SDE that is malformed or whose
// noise covariance has no factor.
func NewDenseOU[F kernel.Float](sde func(kT float64) *LinearSDE, dt, kT float64) (func() Stepper[F], error) {
	probe := denseOU[F]{sdeAt: sde}
	if err := probe.coefficients(dt, kT); err != nil {
		return nil, err
	}
	return func() Stepper[F] { return &denseOU[F]{sdeAt: sde} }, nil
}

// NewSplitOU is NewDenseOU with the demon on top of the linear hardware,
// by Lie splitting: each step is the exact transition over h, then a kick
// by the demon's force at the new state, v ← v + h F(t + h, v). The
// splitting error is of order h, from the demon alone: with no demon
// force the step is exact. This is how a digital controller (package
// hardware) or a trained correction drives simulated s-modes.
func NewSplitOU[F kernel.Float](sde func(kT float64) *LinearSDE, dt, kT float64) (func() Stepper[F], error) {
	newDense, err := NewDenseOU[F](sde, dt, kT)
	if err != nil {
		return nil, err
	}
	return func() Stepper[F] {
		s := newDense().(*denseOU[F])
		s.kick = true
		return s
	}, nil
}

type denseOU[F kernel.Float] struct {
	kick     bool
	force    []F
	sdeAt    func(kT float64) *LinearSDE
	dim      int
	key      coefKey
	phi, l   []F
	f        []F
	y, z, xi []F
}

func (s *denseOU[F]) Layout() Layout { return Layout{} }

func (s *denseOU[F]) Init(*Shard[F], Demon[F], Clock) {}

// coefficients computes Φ, f and L for a step of h at temperature kT.
func (s *denseOU[F]) coefficients(h, kT float64) error {
	sde := s.sdeAt(kT)
	if err := sde.Check(); err != nil {
		return err
	}
	d := sde.Dim
	phi, qh := linalg.VanLoan(sde.A, sde.Q, d, h)
	f := linalg.Forcing(sde.A, sde.B, d, h)
	l, err := linalg.CholeskyPSD(qh, d)
	if err != nil {
		return fmt.Errorf("engine: the noise of a step of %v at kT %v: %w", h, kT, err)
	}
	s.dim, s.phi, s.f, s.l = d, convert[F](phi), convert[F](f), convert[F](l)
	return nil
}

func convert[F kernel.Float](v []float64) []F {
	out := make([]F, len(v))
	for i, x := range v {
		out[i] = F(x)
	}
	return out
}

func (s *denseOU[F]) Step(sh *Shard[F], demon Demon[F], c Clock) int {
	if s.key.changed(c.Dt, c.KT) {
		if err := s.coefficients(c.Dt, c.KT); err != nil {
			panic(err) // NewDenseOU checked the nominal step
		}
	}
	d, n := s.dim, sh.N
	y, z, xi := reuse(&s.y, d*n), reuse(&s.z, d*n), reuse(&s.xi, d*n)
	rng.FillNormal(xi, sh.Streams)
	kernel.Product(y, sh.X, n, s.phi, d, d)
	kernel.Product(z, xi, n, s.l, d, d)
	for k := range d {
		fk := s.f[k]
		xs, ys, zs := sh.X[k*n:k*n+n], y[k*n:k*n+n], z[k*n:k*n+n]
		for c := range xs {
			xs[c] = (ys[c] + fk) + zs[c]
		}
	}
	if s.kick {
		f := reuse(&s.force, d*n)
		demon.Force(c.TEnd, sh.X, f, n)
		h := F(c.Dt)
		for i, v := range f {
			sh.X[i] += F(h * v)
		}
	}
	return kernel.FirstNonFinite(sh.X)
}
