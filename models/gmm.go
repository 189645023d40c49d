package models

import (
	"fmt"
	"math"
	"slices"

	"golang.org/x/exp/constraints"

	"github.com/thermoai/thermo/rng"
)

// GMM is the potential of a mixture of K isotropic normal distributions,
//
//	U(x) = -log Σ_j w_j N(x; Means[j], Sigma[j]² I),
//
// with w_j = Weights[j] / Σ_i Weights[i]. Weights has length K and need not
// sum to one; Means is K rows of Dim values, in units of length; Sigma has
// length K and is the standard deviation of each component, in units of
// length. At kT = 1 the Boltzmann density is the mixture itself.
type GMM struct {
	Weights []float64
	Means   [][]float64
	Sigma   []float64
}

// NewGMM returns a GMM with the given weights, means and standard
// deviations, which are copied. weights and sigma must have one positive
// finite value per row of means, and the rows of means must have the same
// non-zero length and be finite.
func NewGMM(weights []float64, means [][]float64, sigma []float64) (*GMM, error) {
	nc := len(means)
	if nc == 0 {
		return nil, fmt.Errorf("models: means is empty, want at least one component")
	}
	dim := len(means[0])
	if dim == 0 {
		return nil, fmt.Errorf("models: means[0] is empty, want at least one dimension")
	}
	g := &GMM{Means: make([][]float64, nc)}
	for j, m := range means {
		if len(m) != dim {
			return nil, fmt.Errorf("models: means[%d] has length %d, want %d like means[0]", j, len(m), dim)
		}
		if err := checkFinite(fmt.Sprintf("means[%d]", j), m); err != nil {
			return nil, err
		}
		g.Means[j] = slices.Clone(m)
	}
	if len(weights) != nc {
		return nil, fmt.Errorf("models: weights has length %d, want %d (one per row of means)", len(weights), nc)
	}
	if err := checkPositive("weights", weights); err != nil {
		return nil, err
	}
	if len(sigma) != nc {
		return nil, fmt.Errorf("models: sigma has length %d, want %d (one per row of means)", len(sigma), nc)
	}
	if err := checkPositive("sigma", sigma); err != nil {
		return nil, err
	}
	g.Weights = slices.Clone(weights)
	g.Sigma = slices.Clone(sigma)
	return g, nil
}

// Name returns "gmm".
func (GMM) Name() string { return "gmm" }

// Dim returns the length of the means.
func (g GMM) Dim() int {
	if len(g.Means) == 0 {
		return 0
	}
	return len(g.Means[0])
}

// Params returns copies of the parameters under "weights" ([]float64 of
// length K), "means" ([][]float64, K×Dim) and "sigma" ([]float64 of length
// K).
func (g GMM) Params() map[string]any {
	means := make([][]float64, len(g.Means))
	for j, m := range g.Means {
		means[j] = slices.Clone(m)
	}
	return map[string]any{
		"weights": slices.Clone(g.Weights),
		"means":   means,
		"sigma":   slices.Clone(g.Sigma),
	}
}

// Moments returns the exact mean and variance of each dimension of the
// mixture,
//
//	E[x_k] = Σ_j w_j Means[j][k],
//	Var[x_k] = Σ_j w_j (Sigma[j]² + Means[j][k]²) - E[x_k]².
//
// Only at kT = 1 is the Boltzmann density the mixture; at any other kT it
// is a power of a mixture with no closed form, and Moments returns an error.
func (g GMM) Moments(kT float64) (mean, variance []float64, err error) {
	if kT != 1 {
		return nil, nil, fmt.Errorf("models: GMM moments are known only at kT = 1, got kT = %v", kT)
	}
	var total float64
	for _, w := range g.Weights {
		total += w
	}
	dim := g.Dim()
	mean = make([]float64, dim)
	variance = make([]float64, dim)
	for j, m := range g.Means {
		w := g.Weights[j] / total
		s2 := g.Sigma[j] * g.Sigma[j]
		for k, mk := range m {
			mean[k] += w * mk
			variance[k] += w * (s2 + mk*mk)
		}
	}
	for k, mk := range mean {
		variance[k] -= mk * mk
	}
	return mean, variance, nil
}

// Assign returns the index of the component most likely to have produced x,
// a single point of length Dim: the j maximising w_j N(x; Means[j],
// Sigma[j]² I). It panics if len(x) != Dim.
func (g GMM) Assign(x []float64) int {
	if len(x) != g.Dim() {
		panic("models: GMM.Assign: len(x) != Dim")
	}
	logNorm, halfPrec := g.logTerms()
	best, bestL := 0, math.Inf(-1)
	for j, m := range g.Means {
		var r2 float64
		for k, mk := range m {
			d := x[k] - mk
			r2 += float64(d * d)
		}
		if l := logNorm[j] - float64(halfPrec[j]*r2); l > bestL {
			best, bestL = j, l
		}
	}
	return best
}

// logTerms returns, per component, log(w_j) - Dim log(σ_j) - Dim/2 log(2π)
// and 1/(2σ_j²), so that log(w_j N(x; μ_j, σ_j² I)) is
// logNorm[j] - halfPrec[j] |x - μ_j|².
func (g GMM) logTerms() (logNorm, halfPrec []float64) {
	var total float64
	for _, w := range g.Weights {
		total += w
	}
	dim := float64(g.Dim())
	logNorm = make([]float64, len(g.Weights))
	halfPrec = make([]float64, len(g.Weights))
	for j, w := range g.Weights {
		s := g.Sigma[j]
		logNorm[j] = rng.Log(w/total) - float64(dim*rng.Log(s)) - float64(dim/2*rng.Log(2*math.Pi))
		halfPrec[j] = 1 / (2 * s * s)
	}
	return logNorm, halfPrec
}

// Demon32 returns a float32 demon, also implementing Energy, with scratch
// for batches of up to n chains.
func (g GMM) Demon32(n int) Demon[float32] { return newGMMDemon[float32](g, n) }

// Demon64 returns a float64 demon, also implementing Energy, with scratch
// for batches of up to n chains.
func (g GMM) Demon64(n int) Demon[float64] { return newGMMDemon[float64](g, n) }

type gmmDemon[F constraints.Float] struct {
	dim, nc, maxN int
	means         []F // row-major nc×dim
	logNorm       []F
	halfPrec      []F
	prec          []F // 1/σ_j²

	// terms holds one row of n values per component: first the log terms,
	// then their exponentials, then the scaled responsibilities.
	terms []F
	// aux holds one value per chain: the running maximum of the log terms,
	// then the sum of their exponentials, then its reciprocal.
	aux []F
}

func newGMMDemon[F constraints.Float](g GMM, n int) *gmmDemon[F] {
	checkChains(n)
	nc, dim := len(g.Means), g.Dim()
	if len(g.Weights) != nc || len(g.Sigma) != nc {
		panic("models: GMM Weights, Means and Sigma differ in length")
	}
	d := &gmmDemon[F]{
		dim:   dim,
		nc:    nc,
		maxN:  n,
		means: make([]F, nc*dim),
		prec:  make([]F, nc),
		terms: make([]F, nc*n),
		aux:   make([]F, n),
	}
	for j, m := range g.Means {
		if len(m) != dim {
			panic("models: GMM Means rows differ in length")
		}
		for k, v := range m {
			d.means[j*dim+k] = F(v)
		}
		d.prec[j] = F(1 / (g.Sigma[j] * g.Sigma[j]))
	}
	logNorm, halfPrec := g.logTerms()
	d.logNorm = convert[F](logNorm)
	d.halfPrec = convert[F](halfPrec)
	return d
}

// exps fills row j of d.terms with exp(l_j - max) for each chain, where l_j
// is log(w_j N(x; μ_j, σ_j² I)), and writes the per-chain max into mx.
// Subtracting the max keeps the largest exponential at exactly one, so the
// sum over components neither overflows nor underflows to zero.
func (d *gmmDemon[F]) exps(x []F, n int, mx []F) {
	if n > d.maxN {
		panic("models: batch larger than the demon was made for")
	}
	dim := d.dim
	mx = mx[:n]
	for j := range d.nc {
		lj := row(d.terms, j, n)
		clear(lj)
		mu := d.means[j*dim : j*dim+dim]
		// Each product is rounded before it is added, so that targets
		// with FMA do not fuse the two and every architecture agrees.
		for k, m := range mu {
			xk := row(x, k, n)[:len(lj)]
			for c := range lj {
				dx := xk[c] - m
				lj[c] += F(dx * dx)
			}
		}
		ln, h := d.logNorm[j], d.halfPrec[j]
		for c := range lj {
			lj[c] = ln - F(h*lj[c])
		}
		if j == 0 {
			copy(mx, lj)
			continue
		}
		mx = mx[:len(lj)]
		for c := range lj {
			mx[c] = max(mx[c], lj[c])
		}
	}
	for j := range d.nc {
		lj := row(d.terms, j, n)[:len(mx)]
		for c := range lj {
			lj[c] = F(rng.Exp(float64(lj[c] - mx[c])))
		}
	}
}

// sum writes into s the per-chain sum of the exponentials in d.terms.
func (d *gmmDemon[F]) sum(n int, s []F) {
	s = s[:n]
	clear(s)
	for j := range d.nc {
		ej := row(d.terms, j, n)[:len(s)]
		for c := range s {
			s[c] += ej[c]
		}
	}
}

func (d *gmmDemon[F]) Force(_ float64, x, f []F, n int) {
	dim := d.dim
	checkBatch(len(x), len(f), dim, dim, n)
	d.exps(x, n, d.aux)
	d.sum(n, d.aux)
	inv := d.aux[:n]
	for c := range inv {
		inv[c] = 1 / inv[c]
	}
	// Turn the exponentials into responsibilities times 1/σ_j², the weight
	// of each component's pull (μ_j - x).
	for j := range d.nc {
		qj := row(d.terms, j, n)[:len(inv)]
		p := d.prec[j]
		for c := range qj {
			qj[c] = qj[c] * inv[c] * p
		}
	}
	for k := range dim {
		fk := row(f, k, n)
		xk := row(x, k, n)[:len(fk)]
		clear(fk)
		for j := range d.nc {
			m := d.means[j*dim+k]
			qj := row(d.terms, j, n)[:len(fk)]
			for c := range fk {
				fk[c] += F(qj[c] * (m - xk[c]))
			}
		}
	}
}

func (d *gmmDemon[F]) Energy(_ float64, x, u []F, n int) {
	checkBatch(len(x), len(u), d.dim, 1, n)
	u = u[:n]
	d.exps(x, n, u)
	d.sum(n, d.aux)
	s := d.aux[:len(u)]
	for c := range u {
		u[c] = -(u[c] + F(rng.Log(float64(s[c]))))
	}
}
