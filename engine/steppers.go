package engine

import (
	"math"

	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// DiagonalLinear is implemented by demons whose force is linear, diagonal
// and the same at all times: f_k = kappa[k] (mu[k] - x_k), kappa and mu of
// length dim. The BAOAB and ULA steppers then compute the force inside the
// step's own pass over the state (kernel.StepBAOABLinear,
// kernel.StepULALinear) rather than calling Force; the results are the
// same bit for bit. A demon whose slices are not of length dim is called
// through Force. The gaussian model's demons implement it.
type DiagonalLinear[F kernel.Float] interface {
	DiagonalLinear() (kappa, mu []F)
}

// diagonalLinear returns d's linear diagonal force when it has one of
// dimension dim.
func diagonalLinear[F kernel.Float](d Demon[F], dim int) (kappa, mu []F, ok bool) {
	lin, ok := d.(DiagonalLinear[F])
	if !ok {
		return nil, nil, false
	}
	kappa, mu = lin.DiagonalLinear()
	return kappa, mu, len(kappa) == dim && len(mu) == dim
}

// coefKey is the (dt, kT) of a stepper's coefficients: they are
// recomputed, in place, only when a schedule or a hook changes either.
type coefKey struct {
	dt, kT float64
	set    bool
}

// changed reports whether (dt, kT) differs from the key's, and makes it
// the key's.
func (k *coefKey) changed(dt, kT float64) bool {
	if k.set && k.dt == dt && k.kT == kT {
		return false
	}
	*k = coefKey{dt, kT, true}
	return true
}

// baoab is BAOAB splitting of underdamped Langevin dynamics with an exact
// O-step. Each step applies the closing kick of the previous one first,
// so that a step is one pass over the state; a shard's P therefore lacks
// the last half kick of its last step.
type baoab[F kernel.Float] struct {
	mass, friction []float64
	xi             []F
	key            coefKey
	coef           kernel.BAOABCoef[F]
}

func (s *baoab[F]) Layout() Layout { return Layout{Momentum: true, Force: true} }

func (s *baoab[F]) Init(sh *Shard[F], d Demon[F], c Clock) {
	// p0 ~ N(0, kT m), the Maxwell distribution, from each chain's stream.
	rng.FillNormal(sh.P, sh.Streams)
	scaleRows(sh.P, sh.N, func(k int) float64 { return math.Sqrt(c.KT * s.mass[k]) })
	d.Force(c.T, sh.X, sh.F, sh.N)
}

func (s *baoab[F]) Step(sh *Shard[F], d Demon[F], c Clock) int {
	n := sh.N
	if s.key.changed(c.Dt, c.KT) {
		s.coef.Set(c.Dt, c.KT, s.mass, s.friction)
	}
	coef := &s.coef
	xi := reuse(&s.xi, len(sh.X))
	closePrev := sh.Step > 0
	if closePrev && c.PrevDt != c.Dt {
		// The previous step's closing kick has its own step.
		kernel.Kick(sh.P, sh.F, F(c.PrevDt/2))
		closePrev = false
	}
	if kappa, mu, ok := diagonalLinear(d, sh.Dim); ok {
		if !kernel.StepBAOABLinearNoise(sh.X, sh.P, sh.F, xi, sh.Streams, n, coef, closePrev, kappa, mu) {
			return -1
		}
		return kernel.FirstNonFinite(sh.X)
	}
	kernel.StepBAOABNoise(sh.X, sh.P, sh.F, xi, sh.Streams, n, coef, closePrev)
	d.Force(c.TEnd, sh.X, sh.F, n)
	return kernel.FirstNonFinite(sh.X)
}

// ula is the Euler-Maruyama step of overdamped Langevin dynamics, the
// unadjusted Langevin algorithm, with the friction as a per-dimension
// preconditioner.
type ula[F kernel.Float] struct {
	friction []float64
	xi       []F
	key      coefKey
	coef     kernel.ULACoef[F]
}

func (s *ula[F]) Layout() Layout { return Layout{Force: true} }

func (s *ula[F]) Init(sh *Shard[F], d Demon[F], c Clock) {
	d.Force(c.T, sh.X, sh.F, sh.N)
}

func (s *ula[F]) Step(sh *Shard[F], d Demon[F], c Clock) int {
	n := sh.N
	if s.key.changed(c.Dt, c.KT) {
		s.coef.Set(c.Dt, c.KT, s.friction)
	}
	coef := &s.coef
	xi := reuse(&s.xi, len(sh.X))
	if kappa, mu, ok := diagonalLinear(d, sh.Dim); ok {
		if !kernel.StepULALinearNoise(sh.X, sh.F, xi, sh.Streams, n, coef, kappa, mu) {
			return -1
		}
		return kernel.FirstNonFinite(sh.X)
	}
	kernel.StepULANoise(sh.X, sh.F, xi, sh.Streams, n, coef)
	d.Force(c.TEnd, sh.X, sh.F, n)
	return kernel.FirstNonFinite(sh.X)
}

// ou is the exact Ornstein-Uhlenbeck transition of overdamped dynamics in
// a diagonal harmonic potential; it needs no force.
type ou[F kernel.Float] struct {
	stiffness, center, friction []float64
	xi                          []F
	key                         coefKey
	coef                        kernel.OUCoef[F]
}

func (s *ou[F]) Layout() Layout { return Layout{} }

func (s *ou[F]) Init(*Shard[F], Demon[F], Clock) {}

func (s *ou[F]) Step(sh *Shard[F], _ Demon[F], c Clock) int {
	if s.key.changed(c.Dt, c.KT) {
		s.coef.Set(c.Dt, c.KT, s.stiffness, s.center, s.friction)
	}
	coef := &s.coef
	xi := reuse(&s.xi, len(sh.X))
	kernel.StepOUNoise(sh.X, xi, sh.Streams, sh.N, coef)
	return kernel.FirstNonFinite(sh.X)
}

func scaleRows[F kernel.Float](x []F, n int, scale func(k int) float64) {
	for k := 0; k*n < len(x); k++ {
		s := F(scale(k))
		if s == 1 {
			continue // x*1 is x, bit for bit
		}
		for i := k * n; i < (k+1)*n; i++ {
			x[i] *= s
		}
	}
}
