//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.AVX512, "ula/f32", "ula/f64")
	isa.Register(isa.AVX2, "ula/f32", "ula/f64")
}

// ULA32AVX512 applies the ULA step to the first len(x) &^ 15 elements of a
// float32 row and returns that count. It needs AVX-512F.
func ULA32AVX512(x, f, xi []float32, a, s float32) int {
	n := len(x) &^ 15
	if n == 0 {
		return 0
	}
	_, _ = f[n-1], xi[n-1]
	ula32AVX512(&x[0], &f[0], &xi[0], n, a, s)
	return n
}

// ULA32AVX2 applies the ULA step to the first len(x) &^ 7 elements of a
// float32 row and returns that count. It needs AVX2.
func ULA32AVX2(x, f, xi []float32, a, s float32) int {
	n := len(x) &^ 7
	if n == 0 {
		return 0
	}
	_, _ = f[n-1], xi[n-1]
	ula32AVX2(&x[0], &f[0], &xi[0], n, a, s)
	return n
}

// ULA64AVX512 applies the ULA step to the first len(x) &^ 7 elements of a
// float64 row and returns that count. It needs AVX-512F.
func ULA64AVX512(x, f, xi []float64, a, s float64) int {
	n := len(x) &^ 7
	if n == 0 {
		return 0
	}
	_, _ = f[n-1], xi[n-1]
	ula64AVX512(&x[0], &f[0], &xi[0], n, a, s)
	return n
}

// ULA64AVX2 applies the ULA step to the first len(x) &^ 3 elements of a
// float64 row and returns that count. It needs AVX2.
func ULA64AVX2(x, f, xi []float64, a, s float64) int {
	n := len(x) &^ 3
	if n == 0 {
		return 0
	}
	_, _ = f[n-1], xi[n-1]
	ula64AVX2(&x[0], &f[0], &xi[0], n, a, s)
	return n
}

// ula32AVX512 computes, for n a multiple of 16 and x, f and xi addressing
// n elements each,
//
//	for i := range n {
//		x[i] = (x[i] + float32(a*f[i])) + float32(s*xi[i])
//	}
//
//go:noescape
func ula32AVX512(x, f, xi *float32, n int, a, s float32)

// ula32AVX2 computes, for n a multiple of 8,
//
//	for i := range n {
//		x[i] = (x[i] + float32(a*f[i])) + float32(s*xi[i])
//	}
//
//go:noescape
func ula32AVX2(x, f, xi *float32, n int, a, s float32)

// ula64AVX512 computes, for n a multiple of 8,
//
//	for i := range n {
//		x[i] = (x[i] + float64(a*f[i])) + float64(s*xi[i])
//	}
//
//go:noescape
func ula64AVX512(x, f, xi *float64, n int, a, s float64)

// ula64AVX2 computes, for n a multiple of 4,
//
//	for i := range n {
//		x[i] = (x[i] + float64(a*f[i])) + float64(s*xi[i])
//	}
//
//go:noescape
func ula64AVX2(x, f, xi *float64, n int, a, s float64)

// ULARows32AVX512 applies the ULA step to all rows of n chains (the
// rows being len(a), each with its a and s) in one call, and reports
// whether it did: it does if n is a multiple of 16.
func ULARows32AVX512(x, f, xi []float32, n int, a, s []float32) bool {
	if !rowsFit(len(x), len(f), len(xi), len(xi), n, 16, len(a), len(s), len(s)) {
		return false
	}
	ulaRows32AVX512(&x[0], &f[0], &xi[0], n, len(a), &a[0], &s[0])
	return true
}

// ulaRows32AVX512 runs ula32AVX512 on each of rows rows of n elements,
// row k with a[k] and s[k].
//
//go:noescape
func ulaRows32AVX512(x, f, xi *float32, n, rows int, a, s *float32)

// ULARows32AVX2 applies the ULA step to all rows of n chains (the
// rows being len(a), each with its a and s) in one call, and reports
// whether it did: it does if n is a multiple of 8.
func ULARows32AVX2(x, f, xi []float32, n int, a, s []float32) bool {
	if !rowsFit(len(x), len(f), len(xi), len(xi), n, 8, len(a), len(s), len(s)) {
		return false
	}
	ulaRows32AVX2(&x[0], &f[0], &xi[0], n, len(a), &a[0], &s[0])
	return true
}

// ulaRows32AVX2 runs ula32AVX2 on each of rows rows of n elements,
// row k with a[k] and s[k].
//
//go:noescape
func ulaRows32AVX2(x, f, xi *float32, n, rows int, a, s *float32)

// ULARows64AVX512 applies the ULA step to all rows of n chains (the
// rows being len(a), each with its a and s) in one call, and reports
// whether it did: it does if n is a multiple of 8.
func ULARows64AVX512(x, f, xi []float64, n int, a, s []float64) bool {
	if !rowsFit(len(x), len(f), len(xi), len(xi), n, 8, len(a), len(s), len(s)) {
		return false
	}
	ulaRows64AVX512(&x[0], &f[0], &xi[0], n, len(a), &a[0], &s[0])
	return true
}

// ulaRows64AVX512 runs ula64AVX512 on each of rows rows of n elements,
// row k with a[k] and s[k].
//
//go:noescape
func ulaRows64AVX512(x, f, xi *float64, n, rows int, a, s *float64)

// ULARows64AVX2 applies the ULA step to all rows of n chains (the
// rows being len(a), each with its a and s) in one call, and reports
// whether it did: it does if n is a multiple of 4.
func ULARows64AVX2(x, f, xi []float64, n int, a, s []float64) bool {
	if !rowsFit(len(x), len(f), len(xi), len(xi), n, 4, len(a), len(s), len(s)) {
		return false
	}
	ulaRows64AVX2(&x[0], &f[0], &xi[0], n, len(a), &a[0], &s[0])
	return true
}

// ulaRows64AVX2 runs ula64AVX2 on each of rows rows of n elements,
// row k with a[k] and s[k].
//
//go:noescape
func ulaRows64AVX2(x, f, xi *float64, n, rows int, a, s *float64)

// ULALinRows32AVX512 is ULARows32AVX512 fused with the linear diagonal
// force of each row k, f = kappa[k] (mu[k] - x) at the new x, and with
// the check for non-finite x: it reports whether it ran, and then
// whether some x is NaN or infinite.
func ULALinRows32AVX512(x, f, xi []float32, n int, a, s, kappa, mu []float32) (ran, nonFinite bool) {
	if !ulaLinFit(len(x), len(f), len(xi), n, 16, len(a), len(s), len(kappa), len(mu)) {
		return false, false
	}
	return true, ulaLinRows32AVX512(&x[0], &f[0], &xi[0], n, len(a), &a[0], &s[0], &kappa[0], &mu[0])
}

// ULALinRows32AVX2 is ULALinRows32AVX512 for AVX2, n a multiple of 8.
func ULALinRows32AVX2(x, f, xi []float32, n int, a, s, kappa, mu []float32) (ran, nonFinite bool) {
	if !ulaLinFit(len(x), len(f), len(xi), n, 8, len(a), len(s), len(kappa), len(mu)) {
		return false, false
	}
	return true, ulaLinRows32AVX2(&x[0], &f[0], &xi[0], n, len(a), &a[0], &s[0], &kappa[0], &mu[0])
}

// ULALinRows64AVX512 is ULALinRows32AVX512 for float64, n a multiple of 8.
func ULALinRows64AVX512(x, f, xi []float64, n int, a, s, kappa, mu []float64) (ran, nonFinite bool) {
	if !ulaLinFit(len(x), len(f), len(xi), n, 8, len(a), len(s), len(kappa), len(mu)) {
		return false, false
	}
	return true, ulaLinRows64AVX512(&x[0], &f[0], &xi[0], n, len(a), &a[0], &s[0], &kappa[0], &mu[0])
}

// ULALinRows64AVX2 is ULALinRows64AVX512 for AVX2, n a multiple of 4.
func ULALinRows64AVX2(x, f, xi []float64, n int, a, s, kappa, mu []float64) (ran, nonFinite bool) {
	if !ulaLinFit(len(x), len(f), len(xi), n, 4, len(a), len(s), len(kappa), len(mu)) {
		return false, false
	}
	return true, ulaLinRows64AVX2(&x[0], &f[0], &xi[0], n, len(a), &a[0], &s[0], &kappa[0], &mu[0])
}

// ulaLinFit is rowsFit for the fused ULA kernels, whose coefficient
// slices are a, s, kappa and mu.
func ulaLinFit(lx, lf, lxi, n, w, rows, ls, lk, lm int) bool {
	return rowsFit(lx, lf, lxi, lxi, n, w, rows, ls, ls) && lk >= rows && lm >= rows
}

// ulaLinRows32AVX512 runs ulaRows32AVX512 and then, on each row k,
//
//	for i := range n {
//		f[i] = kappa[k] * (mu[k] - x[i])
//		nonFinite = nonFinite || x[i]-x[i] != 0
//	}
//
// in the same pass.
//
//go:noescape
func ulaLinRows32AVX512(x, f, xi *float32, n, rows int, a, s, kappa, mu *float32) (nonFinite bool)

// ulaLinRows32AVX2 is ulaLinRows32AVX512 for AVX2.
//
//go:noescape
func ulaLinRows32AVX2(x, f, xi *float32, n, rows int, a, s, kappa, mu *float32) (nonFinite bool)

// ulaLinRows64AVX512 is ulaLinRows32AVX512 for float64.
//
//go:noescape
func ulaLinRows64AVX512(x, f, xi *float64, n, rows int, a, s, kappa, mu *float64) (nonFinite bool)

// ulaLinRows64AVX2 is ulaLinRows64AVX512 for AVX2.
//
//go:noescape
func ulaLinRows64AVX2(x, f, xi *float64, n, rows int, a, s, kappa, mu *float64) (nonFinite bool)
