package engine

import (
	"fmt"
	"math"
	"sync"

	"github.com/thermoai/thermo/kernel"
)

// Stats summarises the recorded draws of a run: per-dimension mean and
// variance over all chains and draws.
type Stats struct {
	Mean, Var []float64
	// MeanSE and VarSE are standard errors of Mean and Var from the spread
	// between chains (zero with a single chain).
	MeanSE, VarSE []float64
	Count         int64 // values per dimension that entered the summary
}

// chainStats keeps the sums of each chain of a shard over its recorded
// draws, dimension-major like the state. Each chain's sums are about its
// own first draw and are added in draw order, so they depend on the chain
// alone, never on the shard it ran in.
type chainStats struct {
	n, dim, draws    int
	shift, sum, sum2 []float64
	// After finish, mean and vari hold each chain's mean and variance.
	mean, vari []float64
}

// reset readies a for a shard of n chains. The sums take memory only
// when draws come (a run that records one draw needs only the shift), and
// each draw overwrites what it first writes.
func (a *chainStats) reset(dim, n int) {
	a.n, a.dim, a.draws = n, dim, 0
}

func addDraw[F kernel.Float](a *chainStats, x []F) {
	m := a.dim * a.n
	// The first draw only sets the shift and the second starts the sums,
	// so that a run that records few draws writes little.
	switch a.draws {
	case 0:
		sh := reuse(&a.shift, m)
		for i, v := range x[:len(sh)] {
			sh[i] = float64(v)
		}
	case 1:
		sh := a.shift[:m]
		s, s2 := reuse(&a.sum, m), reuse(&a.sum2, m)
		s, s2 = s[:len(sh)], s2[:len(sh)]
		for i, v := range x[:len(sh)] {
			d := float64(v) - sh[i]
			s[i], s2[i] = d, float64(d*d)
		}
	default:
		sh := a.shift[:m]
		s, s2 := a.sum[:len(sh)], a.sum2[:len(sh)]
		for i, v := range x[:len(sh)] {
			d := float64(v) - sh[i]
			s[i] += d
			s2[i] += float64(d * d)
		}
	}
	a.draws++
}

// lanes is the number of partial sums per dimension of the summary: chain
// c goes into partial c mod lanes, so that four additions are in flight
// at once rather than one, and the order of every sum is still fixed by
// the chains' indices alone.
const lanes = 4

// chainSummary reduces the chains' means and (biased) variances over
// their draws in chain order, so that the summary has the same bits
// whatever the shard size, the number of workers or the order in which
// shards finish. Finished shards wait in pending until every chain before
// them is in; the pool deals shards round-robin, in chain order, so few
// wait.
type chainSummary struct {
	mu      sync.Mutex
	dim     int
	next    int // chains folded in so far
	pending map[int]*chainStats
	free    []*chainStats
	zeros   []float64 // the variances of chains with one draw
	// keepMean and keepVar, when set, receive every chain's mean and
	// variance, chain-major.
	keepMean, keepVar []float64
	folding           bool // a caller of add is folding; only it touches what follows

	// Partial sums, lanes per dimension, of the chains' means and
	// variances about those of chain 0 (shiftM, shiftV) and of their
	// squares.
	started          bool
	shiftM, shiftV   []float64
	sm, sm2, sv, sv2 []float64
}

func newChainSummary(dim int) *chainSummary {
	z := func(m int) []float64 { return make([]float64, m) }
	return &chainSummary{dim: dim, pending: map[int]*chainStats{},
		shiftM: z(dim), shiftV: z(dim), sm: z(lanes * dim), sm2: z(lanes * dim), sv: z(lanes * dim), sv2: z(lanes * dim)}
}

// add hands over the sums of a finished shard whose chain 0 is chain c0
// of the run, and returns sums the caller may use for its next shard. The
// per-chain arithmetic runs before the lock is taken, and the folding in
// chain order outside it: the caller that finds the next shards in line
// folds them while the other workers, finding a fold under way, go on.
func (e *chainSummary) add(c0 int, a *chainStats) *chainStats {
	e.mu.Lock()
	if len(e.zeros) < a.n {
		e.zeros = make([]float64, a.n)
	}
	zeros := e.zeros
	e.mu.Unlock()
	a.finish(zeros)

	e.mu.Lock()
	defer e.mu.Unlock()
	e.pending[c0] = a
	var next *chainStats
	if k := len(e.free); k > 0 {
		next, e.free = e.free[k-1], e.free[:k-1]
	} else {
		next = new(chainStats)
	}
	if e.folding {
		return next
	}
	e.folding = true
	for {
		b, ok := e.pending[e.next]
		if !ok {
			e.folding = false
			return next
		}
		delete(e.pending, e.next)
		e.mu.Unlock()
		e.fold(b)
		e.mu.Lock()
		e.free = append(e.free, b)
	}
}

// finish computes each chain's mean and variance about it into a.mean
// and a.vari, in the worker, outside the summary's lock; it is done once
// a.draws is negative. A chain with one draw has that draw as its mean
// and variance zero (zeros, which the summary keeps, of length n).
func (a *chainStats) finish(zeros []float64) {
	m := a.dim * a.n
	switch {
	case a.draws < 0:
		return
	case a.draws == 0:
		a.mean, a.vari = zeros[:0], zeros[:0]
	case a.draws == 1:
		a.mean, a.vari = a.shift[:m], nil
	default:
		inv := 1 / float64(a.draws)
		sum, sum2, shift := a.sum[:m], a.sum2[:m], a.shift[:m]
		sum2, shift = sum2[:len(sum)], shift[:len(sum)]
		// The sums become the moments in place.
		for i, s := range sum {
			mc := float64(s * inv)
			sum[i] = shift[i] + mc
			sum2[i] = float64(sum2[i]*inv) - float64(mc*mc)
		}
		a.mean, a.vari = sum, sum2
	}
	a.draws = -1
}

// fold adds the chains of a, finished and next in chain order, to the
// sums.
func (e *chainSummary) fold(a *chainStats) {
	n, c0 := a.n, e.next
	if len(a.mean) < e.dim*n {
		e.next += n // no draws
		return
	}
	for k := range e.dim {
		mean := a.mean[k*n : k*n+n]
		var vari []float64
		if a.vari != nil {
			vari = a.vari[k*n : k*n+n]
		} else {
			vari = e.zeros[:n] // one draw: variance zero
		}
		if e.keepMean != nil {
			for c := range n {
				e.keepMean[(c0+c)*e.dim+k] = mean[c]
				e.keepVar[(c0+c)*e.dim+k] = vari[c]
			}
		}
		if !e.started {
			e.shiftM[k], e.shiftV[k] = mean[0], vari[0]
		}
		hm, hv := e.shiftM[k], e.shiftV[k]
		var acc [4][lanes]float64 // Σ dm, Σ dm², Σ dv, Σ dv² per lane
		for l := range lanes {
			acc[0][l], acc[1][l] = e.sm[k*lanes+l], e.sm2[k*lanes+l]
			acc[2][l], acc[3][l] = e.sv[k*lanes+l], e.sv2[k*lanes+l]
		}
		vari = vari[:len(mean)]
		// one adds chain c alone, for the chains before the first whole
		// group of lanes and after the last.
		one := func(c int) {
			dm, dv := mean[c]-hm, vari[c]-hv
			l := (c0 + c) % lanes
			acc[0][l] += dm
			acc[1][l] += float64(dm * dm)
			acc[2][l] += dv
			acc[3][l] += float64(dv * dv)
		}
		c := 0
		for ; c < n && (c0+c)%lanes != 0; c++ {
			one(c)
		}
		// Whole groups of four chains, one per lane, with the sums in
		// registers.
		for ; c+lanes <= n; c += lanes {
			m, v := mean[c:c+lanes:c+lanes], vari[c:c+lanes:c+lanes]
			d0, d1, d2, d3 := m[0]-hm, m[1]-hm, m[2]-hm, m[3]-hm
			w0, w1, w2, w3 := v[0]-hv, v[1]-hv, v[2]-hv, v[3]-hv
			acc[0][0], acc[0][1], acc[0][2], acc[0][3] = acc[0][0]+d0, acc[0][1]+d1, acc[0][2]+d2, acc[0][3]+d3
			acc[1][0], acc[1][1] = acc[1][0]+float64(d0*d0), acc[1][1]+float64(d1*d1)
			acc[1][2], acc[1][3] = acc[1][2]+float64(d2*d2), acc[1][3]+float64(d3*d3)
			acc[2][0], acc[2][1], acc[2][2], acc[2][3] = acc[2][0]+w0, acc[2][1]+w1, acc[2][2]+w2, acc[2][3]+w3
			acc[3][0], acc[3][1] = acc[3][0]+float64(w0*w0), acc[3][1]+float64(w1*w1)
			acc[3][2], acc[3][3] = acc[3][2]+float64(w2*w2), acc[3][3]+float64(w3*w3)
		}
		for ; c < n; c++ {
			one(c)
		}
		for l := range lanes {
			e.sm[k*lanes+l], e.sm2[k*lanes+l] = acc[0][l], acc[1][l]
			e.sv[k*lanes+l], e.sv2[k*lanes+l] = acc[2][l], acc[3][l]
		}
	}
	e.started = e.started || n > 0
	e.next += n
}

// SummarizeChains computes the summary of a run from every chain's mean
// and variance over its draws draws (chain-major, dim per chain, as
// Result.ChainMean and ChainVar hold them), with the arithmetic of a run:
// the pieces of a run split with FirstChain, put back together, give the
// summary of the whole run bit for bit.
func SummarizeChains(mean, vari []float64, dim, draws int) (Stats, error) {
	if dim < 1 || len(mean) != len(vari) || len(mean)%dim != 0 {
		return Stats{}, fmt.Errorf("engine: %d means and %d variances of %d dimensions", len(mean), len(vari), dim)
	}
	e := newChainSummary(dim)
	n := len(mean) / dim
	a := &chainStats{n: n, dim: dim, draws: -1, mean: make([]float64, n*dim), vari: make([]float64, n*dim)}
	for c := range n {
		for k := range dim {
			a.mean[k*n+c], a.vari[k*n+c] = mean[c*dim+k], vari[c*dim+k]
		}
	}
	e.zeros = make([]float64, n)
	if draws > 0 {
		e.fold(a)
	}
	return e.stats(draws), nil
}

// stats computes the summary over chains of draws draws each. Over all
// C·D values the sum of squares about the grand mean M is
// D Σ_c v_c + D Σ_c (m_c - M)², with v_c the chain's own variance and m_c
// its mean.
func (e *chainSummary) stats(draws int) Stats {
	dim := e.dim
	z := func() []float64 { return make([]float64, dim) }
	chains := e.next
	s := Stats{Mean: z(), Var: z(), MeanSE: z(), VarSE: z(), Count: int64(chains) * int64(draws)}
	if s.Count == 0 {
		return s
	}
	total := func(p []float64, k int) float64 {
		p = p[k*lanes : k*lanes+lanes]
		return (p[0] + p[1]) + (p[2] + p[3])
	}
	c, d := float64(chains), float64(draws)
	for k := range dim {
		sm, sm2, sv, sv2 := total(e.sm, k), total(e.sm2, k), total(e.sv, k), total(e.sv2, k)
		s.Mean[k] = e.shiftM[k] + float64(sm/c)
		meanV := e.shiftV[k] + float64(sv/c)
		bm := max(sm2-float64(float64(sm*sm)/c), 0) // Σ (m_c - M)²
		bv := max(sv2-float64(float64(sv*sv)/c), 0) // Σ (v_c - mean v)²
		if s.Count > 1 {
			s.Var[k] = float64(d*(float64(c*meanV)+bm)) / (float64(c*d) - 1)
		}
		if chains > 1 {
			varM := bm / (c - 1)
			varV := bv / (c - 1)
			s.MeanSE[k] = math.Sqrt(varM / c)
			// The variance about the grand mean of one chain is its own
			// variance plus (m_c - M)², whose variance is 2 varM² for
			// normal chain means.
			s.VarSE[k] = math.Sqrt((varV + float64(2*varM*varM)) / c)
		}
	}
	return s
}
