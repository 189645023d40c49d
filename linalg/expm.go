package linalg

import "math"

// The degrees m of the diagonal Padé approximants r_m that Expm chooses
// from, the largest 1-norm θ_m of A for which r_m(A) reaches e^A to the
// unit roundoff 2^-53 in backward error, and the coefficients b_j of
// p_m(x) = Σ_j b_j x^j, the numerator of r_m(x) = p_m(x)/p_m(-x): Higham
// (2005), table 2.3 and section 2.
var (
	padeDegrees = [...]int{3, 5, 7, 9}
	padeTheta   = [...]float64{
		1.495585217958292e-2,
		2.539398330063230e-1,
		9.504178996162932e-1,
		2.097847961257068e0,
	}
	padeB = [...][]float64{
		{120, 60, 12, 1},
		{30240, 15120, 3360, 420, 30, 1},
		{17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1},
		{17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160,
			110880, 3960, 90, 1},
	}
)

const theta13 = 5.371920351148152e0

var padeB13 = [...]float64{
	64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800,
	129060195264000, 10559470521600, 670442572800, 33522128640, 1323241920,
	40840800, 960960, 16380, 182, 1,
}

// Expm returns e^A for the n×n matrix a by scaling and squaring with Padé
// approximants, algorithm 2.3 of N. J. Higham, "The scaling and squaring
// method for the matrix exponential revisited", SIAM J. Matrix Anal. Appl.
// 26(4) (2005) 1179–1193:
//
//   - if ‖A‖₁ ≤ θ_m for m = 3, 5, 7 or 9 (the first that holds), e^A is the
//     diagonal Padé approximant r_m(A) of degree m;
//   - otherwise A is scaled by 2^-s, s = max(0, ⌈log₂(‖A‖₁/θ₁₃)⌉), and
//     e^A = r₁₃(2^-s A)^(2^s), the approximant squared s times.
//
// r_m(A) = (V - U)⁻¹ (V + U) with U and V the odd and even parts of p_m(A),
// evaluated with the products of Higham's section 2 (six for m = 13), and
// the linear system solved by LU factorisation with partial pivoting. The
// result is accurate to a modest multiple of the unit roundoff times the
// condition number of the exponential; for normal and mildly non-normal
// matrices near machine precision.
//
// Expm is portable: it returns the same bits on every machine. A matrix
// with an infinite or NaN entry gives a matrix of NaNs; entries of the
// result overflow to infinity when e^A does.
func Expm(a []float64, n int) []float64 {
	check("a", a, n)
	a = a[:n*n]
	for _, v := range a {
		if v-v != 0 {
			e := make([]float64, n*n)
			for i := range e {
				e[i] = math.NaN()
			}
			return e
		}
	}
	norm := Norm1(a, n)
	for i, m := range padeDegrees {
		if norm <= padeTheta[i] {
			return pade(a, n, m, padeB[i])
		}
	}
	s := 0
	if norm > theta13 {
		// s = ⌈log₂ x⌉ for x = norm/θ₁₃ > 1 = f·2^e, f in [1/2, 1):
		// e unless x is a power of two.
		f, e := math.Frexp(norm / theta13)
		s = e
		if f == 0.5 {
			s = e - 1
		}
	}
	as := a
	if s > 0 {
		scale := math.Ldexp(1, -s)
		as = make([]float64, n*n)
		for i, v := range a {
			as[i] = float64(v * scale)
		}
	}
	r := pade13(as, n)
	for ; s > 0; s-- {
		r = Mul(r, r, n)
	}
	return r
}

// comb returns c0 I + Σ_k c[k] M_k, each entry summed in the order of k
// with the products rounded.
func comb(n int, c0 float64, c []float64, ms ...[]float64) []float64 {
	r := make([]float64, n*n)
	for idx := range r {
		var s float64
		for k, m := range ms {
			s += float64(c[k] * m[idx])
		}
		r[idx] = s
	}
	for i := 0; i < n; i++ {
		r[i*n+i] += c0
	}
	return r
}

// pade returns r_m(A) for m = 3, 5, 7 or 9, with b the coefficients of
// p_m: U = A Σ_{j odd} b_j A^{j-1}, V = Σ_{j even} b_j A^j, the sums taken
// from the highest power down.
func pade(a []float64, n, m int, b []float64) []float64 {
	pows := [][]float64{nil, Mul(a, a, n)} // pows[k] = A^{2k}
	for k := 2; 2*k < m; k++ {
		pows = append(pows, Mul(pows[k-1], pows[1], n))
	}
	var cu, cv []float64
	var ms [][]float64
	for k := (m - 1) / 2; k >= 1; k-- {
		cu = append(cu, b[2*k+1])
		cv = append(cv, b[2*k])
		ms = append(ms, pows[k])
	}
	u := Mul(a, comb(n, b[1], cu, ms...), n)
	v := comb(n, b[0], cv, ms...)
	return padeSolve(u, v, n)
}

// pade13 returns r₁₃(A) by Higham's evaluation with six products:
//
//	U = A [A₆ (b₁₃ A₆ + b₁₁ A₄ + b₉ A₂) + b₇ A₆ + b₅ A₄ + b₃ A₂ + b₁ I],
//	V = A₆ (b₁₂ A₆ + b₁₀ A₄ + b₈ A₂) + b₆ A₆ + b₄ A₄ + b₂ A₂ + b₀ I.
func pade13(a []float64, n int) []float64 {
	b := &padeB13
	a2 := Mul(a, a, n)
	a4 := Mul(a2, a2, n)
	a6 := Mul(a4, a2, n)
	w := comb(n, b[1], []float64{b[7], b[5], b[3]}, a6, a4, a2)
	mulAdd(w, a6, comb(n, 0, []float64{b[13], b[11], b[9]}, a6, a4, a2), n)
	u := Mul(a, w, n)
	v := comb(n, b[0], []float64{b[6], b[4], b[2]}, a6, a4, a2)
	mulAdd(v, a6, comb(n, 0, []float64{b[12], b[10], b[8]}, a6, a4, a2), n)
	return padeSolve(u, v, n)
}

// padeSolve returns (V - U)⁻¹ (V + U).
func padeSolve(u, v []float64, n int) []float64 {
	p := make([]float64, n*n)
	q := make([]float64, n*n)
	for i := range p {
		p[i] = v[i] + u[i]
		q[i] = v[i] - u[i]
	}
	solve(q, n, p, n)
	return p
}
