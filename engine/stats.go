package engine

import (
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
	n, draws         int
	shift, sum, sum2 []float64
}

func (a *chainStats) reset(dim, n int) {
	z := func(s *[]float64) {
		*s = reuse(s, dim*n)
		clear(*s)
	}
	a.n, a.draws = n, 0
	z(&a.shift)
	z(&a.sum)
	z(&a.sum2)
}

func addDraw[F kernel.Float](a *chainStats, x []F) {
	if a.draws == 0 {
		for i, v := range x[:len(a.shift)] {
			a.shift[i] = float64(v)
		}
	}
	sh := a.shift
	s, s2 := a.sum[:len(sh)], a.sum2[:len(sh)]
	for i, v := range x[:len(sh)] {
		d := float64(v) - sh[i]
		s[i] += d
		s2[i] += float64(d * d)
	}
	a.draws++
}

// chainSummary reduces the chains' means and (biased) variances over
// their draws in chain order, so that the summary has the same bits
// whatever the shard size, the number of workers or the order in which
// shards finish. A finished shard whose predecessors are still running
// waits in pending; the pool hands out shards round-robin, in chain
// order, so few ever wait.
type chainSummary struct {
	mu      sync.Mutex
	dim     int
	next    int // chains folded in so far
	pending map[int]*chainBlock
	free    []*chainBlock

	// Sums over chains, per dimension, of the chain mean and variance
	// about those of chain 0 (shift), and of their squares.
	started          bool
	shiftM, shiftV   []float64
	sm, sm2, sv, sv2 []float64
}

// chainBlock holds the means and variances of a shard's chains,
// chain-major.
type chainBlock struct {
	n          int
	mean, vari []float64
}

func newChainSummary(dim int) *chainSummary {
	z := func() []float64 { return make([]float64, dim) }
	return &chainSummary{dim: dim, pending: map[int]*chainBlock{},
		shiftM: z(), shiftV: z(), sm: z(), sm2: z(), sv: z(), sv2: z()}
}

// add folds in the chains of a finished shard whose chain 0 is chain c0
// of the run.
func (e *chainSummary) add(c0 int, a *chainStats) {
	n, dim := a.n, e.dim
	e.mu.Lock()
	var b *chainBlock
	if k := len(e.free); k > 0 {
		b, e.free = e.free[k-1], e.free[:k-1]
	} else {
		b = new(chainBlock)
	}
	e.mu.Unlock()
	b.n = n
	b.mean = reuse(&b.mean, n*dim)
	b.vari = reuse(&b.vari, n*dim)
	inv := 1 / float64(max(a.draws, 1))
	for k := range dim {
		for c := range n {
			i := k*n + c
			mc := float64(a.sum[i] * inv)
			b.mean[c*dim+k] = a.shift[i] + mc
			b.vari[c*dim+k] = float64(a.sum2[i]*inv) - float64(mc*mc)
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.pending[c0] = b
	for {
		b, ok := e.pending[e.next]
		if !ok {
			return
		}
		delete(e.pending, e.next)
		e.fold(b)
		e.next += b.n
		e.free = append(e.free, b)
	}
}

func (e *chainSummary) fold(b *chainBlock) {
	dim := e.dim
	if !e.started && b.n > 0 {
		copy(e.shiftM, b.mean[:dim])
		copy(e.shiftV, b.vari[:dim])
		e.started = true
	}
	for c := range b.n {
		m, v := b.mean[c*dim:c*dim+dim], b.vari[c*dim:c*dim+dim]
		for k := range dim {
			dm, dv := m[k]-e.shiftM[k], v[k]-e.shiftV[k]
			e.sm[k] += dm
			e.sm2[k] += float64(dm * dm)
			e.sv[k] += dv
			e.sv2[k] += float64(dv * dv)
		}
	}
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
	c, d := float64(chains), float64(draws)
	for k := range dim {
		s.Mean[k] = e.shiftM[k] + float64(e.sm[k]/c)
		meanV := e.shiftV[k] + float64(e.sv[k]/c)
		bm := max(e.sm2[k]-float64(float64(e.sm[k]*e.sm[k])/c), 0) // Σ (m_c - M)²
		bv := max(e.sv2[k]-float64(float64(e.sv[k]*e.sv[k])/c), 0) // Σ (v_c - mean v)²
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
