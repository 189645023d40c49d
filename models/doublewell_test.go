package models

import (
	"math"
	"strings"
	"testing"
)

// trapezoidVariance integrates x² exp(-U/kT) and exp(-U/kT) over the whole
// real line in x, without the substitutions, symmetry or cut-off used by
// Moments. The integrand is smooth and decays faster than any Gaussian, for
// which the trapezoid rule converges geometrically, so with 400001 points
// on a box reaching U/kT > 700 it is exact to rounding.
func trapezoidVariance(w DoubleWell, kT float64) float64 {
	const points = 400001
	a := w.Barrier / kT
	half := w.Width * math.Sqrt(1+math.Sqrt(700/a))
	h := 2 * half / (points - 1)
	var z, m float64
	for i := range points {
		x := -half + float64(i)*h
		q := (x/w.Width)*(x/w.Width) - 1
		e := math.Exp(-a * q * q)
		if i == 0 || i == points-1 {
			e /= 2
		}
		z += e
		m += e * x * x
	}
	return m / z
}

func TestDoubleWellMomentsTrapezoid(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		barrier, width, kT float64
	}{
		{1, 1, 1},
		{1, 1, 0.1},
		{1, 1, 10},
		{2, 1.5, 0.3},
		{5, 0.5, 1},
		{0.25, 3, 2},
	} {
		w := DoubleWell{D: 2, Barrier: test.barrier, Width: test.width}
		mean, variance, err := w.Moments(test.kT)
		if err != nil {
			t.Fatal(err)
		}
		want := trapezoidVariance(w, test.kT)
		for k := range 2 {
			if mean[k] != 0 {
				t.Errorf("%+v: mean[%d] = %v, want 0", test, k, mean[k])
			}
			// Moments claims 1e-12; the trapezoid sum adds rounding of
			// about 1e-13 over its 4e5 terms.
			if math.Abs(variance[k]-want) > 1e-11*want {
				t.Errorf("%+v: variance[%d] = %.16g, want %.16g", test, k, variance[k], want)
			}
		}
	}
}

func TestDoubleWellMomentsLimits(t *testing.T) {
	t.Parallel()
	// At low temperature each well is nearly harmonic and Laplace's method
	// gives, with ε = kT/Barrier,
	//	Var[x]/Width² = 1 - ε/4 - 3ε²/16 - 3ε³/8 + O(ε⁴).
	for _, eps := range []float64{1e-3, 2e-3} {
		w := DoubleWell{D: 1, Barrier: 2, Width: 1.5}
		_, v, err := w.Moments(eps * w.Barrier)
		if err != nil {
			t.Fatal(err)
		}
		want := w.Width * w.Width * (1 - eps/4 - 3*eps*eps/16 - 3*eps*eps*eps/8)
		if math.Abs(v[0]-want) > 10*eps*eps*eps*eps {
			t.Errorf("kT/B = %v: variance = %.16g, want %.16g from the low-temperature series", eps, v[0], want)
		}
	}

	// At high temperature the quartic term dominates. With a = Barrier/kT
	// and c = Γ(3/4)/Γ(1/4), expanding exp(2a s²) about the pure quartic
	// density exp(-a s⁴) gives
	//	Var[x]/Width² = c/√a + (1/2 - 2c²) + 4c³√a + O(a),
	// where the O(a) term is about 0.06 a.
	c := math.Gamma(0.75) / math.Gamma(0.25)
	for _, a := range []float64{1e-6, 1e-5} {
		w := DoubleWell{D: 1, Barrier: 0.5, Width: 2}
		_, v, err := w.Moments(w.Barrier / a)
		if err != nil {
			t.Fatal(err)
		}
		want := w.Width * w.Width * (c/math.Sqrt(a) + 0.5 - 2*c*c + 4*c*c*c*math.Sqrt(a))
		if math.Abs(v[0]-want) > w.Width*w.Width*a {
			t.Errorf("B/kT = %v: variance = %.16g, want %.16g from the high-temperature series", a, v[0], want)
		}
	}
}

func TestNewDoubleWell(t *testing.T) {
	t.Parallel()
	w, err := NewDoubleWell(3, 2, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if *w != (DoubleWell{D: 3, Barrier: 2, Width: 0.5}) {
		t.Errorf("NewDoubleWell(3, 2, 0.5) = %+v", *w)
	}
	for _, test := range []struct {
		dim            int
		barrier, width float64
		field          string
	}{
		{0, 1, 1, "dim"},
		{2, 0, 1, "barrier"},
		{2, -1, 1, "barrier"},
		{2, math.NaN(), 1, "barrier"},
		{2, 1, 0, "width"},
		{2, 1, math.Inf(1), "width"},
	} {
		_, err := NewDoubleWell(test.dim, test.barrier, test.width)
		if err == nil || !strings.HasPrefix(err.Error(), "models: ") || !strings.Contains(err.Error(), test.field) {
			t.Errorf("NewDoubleWell(%d, %v, %v): error %v, want one naming %s",
				test.dim, test.barrier, test.width, err, test.field)
		}
	}
	if _, _, err := w.Moments(0); err == nil || !strings.Contains(err.Error(), "kT") {
		t.Errorf("Moments(0): error %v, want one naming kT", err)
	}
}

// TestTiltedDoubleWellMoments checks the quadrature of the tilted well
// against the trapezoid rule on a wide box in x, with the density
// normalised by its largest value so that strong tilts do not overflow.
func TestTiltedDoubleWellMoments(t *testing.T) {
	t.Parallel()
	for _, test := range []struct{ barrier, width, tilt, kT float64 }{
		{1, 1, 0.5, 1}, {3, 2, -2, 0.7}, {0.2, 0.5, 4, 1}, {5, 1, 0.1, 0.05},
	} {
		w := DoubleWell{D: 2, Barrier: test.barrier, Width: test.width, Tilt: test.tilt}
		mean, v, err := w.Moments(test.kT)
		if err != nil {
			t.Fatal(err)
		}
		const points = 400001
		g := func(x float64) float64 {
			s := x / w.Width
			return (-w.Barrier*(s*s-1)*(s*s-1) + w.Tilt*s) / test.kT
		}
		half := 10 * w.Width * (1 + math.Abs(w.Tilt)/w.Barrier)
		h := 2 * half / (points - 1)
		gmax := math.Inf(-1)
		for i := range points {
			gmax = max(gmax, g(-half+float64(i)*h))
		}
		var z, m1, m2 float64
		for i := range points {
			x := -half + float64(i)*h
			e := math.Exp(g(x) - gmax)
			z += e
			m1 += e * x
			m2 += e * x * x
		}
		wantM := m1 / z
		wantV := m2/z - wantM*wantM
		for k := range 2 {
			if math.Abs(mean[k]-wantM) > 1e-9*(1+math.Abs(wantM)) || math.Abs(v[k]-wantV) > 1e-9*wantV {
				t.Errorf("%+v: mean %v var %v, trapezoid %v and %v", test, mean[k], v[k], wantM, wantV)
			}
		}
		if test.tilt > 0 && !(mean[0] > 0) || test.tilt < 0 && !(mean[0] < 0) {
			t.Errorf("%+v: mean %v on the wrong side", test, mean[0])
		}
	}
}
