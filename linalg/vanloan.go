package linalg

import (
	"fmt"
	"math"
)

// VanLoan returns the exact discretisation over a step h of the linear
// s-mode dv = A v dt + C dw with diffusion matrix Q = C Cᵀ (n×n, symmetric
// positive semidefinite): the transition Φ = e^{Ah} and the covariance of
// the noise accumulated over the step,
//
//	Q_h = ∫₀^h e^{As} Q e^{Aᵀs} ds,
//
// so that v(t+h) = Φ v(t) + ξ with ξ ~ N(0, Q_h). Both come from one
// exponential of a 2n×2n block matrix, C. F. Van Loan, "Computing integrals
// involving the matrix exponential", IEEE Trans. Automat. Control 23(3)
// (1978) 395–404, theorem 1:
//
//	exp([[-A, Q], [0, Aᵀ]] h) = [[F₁₁, F₁₂], [0, F₂₂]],
//	Φ = F₂₂ᵀ,   Q_h = Φ F₁₂,
//
// the exponential by Expm. The product Φ F₁₂ loses accuracy in proportion
// to ‖e^{Ah}‖ ‖e^{-Ah}‖, which grows like e^{2‖A‖h}, so for a long step,
// ‖A‖₁ h > 1, the block exponential is taken for h' = h/2^k with
// ‖A‖₁ h' ≤ 1 and the step doubled k times:
//
//	Q_{2h'} = Q_{h'} + Φ_{h'} Q_{h'} Φ_{h'}ᵀ,   Φ_{2h'} = Φ_{h'}²,
//
// which adds positive semidefinite terms and keeps the relative accuracy of
// a short step. Q_h is returned symmetrised, (Q_h + Q_hᵀ)/2, after the
// block exponential and after every doubling.
//
// VanLoan is portable: it returns the same bits on every machine.
func VanLoan(a, q []float64, n int, h float64) (phi, qh []float64) {
	check("a", a, n)
	check("q", q, n)
	k := 0
	if x := Norm1(a, n) * math.Abs(h); x > 1 {
		// k = ⌈log₂ x⌉ (see Expm).
		f, e := math.Frexp(x)
		k = e
		if f == 0.5 {
			k = e - 1
		}
		h *= math.Ldexp(1, -k)
	}
	phi, qh = vanLoan(a, q, n, h)
	for ; k > 0; k-- {
		next := Mul(Mul(phi, qh, n), Transpose(phi, n), n)
		for i, v := range next {
			qh[i] += v
		}
		symmetrise(qh, n)
		phi = Mul(phi, phi, n)
	}
	return phi, qh
}

// vanLoan returns Φ and Q_h from the block exponential for the step h.
func vanLoan(a, q []float64, n int, h float64) (phi, qh []float64) {
	m := 2 * n
	big := make([]float64, m*m)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			big[i*m+j] = -float64(a[i*n+j] * h)
			big[i*m+n+j] = float64(q[i*n+j] * h)
			big[(n+i)*m+n+j] = float64(a[j*n+i] * h)
		}
	}
	e := Expm(big, m)
	phi = make([]float64, n*n)
	f12 := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			phi[j*n+i] = e[(n+i)*m+n+j]
			f12[i*n+j] = e[i*m+n+j]
		}
	}
	qh = Mul(phi, f12, n)
	symmetrise(qh, n)
	return phi, qh
}

// symmetrise replaces the n×n matrix s by (S + Sᵀ)/2.
func symmetrise(s []float64, n int) {
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			v := (s[i*n+j] + s[j*n+i]) * 0.5
			s[i*n+j], s[j*n+i] = v, v
		}
	}
}

// Forcing returns the exact contribution of a constant drift b over a step
// h of dv = (A v + b) dt, the vector
//
//	f = ∫₀^h e^{As} ds · b,
//
// so that v(t+h) = e^{Ah} v(t) + f; it equals (e^{Ah} - I) A⁻¹ b when A is
// invertible, but needs no inverse. It is the last column of an
// (n+1)×(n+1) block exponential (Van Loan 1978, see VanLoan),
//
//	exp([[A, b], [0, 0]] h) = [[e^{Ah}, f], [0, 1]],
//
// the exponential by Expm. Forcing is portable: it returns the same bits
// on every machine.
func Forcing(a, b []float64, n int, h float64) []float64 {
	check("a", a, n)
	if len(b) < n {
		panic(fmt.Sprintf("linalg: b has %d entries, fewer than %d", len(b), n))
	}
	m := n + 1
	big := make([]float64, m*m)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			big[i*m+j] = float64(a[i*n+j] * h)
		}
		big[i*m+n] = float64(b[i] * h)
	}
	e := Expm(big, m)
	f := make([]float64, n)
	for i := range f {
		f[i] = e[i*m+n]
	}
	return f
}
