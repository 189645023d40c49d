package models

import (
	"fmt"
	"math"

	"golang.org/x/exp/constraints"
	"gonum.org/v1/gonum/integrate/quad"
)

// DoubleWell is the separable quartic double-well potential
//
//	U(x) = Σ_k Barrier ((x_k/Width)² - 1)²
//
// in D dimensions. Each dimension has minima at ±Width, in units of length,
// separated by a barrier of height Barrier at zero, in units of energy.
type DoubleWell struct {
	D       int
	Barrier float64
	Width   float64
}

// NewDoubleWell returns a DoubleWell in dim dimensions. barrier and width
// must be positive and finite.
func NewDoubleWell(dim int, barrier, width float64) (*DoubleWell, error) {
	if dim < 1 {
		return nil, fmt.Errorf("models: dim must be at least 1, got %d", dim)
	}
	if err := checkPositive("barrier", []float64{barrier}); err != nil {
		return nil, err
	}
	if err := checkPositive("width", []float64{width}); err != nil {
		return nil, err
	}
	return &DoubleWell{D: dim, Barrier: barrier, Width: width}, nil
}

// Name returns "double-well".
func (DoubleWell) Name() string { return "double-well" }

// Dim returns w.D.
func (w DoubleWell) Dim() int { return w.D }

// Params returns the barrier and the width under "barrier" and "width", as
// float64.
func (w DoubleWell) Params() map[string]any {
	return map[string]any{"barrier": w.Barrier, "width": w.Width}
}

// Moments returns the mean, zero by symmetry, and the variance of each
// dimension at temperature kT. The variance is computed by Gauss-Legendre
// quadrature with a relative error below 1e-12.
func (w DoubleWell) Moments(kT float64) (mean, variance []float64, err error) {
	if err := checkKT(kT); err != nil {
		return nil, nil, err
	}
	if w.D < 1 {
		return nil, nil, fmt.Errorf("models: D = %d, want at least 1", w.D)
	}
	if err := checkPositive("barrier", []float64{w.Barrier}); err != nil {
		return nil, nil, err
	}
	if err := checkPositive("width", []float64{w.Width}); err != nil {
		return nil, nil, err
	}
	v := w.Width * w.Width * wellVariance(w.Barrier/kT)
	mean = make([]float64, w.D)
	variance = make([]float64, w.D)
	for k := range variance {
		variance[k] = v
	}
	return mean, variance, nil
}

// wellVariance returns the variance of s under the density proportional to
// exp(-a (s² - 1)²), the double well in units of Width at Barrier/kT = a.
func wellVariance(a float64) float64 {
	// Where a(s²-1)² > cut the density is below e^-100 of its peak, far
	// under double precision, so the integrals stop there.
	const cut = 100
	r := math.Sqrt(cut / a)
	hi := math.Sqrt(1 + r)
	lo := 0.0
	if r < 1 {
		lo = math.Sqrt(1 - r)
	}

	// Gauss-Legendre on panels no wider than the 1/sqrt(8a) width of the
	// peak at s = 1 resolves the integrand on the first pass for any a;
	// doubling the panels then confirms convergence rather than finds it.
	const order = 16
	nodes := make([]float64, order)
	weights := make([]float64, order)
	quad.Legendre{}.FixedLocations(nodes, weights, -1, 1)
	integrals := func(panels int) (z, m float64) {
		h := (hi - lo) / float64(panels)
		for p := range panels {
			mid := lo + (float64(p)+0.5)*h
			var zp, mp float64
			for i, t := range nodes {
				s := mid + t*h/2
				q := s*s - 1
				e := weights[i] * math.Exp(-a*q*q)
				zp += e
				mp += e * s * s
			}
			z += zp
			m += mp
		}
		return z * h / 2, m * h / 2
	}

	// The density is even, so both integrals over s > 0 suffice.
	const tol = 1e-14
	panels := max(1, int(math.Ceil((hi-lo)*math.Sqrt(8*a))))
	z, m := integrals(panels)
	for range 10 {
		panels *= 2
		z2, m2 := integrals(panels)
		converged := math.Abs(z2-z) <= tol*z2 && math.Abs(m2-m) <= tol*m2
		z, m = z2, m2
		if converged {
			break
		}
	}
	return m / z
}

// Demon32 returns a float32 demon that also implements Energy. It needs no
// scratch, so it accepts batches of any size and n is only checked.
func (w DoubleWell) Demon32(n int) Demon[float32] { return newWellDemon[float32](w, n) }

// Demon64 returns a float64 demon that also implements Energy. It needs no
// scratch, so it accepts batches of any size and n is only checked.
func (w DoubleWell) Demon64(n int) Demon[float64] { return newWellDemon[float64](w, n) }

type wellDemon[F constraints.Float] struct {
	dim int
	// invWidth = 1/Width and slope = 4 Barrier/Width, so that with
	// s = x/Width, f = -slope s (s²-1).
	invWidth, slope F
	// invWidth64 and barrier = Barrier give U = barrier (s²-1)² in float64.
	invWidth64, barrier float64
}

func newWellDemon[F constraints.Float](w DoubleWell, n int) *wellDemon[F] {
	checkChains(n)
	return &wellDemon[F]{
		dim:        w.D,
		invWidth:   F(1 / w.Width),
		slope:      F(4 * w.Barrier / w.Width),
		invWidth64: 1 / w.Width,
		barrier:    w.Barrier,
	}
}

func (d *wellDemon[F]) Force(_ float64, x, f []F, n int) {
	checkBatch(len(x), len(f), d.dim, d.dim, n)
	x, f = x[:d.dim*n], f[:d.dim*n]
	f = f[:len(x)]
	// Separable: every element is independent, so one flat loop covers all
	// dimensions and chains.
	for i := range x {
		s := x[i] * d.invWidth
		// Rounding s² before subtracting keeps targets with FMA from
		// fusing it, so every architecture gives the same bits.
		f[i] = -d.slope * s * (F(s*s) - 1)
	}
}

func (d *wellDemon[F]) Energy(_ float64, x []F, u []float64, n int) {
	checkBatch(len(x), len(u), d.dim, 1, n)
	u = u[:n]
	clear(u)
	// Products are rounded before they are added, as in Force.
	for k := range d.dim {
		xk := row(x, k, n)[:len(u)]
		for c := range u {
			s := float64(xk[c]) * d.invWidth64
			q := float64(s*s) - 1
			u[c] += float64(d.barrier * q * q)
		}
	}
}
