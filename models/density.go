package models

import (
	"errors"
	"fmt"
	"maps"

	"golang.org/x/exp/constraints"
)

// Density is a model given by its log density, the smallest thing a user
// implements to sample a distribution of their own: log p(x) up to a
// constant and its gradient, for one point x of D values. Its potential is
//
//	U(x) = -log p(x),  f = -∇U = ∇log p,
//
// so the sampled density exp(-U/kT) is p(x)^(1/kT): kT = 1 samples p
// itself, a larger kT a flatter p. Its demons, float32 and float64, also
// implement Energy, so every integrator accepts a Density, mala and hmc
// included.
//
// The demons gather each chain's D values from the dimension-major batch
// into a float64 vector, call LogDensity or Grad on it and scatter the
// result, rounded to the demon's precision. A chain's force and energy
// thus depend only on its own x, never on the batch around it. The two
// functions must be deterministic, or runs stop being reproducible, and
// safe for concurrent use: every worker of a run calls them through its
// own demon, from its own goroutine. The slices they receive are the
// demon's scratch, valid only during the call. Whether a run has the same
// bits on every architecture rests on the functions too: the Go compiler
// may fuse x*y + z into one FMA on arm64 but not on amd64, which an
// explicit conversion, float64(x*y) + z, prevents.
type Density struct {
	Label string // Name(); "density" if empty
	D     int    // dimensions of a point, at least 1
	// LogDensity returns log p(x), up to an additive constant, for one
	// point x of D values.
	LogDensity func(x []float64) float64
	// Grad writes ∇log p(x) into grad (length D), which arrives zeroed.
	Grad func(x, grad []float64)
	// Values, optional, is what Params returns, written into run.json
	// under "model".
	Values map[string]any
}

// NewDensity returns a Density named label ("density" if empty) in dim
// dimensions with log density logp and its gradient grad.
func NewDensity(label string, dim int, logp func(x []float64) float64, grad func(x, grad []float64)) (*Density, error) {
	d := &Density{Label: label, D: dim, LogDensity: logp, Grad: grad}
	if err := d.check(); err != nil {
		return nil, err
	}
	return d, nil
}

// check returns an error unless d can make demons.
func (d Density) check() error {
	switch {
	case d.D < 1:
		return fmt.Errorf("models: density dim must be at least 1, got %d", d.D)
	case d.LogDensity == nil:
		return errors.New("models: density needs a log density function, got nil")
	case d.Grad == nil:
		return errors.New("models: density needs a gradient function, got nil")
	}
	return nil
}

// Name returns d.Label, or "density" if it is empty.
func (d Density) Name() string {
	if d.Label == "" {
		return "density"
	}
	return d.Label
}

// Dim returns d.D.
func (d Density) Dim() int { return d.D }

// Params returns a shallow copy of d.Values, an empty map if it is nil.
func (d Density) Params() map[string]any {
	if d.Values == nil {
		return map[string]any{}
	}
	return maps.Clone(d.Values)
}

// Demon32 returns a float32 demon that also implements Energy. Its scratch
// is one point, so it accepts batches of any size and n is only checked.
// It panics if d is not a valid Density (see NewDensity).
func (d Density) Demon32(n int) Demon[float32] { return newDensityDemon[float32](d, n) }

// Demon64 returns a float64 demon that also implements Energy. Its scratch
// is one point, so it accepts batches of any size and n is only checked.
// It panics if d is not a valid Density (see NewDensity).
func (d Density) Demon64(n int) Demon[float64] { return newDensityDemon[float64](d, n) }

type densityDemon[F constraints.Float] struct {
	logp func([]float64) float64
	grad func(x, grad []float64)
	// x and g hold one chain's point and gradient.
	x, g []float64
}

func newDensityDemon[F constraints.Float](d Density, n int) *densityDemon[F] {
	checkChains(n)
	if err := d.check(); err != nil {
		panic(err.Error())
	}
	return &densityDemon[F]{
		logp: d.LogDensity,
		grad: d.Grad,
		x:    make([]float64, d.D),
		g:    make([]float64, d.D),
	}
}

// gather copies chain c of the batch x of n chains into d.x.
func (d *densityDemon[F]) gather(x []F, c, n int) {
	for k := range d.x {
		d.x[k] = float64(x[k*n+c])
	}
}

func (d *densityDemon[F]) Force(_ float64, x, f []F, n int) {
	dim := len(d.x)
	checkBatch(len(x), len(f), dim, dim, n)
	for c := range n {
		d.gather(x, c, n)
		// Zeroed, so that an entry Grad leaves alone is 0 rather than the
		// previous chain's.
		clear(d.g)
		d.grad(d.x, d.g)
		for k, g := range d.g {
			f[k*n+c] = F(g)
		}
	}
}

func (d *densityDemon[F]) Energy(_ float64, x []F, u []float64, n int) {
	checkBatch(len(x), len(u), len(d.x), 1, n)
	for c := range n {
		d.gather(x, c, n)
		u[c] = -d.logp(d.x)
	}
}
