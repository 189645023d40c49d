package models

import (
	"fmt"
	"math"

	"golang.org/x/exp/constraints"
	"gonum.org/v1/gonum/integrate/quad"
)

// DoubleWell is the separable quartic double-well potential
//
//	U(x) = Σ_k Barrier ((x_k/Width)² - 1)² - Tilt x_k/Width
//
// in D dimensions. Each dimension has minima near ±Width, in units of
// length, separated by a barrier of height Barrier at zero, in units of
// energy. A positive Tilt, in units of energy, lowers the well at +Width
// by about Tilt and raises the one at -Width by as much.
type DoubleWell struct {
	D       int
	Barrier float64
	Width   float64
	Tilt    float64
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

// Params returns the barrier, the width and the tilt under "barrier",
// "width" and "tilt", as float64.
func (w DoubleWell) Params() map[string]any {
	return map[string]any{"barrier": w.Barrier, "width": w.Width, "tilt": w.Tilt}
}

// Moments returns the mean (zero by symmetry when Tilt is zero) and the
// variance of each dimension at temperature kT, computed by Gauss-Legendre
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
	if math.IsNaN(w.Tilt) || math.IsInf(w.Tilt, 0) {
		return nil, nil, fmt.Errorf("models: tilt = %v, want a finite number", w.Tilt)
	}
	var m, v float64
	if w.Tilt == 0 {
		v = wellVariance(w.Barrier / kT)
	} else {
		m, v = tiltedWellMoments(w.Barrier/kT, w.Tilt/kT)
	}
	mean = make([]float64, w.D)
	variance = make([]float64, w.D)
	for k := range variance {
		mean[k] = w.Width * m
		variance[k] = w.Width * w.Width * v
	}
	return mean, variance, nil
}

// tiltedWellMoments returns the mean and variance of s under the density
// proportional to exp(-a (s² - 1)² + b s), the tilted double well in units
// of Width at Barrier/kT = a and Tilt/kT = b.
func tiltedWellMoments(a, b float64) (mean, variance float64) {
	g := func(s float64) float64 {
		q := s*s - 1
		return -a*q*q + b*s
	}
	// The log density peaks within |s| <= 1 + |b|/(4a) + 1; integrate
	// where it is within e^-100 of its largest value on a fine grid.
	reach := 2 + math.Abs(b)/(4*a)
	var gmax float64 = math.Inf(-1)
	for i := range 4001 {
		gmax = max(gmax, g(-reach+2*reach*float64(i)/4000))
	}
	hi := reach
	for g(hi) > gmax-100 || g(-hi) > gmax-100 {
		hi *= 1.1
	}
	const order = 16
	nodes := make([]float64, order)
	weights := make([]float64, order)
	quad.Legendre{}.FixedLocations(nodes, weights, -1, 1)
	integrals := func(panels int) (z, m1, m2 float64) {
		h := 2 * hi / float64(panels)
		for p := range panels {
			mid := -hi + (float64(p)+0.5)*h
			for i, t := range nodes {
				s := mid + t*h/2
				e := weights[i] * math.Exp(g(s)-gmax)
				z += e
				m1 += e * s
				m2 += e * s * s
			}
		}
		return z, m1, m2
	}
	const tol = 1e-14
	panels := max(2, int(math.Ceil(2*hi*math.Sqrt(8*a+b*b))))
	z, m1, m2 := integrals(panels)
	for range 10 {
		panels *= 2
		z2, n1, n2 := integrals(panels)
		converged := math.Abs(z2-z) <= tol*z2 && math.Abs(n2-m2) <= tol*n2 && math.Abs(n1-m1) <= tol*math.Abs(n2)
		z, m1, m2 = z2, n1, n2
		if converged {
			break
		}
	}
	mean = m1 / z
	return mean, m2/z - mean*mean
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
	// push = Tilt/Width is the force of the tilt, and tilt = Tilt.
	push F
	tilt float64
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
		push:       F(w.Tilt / w.Width),
		tilt:       w.Tilt,
	}
}

func (d *wellDemon[F]) Force(_ float64, x, f []F, n int) {
	checkBatch(len(x), len(f), d.dim, d.dim, n)
	x, f = x[:d.dim*n], f[:d.dim*n]
	f = f[:len(x)]
	// Separable: every element is independent, so one flat loop covers all
	// dimensions and chains.
	if d.push != 0 {
		for i := range x {
			s := x[i] * d.invWidth
			f[i] = F(-d.slope*s*(F(s*s)-1)) + d.push
		}
		return
	}
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
			u[c] += float64(d.barrier*q*q) - float64(d.tilt*s)
		}
	}
}
