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

func BenchmarkSummarize(b *testing.B) {
	for _, sz := range []struct{ chains, draws, dim int }{
		{1_000_000, 20, 1},
		{4096, 1000, 8},
		{1024, 100, 16},
	} {
		data := ar1Draws(sz.chains, sz.draws, sz.dim, 0.5, 1)
		b.Run(fmt.Sprintf("f32/%dx%dx%d", sz.chains, sz.draws, sz.dim), func(b *testing.B) {
			b.SetBytes(int64(4 * len(data)))
			for b.Loop() {
				if _, err := Summarize(context.Background(), data, sz.chains, sz.draws, sz.dim, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(data)), "ns/draw")
		})
	}
}
