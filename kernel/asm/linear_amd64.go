//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.AVX512, "linear/f32", "linear/f64")
	isa.Register(isa.AVX2, "linear/f32", "linear/f64")
}

// Linear32AVX512 writes the force on the first len(f) &^ 15 elements of a
// float32 row and returns that count. It needs AVX-512F.
func Linear32AVX512(f, x []float32, kappa, mu float32) int {
	n := len(f) &^ 15
	if n == 0 {
		return 0
	}
	_ = x[n-1]
	linear32AVX512(&f[0], &x[0], n, kappa, mu)
	return n
}

// Linear32AVX2 writes the force on the first len(f) &^ 7 elements of a
// float32 row and returns that count. It needs AVX2.
func Linear32AVX2(f, x []float32, kappa, mu float32) int {
	n := len(f) &^ 7
	if n == 0 {
		return 0
	}
	_ = x[n-1]
	linear32AVX2(&f[0], &x[0], n, kappa, mu)
	return n
}

// Linear64AVX512 writes the force on the first len(f) &^ 7 elements of a
// float64 row and returns that count. It needs AVX-512F.
func Linear64AVX512(f, x []float64, kappa, mu float64) int {
	n := len(f) &^ 7
	if n == 0 {
		return 0
	}
	_ = x[n-1]
	linear64AVX512(&f[0], &x[0], n, kappa, mu)
	return n
}

// Linear64AVX2 writes the force on the first len(f) &^ 3 elements of a
// float64 row and returns that count. It needs AVX2.
func Linear64AVX2(f, x []float64, kappa, mu float64) int {
	n := len(f) &^ 3
	if n == 0 {
		return 0
	}
	_ = x[n-1]
	linear64AVX2(&f[0], &x[0], n, kappa, mu)
	return n
}

// linear32AVX512 computes, for n a multiple of 16 and f and x addressing n
// elements each,
//
//	for i := range n {
//		f[i] = kappa * (mu - x[i])
//	}
//
//go:noescape
func linear32AVX512(f, x *float32, n int, kappa, mu float32)

// linear32AVX2 computes, for n a multiple of 8,
//
//	for i := range n {
//		f[i] = kappa * (mu - x[i])
//	}
//
//go:noescape
func linear32AVX2(f, x *float32, n int, kappa, mu float32)

// linear64AVX512 computes, for n a multiple of 8,
//
//	for i := range n {
//		f[i] = kappa * (mu - x[i])
//	}
//
//go:noescape
func linear64AVX512(f, x *float64, n int, kappa, mu float64)

// linear64AVX2 computes, for n a multiple of 4,
//
//	for i := range n {
//		f[i] = kappa * (mu - x[i])
//	}
//
//go:noescape
func linear64AVX2(f, x *float64, n int, kappa, mu float64)

// LinearRows32AVX512 writes the force of all rows of n chains (the rows
// being len(kappa), each with its kappa and mu) in one call, and reports
// whether it did: it does if n is a multiple of 16. It needs AVX-512F.
func LinearRows32AVX512(f, x []float32, n int, kappa, mu []float32) bool {
	if !rowsFit(len(f), len(x), len(f), len(x), n, 16, len(kappa), len(mu), len(mu)) {
		return false
	}
	linearRows32AVX512(&f[0], &x[0], n, len(kappa), &kappa[0], &mu[0])
	return true
}

// LinearRows32AVX2 is LinearRows32AVX512 for AVX2, n a multiple of 8.
func LinearRows32AVX2(f, x []float32, n int, kappa, mu []float32) bool {
	if !rowsFit(len(f), len(x), len(f), len(x), n, 8, len(kappa), len(mu), len(mu)) {
		return false
	}
	linearRows32AVX2(&f[0], &x[0], n, len(kappa), &kappa[0], &mu[0])
	return true
}

// LinearRows64AVX512 is LinearRows32AVX512 for float64, n a multiple of
// 8.
func LinearRows64AVX512(f, x []float64, n int, kappa, mu []float64) bool {
	if !rowsFit(len(f), len(x), len(f), len(x), n, 8, len(kappa), len(mu), len(mu)) {
		return false
	}
	linearRows64AVX512(&f[0], &x[0], n, len(kappa), &kappa[0], &mu[0])
	return true
}

// LinearRows64AVX2 is LinearRows64AVX512 for AVX2, n a multiple of 4.
func LinearRows64AVX2(f, x []float64, n int, kappa, mu []float64) bool {
	if !rowsFit(len(f), len(x), len(f), len(x), n, 4, len(kappa), len(mu), len(mu)) {
		return false
	}
	linearRows64AVX2(&f[0], &x[0], n, len(kappa), &kappa[0], &mu[0])
	return true
}

// linearRows32AVX512 runs linear32AVX512 on each of rows rows of n
// elements, row k with kappa[k] and mu[k].
//
//go:noescape
func linearRows32AVX512(f, x *float32, n, rows int, kappa, mu *float32)

// linearRows32AVX2 runs linear32AVX2 on each row, as linearRows32AVX512.
//
//go:noescape
func linearRows32AVX2(f, x *float32, n, rows int, kappa, mu *float32)

// linearRows64AVX512 runs linear64AVX512 on each row, as
// linearRows32AVX512.
//
//go:noescape
func linearRows64AVX512(f, x *float64, n, rows int, kappa, mu *float64)

// linearRows64AVX2 runs linear64AVX2 on each row, as linearRows32AVX512.
//
//go:noescape
func linearRows64AVX2(f, x *float64, n, rows int, kappa, mu *float64)
