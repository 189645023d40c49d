package linalg

import (
	"fmt"
	"math"
)

// Cholesky returns the lower triangular factor L with S = L Lᵀ of the
// symmetric positive definite n×n matrix s, of which it reads only the
// lower triangle. It is the Cholesky–Crout algorithm (Golub and Van Loan,
// Matrix Computations, 4th ed., algorithm 4.2.2), column by column:
//
//	L_jj = √(S_jj - Σ_{k<j} L_jk²),   L_ij = (S_ij - Σ_{k<j} L_ik L_jk) / L_jj  (i > j),
//
// the sums in increasing k with every product rounded, so the factor is
// the same on every machine. If a pivot S_jj - Σ_{k<j} L_jk² is not
// positive, S is not positive definite and Cholesky returns an error
// naming the pivot.
func Cholesky(s []float64, n int) ([]float64, error) {
	check("s", s, n)
	l := make([]float64, n*n)
	for j := 0; j < n; j++ {
		lj := l[j*n : j*n+j]
		d := s[j*n+j]
		for _, v := range lj {
			d -= float64(v * v)
		}
		if !(d > 0) {
			return nil, fmt.Errorf("linalg: Cholesky: matrix not positive definite: pivot %d is %g", j, d)
		}
		ljj := math.Sqrt(d)
		l[j*n+j] = ljj
		for i := j + 1; i < n; i++ {
			v := s[i*n+j]
			for k, ljk := range lj {
				v -= float64(l[i*n+k] * ljk)
			}
			l[i*n+j] = v / ljj
		}
	}
	return l, nil
}

// CholeskyPSD returns a factor F with S = F Fᵀ of a symmetric positive
// semidefinite n×n matrix s, of which it reads only the lower triangle: a
// noise covariance that may be singular, as Q_h is when C is (no noise in
// some direction). It is the Cholesky factorisation with diagonal pivoting
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., section
// 10.3; LAPACK's dpstrf): step k takes as pivot the largest remaining
// diagonal entry of the Schur complement (the first of equals), and the
// factorisation stops at rank r when that entry is at most
//
//	τ = n · 2⁻⁵² · max_i S_ii;
//
// the columns r..n-1 of the factor are zero. The Schur complement left
// behind, with entries no larger than its diagonal, is the error of
// F Fᵀ, of the order of τ. Pivoting keeps the computed rank-r part
// accurate however badly the rows are ordered, which a factorisation in
// the given order does not when a direction has tiny or zero variance.
// A remaining diagonal entry below -2⁻²⁶ max_i S_ii, far beyond rounding,
// means S is not semidefinite, and CholeskyPSD returns an error naming the
// pivot.
//
// F is lower triangular up to the order of its rows: row p_k of F is row k
// of the lower triangular factor L of the pivoted matrix, L Lᵀ = Pᵀ S P,
// where p_k is the row of S chosen as the k-th pivot. For a positive
// definite S it is in general not Cholesky's factor. CholeskyPSD is
// portable: it returns the same bits on every machine.
func CholeskyPSD(s []float64, n int) ([]float64, error) {
	check("s", s, n)
	// w holds the symmetric Schur complement in pivoted order, perm the
	// rows of S in that order, l the factor in pivoted order.
	w := make([]float64, n*n)
	perm := make([]int, n)
	var big float64
	for i := 0; i < n; i++ {
		perm[i] = i
		for j := 0; j <= i; j++ {
			w[i*n+j] = s[i*n+j]
			w[j*n+i] = s[i*n+j]
		}
		if d := s[i*n+i]; d > big || d != d {
			big = d
		}
	}
	if big != big || big-big != 0 {
		return nil, fmt.Errorf("linalg: CholeskyPSD: diagonal entry %g", big)
	}
	tol := float64(float64(n)*0x1p-52) * big
	neg := -float64(0x1p-26 * big)
	l := make([]float64, n*n)
	for k := 0; k < n; k++ {
		p := k
		for i := k + 1; i < n; i++ {
			if w[i*n+i] > w[p*n+p] {
				p = i
			}
		}
		if !(w[p*n+p] > tol) {
			for i := k; i < n; i++ {
				if d := w[i*n+i]; !(d >= neg) {
					return nil, fmt.Errorf("linalg: CholeskyPSD: matrix not positive semidefinite: pivot %d (row %d) is %g", k, perm[i], d)
				}
			}
			break
		}
		if p != k {
			for j := 0; j < n; j++ {
				w[k*n+j], w[p*n+j] = w[p*n+j], w[k*n+j]
			}
			for i := 0; i < n; i++ {
				w[i*n+k], w[i*n+p] = w[i*n+p], w[i*n+k]
			}
			for j := 0; j < k; j++ {
				l[k*n+j], l[p*n+j] = l[p*n+j], l[k*n+j]
			}
			perm[k], perm[p] = perm[p], perm[k]
		}
		d := math.Sqrt(w[k*n+k])
		l[k*n+k] = d
		for i := k + 1; i < n; i++ {
			l[i*n+k] = w[i*n+k] / d
		}
		for i := k + 1; i < n; i++ {
			lik := l[i*n+k]
			for j := k + 1; j < n; j++ {
				w[i*n+j] -= float64(lik * l[j*n+k])
			}
		}
	}
	f := make([]float64, n*n)
	for i, pi := range perm {
		copy(f[pi*n:pi*n+n], l[i*n:i*n+n])
	}
	return f, nil
}
