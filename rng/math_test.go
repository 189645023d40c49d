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
