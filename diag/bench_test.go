package diag

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// ar1Draws returns chains AR(1) chains of draws steps in dim dimensions,
// correlation rho, as float32, laid out [chains, draws, dim].
func ar1Draws(chains, draws, dim int, rho float64, seed uint64) []float32 {
	out := make([]float32, chains*draws*dim)
	s := math.Sqrt(1 - rho*rho)
	for c := range chains {
		r := rand.New(rand.NewPCG(seed, uint64(c)))
		for k := range dim {
			x := r.NormFloat64()
			for d := range draws {
				out[(c*draws+d)*dim+k] = float32(x)
				x = rho*x + s*r.NormFloat64()
			}
		}
	}
	return out
}

// BenchmarkSummarize times the diagnostics of AR(1) chains (correlation
// 0.5) on all cores: a million short chains of one dimension, and a
// few thousand long ones of several. Calls after the first reuse their
// room, so that the first call's page faults weigh little in the mean.
func BenchmarkSummarize(b *testing.B) {
	for _, sz := range []struct {
		chains, draws, dim int
		f64                bool
	}{
		{1_000_000, 20, 1, false},
		{4096, 1000, 8, false},
		{4096, 1000, 8, true},
		{1024, 100, 16, false},
	} {
		data := ar1Draws(sz.chains, sz.draws, sz.dim, 0.5, 1)
		name := fmt.Sprintf("f32/%dx%dx%d", sz.chains, sz.draws, sz.dim)
		run := func(b *testing.B) ([]Summary, error) {
			return Summarize(context.Background(), data, sz.chains, sz.draws, sz.dim, Options{})
		}
		if sz.f64 {
			data64 := make([]float64, len(data))
			for i, v := range data {
				data64[i] = float64(v)
			}
			name = fmt.Sprintf("f64/%dx%dx%d", sz.chains, sz.draws, sz.dim)
			run = func(b *testing.B) ([]Summary, error) {
				return Summarize(context.Background(), data64, sz.chains, sz.draws, sz.dim, Options{})
			}
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := run(b); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(data)), "ns/draw")
		})
	}
}
