package kernel

import (
	"math"
	"slices"
	"testing"

	"github.com/thermoai/thermo/rng"
)

// TestNoiseStepsMatchSeparate checks the fused steps against drawing the
// noise first and stepping after, on every path, for shard sizes around
// the vector widths, and for a shard of more rows than one fused call
// takes (16) and more chains (1100) than one call covers (1024); the
// states the streams are left in must agree too.
func TestNoiseStepsMatchSeparate(t *testing.T) {
	shapes := []struct{ dim, n int }{{3, 1}, {3, 7}, {3, 16}, {3, 17}, {3, 33}, {3, 100}, {21, 48}, {21, 1100}}
	if testing.Short() {
		shapes = shapes[:len(shapes)-1]
	}
	for _, path := range Available() {
		restore := ForceISA(path)
		for _, sh := range shapes {
			dim, n := sh.dim, sh.n
			mass, fr, center := make([]float64, dim), make([]float64, dim), make([]float64, dim)
			for k := range dim {
				mass[k], fr[k], center[k] = 0.5+float64(k%3), 0.3+float64(k%4)/2, float64(k%3-1)
			}
			init := func(seed uint64) []float32 {
				v := make([]float32, dim*n)
				rng.FillNormal32(v, rng.NewStreams(seed, 0, n))
				return v
			}
			bc := NewBAOABCoef[float32](0.1, 1, mass, fr)
			uc := NewULACoef[float32](0.1, 1, fr)
			oc := NewOUCoef[float32](0.1, 1, mass, center, fr)
			for step := range 3 {
				x1, p1, f := init(1), init(2), init(3)
				x2, p2 := slices.Clone(x1), slices.Clone(p1)
				s1, s2 := rng.NewStreams(9, 5, n), rng.NewStreams(9, 5, n)
				xi := make([]float32, dim*n)
				for range step + 1 {
					rng.FillNormal(xi, s1)
					StepBAOAB(x1, p1, f, xi, n, bc, step > 0)
					StepBAOABNoise(x2, p2, f, make([]float32, dim*n), s2, n, bc, step > 0)
				}
				if !sameBits(x1, x2) || !sameBits(p1, p2) || !sameStreams(s1, s2) {
					t.Fatalf("%v n=%d: StepBAOABNoise differs from FillNormal+StepBAOAB", path, n)
				}
				rng.FillNormal(xi, s1)
				StepULA(x1, f, xi, n, uc)
				StepULANoise(x2, f, make([]float32, dim*n), s2, n, uc)
				rng.FillNormal(xi, s1)
				StepOU(x1, xi, n, oc)
				StepOUNoise(x2, make([]float32, dim*n), s2, n, oc)
				if !sameBits(x1, x2) || !sameStreams(s1, s2) {
					t.Fatalf("%v n=%d: ULA/OU noise steps differ", path, n)
				}
			}
		}
		restore()
	}
}

func sameBits(a, b []float32) bool {
	return slices.EqualFunc(a, b, func(x, y float32) bool { return math.Float32bits(x) == math.Float32bits(y) })
}

func sameStreams(a, b *rng.Streams) bool {
	ab, _ := a.MarshalBinary()
	bb, _ := b.MarshalBinary()
	return slices.Equal(ab, bb)
}
