package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// forEachPath runs fn once on every path that can run here, forcing it.
func forEachPath(t *testing.T, fn func(t *testing.T)) {
	for _, i := range Available() {
		t.Run(i.String(), func(t *testing.T) {
			defer ForceISA(i)()
			fn(t)
		})
	}
}

func TestPathFor(t *testing.T) {
	// Every kernel family must have every path that runs here, or the
	// path tests below would quietly test the generic code.
	families := []string{"baoab/f32", "baoab/f64", "ula/f32", "ula/f64", "ou/f32", "ou/f64"}
	forEachPath(t, func(t *testing.T) {
		for _, fam := range families {
			if got := PathFor(fam); got != Current() {
				t.Errorf("%s uses %v, want %v", fam, got, Current())
			}
		}
	})
}

// guard is the number of NaN cells before and after every test slice.
const guard = 8

// guarded returns a slice of n drawn values inside a backing array with
// guard NaNs of a distinct payload on either side, and the array.
func guarded[F float32 | float64](r *rand.Rand, n int) (s, buf []F) {
	buf = make([]F, n+2*guard)
	for i := range buf {
		buf[i] = guardNaN[F]()
	}
	s = buf[guard : guard+n : guard+n]
	for i := range s {
		s[i] = value[F](r)
	}
	return s, buf
}

func guardNaN[F float32 | float64]() F {
	var z F
	if _, ok := any(z).(float32); ok {
		return F(math.Float32frombits(0x7fc0dead))
	}
	return F(math.Float64frombits(0x7ff8_0000_dead_beef))
}

// value draws an element: mostly normal draws of mixed scale, with signed
// zeros, subnormals, huge values and infinities among them.
func value[F float32 | float64](r *rand.Rand) F {
	var z F
	tiny, huge := math.SmallestNonzeroFloat64, math.MaxFloat64
	if _, ok := any(z).(float32); ok {
		tiny, huge = math.SmallestNonzeroFloat32, math.MaxFloat32
	}
	sign := float64(1 - 2*r.IntN(2))
	switch r.IntN(16) {
	case 0:
		return F(math.Copysign(0, sign))
	case 1:
		return F(tiny * float64(1+r.IntN(1000)) * sign)
	case 2:
		return F(huge * r.Float64() * sign)
	case 3:
		return F(math.Inf(int(sign)))
	}
	return F(r.NormFloat64() * math.Pow(10, float64(r.IntN(9)-4)))
}

// coefs draws n coefficients: usually of the size the integrators use, at
// times zero, subnormal, huge or infinite.
func coefs[F float32 | float64](r *rand.Rand, n int) []F {
	c := make([]F, n)
	for i := range c {
		c[i] = F(r.Float64() * 2)
		if r.IntN(4) == 0 {
			c[i] = value[F](r)
		}
	}
	return c
}

// identical reports whether a and b have the same bits.
func identical[F float32 | float64](a, b F) bool {
	if a, ok := any(a).(float32); ok {
		return math.Float32bits(a) == math.Float32bits(any(b).(float32))
	}
	return math.Float64bits(any(a).(float64)) == math.Float64bits(any(b).(float64))
}

// same reports whether a and b have the same bits, NaNs matching NaNs of
// any payload: which input NaN an operation propagates is not specified.
func same[F float32 | float64](a, b F) bool {
	return a != a && b != b || identical(a, b)
}

// checkOutput compares an output's backing array, made by guarded, with
// the generic result: the guards must keep their bits, so that a write out
// of bounds shows, and the slice must match bit for bit.
func checkOutput[F float32 | float64](t *testing.T, name string, got, want []F) {
	t.Helper()
	n := len(got) - 2*guard
	for i := range got {
		if i >= guard && i < guard+n {
			if !same(got[i], want[i]) {
				t.Fatalf("%s[%d] = %v (%#x), want %v (%#x)", name, i-guard, got[i], bits(got[i]), want[i], bits(want[i]))
			}
		} else if !identical(got[i], want[i]) {
			t.Fatalf("%s: guard cell %d of %d elements overwritten with %v", name, i-guard, n, got[i])
		}
	}
}

// checkInput fails the test unless an input's backing array is as it was.
func checkInput[F float32 | float64](t *testing.T, name string, got, want []F) {
	t.Helper()
	for i := range got {
		if !identical(got[i], want[i]) {
			t.Fatalf("input %s: backing element %d changed from %v to %v", name, i, want[i], got[i])
		}
	}
}

func bits[F float32 | float64](v F) uint64 {
	if v, ok := any(v).(float32); ok {
		return uint64(math.Float32bits(v))
	}
	return math.Float64bits(any(v).(float64))
}

func clone[F any](s []F) []F { return append([]F(nil), s...) }

// shapes lists the dims and chain counts of the path tests: every row
// length up to four AVX-512 float32 vectors and three elements.
func shapes() (dims, chains []int) {
	for n := range 4*16 + 4 {
		chains = append(chains, n)
	}
	return []int{1, 2, 3}, chains
}

func testBAOABPath[F float32 | float64](t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	dims, chains := shapes()
	for _, dim := range dims {
		for _, n := range chains {
			for _, closePrev := range []bool{false, true} {
				c := &BAOABCoef[F]{HalfH: coefs[F](r, 1)[0], HalfHOverM: coefs[F](r, dim), C1: coefs[F](r, dim), C2: coefs[F](r, dim)}
				x, xb := guarded[F](r, dim*n)
				p, pb := guarded[F](r, dim*n)
				f, fb := guarded[F](r, dim*n)
				xi, zb := guarded[F](r, dim*n)
				wx, wp, wf, wz := clone(xb), clone(pb), clone(fb), clone(zb)
				stepBAOABGeneric(wx[guard:guard+dim*n], wp[guard:guard+dim*n], wf[guard:guard+dim*n], wz[guard:guard+dim*n], n, c, closePrev)
				StepBAOAB(x, p, f, xi, n, c, closePrev)
				name := fmt.Sprintf("dim=%d n=%d closePrev=%v: ", dim, n, closePrev)
				checkOutput(t, name+"x", xb, wx)
				checkOutput(t, name+"p", pb, wp)
				checkInput(t, name+"f", fb, wf)
				checkInput(t, name+"xi", zb, wz)
			}
		}
	}
}

func testKickPath[F float32 | float64](t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	dims, chains := shapes()
	for _, dim := range dims {
		for _, n := range chains {
			hh := coefs[F](r, 1)[0]
			p, pb := guarded[F](r, dim*n)
			f, fb := guarded[F](r, dim*n)
			wp, wf := clone(pb), clone(fb)
			kickGeneric(wp[guard:guard+dim*n], wf[guard:guard+dim*n], hh)
			Kick(p, f, hh)
			name := fmt.Sprintf("dim=%d n=%d: ", dim, n)
			checkOutput(t, name+"p", pb, wp)
			checkInput(t, name+"f", fb, wf)
		}
	}
}

func testULAPath[F float32 | float64](t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	dims, chains := shapes()
	for _, dim := range dims {
		for _, n := range chains {
			c := &ULACoef[F]{A: coefs[F](r, dim), S: coefs[F](r, dim)}
			x, xb := guarded[F](r, dim*n)
			f, fb := guarded[F](r, dim*n)
			xi, zb := guarded[F](r, dim*n)
			wx, wf, wz := clone(xb), clone(fb), clone(zb)
			stepULAGeneric(wx[guard:guard+dim*n], wf[guard:guard+dim*n], wz[guard:guard+dim*n], n, c)
			StepULA(x, f, xi, n, c)
			name := fmt.Sprintf("dim=%d n=%d: ", dim, n)
			checkOutput(t, name+"x", xb, wx)
			checkInput(t, name+"f", fb, wf)
			checkInput(t, name+"xi", zb, wz)
		}
	}
}

func testOUPath[F float32 | float64](t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	dims, chains := shapes()
	for _, dim := range dims {
		for _, n := range chains {
			mu := make([]F, dim)
			for k := range mu {
				mu[k] = value[F](r)
			}
			c := &OUCoef[F]{Mu: mu, A: coefs[F](r, dim), S: coefs[F](r, dim)}
			x, xb := guarded[F](r, dim*n)
			xi, zb := guarded[F](r, dim*n)
			wx, wz := clone(xb), clone(zb)
			stepOUGeneric(wx[guard:guard+dim*n], wz[guard:guard+dim*n], n, c)
			StepOU(x, xi, n, c)
			name := fmt.Sprintf("dim=%d n=%d: ", dim, n)
			checkOutput(t, name+"x", xb, wx)
			checkInput(t, name+"xi", zb, wz)
		}
	}
}

func TestStepBAOABPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("f32", testBAOABPath[float32])
		t.Run("f64", testBAOABPath[float64])
	})
}

func TestKickPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("f32", testKickPath[float32])
		t.Run("f64", testKickPath[float64])
	})
}

func TestStepULAPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("f32", testULAPath[float32])
		t.Run("f64", testULAPath[float64])
	})
}

func TestStepOUPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("f32", testOUPath[float32])
		t.Run("f64", testOUPath[float64])
	})
}

func TestShortInputPanics(t *testing.T) {
	// Every path must refuse a short slice as the generic code does, not
	// read or write past it.
	forEachPath(t, func(t *testing.T) {
		const dim, n = 2, 40
		c := NewBAOABCoef[float32](0.1, 1, []float64{1, 1}, []float64{1, 1})
		long, short := make([]float32, dim*n), make([]float32, dim*n-1)
		for name, call := range map[string]func(){
			"x":  func() { StepBAOAB(short, long, long, long, n, c, true) },
			"p":  func() { StepBAOAB(long, short, long, long, n, c, true) },
			"f":  func() { StepBAOAB(long, long, short, long, n, c, true) },
			"xi": func() { StepBAOAB(long, long, long, short, n, c, true) },
		} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("StepBAOAB with a short %s did not panic", name)
					}
				}()
				call()
			}()
		}
	})
}

func testBAOABLinearPath[F float32 | float64](t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	dims, chains := shapes()
	for _, dim := range dims {
		for _, n := range append(chains, 256) {
			for _, closePrev := range []bool{false, true} {
				// Half the cases start from finite values and moderate
				// coefficients, so that both answers of the check occur.
				finite := r.IntN(2) == 0
				c := &BAOABCoef[F]{HalfH: coefs[F](r, 1)[0], HalfHOverM: coefs[F](r, dim), C1: coefs[F](r, dim), C2: coefs[F](r, dim)}
				kappa, mu := coefs[F](r, dim), coefs[F](r, dim)
				x, xb := guarded[F](r, dim*n)
				p, pb := guarded[F](r, dim*n)
				f, fb := guarded[F](r, dim*n)
				xi, zb := guarded[F](r, dim*n)
				if finite {
					c = &BAOABCoef[F]{HalfH: 0.05, HalfHOverM: moderate[F](r, dim), C1: moderate[F](r, dim), C2: moderate[F](r, dim)}
					kappa, mu = moderate[F](r, dim), moderate[F](r, dim)
					for _, s := range [][]F{x, p, f, xi} {
						copy(s, moderate[F](r, len(s)))
					}
					if n > 0 && r.IntN(2) == 0 {
						// One non-finite x, anywhere.
						x[r.IntN(dim*n)] = F(math.Inf(1 - 2*r.IntN(2)))
					}
				}
				wx, wp, wf, wz := clone(xb), clone(pb), clone(fb), clone(zb)
				in := func(b []F) []F { return b[guard : guard+dim*n] }
				stepBAOABGeneric(in(wx), in(wp), in(wf), in(wz), n, c, closePrev)
				linearForceGeneric(in(wf), in(wx), n, kappa, mu)
				want := firstNonFiniteGeneric(in(wx)) >= 0
				got := StepBAOABLinear(x, p, f, xi, n, c, closePrev, kappa, mu)
				name := fmt.Sprintf("dim=%d n=%d closePrev=%v: ", dim, n, closePrev)
				checkOutput(t, name+"x", xb, wx)
				checkOutput(t, name+"p", pb, wp)
				checkOutput(t, name+"f", fb, wf)
				checkInput(t, name+"xi", zb, wz)
				if got != want {
					t.Fatalf("%snon-finite %v, want %v", name, got, want)
				}
			}
		}
	}
}

// moderate draws n values in (-2, 2), finite whatever a step does to them.
func moderate[F float32 | float64](r *rand.Rand, n int) []F {
	v := make([]F, n)
	for i := range v {
		v[i] = F(4*r.Float64() - 2)
	}
	return v
}

func TestStepBAOABLinearPaths(t *testing.T) {
	forEachPath(t, testBAOABLinearPath[float32])
	forEachPath(t, testBAOABLinearPath[float64])
}

func testULALinearPath[F float32 | float64](t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	dims, chains := shapes()
	for _, dim := range dims {
		for _, n := range append(chains, 256) {
			finite := r.IntN(2) == 0
			c := &ULACoef[F]{A: coefs[F](r, dim), S: coefs[F](r, dim)}
			kappa, mu := coefs[F](r, dim), coefs[F](r, dim)
			x, xb := guarded[F](r, dim*n)
			f, fb := guarded[F](r, dim*n)
			xi, zb := guarded[F](r, dim*n)
			if finite {
				c = &ULACoef[F]{A: moderate[F](r, dim), S: moderate[F](r, dim)}
				kappa, mu = moderate[F](r, dim), moderate[F](r, dim)
				for _, s := range [][]F{x, f, xi} {
					copy(s, moderate[F](r, len(s)))
				}
				if n > 0 && r.IntN(2) == 0 {
					x[r.IntN(dim*n)] = F(math.NaN())
				}
			}
			wx, wf, wz := clone(xb), clone(fb), clone(zb)
			in := func(b []F) []F { return b[guard : guard+dim*n] }
			stepULAGeneric(in(wx), in(wf), in(wz), n, c)
			linearForceGeneric(in(wf), in(wx), n, kappa, mu)
			want := firstNonFiniteGeneric(in(wx)) >= 0
			got := StepULALinear(x, f, xi, n, c, kappa, mu)
			name := fmt.Sprintf("dim=%d n=%d: ", dim, n)
			checkOutput(t, name+"x", xb, wx)
			checkOutput(t, name+"f", fb, wf)
			checkInput(t, name+"xi", zb, wz)
			if got != want {
				t.Fatalf("%snon-finite %v, want %v", name, got, want)
			}
		}
	}
}

func TestStepULALinearPaths(t *testing.T) {
	forEachPath(t, testULALinearPath[float32])
	forEachPath(t, testULALinearPath[float64])
}
