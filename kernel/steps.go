package kernel

import (
	"math"

	"golang.org/x/exp/constraints"

	"github.com/thermoai/thermo/rng"
)

// Float is the working precision of a kernel: float32 or float64.
type Float = constraints.Float

// BAOABCoef holds the per-dimension coefficients of a BAOAB step, each of
// length dim, in the working precision.
type BAOABCoef[F Float] struct {
	HalfH      F   // h/2, for the B kicks
	HalfHOverM []F // h/(2 m_k), for the A drifts
	C1, C2     []F // O-step: p = C1 p + C2 xi
}

// NewBAOABCoef computes the BAOAB coefficients for step h, temperature kT,
// and per-dimension mass and friction (each of length dim).
func NewBAOABCoef[F Float](h, kT float64, mass, friction []float64) *BAOABCoef[F] {
	c := new(BAOABCoef[F])
	c.Set(h, kT, mass, friction)
	return c
}

// Set recomputes c for step h and temperature kT, as NewBAOABCoef does,
// in c's own memory where it is large enough: a schedule that changes kT
// every step costs no allocation.
func (c *BAOABCoef[F]) Set(h, kT float64, mass, friction []float64) {
	dim := len(mass)
	c.HalfH = F(h / 2)
	c.HalfHOverM = resize(c.HalfHOverM, dim)
	c.C1 = resize(c.C1, dim)
	c.C2 = resize(c.C2, dim)
	for k := range dim {
		m, g := mass[k], friction[k]
		c.HalfHOverM[k] = F(h / (2 * m))
		c.C1[k] = F(rng.Exp(-g * h / m))
		c.C2[k] = F(math.Sqrt(kT * m * -rng.Expm1(-2*g*h/m)))
	}
}

// resize returns s with length n, reallocated only if it is too short.
func resize[F Float](s []F, n int) []F {
	if cap(s) < n {
		return make([]F, n)
	}
	return s[:n]
}

// StepBAOAB advances n chains by the B, A, O and A parts of one BAOAB step;
// the caller recomputes f at the new x. When closePrev is set it first
// applies the closing B kick of the previous step, so that a step costs
// one pass over the state. x, p, f and xi are dimension-major, length
// dim*n with dim = len(c.C1).
func StepBAOAB[F Float](x, p, f, xi []F, n int, c *BAOABCoef[F], closePrev bool) {
	stepBAOAB(x, p, f, xi, n, c, closePrev)
}

// StepBAOABLinear is StepBAOAB followed by LinearForce(f, x, n, kappa,
// mu), the step of a shard whose demon is linear and diagonal, f_k =
// kappa_k (mu_k - x_k), and it reports whether x now holds a NaN or an
// infinity, as FirstNonFinite(x) >= 0 would. Paths with a fused kernel
// do all three in one pass over the state; the results are the same bit
// for bit on every path.
func StepBAOABLinear[F Float](x, p, f, xi []F, n int, c *BAOABCoef[F], closePrev bool, kappa, mu []F) (nonFinite bool) {
	dim := len(c.C1)
	checkFused("StepBAOABLinear", n, dim, kappa, mu, []string{"x", "p", "f", "xi"}, x, p, f, xi)
	if ran, bad := stepBAOABLinear(x, p, f, xi, n, c, closePrev, kappa, mu); ran {
		return bad
	}
	stepBAOAB(x, p, f, xi, n, c, closePrev)
	linearForce(f, x, n, kappa, mu)
	return firstNonFinite(x[:dim*n]) >= 0
}

// checkFused panics unless a fused step of n chains in dim dimensions
// has kappa and mu of dim elements or more and state slices, named by
// names, of dim*n or more.
func checkFused[F Float](fn string, n, dim int, kappa, mu []F, names []string, state ...[]F) {
	checkShape(fn, n, dim)
	for i, s := range state {
		checkLen(fn, names[i], len(s), dim*n)
	}
	checkLen(fn, "kappa", len(kappa), dim)
	checkLen(fn, "mu", len(mu), dim)
}

func stepBAOABGeneric[F Float](x, p, f, xi []F, n int, c *BAOABCoef[F], closePrev bool) {
	for k := range c.C1 {
		baoabRow(x[k*n:k*n+n], p[k*n:k*n+n], f[k*n:k*n+n], xi[k*n:k*n+n],
			c.HalfH, c.HalfHOverM[k], c.C1[k], c.C2[k], closePrev)
	}
}

// baoabRow applies the BAOAB step to one row, the chains of one dimension:
// hh = h/2, a = h/(2 m_k), and c1, c2 are the row's O-step coefficients.
// The assembly paths finish each row with it.
func baoabRow[F Float](xs, ps, fs, zs []F, hh, a, c1, c2 F, closePrev bool) {
	for i := range xs {
		pi, xv, fi := ps[i], xs[i], fs[i]
		if closePrev {
			pi = pi + F(hh*fi)
		}
		pi = pi + F(hh*fi)
		xv = xv + F(a*pi)
		pi = F(c1*pi) + F(c2*zs[i])
		xv = xv + F(a*pi)
		ps[i], xs[i] = pi, xv
	}
}

// Kick applies the B part p = p + (h/2) f to dim*n momenta.
func Kick[F Float](p, f []F, halfH F) {
	kick(p, f[:len(p)], halfH)
}

func kickGeneric[F Float](p, f []F, halfH F) {
	f = f[:len(p)]
	for i := range p {
		p[i] = p[i] + F(halfH*f[i])
	}
}

// ULACoef holds the per-dimension coefficients of an Euler-Maruyama step of
// overdamped Langevin dynamics, each of length dim.
type ULACoef[F Float] struct {
	A, S []F // x = (x + A f) + S xi
}

// NewULACoef computes the Euler-Maruyama coefficients for step h,
// temperature kT and per-dimension friction.
func NewULACoef[F Float](h, kT float64, friction []float64) *ULACoef[F] {
	c := new(ULACoef[F])
	c.Set(h, kT, friction)
	return c
}

// Set recomputes c in its own memory, as BAOABCoef.Set does.
func (c *ULACoef[F]) Set(h, kT float64, friction []float64) {
	c.A, c.S = resize(c.A, len(friction)), resize(c.S, len(friction))
	for k, g := range friction {
		c.A[k] = F(h / g)
		c.S[k] = F(math.Sqrt(2 * kT * h / g))
	}
}

// StepULA advances n chains by one Euler-Maruyama step of overdamped
// Langevin dynamics (the unadjusted Langevin algorithm). x, f and xi are
// dimension-major, length dim*n with dim = len(c.A).
func StepULA[F Float](x, f, xi []F, n int, c *ULACoef[F]) {
	stepULA(x, f, xi, n, c)
}

// StepULALinear is StepULA followed by LinearForce(f, x, n, kappa, mu),
// as StepBAOABLinear is for BAOAB: one pass over the state where the path
// has a fused kernel, the same bit for bit on every path, and it reports
// whether x now holds a NaN or an infinity.
func StepULALinear[F Float](x, f, xi []F, n int, c *ULACoef[F], kappa, mu []F) (nonFinite bool) {
	dim := len(c.A)
	checkFused("StepULALinear", n, dim, kappa, mu, []string{"x", "f", "xi"}, x, f, xi)
	if ran, bad := stepULALinear(x, f, xi, n, c, kappa, mu); ran {
		return bad
	}
	stepULA(x, f, xi, n, c)
	linearForce(f, x, n, kappa, mu)
	return firstNonFinite(x[:dim*n]) >= 0
}

func stepULAGeneric[F Float](x, f, xi []F, n int, c *ULACoef[F]) {
	for k := range c.A {
		ulaRow(x[k*n:k*n+n], f[k*n:k*n+n], xi[k*n:k*n+n], c.A[k], c.S[k])
	}
}

// ulaRow applies the Euler-Maruyama step to one row with its coefficients
// a and s.
func ulaRow[F Float](xs, fs, zs []F, a, s F) {
	for i := range xs {
		xs[i] = (xs[i] + F(a*fs[i])) + F(s*zs[i])
	}
}

// OUCoef holds the per-dimension coefficients of the exact
// Ornstein-Uhlenbeck transition, each of length dim.
type OUCoef[F Float] struct {
	Mu, A, S []F // x = (Mu + A (x - Mu)) + S xi
}

// NewOUCoef computes the exact transition over a step h of overdamped
// dynamics in U = stiffness/2 (x - center)^2 at temperature kT.
func NewOUCoef[F Float](h, kT float64, stiffness, center, friction []float64) *OUCoef[F] {
	c := new(OUCoef[F])
	c.Set(h, kT, stiffness, center, friction)
	return c
}

// Set recomputes c in its own memory, as BAOABCoef.Set does.
func (c *OUCoef[F]) Set(h, kT float64, stiffness, center, friction []float64) {
	dim := len(stiffness)
	c.Mu, c.A, c.S = resize(c.Mu, dim), resize(c.A, dim), resize(c.S, dim)
	for k := range dim {
		rate := stiffness[k] / friction[k]
		c.Mu[k] = F(center[k])
		c.A[k] = F(rng.Exp(-rate * h))
		c.S[k] = F(math.Sqrt(kT / stiffness[k] * -rng.Expm1(-2*rate*h)))
	}
}

// StepOU advances n chains by the exact Ornstein-Uhlenbeck transition. x
// and xi are dimension-major, length dim*n with dim = len(c.A).
func StepOU[F Float](x, xi []F, n int, c *OUCoef[F]) {
	stepOU(x, xi, n, c)
}

func stepOUGeneric[F Float](x, xi []F, n int, c *OUCoef[F]) {
	for k := range c.A {
		ouRow(x[k*n:k*n+n], xi[k*n:k*n+n], c.Mu[k], c.A[k], c.S[k])
	}
}

// ouRow applies the Ornstein-Uhlenbeck transition to one row with its
// coefficients mu, a and s.
func ouRow[F Float](xs, zs []F, mu, a, s F) {
	for i := range xs {
		xs[i] = (mu + F(a*(xs[i]-mu))) + F(s*zs[i])
	}
}

// FirstNonFinite returns the index of the first NaN or infinite element of
// x, or -1 if all are finite.
func FirstNonFinite[F Float](x []F) int {
	return firstNonFinite(x)
}

func firstNonFiniteGeneric[F Float](x []F) int {
	// x-x is 0 for finite x and NaN for NaN or ±Inf, so one compare per
	// element suffices, and a block sum keeps the common case branch-free.
	const block = 64
	for lo := 0; lo < len(x); lo += block {
		hi := min(lo+block, len(x))
		var s F
		for _, v := range x[lo:hi] {
			s += v - v
		}
		if s == 0 {
			continue
		}
		for i := lo; i < hi; i++ {
			if v := x[i]; v-v != 0 {
				return i
			}
		}
	}
	return -1
}
