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
	prec          []F // 1/σ_j²
	// f serves Force in precision F and e serves Energy in float64; for
	// F = float64 they are the same.
	f *gmmParts[F]
	e *gmmParts[float64]
}

// gmmParts holds the log terms of a GMM and scratch for batches of up to
// maxN chains, in precision G.
type gmmParts[G constraints.Float] struct {
	means    []G // row-major nc×dim
	logNorm  []G
	halfPrec []G

	// terms holds one row of n values per component: first the log terms,
	// then their exponentials, then (for Force) the scaled
	// responsibilities.
	terms []G
	// aux holds one value per chain: the sum of the exponentials, then (for
	// Force) its reciprocal.
	aux []G
}

func newGMMParts[G constraints.Float](g GMM, n int) *gmmParts[G] {
	nc, dim := len(g.Means), g.Dim()
	p := &gmmParts[G]{
		means: make([]G, nc*dim),
		terms: make([]G, nc*n),
		aux:   make([]G, n),
	}
	for j, m := range g.Means {
		if len(m) != dim {
			panic("models: GMM Means rows differ in length")
		}
		for k, v := range m {
			p.means[j*dim+k] = G(v)
		}
	}
	logNorm, halfPrec := g.logTerms()
	p.logNorm = convert[G](logNorm)
	p.halfPrec = convert[G](halfPrec)
	return p
}

func newGMMDemon[F constraints.Float](g GMM, n int) *gmmDemon[F] {
	checkChains(n)
	nc, dim := len(g.Means), g.Dim()
	if len(g.Weights) != nc || len(g.Sigma) != nc {
		panic("models: GMM Weights, Means and Sigma differ in length")
	}
	d := &gmmDemon[F]{
		dim:  dim,
		nc:   nc,
		maxN: n,
		prec: make([]F, nc),
		f:    newGMMParts[F](g, n),
	}
	for j, s := range g.Sigma {
		d.prec[j] = F(1 / (s * s))
	}
	if e, ok := any(d.f).(*gmmParts[float64]); ok {
		d.e = e
	} else {
		d.e = newGMMParts[float64](g, n)
	}
	return d
}

// gmmExps fills row j of p.terms with exp(l_j - max) for each chain, where
// l_j is log(w_j N(x; μ_j, σ_j² I)) evaluated in precision G, and writes
// the per-chain max into mx. Subtracting the max keeps the largest
// exponential at exactly one, so the sum over components neither
// overflows nor underflows to zero.
func gmmExps[F, G constraints.Float](p *gmmParts[G], x []F, dim, n int, mx []G) {
	mx = mx[:n]
	for j := range p.logNorm {
		lj := row(p.terms, j, n)
		clear(lj)
		mu := p.means[j*dim : j*dim+dim]
		// Each product is rounded before it is added, so that targets
		// with FMA do not fuse the two and every architecture agrees.
		for k, m := range mu {
			xk := row(x, k, n)[:len(lj)]
			for c := range lj {
				dx := G(xk[c]) - m
				lj[c] += G(dx * dx)
			}
		}
		ln, h := p.logNorm[j], p.halfPrec[j]
		for c := range lj {
			lj[c] = ln - G(h*lj[c])
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
	for j := range p.logNorm {
		lj := row(p.terms, j, n)[:len(mx)]
		for c := range lj {
			lj[c] = G(rng.Exp(float64(lj[c] - mx[c])))
		}
	}
}

// sum writes into p.aux the per-chain sum of the exponentials in p.terms,
// over the components in order.
func (p *gmmParts[G]) sum(n int) {
	s := p.aux[:n]
	clear(s)
	for j := range p.logNorm {
		ej := row(p.terms, j, n)[:len(s)]
		for c := range s {
			s[c] += ej[c]
		}
	}
}

func (d *gmmDemon[F]) checkCapacity(n int) {
	if n > d.maxN {
		panic("models: batch larger than the demon was made for")
	}
}

func (d *gmmDemon[F]) Force(_ float64, x, f []F, n int) {
	dim := d.dim
	checkBatch(len(x), len(f), dim, dim, n)
	d.checkCapacity(n)
	p := d.f
	gmmExps(p, x, dim, n, p.aux)
	p.sum(n)
	inv := p.aux[:n]
	for c := range inv {
		inv[c] = 1 / inv[c]
	}
	// Turn the exponentials into responsibilities times 1/σ_j², the weight
	// of each component's pull (μ_j - x).
	for j := range d.nc {
		qj := row(p.terms, j, n)[:len(inv)]
		pj := d.prec[j]
		for c := range qj {
			qj[c] = qj[c] * inv[c] * pj
		}
	}
	for k := range dim {
		fk := row(f, k, n)
		xk := row(x, k, n)[:len(fk)]
		clear(fk)
		for j := range d.nc {
			m := p.means[j*dim+k]
			qj := row(p.terms, j, n)[:len(fk)]
			for c := range fk {
				fk[c] += F(qj[c] * (m - xk[c]))
			}
		}
	}
}

func (d *gmmDemon[F]) Energy(_ float64, x []F, u []float64, n int) {
	checkBatch(len(x), len(u), d.dim, 1, n)
	d.checkCapacity(n)
	u = u[:n]
	p := d.e
	gmmExps(p, x, d.dim, n, u)
	p.sum(n)
	s := p.aux[:len(u)]
	for c := range u {
		u[c] = -(u[c] + rng.Log(s[c]))
	}
}
