package engine

import "testing"

// BenchmarkFold times the part of the summary that runs in chain order.
func BenchmarkFold(b *testing.B) {
	const dim, n = 16, 2048
	a := new(chainStats)
	a.reset(dim, n)
	x := make([]float32, dim*n)
	for i := range x {
		x[i] = float32(i%7) * 0.1
	}
	addDraw(a, x)
	addDraw(a, x)
	addDraw(a, x)
	e := newChainSummary(dim)
	b.ResetTimer()
	a.finish(make([]float64, n))
	for range b.N {
		e.next = 0
		e.fold(a)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*dim*n), "ns/elem")
}

// BenchmarkAddDraw times the per-draw sums of a shard.
func BenchmarkAddDraw(b *testing.B) {
	const dim, n = 16, 2048
	a := new(chainStats)
	a.reset(dim, n)
	x := make([]float32, dim*n)
	addDraw(a, x)
	addDraw(a, x)
	b.ResetTimer()
	for range b.N {
		addDraw(a, x)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*dim*n), "ns/elem")
}
