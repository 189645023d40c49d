package models

import (
	"fmt"
	"slices"

	"golang.org/x/exp/constraints"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/kernel"
)

// Gaussian is the anisotropic harmonic potential
//
//	U(x) = Σ_k Kappa[k]/2 (x_k - Mean[k])²,
//
// whose Boltzmann density at temperature kT is normal with mean Mean and
// diagonal variance kT/Kappa. Mean and Kappa hold one value per dimension
// and must have the same length. Kappa is the stiffness, in units of energy
// per squared length; it is not called Stiffness because Diagonal needs
// that name for a method.
type Gaussian struct {
	Mean  []float64
	Kappa []float64
}

// NewGaussian returns a Gaussian in dim dimensions. A nil stiffness is 1 in
// every dimension and a nil mean is the origin; otherwise each must have
// length dim, stiffness must be positive and finite and mean finite. The
// slices are copied.
func NewGaussian(dim int, stiffness, mean []float64) (*Gaussian, error) {
	if dim < 1 {
		return nil, fmt.Errorf("models: dim must be at least 1, got %d", dim)
	}
	g := &Gaussian{Mean: make([]float64, dim), Kappa: make([]float64, dim)}
	if stiffness == nil {
		for k := range g.Kappa {
			g.Kappa[k] = 1
		}
	} else {
		if len(stiffness) != dim {
			return nil, fmt.Errorf("models: stiffness has length %d, want dim = %d", len(stiffness), dim)
		}
		if err := checkPositive("stiffness", stiffness); err != nil {
			return nil, err
		}
		copy(g.Kappa, stiffness)
	}
	if mean != nil {
		if len(mean) != dim {
			return nil, fmt.Errorf("models: mean has length %d, want dim = %d", len(mean), dim)
		}
		if err := checkFinite("mean", mean); err != nil {
			return nil, err
		}
		copy(g.Mean, mean)
	}
	return g, nil
}

// Name returns "gaussian".
func (Gaussian) Name() string { return "gaussian" }

// Dim returns the number of dimensions, len(g.Kappa).
func (g Gaussian) Dim() int { return len(g.Kappa) }

// Params returns copies of the stiffness and the mean under "stiffness" and
// "mean", each a []float64 of length Dim.
func (g Gaussian) Params() map[string]any {
	return map[string]any{
		"stiffness": slices.Clone(g.Kappa),
		"mean":      slices.Clone(g.Mean),
	}
}

// Stiffness returns a copy of g.Kappa.
func (g Gaussian) Stiffness() []float64 { return slices.Clone(g.Kappa) }

// Center returns a copy of g.Mean.
func (g Gaussian) Center() []float64 { return slices.Clone(g.Mean) }

// Moments returns the exact mean, g.Mean, and variance, kT/g.Kappa, of each
// dimension at temperature kT.
func (g Gaussian) Moments(kT float64) (mean, variance []float64, err error) {
	if err := checkKT(kT); err != nil {
		return nil, nil, err
	}
	variance = make([]float64, len(g.Kappa))
	for k, kappa := range g.Kappa {
		variance[k] = kT / kappa
	}
	return slices.Clone(g.Mean), variance, nil
}

// Demon32 returns a float32 demon that also implements Energy. The Gaussian
// needs no scratch, so the demon accepts batches of any size and n is only
// checked.
func (g Gaussian) Demon32(n int) Demon[float32] { return newGaussianDemon[float32](g, n) }

// Demon64 returns a float64 demon that also implements Energy. The Gaussian
// needs no scratch, so the demon accepts batches of any size and n is only
// checked.
func (g Gaussian) Demon64(n int) Demon[float64] { return newGaussianDemon[float64](g, n) }

type gaussianDemon[F constraints.Float] struct {
	mean, kappa []F
	// center and half = Kappa/2 are the parameters in float64, for Energy.
	center, half []float64
}

func newGaussianDemon[F constraints.Float](g Gaussian, n int) *gaussianDemon[F] {
	checkChains(n)
	if len(g.Mean) != len(g.Kappa) {
		panic("models: Gaussian Mean and Kappa differ in length")
	}
	d := &gaussianDemon[F]{
		mean:   convert[F](g.Mean),
		kappa:  convert[F](g.Kappa),
		center: slices.Clone(g.Mean),
		half:   make([]float64, len(g.Kappa)),
	}
	for k, kappa := range g.Kappa {
		d.half[k] = kappa / 2
	}
	return d
}

func (d *gaussianDemon[F]) Force(_ float64, x, f []F, n int) {
	checkBatch(len(x), len(f), len(d.kappa), len(d.kappa), n)
	// f[k*n+c] = kappa[k] * (mean[k] - x[k*n+c])
	kernel.LinearForce(f, x, n, d.kappa, d.mean)
}

// DiagonalLinear returns the stiffness and the centre of the force,
// f_k = kappa[k] (mean[k] - x_k), so that the engine can compute it inside
// the step (engine.DiagonalLinear). The slices are the demon's own.
func (d *gaussianDemon[F]) DiagonalLinear() (kappa, mu []F) { return d.kappa, d.mean }

func (d *gaussianDemon[F]) Energy(_ float64, x []F, u []float64, n int) {
	checkBatch(len(x), len(u), len(d.kappa), 1, n)
	u = u[:n]
	clear(u)
	// Each term is rounded before it is added, so that no target fuses
	// the two and U has the same bits on every architecture.
	for k, h := range d.half {
		m := d.center[k]
		xk := row(x, k, n)[:len(u)]
		for c := range u {
			dx := float64(xk[c]) - m
			u[c] += float64(h * dx * dx)
		}
	}
}

// LinearSDE returns the overdamped dynamics of the diagonal Gaussian:
// A = -diag(κ/γ), B = κμ/γ, Q = diag(2kT/γ).
func (g Gaussian) LinearSDE(kT float64, friction []float64) *engine.LinearSDE {
	d := g.Dim()
	sde := &engine.LinearSDE{Dim: d, A: make([]float64, d*d), B: make([]float64, d), Q: make([]float64, d*d)}
	for i := range d {
		sde.A[i*d+i] = -g.Kappa[i] / friction[i]
		sde.B[i] = g.Kappa[i] * g.Mean[i] / friction[i]
		sde.Q[i*d+i] = 2 * kT / friction[i]
	}
	return sde
}
