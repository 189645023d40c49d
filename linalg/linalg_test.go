package linalg

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/thermoai/thermo/internal/golden"
)

// ============================================================================
// Helpers.
// ============================================================================

// random returns an n×n matrix of entries uniform in [-1, 1), from a
// generator that gives the same numbers on every machine.
func random(r *rand.Rand, n int) []float64 {
	a := make([]float64, n*n)
	for i := range a {
		a[i] = 2*r.Float64() - 1
	}
	return a
}

// withNorm returns a scaled to 1-norm t.
func withNorm(a []float64, n int, t float64) []float64 {
	c := t / Norm1(a, n)
	s := make([]float64, len(a))
	for i, v := range a {
		s[i] = v * c
	}
	return s
}

// spd returns a random symmetric positive definite n×n matrix B Bᵀ + εI.
func spd(r *rand.Rand, n int, eps float64) []float64 {
	b := random(r, n)
	s := Mul(b, Transpose(b, n), n)
	for i := 0; i < n; i++ {
		s[i*n+i] += eps
	}
	return s
}

// stable returns a random n×n matrix with every eigenvalue's real part
// below -margin: R - (‖R‖₁ + margin) I, whose eigenvalues lie in a disc
// of radius ‖R‖₁ about -(‖R‖₁ + margin).
func stable(r *rand.Rand, n int, margin float64) []float64 {
	a := random(r, n)
	shift := Norm1(a, n) + margin
	for i := 0; i < n; i++ {
		a[i*n+i] -= shift
	}
	return a
}

func sub(a, b []float64) []float64 {
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	return d
}

func add(a, b []float64) []float64 {
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] + b[i]
	}
	return d
}

func maxAbs(a []float64) float64 {
	var m float64
	for _, v := range a {
		m = max(m, math.Abs(v))
	}
	return m
}

// relErr returns ‖got - want‖₁ / ‖want‖₁.
func relErr(got, want []float64, n int) float64 {
	return Norm1(sub(got, want), n) / Norm1(want, n)
}

// ============================================================================
// Expm.
// ============================================================================

func TestExpmDiagonal(t *testing.T) {
	for _, d := range [][]float64{
		{0},
		{1e-3, -2e-3, 5e-3},
		{0.1, -0.2, 0.05},
		{1, -1, 0.5, 2},
		{-20, 10, 3, -0.25},
		{-300, 200, 1e-8},
	} {
		n := len(d)
		a := make([]float64, n*n)
		for i, v := range d {
			a[i*n+i] = v
		}
		e := Expm(a, n)
		var worst float64
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				got, want := e[i*n+j], 0.0
				if i == j {
					want = math.Exp(d[i])
				}
				if i != j && got != 0 {
					t.Errorf("diag %v: off-diagonal (%d,%d) = %g", d, i, j, got)
				}
				if want != 0 {
					worst = max(worst, math.Abs(got-want)/want)
				}
			}
		}
		t.Logf("diag %v: max relative error %.2g", d, worst)
		if worst > 1e-13 {
			t.Errorf("diag %v: relative error %g", d, worst)
		}
	}
}

func TestExpmNilpotent(t *testing.T) {
	// A strictly upper triangular N has N⁴ = 0 for n = 4, so
	// e^N = I + N + N²/2 + N³/6 exactly.
	for _, s := range []float64{0.01, 1, 7, 100} {
		const n = 4
		a := make([]float64, n*n)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				a[i*n+j] = s * float64(i+2*j-1) / 3
			}
		}
		a2 := Mul(a, a, n)
		a3 := Mul(a2, a, n)
		want := Identity(n)
		for i := range want {
			want[i] += a[i] + a2[i]/2 + a3[i]/6
		}
		got := Expm(a, n)
		err := relErr(got, want, n)
		t.Logf("nilpotent, scale %g: relative error %.2g", s, err)
		if err > 1e-14 {
			t.Errorf("nilpotent, scale %g: relative error %g", s, err)
		}
		for i := 0; i < n; i++ {
			for j := 0; j < i; j++ {
				if got[i*n+j] != 0 {
					t.Errorf("nilpotent, scale %g: (%d,%d) = %g, want 0", s, i, j, got[i*n+j])
				}
			}
		}
	}
}

func TestExpmRotation(t *testing.T) {
	for _, th := range []float64{1e-4, 0.01, 0.3, 1, 3, 10, 100} {
		got := Expm([]float64{0, -th, th, 0}, 2)
		c, s := math.Cos(th), math.Sin(th)
		want := []float64{c, -s, s, c}
		err := maxAbs(sub(got, want))
		t.Logf("rotation θ = %g: max error %.2g", th, err)
		// Squaring s times accumulates about s ulps of error.
		if err > 1e-15*max(1, th) {
			t.Errorf("rotation θ = %g: got %v, want %v (error %g)", th, got, want, err)
		}
	}
}

// expmTaylor returns e^A by its Taylor series in 320-bit arithmetic,
// summed until a term falls below 2^-240 of the running sum.
func expmTaylor(a []float64, n int) []float64 {
	const prec = 320
	nf := func() *big.Float { return new(big.Float).SetPrec(prec) }
	am := make([]*big.Float, n*n)
	sum := make([]*big.Float, n*n)
	term := make([]*big.Float, n*n)
	for i := range am {
		am[i] = nf().SetFloat64(a[i])
		sum[i] = nf()
		term[i] = nf()
	}
	for i := 0; i < n; i++ {
		sum[i*n+i].SetInt64(1)
		term[i*n+i].SetInt64(1)
	}
	tiny := new(big.Float).SetMantExp(big.NewFloat(1), -240)
	for k := 1; k < 10000; k++ {
		next := make([]*big.Float, n*n)
		p := nf()
		small := true
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				s := nf()
				for l := 0; l < n; l++ {
					s.Add(s, p.Mul(term[i*n+l], am[l*n+j]))
				}
				s.Quo(s, nf().SetInt64(int64(k)))
				next[i*n+j] = s
				bound := nf().Mul(tiny, nf().Abs(sum[i*n+j]))
				if bound.Sign() == 0 {
					bound = tiny
				}
				if nf().Abs(s).Cmp(bound) > 0 {
					small = false
				}
			}
		}
		term = next
		for i := range sum {
			sum[i].Add(sum[i], term[i])
		}
		if small && k > 2*int(Norm1(a, n))+10 {
			break
		}
	}
	e := make([]float64, n*n)
	for i := range e {
		e[i], _ = sum[i].Float64()
	}
	return e
}

func TestExpmTaylor(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// The norms select each Padé degree (3, 5, 7, 9, 13) and then scaling.
	for _, norm := range []float64{1e-3, 0.01, 0.2, 0.9, 2, 5, 12, 40} {
		for _, n := range []int{1, 3, 6} {
			a := withNorm(random(r, n), n, norm)
			got := Expm(a, n)
			want := expmTaylor(a, n)
			err := relErr(got, want, n)
			t.Logf("n = %d, ‖A‖₁ = %g: relative error %.2g", n, norm, err)
			// The condition number of e^A grows with ‖A‖; for a scalar
			// x < 0 the numerator p₁₃(x) cancels, up to e^{θ₁₃} ≈ 200 ulps,
			// and every squaring doubles the relative error.
			if err > 2e-15*max(2, norm) {
				t.Errorf("n = %d, ‖A‖₁ = %g: relative error %g", n, norm, err)
			}
		}
	}
}

func TestExpmInverse(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, norm := range []float64{0.05, 1, 3, 8} {
		const n = 5
		a := withNorm(random(r, n), n, norm)
		neg := make([]float64, n*n)
		for i, v := range a {
			neg[i] = -v
		}
		p := Mul(Expm(a, n), Expm(neg, n), n)
		err := maxAbs(sub(p, Identity(n)))
		t.Logf("‖A‖₁ = %g: ‖e^A e^-A - I‖_max = %.2g", norm, err)
		if err > 1e-13 {
			t.Errorf("‖A‖₁ = %g: e^A e^-A differs from I by %g", norm, err)
		}
	}
}

func TestExpmEdges(t *testing.T) {
	if e := Expm(nil, 0); len(e) != 0 {
		t.Errorf("Expm of 0×0: %v", e)
	}
	e := Expm([]float64{0, 0, 0, 0}, 2)
	if fmt.Sprint(e) != fmt.Sprint(Identity(2)) {
		t.Errorf("Expm(0) = %v, want I", e)
	}
	for _, v := range Expm([]float64{1, math.NaN(), 0, 1}, 2) {
		if v == v {
			t.Errorf("Expm of a NaN matrix has %g", v)
		}
	}
	for _, v := range Expm([]float64{math.Inf(-1), 0, 0, 1}, 2) {
		if v == v {
			t.Errorf("Expm of an infinite matrix has %g", v)
		}
	}
}

// ============================================================================
// VanLoan and Forcing.
// ============================================================================

// TestVanLoanQuadrature compares Q_h with Simpson's rule on
// s ↦ e^{As} Q e^{Aᵀs} for 1000 and 2000 panels, extrapolated (Romberg's
// step: the error of Simpson's rule is of order panel⁴).
func TestVanLoanQuadrature(t *testing.T) {
	const n = 2
	a := []float64{-0.5, 1, -2, -0.3}
	q := []float64{0.2, 0.05, 0.05, 1}
	for _, h := range []float64{0.05, 0.7, 3} {
		phi, qh := VanLoan(a, q, n, h)
		if err := relErr(phi, Expm([]float64{a[0] * h, a[1] * h, a[2] * h, a[3] * h}, n), n); err > 1e-14 {
			t.Errorf("h = %g: Φ differs from e^{Ah} by %g", h, err)
		}
		const panels = 2000
		fs := make([][]float64, panels+1)
		for k := range fs {
			s := h * float64(k) / panels
			e := Expm([]float64{a[0] * s, a[1] * s, a[2] * s, a[3] * s}, n)
			fs[k] = Mul(Mul(e, q, n), Transpose(e, n), n)
		}
		simpson := func(stride int) []float64 {
			m := panels / stride
			sum := make([]float64, n*n)
			for k := 0; k <= m; k++ {
				w := 2.0
				switch {
				case k == 0 || k == m:
					w = 1
				case k%2 == 1:
					w = 4
				}
				for i, v := range fs[k*stride] {
					sum[i] += w * v
				}
			}
			for i := range sum {
				sum[i] *= h / float64(m) / 3
			}
			return sum
		}
		coarse, fine := simpson(2), simpson(1)
		want := make([]float64, n*n)
		for i := range want {
			want[i] = fine[i] + (fine[i]-coarse[i])/15
		}
		err := relErr(qh, want, n)
		t.Logf("h = %g: Q_h relative error against the quadrature %.2g (Simpson alone %.2g)", h, err, relErr(qh, fine, n))
		if err > 1e-13 {
			t.Errorf("h = %g: Q_h = %v, quadrature %v (relative error %g)", h, qh, want, err)
		}
		if qh[1] != qh[2] {
			t.Errorf("h = %g: Q_h not symmetric: %v", h, qh)
		}
	}
}

// TestVanLoanLyapunov checks S - Φ S Φᵀ = Q_h against the stationary
// covariance S of Lyapunov, and Q_h → S for long steps.
func TestVanLoanLyapunov(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 4, 7} {
		a := stable(r, n, 0.2)
		q := spd(r, n, 0.1)
		s, err := Lyapunov(a, q, n)
		if err != nil {
			t.Fatal(err)
		}
		// Long steps, ‖A‖₁ h ≫ 1, go through the doubling of VanLoan.
		for _, h := range []float64{0.01, 0.3, 1, 3, 10, 30} {
			phi, qh := VanLoan(a, q, n, h)
			want := sub(s, Mul(Mul(phi, s, n), Transpose(phi, n), n))
			e := relErr(qh, want, n)
			t.Logf("n = %d, h = %g: Q_h against S - Φ S Φᵀ: relative error %.2g", n, h, e)
			if e > 1e-10 {
				t.Errorf("n = %d, h = %g: Q_h against S - Φ S Φᵀ: relative error %g", n, h, e)
			}
		}
	}

	// The limit: A = -I + K with K skew is normal with every eigenvalue's
	// real part -1, so e^{-Ah} e^{Ah} is well conditioned even for long
	// steps; at h = 20, e^{-2h} is below 1e-17.
	for _, n := range []int{2, 5} {
		k := random(r, n)
		a := make([]float64, n*n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				a[i*n+j] = k[i*n+j] - k[j*n+i]
			}
			a[i*n+i] = -1
		}
		q := spd(r, n, 0.1)
		s, err := Lyapunov(a, q, n)
		if err != nil {
			t.Fatal(err)
		}
		_, qh := VanLoan(a, q, n, 20)
		e := relErr(qh, s, n)
		t.Logf("n = %d: Q_h at h = 20 against the stationary S: relative error %.2g", n, e)
		if e > 1e-10 {
			t.Errorf("n = %d: Q_h at h = 20 against the stationary S: relative error %g", n, e)
		}
	}
}

func TestForcing(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{1, 3, 6} {
		for _, h := range []float64{0.01, 0.5, 2} {
			a := stable(r, n, 0.5)
			b := random(r, n)[:n]
			got := Forcing(a, b, n, h)
			// (e^{Ah} - I) A⁻¹ b, with A⁻¹ b by gonum.
			ah := make([]float64, n*n)
			for i, v := range a {
				ah[i] = v * h
			}
			em := Expm(ah, n)
			for i := 0; i < n; i++ {
				em[i*n+i]--
			}
			var x mat.VecDense
			if err := x.SolveVec(mat.NewDense(n, n, append([]float64(nil), a...)), mat.NewVecDense(n, append([]float64(nil), b...))); err != nil {
				t.Fatal(err)
			}
			want := MulVec(em, n, x.RawVector().Data)
			e := maxAbs(sub(got, want)) / maxAbs(want)
			t.Logf("n = %d, h = %g: relative error %.2g", n, h, e)
			if e > 1e-12 {
				t.Errorf("n = %d, h = %g: Forcing = %v, want %v", n, h, got, want)
			}
		}
	}
	// A singular A: no drift in v, f = h b; a nilpotent A, f = (h I + A h²/2) b.
	if f := Forcing([]float64{0, 0, 0, 0}, []float64{1, -3}, 2, 0.25); f[0] != 0.25 || f[1] != -0.75 {
		t.Errorf("Forcing with A = 0: %v, want [0.25 -0.75]", f)
	}
	f := Forcing([]float64{0, 1, 0, 0}, []float64{0, 2}, 2, 0.5)
	if math.Abs(f[0]-0.25) > 1e-16 || math.Abs(f[1]-1) > 1e-16 {
		t.Errorf("Forcing with a nilpotent A: %v, want [0.25 1]", f)
	}
}

// ============================================================================
// Lyapunov.
// ============================================================================

func TestLyapunov(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{1, 2, 3, 5, 10, 30} {
		a := stable(r, n, 0.1)
		// A rotation block makes complex eigenvalues (2×2 Schur blocks).
		if n >= 2 {
			a[1] += 3
			a[n] -= 3
		}
		q := spd(r, n, 0)
		s, err := Lyapunov(a, q, n)
		if err != nil {
			t.Fatal(err)
		}
		res := add(add(Mul(a, s, n), Mul(s, Transpose(a, n), n)), q)
		e := Norm1(res, n) / Norm1(q, n)
		t.Logf("n = %d: ‖A S + S Aᵀ + Q‖₁/‖Q‖₁ = %.2g", n, e)
		if e > 1e-12 {
			t.Errorf("n = %d: relative residual %g", n, e)
		}
		if _, err := Cholesky(s, n); err != nil {
			t.Errorf("n = %d: the stationary covariance is not positive definite: %v", n, err)
		}
	}
	for _, c := range []struct {
		name string
		a    []float64
	}{
		{"positive eigenvalue", []float64{-1, 0, 0.1, 0.1}},
		{"zero", []float64{0, 0, 0, 0}},
		{"rotation", []float64{0, -1, 1, 0}},
		{"unstable spiral", []float64{0.01, -1, 1, 0.01}},
	} {
		if _, err := Lyapunov(c.a, Identity(2), 2); err == nil || !strings.Contains(err.Error(), "not stable") {
			t.Errorf("%s: Lyapunov accepted an unstable A (%v)", c.name, err)
		}
	}
}

// ============================================================================
// Cholesky.
// ============================================================================

func TestCholesky(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{1, 2, 5, 20} {
		s := spd(r, n, 0.01)
		l, err := Cholesky(s, n)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if l[i*n+j] != 0 {
					t.Errorf("n = %d: L is not lower triangular at (%d,%d)", n, i, j)
				}
			}
		}
		e := relErr(Mul(l, Transpose(l, n), n), s, n)
		f, err := CholeskyPSD(s, n)
		if err != nil {
			t.Fatal(err)
		}
		ep := relErr(Mul(f, Transpose(f, n), n), s, n)
		t.Logf("n = %d: ‖L Lᵀ - S‖₁/‖S‖₁ = %.2g, pivoted %.2g", n, e, ep)
		if e > 1e-15 || ep > 1e-15 {
			t.Errorf("n = %d: L Lᵀ differs from S by %g, F Fᵀ by %g", n, e, ep)
		}
	}
	for _, c := range []struct {
		s     []float64
		pivot string
	}{
		{[]float64{1, 2, 2, 1}, "pivot 1 "},
		{[]float64{-1, 0, 0, 1}, "pivot 0 "},
		{[]float64{1, 0, 0, 0, 1, 0, 0, 0, 0}, "pivot 2 "},
		{[]float64{4, 2, 0, 2, 1, 0, 0, 0, 1}, "pivot 1 "},
		{[]float64{1, 0, 0, 1, 2, 0, 0, 3, math.NaN()}, "pivot 2 "},
	} {
		n := int(math.Sqrt(float64(len(c.s))))
		_, err := Cholesky(c.s, n)
		if err == nil || !strings.Contains(err.Error(), c.pivot) {
			t.Errorf("Cholesky(%v): error %v, want one naming %s", c.s, err, c.pivot)
		}
	}
}

func TestCholeskyPSD(t *testing.T) {
	// Exactly singular: a zero variance, a rank-one matrix, and a zero
	// variance between others.
	for _, s := range [][]float64{
		{1, 0, 0, 0, 0, 0, 0, 0, 2},
		{1, 2, 3, 2, 4, 6, 3, 6, 9},
		{4, 2, 0, 2, 1, 0, 0, 0, 1},
		{0, 0, 0, 0, 0, 0, 0, 0, 0},
	} {
		f, err := CholeskyPSD(s, 3)
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		if e := maxAbs(sub(Mul(f, Transpose(f, 3), 3), s)); e > 1e-15*maxAbs(s) {
			t.Errorf("%v: F Fᵀ differs by %g", s, e)
		}
	}
	for _, c := range []struct {
		s     []float64
		pivot string
	}{
		{[]float64{1, 2, 2, 1}, "pivot 1 (row 1)"},
		{[]float64{-1, 0, 0, 1}, "pivot 1 (row 0)"},
		{[]float64{1, 0, 0, 0, -1e-3, 0, 0, 0, 2}, "pivot 2 (row 1)"},
		{[]float64{1, 0, 0, 1, math.NaN(), 0, 0, 0, 1}, "diagonal"},
	} {
		n := int(math.Sqrt(float64(len(c.s))))
		if _, err := CholeskyPSD(c.s, n); err == nil || !strings.Contains(err.Error(), c.pivot) {
			t.Errorf("CholeskyPSD(%v): error %v, want one naming %s", c.s, err, c.pivot)
		}
	}

	// The noise covariance of a step when the noise reaches only part of
	// the state. Uncoupled: v₀ has no noise and does not feel the rest, so
	// Q_h has an exactly zero row.
	const n = 3
	a := []float64{-1, 0, 0, 0.5, -2, 0.3, 0.2, -0.4, -1.5}
	q := []float64{0, 0, 0, 0, 1, 0.2, 0, 0.2, 0.5}
	_, qh := VanLoan(a, q, n, 0.4)
	f, err := CholeskyPSD(qh, n)
	if err != nil {
		t.Fatal(err)
	}
	if qh[0] != 0 || f[0] != 0 || f[1] != 0 || f[2] != 0 {
		t.Errorf("uncoupled: Q_h₀₀ = %g, F₀ = %g, want 0", qh[0], f[:3])
	}
	if e := relErr(Mul(f, Transpose(f, n), n), qh, n); e > 1e-15 {
		t.Errorf("uncoupled: F Fᵀ differs from Q_h by %g", e)
	}
	if _, err := Cholesky(qh, n); err == nil {
		t.Errorf("Cholesky accepted a singular Q_h")
	}

	// The same in a random orthogonal basis U (the Q of a QR
	// factorisation), for random models: the noiseless direction is no
	// axis and Q_h is singular only up to rounding, its Schur complements
	// slightly negative or positive.
	r := rand.New(rand.NewPCG(13, 14))
	var worst float64
	for trial := range 60 {
		n := 2 + trial%6
		a := stable(r, n, 0.2)
		for j := 1; j < n; j++ {
			a[j] = 0 // v₀ feels only itself
		}
		b := random(r, n)
		q := Mul(b, Transpose(b, n), n)
		for i := 0; i < n; i++ {
			q[i], q[i*n] = 0, 0 // and has no noise
		}
		var qr mat.QR
		qr.Factorize(mat.NewDense(n, n, random(r, n)))
		var um mat.Dense
		qr.QTo(&um)
		u := um.RawMatrix().Data
		ut := Transpose(u, n)
		ar := Mul(Mul(u, a, n), ut, n)
		qu := Mul(Mul(u, q, n), ut, n)
		symmetrise(qu, n)
		for _, h := range []float64{1e-6, 0.01, 0.4, 3, 30} {
			_, qh := VanLoan(ar, qu, n, h)
			f, err := CholeskyPSD(qh, n)
			if err != nil {
				t.Fatalf("rotated, n = %d, h = %g: %v", n, h, err)
			}
			e := maxAbs(sub(Mul(f, Transpose(f, n), n), qh)) / maxAbs(qh)
			worst = max(worst, e)
			if e > 1e-14 {
				t.Errorf("rotated, n = %d, h = %g: F Fᵀ differs from Q_h by %g", n, h, e)
			}
		}
	}
	t.Logf("singular Q_h in rotated bases: max |F Fᵀ - Q_h| / max |Q_h| = %.2g", worst)
}

// ============================================================================
// Golden digests: the bits of Expm, VanLoan, Forcing and the Cholesky
// factors for fixed matrices, the same on every machine. CI checks them on
// amd64 and under qemu-aarch64. Regenerate testdata/golden.txt with
// `go test ./linalg/ -run TestGolden -update` only for a deliberate change
// of the arithmetic, and say so.
// ============================================================================

var update = flag.Bool("update", false, "rewrite testdata/golden.txt")

const goldenFile = "testdata/golden.txt"

func digest(xs ...[]float64) string {
	h := sha256.New()
	var b [8]byte
	for _, x := range xs {
		for _, v := range x {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// goldenCases returns the digests in a fixed order.
func goldenCases() (keys []string, got map[string]string) {
	got = map[string]string{}
	put := func(k string, xs ...[]float64) {
		keys = append(keys, k)
		got[k] = digest(xs...)
	}
	r := rand.New(rand.NewPCG(2026, 1))
	for _, n := range []int{2, 5, 9} {
		a := random(r, n)
		for _, norm := range []float64{1e-3, 0.2, 0.9, 2, 5, 50, 1000} {
			put(fmt.Sprintf("expm/n=%d/norm=%g", n, norm), Expm(withNorm(a, n, norm), n))
		}
	}
	for _, n := range []int{2, 3, 6} {
		a := stable(r, n, 0.1)
		a[1] += 2
		q := spd(r, n, 0)
		b := random(r, n)[:n]
		x := random(r, n)[:n]
		for _, h := range []float64{1e-3, 0.1, 1.5} {
			phi, qh := VanLoan(a, q, n, h)
			put(fmt.Sprintf("vanloan/n=%d/h=%g", n, h), phi, qh)
			put(fmt.Sprintf("forcing/n=%d/h=%g", n, h), Forcing(a, b, n, h))
			l, err := Cholesky(qh, n)
			if err != nil {
				panic(err)
			}
			lp, err := CholeskyPSD(qh, n)
			if err != nil {
				panic(err)
			}
			put(fmt.Sprintf("cholesky/n=%d/h=%g", n, h), l, lp, MulVec(l, n, x))
		}
	}
	return keys, got
}

func TestGolden(t *testing.T) {
	keys, got := goldenCases()
	golden.Check(t, goldenFile, "SHA-256 of the little-endian bits of Expm, VanLoan, Forcing and Cholesky results; see TestGolden", keys, got, *update)
}
