package diag

import (
	"math"
	"sort"
)

// The normal scores of the split draws, and of the folded split draws,
// come in rank order and belong all over z: written one by one, each
// would be a cache miss. They go first to buckets by their place in z,
// bucket b in z[b*bucketSize:] (z's memory is free then) with their places
// in dw.extra, then each bucket to its own part of z.
//
// Each worker scores a part of the ranks: a part of the sorted draws, cut
// between tie groups, or a band of folded values. A first pass counts each
// part's draws per bucket, which fixes where its scores go and its first
// rank, so that the parts go on at once.

// scorePart is one part's state.
type scorePart struct {
	pos        []int // next place in each bucket; first, the part's count per bucket
	rank       int   // split draws ranked before the part; first, the part's count
	groups     int   // tie groups scored
	zmin, zmax float64
	group      []uint32 // indices of a pending tie group of folded draws
}

func (sp *scorePart) count(i uint32) {
	sp.pos[i/bucketSize]++
	sp.rank++
}

func (sp *scorePart) put(sink bucketSink, z float64, i uint32) {
	b := i / bucketSize
	p := sp.pos[b]
	sink.z[p], sink.extra[p] = z, i
	sp.pos[b] = p + 1
}

// scored records a tie group of g draws scored z.
func (sp *scorePart) scored(z float64, g int) {
	if sp.groups == 0 {
		sp.zmin = z
	}
	sp.zmax = z
	sp.groups++
	sp.rank += g
}

// bucketSink is where scorePart.put writes.
type bucketSink struct {
	z     []float64
	extra []uint32
}

// scoreParts returns how many parts to score in: parts of fewer than
// 1<<16 draws are not worth a goroutine.
func (dw *dimWork[F]) scoreParts() int { return max(1, min(dw.inner, dw.sh.all>>16)) }

// startParts clears the parts' counts.
func (dw *dimWork[F]) startParts(parts int) {
	for p := range parts {
		sp := &dw.score[p]
		clear(sp.pos)
		sp.rank, sp.groups = 0, 0
	}
}

// layBuckets turns the parts' counts into their places and first ranks.
func (dw *dimWork[F]) layBuckets(parts int) {
	for b := range dw.ends {
		dw.ends[b] = b * bucketSize
	}
	r := 0
	for p := range parts {
		sp := &dw.score[p]
		sp.rank, r = r, r+sp.rank
		for b, c := range sp.pos {
			sp.pos[b] = dw.ends[b]
			dw.ends[b] += c
		}
	}
}

// finishScores moves the buckets into z and reports whether the scores
// are constant, as posterior's should_return_NA tells (max - min below
// the float64 epsilon).
func (dw *dimWork[F]) finishScores(parts int) (constant bool) {
	parallel(dw.inner, len(dw.ends), func(w, b int) {
		cs := dw.scratch[w]
		lo, hi := b*bucketSize, dw.ends[b]
		if cs.bz == nil {
			cs.bz, cs.bi = make([]float64, bucketSize), make([]uint32, bucketSize)
		}
		bz, bi := cs.bz[:hi-lo], cs.bi[:hi-lo]
		copy(bz, dw.z[lo:hi])
		copy(bi, dw.extra[lo:hi])
		for j, i := range bi {
			dw.z[i] = bz[j]
		}
	})
	zmin, zmax := math.NaN(), math.NaN()
	for p := range parts {
		if sp := &dw.score[p]; sp.groups > 0 {
			if math.IsNaN(zmin) {
				zmin = sp.zmin
			}
			zmax = sp.zmax
		}
	}
	return zmax-zmin < epsilon
}

// bulkScores writes the normal scores of the split draws to dw.z and
// reports whether they are constant.
func (dw *dimWork[F]) bulkScores(x sorted) (constant bool) {
	all, parts := dw.sh.all, dw.scoreParts()
	bounds := make([]int, parts+1)
	bounds[parts] = all
	for p := 1; p < parts; p++ {
		b := max(p*all/parts, bounds[p-1])
		for b > 0 && b < all && x.value(b) == x.value(b-1) {
			b++
		}
		bounds[p] = b
	}
	dw.startParts(parts)
	sink := bucketSink{dw.z, dw.extra}
	parallel(parts, parts, func(_, p int) {
		sp := &dw.score[p]
		for i := bounds[p]; i < bounds[p+1]; i++ {
			if k := x.index(i); k&midFlag == 0 {
				sp.count(k)
			}
		}
	})
	dw.layBuckets(parts)
	parallel(parts, parts, func(_, p int) {
		sp := &dw.score[p]
		for i := bounds[p]; i < bounds[p+1]; {
			v := x.value(i)
			j, g := i, 0
			for ; j < bounds[p+1] && x.value(j) == v; j++ {
				if x.index(j)&midFlag == 0 {
					g++
				}
			}
			if g > 0 {
				z := dw.sc.score(sp.rank, g)
				for t := i; t < j; t++ {
					if k := x.index(t); k&midFlag == 0 {
						sp.put(sink, z, k)
					}
				}
				sp.scored(z, g)
			}
			i = j
		}
	})
	return dw.finishScores(parts)
}

// foldScores writes the normal scores of the folded split draws,
// |x - median(x)|, to dw.z and reports whether they are constant. Their
// order comes from the sorted draws without another sort: out from the
// median on both sides, the folded values falling on the left and rising
// on the right.
func (dw *dimWork[F]) foldScores(x sorted) (constant bool) {
	all, parts := dw.sh.all, dw.scoreParts()
	med := median(x.value, all)
	mid := sort.Search(all, func(i int) bool { return x.value(i) >= med })
	fold := func(i int) float64 { return math.Abs(x.value(i) - med) }
	// Part p holds the folded values in [cut[p], cut[p+1]): on the left
	// the draws [left(cut[p+1]), left(cut[p])), on the right
	// [right(cut[p]), right(cut[p+1])).
	left := func(f float64) int { return sort.Search(mid, func(i int) bool { return fold(i) < f }) }
	right := func(f float64) int { return mid + sort.Search(all-mid, func(i int) bool { return fold(mid+i) >= f }) }
	cut := make([]float64, parts+1)
	cut[parts] = math.Inf(1)
	for p := 1; p < parts; p++ {
		// The value below which about p/parts of the draws fold.
		lo, hi := 0.0, math.Max(fold(0), fold(all-1))
		for range 64 {
			f := lo + (hi-lo)/2
			if (mid-left(f))+(right(f)-mid) >= p*all/parts {
				hi = f
			} else {
				lo = f
			}
		}
		cut[p] = max(hi, cut[p-1])
	}
	type band struct{ l0, l1, r0, r1 int }
	bands := make([]band, parts)
	for p := range parts {
		bands[p] = band{left(cut[p+1]), left(cut[p]), right(cut[p]), right(cut[p+1])}
	}
	dw.startParts(parts)
	sink := bucketSink{dw.z, dw.extra}
	parallel(parts, parts, func(_, p int) {
		sp, b := &dw.score[p], bands[p]
		for _, r := range [2][2]int{{b.l0, b.l1}, {b.r0, b.r1}} {
			for i := r[0]; i < r[1]; i++ {
				if k := x.index(i); k&midFlag == 0 {
					sp.count(k)
				}
			}
		}
	})
	dw.layBuckets(parts)
	parallel(parts, parts, func(_, p int) {
		sp, b := &dw.score[p], bands[p]
		var cur float64
		flush := func() {
			z := dw.sc.score(sp.rank, len(sp.group))
			for _, t := range sp.group {
				sp.put(sink, z, t)
			}
			sp.scored(z, len(sp.group))
			sp.group = sp.group[:0]
		}
		// next returns the next split draw from i on, by step, within
		// [lo, hi), and its folded value (+Inf past the end).
		next := func(i, step, lo, hi int) (int, float64) {
			for ; i >= lo && i < hi; i += step {
				if x.index(i)&midFlag == 0 {
					return i, fold(i)
				}
			}
			return i, math.Inf(1)
		}
		l, fl := next(b.l1-1, -1, b.l0, b.l1)
		r, fr := next(b.r0, 1, b.r0, b.r1)
		for l >= b.l0 || r < b.r1 {
			var f float64
			var t uint32
			if fl <= fr && l >= b.l0 {
				f, t = fl, x.index(l)
				l, fl = next(l-1, -1, b.l0, b.l1)
			} else {
				f, t = fr, x.index(r)
				r, fr = next(r+1, 1, b.r0, b.r1)
			}
			if len(sp.group) > 0 && f != cur {
				flush()
			}
			cur = f
			sp.group = append(sp.group, t)
		}
		if len(sp.group) > 0 {
			flush()
		}
	})
	return dw.finishScores(parts)
}
