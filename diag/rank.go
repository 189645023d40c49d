package diag

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// blom returns posterior's backtransform_ranks: (r - 3/8) / (S - 2·3/8 + 1).
func blom(r float64, s int) float64 {
	const c = 3.0 / 8
	return (r - c) / (float64(s) - 2*c + 1)
}

// scorer gives the normal scores of ranks among s split draws.
type scorer struct {
	s     int
	table []float64 // scores of the whole ranks 1..s, or nil
}

// zTable returns the normal scores of the ranks 1..s, shared by every
// dimension and by the draws and the folded draws alike, and read in rank
// order: a score costs about 20 ns, a look-up next to the last far less.
func zTable(s, workers int) []float64 {
	t := make([]float64, s)
	const block = 1 << 14
	parallel(workers, (s+block-1)/block, func(_, b int) {
		for r := b * block; r < min(s, (b+1)*block); r++ {
			t[r] = mathext.NormalQuantile(blom(float64(r+1), s))
		}
	})
	return t
}

// score returns the normal score of the g tied draws after the r draws
// below them: their average rank r + (g+1)/2, as R's
// rank(ties.method = "average").
func (sc *scorer) score(r, g int) float64 {
	if sc.table != nil && g%2 == 1 {
		return sc.table[r+(g-1)/2]
	}
	return mathext.NormalQuantile(blom(float64(r)+float64(g+1)/2, sc.s))
}

// epsilon is R's .Machine$double.eps, posterior's tolerance for constant
// draws.
const epsilon = 0x1p-52

// quantile7 is R's quantile(x, p) of type 7 (its default, and
// posterior's quantile2's) over the n sorted values at(0..n-1),
// computed in R's order of operations.
func quantile7(at func(int) float64, n int, p float64) float64 {
	index := 1 + float64(float64(n-1)*p) // no FMA: R rounds the product
	lo, hi := math.Floor(index), math.Ceil(index)
	q := at(int(lo) - 1)
	if index > lo {
		if x := at(int(hi) - 1); x != q {
			h := index - lo
			q = float64((1-h)*q) + float64(h*x)
		}
	}
	return q
}

// median is R's median: the middle value, or the mean of the two middle
// values.
func median(at func(int) float64, n int) float64 {
	if n%2 == 1 {
		return at((n - 1) / 2)
	}
	a, b := at(n/2-1), at(n/2)
	if m := (a + b) / 2; !math.IsInf(m, 0) {
		return m
	}
	return a/2 + b/2
}
