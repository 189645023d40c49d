package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// stationaryVar runs n independent chains of one dimension for steps steps
// after burn, and returns the sample variance of x over chains and the last
// draws together with its standard error.
func stationaryVar(t *testing.T, step func(x, p, f, xi []float64, first bool), n, burn, draws, every int) (v, se float64) {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, n)
	p := make([]float64, n)
	f := make([]float64, n)
	xi := make([]float64, n)
	var s2, s4 float64
	var count int
	for s := range burn + draws*every {
		for i := range xi {
			xi[i] = r.NormFloat64()
		}
		step(x, p, f, xi, s == 0)
		if s >= burn && (s-burn)%every == 0 {
			for _, xv := range x {
				s2 += xv * xv
				s4 += xv * xv * xv * xv
				count++
			}
		}
	}
	v = s2 / float64(count)
	// Draws every `every` steps of a fast-mixing chain are close to
	// independent; the standard error of the second moment is then
	// sqrt((E x^4 - v^2)/count).
	se = math.Sqrt((s4/float64(count) - v*v) / float64(count))
	return v, se
}

func TestBAOABHarmonicExact(t *testing.T) {
	// BAOAB samples the exact marginal N(0, kT/kappa) in x for a harmonic
	// potential, at any stable step size.
	forEachPath(t, func(t *testing.T) {
		const kT, kappa, h = 1.5, 2.0, 0.3
		c := NewBAOABCoef[float64](h, kT, []float64{1}, []float64{1})
		v, se := stationaryVar(t, func(x, p, f, xi []float64, first bool) {
			StepBAOAB(x, p, f, xi, len(x), c, !first)
			for i := range x {
				f[i] = -kappa * x[i]
			}
		}, 4096, 200, 200, 10)
		if want := kT / kappa; math.Abs(v-want) > 5*se {
			t.Errorf("BAOAB var(x) = %.5f, want %.5f (5 SE = %.5f)", v, want, 5*se)
		}
	})
}

func TestULAHarmonicBias(t *testing.T) {
	// ULA on a harmonic potential has the known biased stationary variance
	// kT / (kappa (1 - h kappa / (2 gamma))).
	forEachPath(t, func(t *testing.T) {
		const kT, kappa, h, gamma = 1.0, 1.0, 0.2, 2.0
		c := NewULACoef[float64](h, kT, []float64{gamma})
		v, se := stationaryVar(t, func(x, p, f, xi []float64, first bool) {
			for i := range x {
				f[i] = -kappa * x[i]
			}
			StepULA(x, f, xi, len(x), c)
		}, 4096, 200, 200, 10)
		want := kT / (kappa * (1 - h*kappa/(2*gamma)))
		if math.Abs(v-want) > 5*se {
			t.Errorf("ULA var(x) = %.5f, want %.5f (5 SE = %.5f)", v, want, 5*se)
		}
		if exact := kT / kappa; math.Abs(v-exact) < 5*se {
			t.Errorf("ULA var(x) = %.5f is indistinguishable from the unbiased %.5f: the test has no power", v, exact)
		}
	})
}

func TestOUExactTransition(t *testing.T) {
	// From a fixed x0 one exact step has mean mu + a (x0 - mu) and variance s^2.
	forEachPath(t, func(t *testing.T) {
		const kT, kappa, mu, h, gamma, x0 = 0.7, 3.0, 0.5, 0.4, 1.5, 2.0
		c := NewOUCoef[float64](h, kT, []float64{kappa}, []float64{mu}, []float64{gamma})
		a := math.Exp(-kappa / gamma * h)
		s2 := kT / kappa * (1 - a*a)
		const n = 1 << 18
		x := make([]float64, n)
		xi := make([]float64, n)
		r := rand.New(rand.NewPCG(3, 4))
		for i := range x {
			x[i], xi[i] = x0, r.NormFloat64()
		}
		StepOU(x, xi, n, c)
		var m, v float64
		for _, xv := range x {
			m += xv
		}
		m /= n
		for _, xv := range x {
			v += (xv - m) * (xv - m)
		}
		v /= n - 1
		wantM := mu + a*(x0-mu)
		if se := math.Sqrt(s2 / n); math.Abs(m-wantM) > 5*se {
			t.Errorf("OU mean %.6f, want %.6f (5 SE %.6f)", m, wantM, 5*se)
		}
		if se := s2 * math.Sqrt(2.0/n); math.Abs(v-s2) > 5*se {
			t.Errorf("OU variance %.6f, want %.6f (5 SE %.6f)", v, s2, 5*se)
		}
	})
}

func TestBAOABOperationOrder(t *testing.T) {
	// The documented order, written out in float32 with every product
	// rounded, is the specification that assembly must match bit for bit.
	forEachPath(t, func(t *testing.T) {
		const dim, n = 3, 37 // whole vectors and a tail on every path
		r := rand.New(rand.NewPCG(5, 6))
		mass := []float64{1, 2, 0.5}
		fr := []float64{1, 0.1, 3}
		c := NewBAOABCoef[float32](0.07, 1.3, mass, fr)
		x, p, f, xi := make([]float32, dim*n), make([]float32, dim*n), make([]float32, dim*n), make([]float32, dim*n)
		for i := range x {
			x[i], p[i], f[i], xi[i] = float32(r.NormFloat64()), float32(r.NormFloat64()), float32(r.NormFloat64()), float32(r.NormFloat64())
		}
		for _, closePrev := range []bool{false, true} {
			x2, p2 := append([]float32(nil), x...), append([]float32(nil), p...)
			StepBAOAB(x2, p2, f, xi, n, c, closePrev)
			for k := range dim {
				for ch := range n {
					i := k*n + ch
					hh, a := c.HalfH, c.HalfHOverM[k]
					pp, xx := p[i], x[i]
					if closePrev {
						pp += float32(hh * f[i])
					}
					pp += float32(hh * f[i])
					xx += float32(a * pp)
					pp = float32(c.C1[k]*pp) + float32(c.C2[k]*xi[i])
					xx += float32(a * pp)
					if x2[i] != xx || p2[i] != pp {
						t.Fatalf("closePrev=%v element %d: got (%v, %v), want (%v, %v)", closePrev, i, x2[i], p2[i], xx, pp)
					}
				}
			}
		}
		// The O-step preserves the Maxwell distribution: c1^2 kT m + c2^2 = kT m.
		for k, m := range mass {
			c64 := NewBAOABCoef[float64](0.07, 1.3, mass, fr)
			if got := c64.C1[k]*c64.C1[k]*1.3*m + c64.C2[k]*c64.C2[k]; math.Abs(got-1.3*m) > 1e-12 {
				t.Errorf("dim %d: c1^2 kT m + c2^2 = %v, want %v", k, got, 1.3*m)
			}
		}
	})
}

func TestFirstNonFinite(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 65, 200} {
		x := make([]float32, n)
		if got := FirstNonFinite(x); got != -1 {
			t.Fatalf("n=%d all finite: got %d", n, got)
		}
		for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
			for _, at := range []int{0, n / 2, n - 1} {
				if n == 0 {
					continue
				}
				y := append([]float32(nil), x...)
				y[at] = bad
				if at+1 < n {
					y[n-1] = bad
				}
				if got := FirstNonFinite(y); got != at {
					t.Errorf("n=%d bad %v at %d: got %d", n, bad, at, got)
				}
			}
		}
	}
}

func TestISA(t *testing.T) {
	if _, err := ParseISA("sse9"); err == nil {
		t.Error("ParseISA accepted an unknown name")
	}
	for _, i := range Available() {
		restore := ForceISA(i)
		if Current() != i {
			t.Errorf("ForceISA(%v) left %v", i, Current())
		}
		restore()
	}
	if Check(Generic) != nil {
		t.Error("generic path refused")
	}
}
