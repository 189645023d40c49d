//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.AVX512, "baoab/f32", "baoab/f64")
	isa.Register(isa.AVX2, "baoab/f32", "baoab/f64")
}

// BAOAB32AVX512 applies the BAOAB step to the first len(x) &^ 15 elements
// of a float32 row and returns that count. It needs AVX-512F.
func BAOAB32AVX512(x, p, f, xi []float32, hh, a, c1, c2 float32, closePrev bool) int {
	n := len(x) &^ 15
	if n == 0 {
		return 0
	}
	_, _, _ = p[n-1], f[n-1], xi[n-1]
	baoab32AVX512(&x[0], &p[0], &f[0], &xi[0], n, hh, a, c1, c2, closePrev)
	return n
}

// BAOAB32AVX2 applies the BAOAB step to the first len(x) &^ 7 elements of
// a float32 row and returns that count. It needs AVX2.
func BAOAB32AVX2(x, p, f, xi []float32, hh, a, c1, c2 float32, closePrev bool) int {
	n := len(x) &^ 7
	if n == 0 {
		return 0
	}
	_, _, _ = p[n-1], f[n-1], xi[n-1]
	baoab32AVX2(&x[0], &p[0], &f[0], &xi[0], n, hh, a, c1, c2, closePrev)
	return n
}

// BAOAB64AVX512 applies the BAOAB step to the first len(x) &^ 7 elements
// of a float64 row and returns that count. It needs AVX-512F.
func BAOAB64AVX512(x, p, f, xi []float64, hh, a, c1, c2 float64, closePrev bool) int {
	n := len(x) &^ 7
	if n == 0 {
		return 0
	}
	_, _, _ = p[n-1], f[n-1], xi[n-1]
	baoab64AVX512(&x[0], &p[0], &f[0], &xi[0], n, hh, a, c1, c2, closePrev)
	return n
}

// BAOAB64AVX2 applies the BAOAB step to the first len(x) &^ 3 elements of
// a float64 row and returns that count. It needs AVX2.
func BAOAB64AVX2(x, p, f, xi []float64, hh, a, c1, c2 float64, closePrev bool) int {
	n := len(x) &^ 3
	if n == 0 {
		return 0
	}
	_, _, _ = p[n-1], f[n-1], xi[n-1]
	baoab64AVX2(&x[0], &p[0], &f[0], &xi[0], n, hh, a, c1, c2, closePrev)
	return n
}

// baoab32AVX512 computes, for n a multiple of 16 and x, p, f and xi
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
func baoab32AVX512(x, p, f, xi *float32, n int, hh, a, c1, c2 float32, closePrev bool)

// baoab32AVX2 computes, for n a multiple of 8,
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
func baoab32AVX2(x, p, f, xi *float32, n int, hh, a, c1, c2 float32, closePrev bool)

// baoab64AVX512 computes, for n a multiple of 8,
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
func baoab64AVX512(x, p, f, xi *float64, n int, hh, a, c1, c2 float64, closePrev bool)

// baoab64AVX2 computes, for n a multiple of 4,
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
func baoab64AVX2(x, p, f, xi *float64, n int, hh, a, c1, c2 float64, closePrev bool)

// BAOABRows32AVX512 applies the BAOAB step to all rows of n chains (the
// rows being len(a), each with its coefficients a, c1 and c2) in one
// call, and reports whether it did: it does if n is a multiple of 16.
// It needs AVX-512F.
func BAOABRows32AVX512(x, p, f, xi []float32, n int, hh float32, a, c1, c2 []float32, closePrev bool) bool {
	if !rowsFit(len(x), len(p), len(f), len(xi), n, 16, len(a), len(c1), len(c2)) {
		return false
	}
	baoabRows32AVX512(&x[0], &p[0], &f[0], &xi[0], n, len(a), hh, &a[0], &c1[0], &c2[0], closePrev)
	return true
}

// BAOABRows32AVX2 is BAOABRows32AVX512 for AVX2, n a multiple of 8.
func BAOABRows32AVX2(x, p, f, xi []float32, n int, hh float32, a, c1, c2 []float32, closePrev bool) bool {
	if !rowsFit(len(x), len(p), len(f), len(xi), n, 8, len(a), len(c1), len(c2)) {
		return false
	}
	baoabRows32AVX2(&x[0], &p[0], &f[0], &xi[0], n, len(a), hh, &a[0], &c1[0], &c2[0], closePrev)
	return true
}

// BAOABRows64AVX512 is BAOABRows32AVX512 for float64, n a multiple of 8.
func BAOABRows64AVX512(x, p, f, xi []float64, n int, hh float64, a, c1, c2 []float64, closePrev bool) bool {
	if !rowsFit(len(x), len(p), len(f), len(xi), n, 8, len(a), len(c1), len(c2)) {
		return false
	}
	baoabRows64AVX512(&x[0], &p[0], &f[0], &xi[0], n, len(a), hh, &a[0], &c1[0], &c2[0], closePrev)
	return true
}

// BAOABRows64AVX2 is BAOABRows64AVX512 for AVX2, n a multiple of 4.
func BAOABRows64AVX2(x, p, f, xi []float64, n int, hh float64, a, c1, c2 []float64, closePrev bool) bool {
	if !rowsFit(len(x), len(p), len(f), len(xi), n, 4, len(a), len(c1), len(c2)) {
		return false
	}
	baoabRows64AVX2(&x[0], &p[0], &f[0], &xi[0], n, len(a), hh, &a[0], &c1[0], &c2[0], closePrev)
	return true
}

// rowsFit reports whether a kernel over all rows, of vectors of w
// elements, can take rows rows of n chains: n a positive multiple of w,
// at least one row, state slices of rows*n elements or more and
// coefficient slices of rows or more.
func rowsFit(lx, lp, lf, lxi, n, w, rows, la, lb int) bool {
	m := rows * n
	return n > 0 && n%w == 0 && rows > 0 && lx >= m && lp >= m && lf >= m && lxi >= m && la >= rows && lb >= rows
}

// baoabRows32AVX512 runs baoab32AVX512 on each of rows rows of n
// elements, row k with the coefficients a[k], c1[k] and c2[k].
//
//go:noescape
func baoabRows32AVX512(x, p, f, xi *float32, n, rows int, hh float32, a, c1, c2 *float32, closePrev bool)

// baoabRows32AVX2 runs baoab32AVX2 on each of rows rows, as
// baoabRows32AVX512.
//
//go:noescape
func baoabRows32AVX2(x, p, f, xi *float32, n, rows int, hh float32, a, c1, c2 *float32, closePrev bool)

// baoabRows64AVX512 runs baoab64AVX512 on each of rows rows, as
// baoabRows32AVX512.
//
//go:noescape
func baoabRows64AVX512(x, p, f, xi *float64, n, rows int, hh float64, a, c1, c2 *float64, closePrev bool)

// baoabRows64AVX2 runs baoab64AVX2 on each of rows rows, as
// baoabRows32AVX512.
//
//go:noescape
func baoabRows64AVX2(x, p, f, xi *float64, n, rows int, hh float64, a, c1, c2 *float64, closePrev bool)

// BAOABLinRows32AVX512 is BAOABRows32AVX512 fused with the linear
// diagonal force of each row k, f = kappa[k] (mu[k] - x) at the new x
// (LinearRows32AVX512), and with the check for non-finite x: it reports
// whether it ran, and then whether some x may be NaN or infinite (never
// false when one is; true also when a force overflowed).
func BAOABLinRows32AVX512(x, p, f, xi []float32, n int, hh float32, a, c1, c2, kappa, mu []float32, closePrev bool) (ran, nonFinite bool) {
	if !rowsFit(len(x), len(p), len(f), len(xi), n, 16, len(a), len(c1), len(c2)) || len(kappa) < len(a) || len(mu) < len(a) {
		return false, false
	}
	return true, baoabLinRows32AVX512(&x[0], &p[0], &f[0], &xi[0], n, len(a), hh, &a[0], &c1[0], &c2[0], &kappa[0], &mu[0], closePrev)
}

// BAOABLinRows64AVX512 is BAOABLinRows32AVX512 for float64, n a multiple
// of 8.
func BAOABLinRows64AVX512(x, p, f, xi []float64, n int, hh float64, a, c1, c2, kappa, mu []float64, closePrev bool) (ran, nonFinite bool) {
	if !rowsFit(len(x), len(p), len(f), len(xi), n, 8, len(a), len(c1), len(c2)) || len(kappa) < len(a) || len(mu) < len(a) {
		return false, false
	}
	return true, baoabLinRows64AVX512(&x[0], &p[0], &f[0], &xi[0], n, len(a), hh, &a[0], &c1[0], &c2[0], &kappa[0], &mu[0], closePrev)
}

// BAOABLinRows32AVX2 is BAOABLinRows32AVX512 for AVX2, n a multiple of 8.
func BAOABLinRows32AVX2(x, p, f, xi []float32, n int, hh float32, a, c1, c2, kappa, mu []float32, closePrev bool) (ran, nonFinite bool) {
	if !rowsFit(len(x), len(p), len(f), len(xi), n, 8, len(a), len(c1), len(c2)) || len(kappa) < len(a) || len(mu) < len(a) {
		return false, false
	}
	return true, baoabLinRows32AVX2(&x[0], &p[0], &f[0], &xi[0], n, len(a), hh, &a[0], &c1[0], &c2[0], &kappa[0], &mu[0], closePrev)
}

// BAOABLinRows64AVX2 is BAOABLinRows64AVX512 for AVX2, n a multiple of 4.
func BAOABLinRows64AVX2(x, p, f, xi []float64, n int, hh float64, a, c1, c2, kappa, mu []float64, closePrev bool) (ran, nonFinite bool) {
	if !rowsFit(len(x), len(p), len(f), len(xi), n, 4, len(a), len(c1), len(c2)) || len(kappa) < len(a) || len(mu) < len(a) {
		return false, false
	}
	return true, baoabLinRows64AVX2(&x[0], &p[0], &f[0], &xi[0], n, len(a), hh, &a[0], &c1[0], &c2[0], &kappa[0], &mu[0], closePrev)
}

// baoabLinRows32AVX512 runs baoabRows32AVX512 and then, on each row k,
//
//	for i := range n {
//		f[i] = kappa[k] * (mu[k] - x[i])
//		nonFinite = nonFinite || x[i]-x[i] != 0
//	}
//
// in the same pass.
//
//go:noescape
func baoabLinRows32AVX512(x, p, f, xi *float32, n, rows int, hh float32, a, c1, c2, kappa, mu *float32, closePrev bool) (nonFinite bool)

// baoabLinRows64AVX512 is baoabLinRows32AVX512 for float64.
//
//go:noescape
func baoabLinRows64AVX512(x, p, f, xi *float64, n, rows int, hh float64, a, c1, c2, kappa, mu *float64, closePrev bool) (nonFinite bool)

// baoabLinRows32AVX2 is baoabLinRows32AVX512 for AVX2.
//
//go:noescape
func baoabLinRows32AVX2(x, p, f, xi *float32, n, rows int, hh float32, a, c1, c2, kappa, mu *float32, closePrev bool) (nonFinite bool)

// baoabLinRows64AVX2 is baoabLinRows64AVX512 for AVX2.
//
//go:noescape
func baoabLinRows64AVX2(x, p, f, xi *float64, n, rows int, hh float64, a, c1, c2, kappa, mu *float64, closePrev bool) (nonFinite bool)
