package tla

import (
	"sync"

	"github.com/thermoai/thermo/kernel"
)

// sums is the sink of a Solve: running sums of the draws, one set per
// shard of the run. The engine hands a shard's blocks to one goroutine at
// a time, in draw order, and the shards are fixed by the chains and the
// order alone (shardSize), so every shard's sums are the same whatever the
// workers; total adds them up in shard order.
type sums struct {
	dim, size int
	inverse   bool
	shards    []*shardSums
	scratch   sync.Pool
}

// shardSums holds the sums of one shard's draws x, taken about a shift s
// (the shard's first draw), which keeps the second moments free of
// cancellation: n draws, s1 = Σ (x - s) and s2 = Σ (x - s)(x - s)ᵀ.
type shardSums struct {
	n      int
	shift  []float64
	s1, s2 []float64
}

func newSums(dim, chains, size int, inverse bool) *sums {
	return &sums{dim: dim, size: size, inverse: inverse, shards: make([]*shardSums, (chains+size-1)/size)}
}

// WriteBlock adds draws d0..d0+nd-1 of chains c0..c0+n-1, chain-major
// [n][nd][dim], to the sums of their shard: the draws in the block's
// order, the second moments by kernel.Outer, whose sum is pinned.
func (s *sums) WriteBlock(c0, n, d0, nd int, block []float64) error {
	dim := s.dim
	sh := s.shards[c0/s.size]
	if sh == nil {
		sh = &shardSums{shift: append([]float64(nil), block[:dim]...), s1: make([]float64, dim)}
		if s.inverse {
			sh.s2 = make([]float64, dim*dim)
		}
		s.shards[c0/s.size] = sh
	}
	m := n * nd
	var y []float64
	if p, ok := s.scratch.Get().(*[]float64); ok && cap(*p) >= m*dim {
		y = (*p)[:m*dim]
	} else {
		y = make([]float64, m*dim)
	}
	// Dimension-major deviations from the shift: y[k*m + j] for draw j.
	for j := range m {
		x := block[j*dim : j*dim+dim]
		for k, v := range x {
			y[k*m+j] = v - sh.shift[k]
		}
	}
	for k := range dim {
		acc := sh.s1[k]
		for _, v := range y[k*m : k*m+m] {
			acc += v
		}
		sh.s1[k] = acc
	}
	if s.inverse {
		kernel.Outer(sh.s2, y, y, m, dim, dim)
	}
	sh.n += m
	s.scratch.Put(&y)
	return nil
}

// total returns the mean of all draws and, when the sums keep second
// moments, their covariance (divided by the number of draws), merging the
// shards in order (Chan, Golub and LeVeque 1979).
func (s *sums) total() (mean, cov []float64) {
	dim := s.dim
	mean = make([]float64, dim)
	var m2 []float64
	if s.inverse {
		m2 = make([]float64, dim*dim)
	}
	total := 0
	mk := make([]float64, dim)
	delta := make([]float64, dim)
	for _, sh := range s.shards {
		if sh == nil || sh.n == 0 {
			continue
		}
		nk := float64(sh.n)
		for k := range dim {
			mk[k] = sh.shift[k] + sh.s1[k]/nk
		}
		nt := float64(total + sh.n)
		w := nk / nt
		for k := range dim {
			delta[k] = mk[k] - mean[k]
			mean[k] += delta[k] * w
		}
		if m2 != nil {
			cross := float64(total) * w
			for i := range dim {
				for j := range dim {
					// The shard's centred sum, s2 - s1 s1ᵀ/n, and the
					// spread between the shard's mean and the rest's.
					m2[i*dim+j] += (sh.s2[i*dim+j] - sh.s1[i]*sh.s1[j]/nk) + delta[i]*delta[j]*cross
				}
			}
		}
		total += sh.n
	}
	if m2 != nil {
		for i := range m2 {
			m2[i] /= float64(total)
		}
	}
	return mean, m2
}
