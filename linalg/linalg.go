package linalg

import (
	"errors"
	"fmt"
	"math"
)

// check panics unless a holds an n×n matrix.
func check(name string, a []float64, n int) {
	if n < 0 || len(a) < n*n {
		panic(fmt.Sprintf("linalg: %s has %d entries, fewer than %d×%d", name, len(a), n, n))
	}
}

// Identity returns the n×n identity matrix.
func Identity(n int) []float64 {
	e := make([]float64, n*n)
	for i := 0; i < n; i++ {
		e[i*n+i] = 1
	}
	return e
}

// Transpose returns Aᵀ for the n×n matrix a.
func Transpose(a []float64, n int) []float64 {
	check("a", a, n)
	t := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			t[j*n+i] = a[i*n+j]
		}
	}
	return t
}

// Mul returns the product A B of two n×n matrices. Each entry is summed
// in the order of the inner index with every product rounded, so the
// result is the same on every machine.
func Mul(a, b []float64, n int) []float64 {
	check("a", a, n)
	check("b", b, n)
	c := make([]float64, n*n)
	mulAdd(c, a, b, n)
	return c
}

// mulAdd adds A B to c, entry (i, j) accumulated over k in increasing
// order.
func mulAdd(c, a, b []float64, n int) {
	for i := 0; i < n; i++ {
		ci := c[i*n : i*n+n]
		for k := 0; k < n; k++ {
			aik := a[i*n+k]
			bk := b[k*n : k*n+n]
			for j, bkj := range bk {
				ci[j] += float64(aik * bkj)
			}
		}
	}
}

// MulVec returns the product A x of the n×n matrix a and the vector x,
// each entry summed in index order with every product rounded.
func MulVec(a []float64, n int, x []float64) []float64 {
	check("a", a, n)
	if len(x) < n {
		panic(fmt.Sprintf("linalg: x has %d entries, fewer than %d", len(x), n))
	}
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		var s float64
		for j, aij := range a[i*n : i*n+n] {
			s += float64(aij * x[j])
		}
		y[i] = s
	}
	return y
}

// Norm1 returns the 1-norm of the n×n matrix a, its largest absolute
// column sum.
func Norm1(a []float64, n int) float64 {
	check("a", a, n)
	var norm float64
	for j := 0; j < n; j++ {
		var s float64
		for i := 0; i < n; i++ {
			s += math.Abs(a[i*n+j])
		}
		if s > norm || s != s {
			norm = s
		}
	}
	return norm
}

// solve overwrites the n×m matrix b with the solution X of A X = B, and a
// with its LU factors, by Gaussian elimination with partial pivoting
// (Golub and Van Loan, Matrix Computations, algorithm 3.4.1): the pivot of
// each column is the entry of largest magnitude on or below the diagonal,
// the first of equals. Every product is rounded before it is subtracted,
// so the result is the same on every machine. A zero pivot leaves
// infinities or NaNs in the result; solve reports it as false.
func solve(a []float64, n int, b []float64, m int) bool {
	ok := true
	for k := 0; k < n; k++ {
		p, big := k, math.Abs(a[k*n+k])
		for i := k + 1; i < n; i++ {
			if v := math.Abs(a[i*n+k]); v > big {
				p, big = i, v
			}
		}
		if !(big > 0) {
			ok = false
		}
		if p != k {
			for j := 0; j < n; j++ {
				a[k*n+j], a[p*n+j] = a[p*n+j], a[k*n+j]
			}
			for j := 0; j < m; j++ {
				b[k*m+j], b[p*m+j] = b[p*m+j], b[k*m+j]
			}
		}
		piv := a[k*n+k]
		ak := a[k*n+k+1 : k*n+n]
		bk := b[k*m : k*m+m]
		for i := k + 1; i < n; i++ {
			l := a[i*n+k] / piv
			a[i*n+k] = l
			ai := a[i*n+k+1 : i*n+n]
			for j, akj := range ak {
				ai[j] -= float64(l * akj)
			}
			bi := b[i*m : i*m+m]
			for j, bkj := range bk {
				bi[j] -= float64(l * bkj)
			}
		}
	}
	for i := n - 1; i >= 0; i-- {
		d := a[i*n+i]
		bi := b[i*m : i*m+m]
		for k := i + 1; k < n; k++ {
			aik := a[i*n+k]
			bk := b[k*m : k*m+m]
			for j, bkj := range bk {
				bi[j] -= float64(aik * bkj)
			}
		}
		for j := range bi {
			bi[j] /= d
		}
	}
	return ok
}

// Solve returns the n×m matrix X with A X = B, for A n×n and B n×m
// (row-major; m = 1 for a vector), by Gaussian elimination with partial
// pivoting, the same on every machine. A and B are left as they are. A
// singular A is an error.
func Solve(a, b []float64, n, m int) ([]float64, error) {
	check("A", a, n)
	if len(b) != n*m {
		panic(fmt.Sprintf("linalg: B has %d elements, want %d×%d", len(b), n, m))
	}
	lu, x := append([]float64(nil), a...), append([]float64(nil), b...)
	if !solve(lu, n, x, m) {
		return nil, errors.New("linalg: A is singular")
	}
	return x, nil
}
