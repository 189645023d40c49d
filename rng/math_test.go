package rng

import (
	"math"
	"testing"
)

func TestExportedMath(t *testing.T) {
	const tol = 1.2e-15 // relative: a few ulps
	close := func(name string, x, got, want float64) {
		t.Helper()
		if want == 0 || math.IsInf(want, 0) {
			if got != want {
				t.Errorf("%s(%v) = %v, want %v", name, x, got, want)
			}
			return
		}
		if math.Abs(got-want) > tol*math.Abs(want) {
			t.Errorf("%s(%v) = %v, want %v (rel %.2g)", name, x, got, want, math.Abs(got-want)/math.Abs(want))
		}
	}
	src := NewStream(3, 0)
	for i := range 20000 {
		u := src.Float64()
		x := -700 + 1400*u
		if i%4 == 0 {
			x = 1e-6 * (2*u - 1)
		}
		close("Exp", x, Exp(x), math.Exp(x))
		e := math.Abs(x)
		close("Log", e, Log(e), math.Log(e))
		y := 0.7 * (2*u - 1)
		close("Expm1", y, Expm1(y), math.Expm1(y))
	}
	// The ends of the range and the special values.
	for _, x := range []float64{709.78, 705, -701, -720, -740, -745} {
		if got, want := Exp(x), math.Exp(x); math.Abs(got-want) > 1e-14*want && !(want < 1e-300 && math.Abs(got-want) <= 2*math.SmallestNonzeroFloat64*1e16) {
			t.Errorf("Exp(%v) = %v, want %v", x, got, want)
		}
	}
	if Exp(710) != math.Inf(1) || Exp(-746) != 0 || !math.IsNaN(Exp(math.NaN())) {
		t.Error("Exp: special values")
	}
	if Log(0) != math.Inf(-1) || !math.IsNaN(Log(-1)) || Log(math.Inf(1)) != math.Inf(1) {
		t.Error("Log: special values")
	}
	if got, want := Log(5e-324), -1074*math.Ln2; math.Abs(got-want) > tol*math.Abs(want) {
		t.Errorf("Log(subnormal) = %v, want %v", got, want)
	}
	if Expm1(0) != 0 || Pow(2, 10) != 1024 && math.Abs(Pow(2, 10)-1024) > 1e-12 {
		t.Error("Expm1(0) or Pow(2, 10)")
	}
	if got := Pow(0.05/3, 0.5); math.Abs(got-math.Sqrt(0.05/3)) > 1e-15 {
		t.Errorf("Pow(0.05/3, 0.5) = %v", got)
	}
}

// TestSincos checks the portable Sincos against package math to 2 ulps
// over a wide range of arguments.
func TestSincos(t *testing.T) {
	ulp := func(v float64) float64 { return math.Nextafter(math.Abs(v), math.Inf(1)) - math.Abs(v) }
	ch := NewChain(1, 0)
	for i := range 200000 {
		x := (ch.Uniform64()*2 - 1) * math.Pow(10, float64(i%7)-2)
		s, c := Sincos(x)
		ws, wc := math.Sincos(x)
		// Near a zero of sin or cos the error is absolute, a few ulps of
		// the reduction's π/4.
		tol := func(w float64) float64 { return math.Max(2*ulp(w), 4e-16) }
		if math.Abs(s-ws) > tol(ws) {
			t.Fatalf("sin(%v) = %v, math.Sin %v", x, s, ws)
		}
		if math.Abs(c-wc) > tol(wc) {
			t.Fatalf("cos(%v) = %v, math.Cos %v", x, c, wc)
		}
	}
	if s, c := Sincos(math.Inf(1)); !math.IsNaN(s) || !math.IsNaN(c) {
		t.Error("Sincos(+Inf) is not NaN")
	}
}
