package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestTanh32Accuracy checks Tanh32 against math.Tanh on the float32s of
// [-10, 10] spaced by 2^-12 and on tiny and huge ones: within 8 units of
// 2^-24 relative to |tanh z| (or to 1/16 below it, where the error is
// absolute). The worst seen is about 6, near |z| = 5.9.
func TestTanh32Accuracy(t *testing.T) {
	worst := 0.0
	check := func(z float32) {
		got := float64(Tanh32(z))
		want := math.Tanh(float64(z))
		err := math.Abs(got - want)
		scale := math.Max(math.Abs(want), 0.0625)
		ulps := err / (scale * 0x1p-24)
		worst = math.Max(worst, ulps)
		if ulps > 8 {
			t.Fatalf("Tanh32(%v) = %v, tanh %v: %.1f ulps", z, got, want, ulps)
		}
	}
	for i := -40960; i <= 40960; i++ {
		check(float32(i) / 4096)
	}
	for _, z := range []float32{1e-30, -1e-30, 1e-10, 3e-4, 7.9, 7.91, 8, 9, 20, 1e30, -1e30, float32(math.Inf(1)), float32(math.Inf(-1))} {
		check(z)
	}
	t.Logf("worst error %.2f ulps", worst)
	if v := Tanh32(float32(math.NaN())); v == v {
		t.Errorf("Tanh32(NaN) = %v", v)
	}
}

// TestBiasTanh32Paths checks every path against the generic code bit for
// bit, with and without the derivative, guard cells around the outputs,
// and values that reach the clamp, infinities, NaN and tiny numbers.
func TestBiasTanh32Paths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(31, 32))
		special := []float32{0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 7.9, -7.9, 7.91, 8, -8, 100, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())}
		_, chains := shapes()
		for _, rows := range []int{1, 3} {
			for _, n := range chains {
				for _, deriv := range []bool{false, true} {
					y, yb := guarded[float32](r, rows*n)
					for i := range y {
						y[i] = float32(r.NormFloat64() * 4)
						if r.IntN(8) == 0 {
							y[i] = special[r.IntN(len(special))]
						}
					}
					b, bb := guarded[float32](r, rows)
					for i := range b {
						b[i] = float32(r.NormFloat64())
					}
					var d, db []float32
					if deriv {
						d, db = guarded[float32](r, rows*n)
					}
					wy, wb, wd := clone(yb), clone(bb), clone(db)
					var wdIn []float32
					if deriv {
						wdIn = wd[guard : guard+rows*n]
					}
					biasTanh32Generic(wy[guard:guard+rows*n], n, wb[guard:guard+rows], wdIn)
					BiasTanh32(y, n, b, d)
					name := fmt.Sprintf("rows=%d n=%d deriv=%t: ", rows, n, deriv)
					checkOutput(t, name+"y", yb, wy)
					checkInput(t, name+"b", bb, wb)
					if deriv {
						checkOutput(t, name+"d", db, wd)
					}
				}
			}
		}
	})
}

// TestBiasTanh32Sweep runs every path over the float32s of [-10, 10]
// spaced by 2^-12, with the derivative, against the generic code: fused
// arithmetic differs from it on a few of them, which random inputs miss.
func TestBiasTanh32Sweep(t *testing.T) {
	const n = 81921
	z := make([]float32, n)
	for i := range z {
		z[i] = float32(i-n/2) / 4096
	}
	wy, wd := clone(z), make([]float32, n)
	biasTanh32Generic(wy, n, []float32{0}, wd)
	forEachPath(t, func(t *testing.T) {
		y, d := clone(z), make([]float32, n)
		BiasTanh32(y, n, []float32{0}, d)
		for i := range y {
			if math.Float32bits(y[i]) != math.Float32bits(wy[i]) || math.Float32bits(d[i]) != math.Float32bits(wd[i]) {
				t.Fatalf("at %v: %v, %v; generic %v, %v", z[i], y[i], d[i], wy[i], wd[i])
			}
		}
	})
}
