package diag

import (
	"context"
	"math"
	"unsafe"
)

// shape is the layout of one dimension's draws and of its split chains.
type shape struct {
	C, N   int // chains, draws per chain
	n, M   int // draws per split chain, split chains
	S      int // split draws, M n
	all    int // draws, C N
	middle bool
}

func newShape(chains, draws int) *shape {
	sh := &shape{C: chains, N: draws, all: chains * draws}
	if draws == 1 {
		sh.n, sh.M = 1, chains // posterior does not split one draw
	} else {
		sh.n, sh.M, sh.middle = draws/2, 2*chains, draws%2 == 1
	}
	sh.S = sh.n * sh.M
	return sh
}

// off returns where split chain j starts among a dimension's draws,
// numbered chain after chain: chain j/2, its first half for even j.
func (sh *shape) off(j int) int {
	if sh.N == 1 {
		return j
	}
	return (j>>1)*sh.N + (j&1)*(sh.N-sh.n)
}

// midFlag marks, in an index, the middle draw of a chain of odd length,
// which split chains leave out.
const midFlag = 1 << 31

// The series whose autocovariances the ESS needs, per split chain.
const (
	serX  = iota // the draws: ess_mean, for mcse_mean
	serZ         // their normal scores: ess_bulk
	serLo        // x <= q5: ess_tail
	serHi        // x <= q95: ess_tail
	nSeries
)

const (
	blockChains = 256       // split chains per block of the sums over chains
	blockDraws  = 1 << 14   // draws per block of the sums over draws
	bucketSize  = 1<<17 + 8 // draws per bucket of scores on their way to z
)

// bitsFrom is the shortest split chain whose indicators' lag sums come
// from bits (indicatorLagSums); shorter ones take direct sums, faster
// there.
const bitsFrom = 32

// lagStages are the lags computed by direct sums, in turn, as far as
// Geyer's sequence needs them; past the last, an FFT gives them all.
var lagStages = []int{16, 64}

// dimWork is one worker's room for one dimension, reused for the next.
//
// Fresh memory is costly (on some virtual machines a page fault costs
// more than a score), so the draws are read where they lie, and the sort's
// second buffer lives in the memory of z, which the scores fill after the
// sort: 20 bytes per draw for float32, 24 for float64.
type dimWork[F float32 | float64] struct {
	sh    *shape
	data  []F // [chains, draws, dim]
	dim   int
	k     int // the dimension at hand
	sc    scorer
	inner int

	z      []float64   // the split draws' scores, chain after chain
	keys   [2][]uint64 // sort keys; keys[1] in z's memory
	idx    [2][]uint32
	extra  []uint32 // where each bucketed score goes
	counts [][radixBuckets]int
	score  []scorePart // per worker
	ends   []int       // where each bucket's scores end

	scratch []*chainScratch
	// Per block of chains: the moments of the chains' means of each
	// series, of the scores' means and variances, and the draws below q5
	// and q95.
	means   [][nSeries]moments
	scoreMV [][2]moments
	counted [][2]int
	sums    []float64
	parts   []neumaier
	rho     []float64
}

func newDimWork[F float32 | float64](sh *shape, data []F, dim int, table []float64, inner int) *dimWork[F] {
	dw := &dimWork[F]{sh: sh, data: data, dim: dim, sc: scorer{s: sh.S, table: table}, inner: inner,
		z:      make([]float64, sh.all),
		extra:  make([]uint32, sh.all),
		counts: make([][radixBuckets]int, inner),
		score:  make([]scorePart, inner),
		ends:   make([]int, sh.all/bucketSize+1),
		rho:    make([]float64, sh.n),
	}
	dw.keys[0] = make([]uint64, sh.all)
	dw.keys[1] = unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(dw.z))), sh.all)
	if unsafe.Sizeof(F(0)) == 8 {
		dw.idx[0], dw.idx[1] = make([]uint32, sh.all), dw.extra
	}
	for p := range dw.score {
		dw.score[p].pos = make([]int, len(dw.ends))
	}
	for range inner {
		cs := newChainScratch(sh.n)
		cs.chain = make([]float64, sh.N)
		dw.scratch = append(dw.scratch, cs)
	}
	nb := dw.chainBlocks()
	dw.means, dw.scoreMV, dw.counted = make([][nSeries]moments, nb), make([][2]moments, nb), make([][2]int, nb)
	return dw
}

func (dw *dimWork[F]) chainBlocks() int { return (dw.sh.M + blockChains - 1) / blockChains }

// load copies the n draws of split chain j to dst.
func (dw *dimWork[F]) load(dst []float64, j int) {
	dw.copyDraws(dst, dw.sh.off(j))
}

// loadChain copies the N draws of chain c to dst.
func (dw *dimWork[F]) loadChain(dst []float64, c int) {
	dw.copyDraws(dst, c*dw.sh.N)
}

// copyDraws copies len(dst) draws from draw number off on.
func (dw *dimWork[F]) copyDraws(dst []float64, off int) {
	if dw.dim == 1 {
		for t, v := range dw.data[off : off+len(dst)] {
			dst[t] = float64(v)
		}
		return
	}
	i := off*dw.dim + dw.k
	for t := range dst {
		dst[t] = float64(dw.data[i])
		i += dw.dim
	}
}

// summarize computes the Summary of dimension k, or stops between its
// steps when ctx is done.
func (dw *dimWork[F]) summarize(ctx context.Context, k int) (Summary, error) {
	dw.k = k
	sh := dw.sh
	var s Summary
	s.Mean, s.SD = dw.meanSD()

	x := dw.sort()
	s.Q5, s.Q50, s.Q95 = quantile7(x.value, sh.all, 0.05), quantile7(x.value, sh.all, 0.5), quantile7(x.value, sh.all, 0.95)
	rawConstant := x.value(sh.all-1)-x.value(0) < epsilon
	first, last := 0, sh.all-1
	for x.index(first)&midFlag != 0 {
		first++
	}
	for x.index(last)&midFlag != 0 {
		last--
	}
	splitConstant := x.value(last)-x.value(first) < epsilon
	if err := ctx.Err(); err != nil {
		return s, err
	}

	zConstant := dw.bulkScores(x)
	ess := [nSeries]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	if sh.n >= 3 {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		ess = dw.ess(s.Q5, s.Q95, [nSeries]bool{splitConstant, zConstant, rawConstant, rawConstant})
	}
	s.ESSBulk = ess[serZ]
	s.ESSTail = math.Min(ess[serLo], ess[serHi]) // NaN if either is
	s.MCSE = s.SD / math.Sqrt(ess[serX])

	s.Rhat = math.NaN()
	if sh.n >= 2 && !zConstant {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		bulk := dw.scoreRhat()
		if !dw.foldScores(x) {
			s.Rhat = math.Max(bulk, dw.scoreRhat()) // NaN if either is
		}
	}
	return s, nil
}

// meanSD returns R's mean and sd of all the draws: plain sums within a
// chain, compensated across chains.
func (dw *dimWork[F]) meanSD() (mean, sd float64) {
	sh := dw.sh
	cpb := max(1, blockDraws/sh.N) // chains per block
	nb := (sh.C + cpb - 1) / cpb
	if cap(dw.parts) < 2*nb {
		dw.parts = make([]neumaier, 2*nb)
	}
	parts := dw.parts[:2*nb]
	parallel(dw.inner, nb, func(w, b int) {
		x := dw.scratch[w].chain
		var a neumaier
		for c := b * cpb; c < min(sh.C, (b+1)*cpb); c++ {
			dw.loadChain(x, c)
			a.add(sum(x))
		}
		parts[b] = a
	})
	var total neumaier
	for _, p := range parts[:nb] {
		total.add(p.s)
		total.add(p.c)
	}
	n := float64(sh.all)
	m := total.sum() / n
	parallel(dw.inner, nb, func(w, b int) {
		x := dw.scratch[w].chain
		var d1, d2 neumaier
		for c := b * cpb; c < min(sh.C, (b+1)*cpb); c++ {
			dw.loadChain(x, c)
			// The residuals v - m summed without rounding error (TwoSum
			// of each difference and of the running sum), as R's long
			// double mean gets: m is often already the mean rounded.
			hi, lo, s2 := 0.0, 0.0, 0.0
			for _, v := range x {
				d := v - m
				z := d - v
				e := (v - (d - z)) - (m + z)
				s := hi + d
				zz := s - hi
				lo += ((hi - (s - zz)) + (d - zz)) + e
				hi = s
				s2 += d * d
			}
			d1.add(hi)
			d1.add(lo)
			d2.add(s2)
		}
		parts[2*b], parts[2*b+1] = d1, d2
	})
	var d1, d2 neumaier
	for b := range nb {
		d1.add(parts[2*b].s)
		d1.add(parts[2*b].c)
		d2.add(parts[2*b+1].s)
		d2.add(parts[2*b+1].c)
	}
	d := d1.sum()
	mean = m + d/n
	if sh.all == 1 {
		return mean, math.NaN()
	}
	return mean, math.Sqrt((d2.sum() - d*d/n) / (n - 1))
}

// sort returns the draws sorted, with their indices (chain c, draw d at
// c N + d, middle draws flagged).
func (dw *dimWork[F]) sort() sorted {
	sh := dw.sh
	keys, idx := dw.keys[0], dw.idx[0]
	const chainsPerBlock = 1 << 10
	parallel(dw.inner, (sh.C+chainsPerBlock-1)/chainsPerBlock, func(_, b int) {
		for c := b * chainsPerBlock; c < min(sh.C, (b+1)*chainsPerBlock); c++ {
			for d := range sh.N {
				i := c*sh.N + d
				t := uint32(i)
				if sh.middle && d == sh.n {
					t |= midFlag
				}
				v := dw.data[i*dw.dim+dw.k]
				if idx == nil {
					keys[i] = uint64(key32(float32(v)))<<32 | uint64(t)
				} else {
					keys[i], idx[i] = key64(float64(v)), t
				}
			}
		}
	})
	lo := 0
	if idx == nil {
		lo = 32
	}
	k, i := radixSort(keys, dw.keys[1], idx, dw.idx[1], lo, dw.counts)
	if &k[0] != &keys[0] {
		copy(keys, k)
		copy(idx, i)
	}
	return sorted{keys, idx}
}

// ess returns the ESS of each series: the draws, their scores and the
// indicators of q5 and q95; na marks the series posterior gives NA.
func (dw *dimWork[F]) ess(q5, q95 float64, na [nSeries]bool) (out [nSeries]float64) {
	sh := dw.sh
	var acm [nSeries][]float64
	var need [nSeries]bool
	for s := range nSeries {
		out[s] = math.NaN()
		acm[s] = make([]float64, sh.n)
		need[s] = !na[s]
	}
	// The first stage also takes the chains' means and the indicators'
	// counts.
	k0 := 0
	for stage := 0; ; stage++ {
		fft := stage == len(lagStages)
		k1 := sh.n
		if fft {
			k0 = 0
		} else {
			k1 = min(sh.n, lagStages[stage])
		}
		dw.lagPass(stage == 0, fft, need, k0, k1, q5, q95, &acm)
		if stage == 0 {
			lo, hi := 0, 0
			for _, c := range dw.counted {
				lo += c[0]
				hi += c[1]
			}
			// posterior's should_return_NA of the split indicators.
			need[serLo] = need[serLo] && lo != 0 && lo != sh.S
			need[serHi] = need[serHi] && hi != 0 && hi != sh.S
		}
		more := false
		for s := range nSeries {
			if !need[s] {
				continue
			}
			need[s] = false
			var m moments
			for _, b := range dw.means {
				m = m.merge(b[s])
			}
			e, ok := geyer(acm[s][:k1], sh.n, sh.M, m.variance(), dw.rho)
			if !ok {
				need[s], more = true, true
				continue
			}
			out[s] = e
		}
		if !more {
			return out
		}
		k0 = k1
	}
}

// lagPass sets acm[s][k0:k1], for the series s in need, to the split
// chains' autocovariances at those lags (all lags by FFT if fft), averaged
// over the chains; first also records the chains' means and the
// indicators' counts.
func (dw *dimWork[F]) lagPass(first, fft bool, need [nSeries]bool, k0, k1 int, q5, q95 float64, acm *[nSeries][]float64) {
	sh := dw.sh
	n, nl := sh.n, k1-k0
	nb := dw.chainBlocks()
	if cap(dw.sums) < nb*nSeries*nl {
		dw.sums = make([]float64, nb*nSeries*nl)
	}
	sums := dw.sums[:nb*nSeries*nl]
	clear(sums)
	nf := float64(n)
	parallel(dw.inner, nb, func(w, b int) {
		cs := dw.scratch[w]
		var counted [2]int
		for j := b * blockChains; j < min(sh.M, (b+1)*blockChains); j++ {
			dw.load(cs.x, j)
			off := sh.off(j)
			zs := dw.z[off : off+n]
			for s := range nSeries {
				if !need[s] {
					continue
				}
				var m float64
				byBits := false
				switch s {
				case serX:
					m = center(cs.y, cs.x)
				case serZ:
					m = center(cs.y, zs)
				default:
					q := q5
					if s == serHi {
						q = q95
					}
					var c int
					if byBits = !fft && n >= bitsFrom; byBits {
						m, c = cs.indicatorLagSums(cs.x, q, k0, k1, cs.r)
					} else {
						m, c = indicator(cs.y, cs.x, q)
					}
					counted[s-serLo] += c
				}
				switch {
				case byBits:
				case fft:
					cs.fftLagSums(cs.y, cs.r)
				default:
					lagSums(cs.y, k0, k1, cs.r)
				}
				if first {
					cs.means[s][j-b*blockChains] = m
				}
				acc := sums[(b*nSeries+s)*nl : (b*nSeries+s+1)*nl]
				for k, r := range cs.r[:nl] {
					acc[k] += r / nf
				}
			}
		}
		if first {
			k := min(sh.M, (b+1)*blockChains) - b*blockChains
			for s := range nSeries {
				dw.means[b][s] = momentsOf(cs.means[s][:k])
			}
			dw.counted[b] = counted
		}
	})
	m := float64(sh.M)
	for s := range nSeries {
		if !need[s] {
			continue
		}
		for k := range nl {
			var a neumaier
			for b := range nb {
				a.add(sums[(b*nSeries+s)*nl+k])
			}
			acm[s][k0+k] = a.sum() / m
		}
	}
}

// scoreRhat returns the split R-hat of the scores in dw.z.
func (dw *dimWork[F]) scoreRhat() float64 {
	sh := dw.sh
	nf := float64(sh.n)
	parallel(dw.inner, dw.chainBlocks(), func(w, b int) {
		cs := dw.scratch[w]
		j0, j1 := b*blockChains, min(sh.M, (b+1)*blockChains)
		for j := j0; j < j1; j++ {
			off := sh.off(j)
			cs.means[0][j-j0] = center(cs.y, dw.z[off:off+sh.n])
			// colVars(x, center): mean((x - center)^2) n/(n-1).
			cs.means[1][j-j0] = dot(cs.y, cs.y) / nf * (nf / (nf - 1))
		}
		dw.scoreMV[b] = [2]moments{momentsOf(cs.means[0][:j1-j0]), momentsOf(cs.means[1][:j1-j0])}
	})
	var means, vars moments
	for _, mv := range dw.scoreMV {
		means, vars = means.merge(mv[0]), vars.merge(mv[1])
	}
	return rhat(means, vars, sh.n)
}
