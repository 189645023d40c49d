//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.NEON, "baoab/f32", "baoab/f64")
}

// BAOAB32NEON applies the BAOAB step to the first len(x) &^ 3 elements of
// a float32 row and returns that count.
func BAOAB32NEON(x, p, f, xi []float32, hh, a, c1, c2 float32, closePrev bool) int {
	n := len(x) &^ 3
	if n == 0 {
		return 0
	}
	_, _, _ = p[n-1], f[n-1], xi[n-1]
	baoab32NEON(&x[0], &p[0], &f[0], &xi[0], n, hh, a, c1, c2, closePrev)
	return n
}

// BAOAB64NEON applies the BAOAB step to the first len(x) &^ 1 elements of
// a float64 row and returns that count.
func BAOAB64NEON(x, p, f, xi []float64, hh, a, c1, c2 float64, closePrev bool) int {
	n := len(x) &^ 1
	if n == 0 {
		return 0
	}
	_, _, _ = p[n-1], f[n-1], xi[n-1]
	baoab64NEON(&x[0], &p[0], &f[0], &xi[0], n, hh, a, c1, c2, closePrev)
	return n
}

// baoab32NEON computes, for n a multiple of 4 and x, p, f and xi
// addressing n elements each,
//
//	for i := range n {
//		pi, xv, fi := p[i], x[i], f[i]
//		if closePrev {
//			pi = pi + float32(hh*fi)
//		}
//		pi = pi + float32(hh*fi)
//		xv = xv + float32(a*pi)
//		pi = float32(c1*pi) + float32(c2*xi[i])
//		xv = xv + float32(a*pi)
//		p[i], x[i] = pi, xv
//	}
//
//go:noescape
func baoab32NEON(x, p, f, xi *float32, n int, hh, a, c1, c2 float32, closePrev bool)

// baoab64NEON computes, for n a multiple of 2,
//
//	for i := range n {
//		pi, xv, fi := p[i], x[i], f[i]
//		if closePrev {
//			pi = pi + float64(hh*fi)
//		}
//		pi = pi + float64(hh*fi)
//		xv = xv + float64(a*pi)
//		pi = float64(c1*pi) + float64(c2*xi[i])
//		xv = xv + float64(a*pi)
//		p[i], x[i] = pi, xv
//	}
//
//go:noescape
func baoab64NEON(x, p, f, xi *float64, n int, hh, a, c1, c2 float64, closePrev bool)

// BAOABLinRows32NEON applies the BAOAB step to all rows of n chains (the
// rows being len(a), each with its coefficients a, c1 and c2), fused
// with the linear diagonal force of each row k, f = kappa[k] (mu[k] -
// x) at the new x, and with the check for non-finite x, a call per row.
// It reports whether it ran, which it does if n is a multiple of 4, and
// then whether some x is NaN or infinite.
func BAOABLinRows32NEON(x, p, f, xi []float32, n int, hh float32, a, c1, c2, kappa, mu []float32, closePrev bool) (ran, nonFinite bool) {
	if !linRowsFit(len(x), len(p), len(f), len(xi), n, 4, len(a), len(c1), len(c2), len(kappa), len(mu)) {
		return false, false
	}
	for k := range a {
		r := k * n
		nonFinite = baoabLin32NEON(&x[r], &p[r], &f[r], &xi[r], n, hh, a[k], c1[k], c2[k], kappa[k], mu[k], closePrev) || nonFinite
	}
	return true, nonFinite
}

// BAOABLinRows64NEON is BAOABLinRows32NEON for float64, n a multiple of
// 2.
func BAOABLinRows64NEON(x, p, f, xi []float64, n int, hh float64, a, c1, c2, kappa, mu []float64, closePrev bool) (ran, nonFinite bool) {
	if !linRowsFit(len(x), len(p), len(f), len(xi), n, 2, len(a), len(c1), len(c2), len(kappa), len(mu)) {
		return false, false
	}
	for k := range a {
		r := k * n
		nonFinite = baoabLin64NEON(&x[r], &p[r], &f[r], &xi[r], n, hh, a[k], c1[k], c2[k], kappa[k], mu[k], closePrev) || nonFinite
	}
	return true, nonFinite
}

// linRowsFit reports whether the fused NEON kernels, of vectors of w
// elements, can take rows rows of n chains: n a positive multiple of w,
// at least one row, state slices of rows*n elements or more and
// coefficient slices of rows or more.
func linRowsFit(lx, lp, lf, lxi, n, w, rows, la, lb, lk, lm int) bool {
	m := rows * n
	return n > 0 && n%w == 0 && rows > 0 && lx >= m && lp >= m && lf >= m && lxi >= m &&
		la >= rows && lb >= rows && lk >= rows && lm >= rows
}

// baoabLin32NEON runs baoab32NEON on a row of n elements, n a multiple
// of 4, and then
//
//	for i := range n {
//		f[i] = kappa * (mu - x[i])
//		nonFinite = nonFinite || x[i]-x[i] != 0
//	}
//
// in the same pass.
//
//go:noescape
func baoabLin32NEON(x, p, f, xi *float32, n int, hh, a, c1, c2, kappa, mu float32, closePrev bool) (nonFinite bool)

// baoabLin64NEON is baoabLin32NEON for float64, n a multiple of 2.
//
//go:noescape
func baoabLin64NEON(x, p, f, xi *float64, n int, hh, a, c1, c2, kappa, mu float64, closePrev bool) (nonFinite bool)
