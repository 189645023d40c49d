//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.AVX512, "ou/f32", "ou/f64")
	isa.Register(isa.AVX2, "ou/f32", "ou/f64")
}

// OU32AVX512 applies the OU transition to the first len(x) &^ 15 elements
// of a float32 row and returns that count. It needs AVX-512F.
func OU32AVX512(x, xi []float32, mu, a, s float32) int {
	n := len(x) &^ 15
	if n == 0 {
		return 0
	}
	_ = xi[n-1]
	ou32AVX512(&x[0], &xi[0], n, mu, a, s)
	return n
}

// OU32AVX2 applies the OU transition to the first len(x) &^ 7 elements of
// a float32 row and returns that count. It needs AVX2.
func OU32AVX2(x, xi []float32, mu, a, s float32) int {
	n := len(x) &^ 7
	if n == 0 {
		return 0
	}
	_ = xi[n-1]
	ou32AVX2(&x[0], &xi[0], n, mu, a, s)
	return n
}

// OU64AVX512 applies the OU transition to the first len(x) &^ 7 elements
// of a float64 row and returns that count. It needs AVX-512F.
func OU64AVX512(x, xi []float64, mu, a, s float64) int {
	n := len(x) &^ 7
	if n == 0 {
		return 0
	}
	_ = xi[n-1]
	ou64AVX512(&x[0], &xi[0], n, mu, a, s)
	return n
}

// OU64AVX2 applies the OU transition to the first len(x) &^ 3 elements of
// a float64 row and returns that count. It needs AVX2.
func OU64AVX2(x, xi []float64, mu, a, s float64) int {
	n := len(x) &^ 3
	if n == 0 {
		return 0
	}
	_ = xi[n-1]
	ou64AVX2(&x[0], &xi[0], n, mu, a, s)
	return n
}

// ou32AVX512 computes, for n a multiple of 16 and x and xi addressing n
// elements each,
//
//	for i := range n {
//		x[i] = (mu + float32(a*(x[i]-mu))) + float32(s*xi[i])
//	}
//
//go:noescape
func ou32AVX512(x, xi *float32, n int, mu, a, s float32)

// ou32AVX2 computes, for n a multiple of 8,
//
//	for i := range n {
//		x[i] = (mu + float32(a*(x[i]-mu))) + float32(s*xi[i])
//	}
//
//go:noescape
func ou32AVX2(x, xi *float32, n int, mu, a, s float32)

// ou64AVX512 computes, for n a multiple of 8,
//
//	for i := range n {
//		x[i] = (mu + float64(a*(x[i]-mu))) + float64(s*xi[i])
//	}
//
//go:noescape
func ou64AVX512(x, xi *float64, n int, mu, a, s float64)

// ou64AVX2 computes, for n a multiple of 4,
//
//	for i := range n {
//		x[i] = (mu + float64(a*(x[i]-mu))) + float64(s*xi[i])
//	}
//
//go:noescape
func ou64AVX2(x, xi *float64, n int, mu, a, s float64)

// OURows32AVX512 applies the OU transition to all rows of n chains (the
// rows being len(a), each with its mu, a and s) in one call, and reports
// whether it did: it does if n is a multiple of 16.
func OURows32AVX512(x, xi []float32, n int, mu, a, s []float32) bool {
	if !rowsFit(len(x), len(xi), len(x), len(xi), n, 16, len(a), len(mu), len(s)) {
		return false
	}
	ouRows32AVX512(&x[0], &xi[0], n, len(a), &mu[0], &a[0], &s[0])
	return true
}

// ouRows32AVX512 runs ou32AVX512 on each of rows rows of n elements,
// row k with mu[k], a[k] and s[k].
//
//go:noescape
func ouRows32AVX512(x, xi *float32, n, rows int, mu, a, s *float32)

// OURows32AVX2 applies the OU transition to all rows of n chains (the
// rows being len(a), each with its mu, a and s) in one call, and reports
// whether it did: it does if n is a multiple of 8.
func OURows32AVX2(x, xi []float32, n int, mu, a, s []float32) bool {
	if !rowsFit(len(x), len(xi), len(x), len(xi), n, 8, len(a), len(mu), len(s)) {
		return false
	}
	ouRows32AVX2(&x[0], &xi[0], n, len(a), &mu[0], &a[0], &s[0])
	return true
}

// ouRows32AVX2 runs ou32AVX2 on each of rows rows of n elements,
// row k with mu[k], a[k] and s[k].
//
//go:noescape
func ouRows32AVX2(x, xi *float32, n, rows int, mu, a, s *float32)

// OURows64AVX512 applies the OU transition to all rows of n chains (the
// rows being len(a), each with its mu, a and s) in one call, and reports
// whether it did: it does if n is a multiple of 8.
func OURows64AVX512(x, xi []float64, n int, mu, a, s []float64) bool {
	if !rowsFit(len(x), len(xi), len(x), len(xi), n, 8, len(a), len(mu), len(s)) {
		return false
	}
	ouRows64AVX512(&x[0], &xi[0], n, len(a), &mu[0], &a[0], &s[0])
	return true
}

// ouRows64AVX512 runs ou64AVX512 on each of rows rows of n elements,
// row k with mu[k], a[k] and s[k].
//
//go:noescape
func ouRows64AVX512(x, xi *float64, n, rows int, mu, a, s *float64)

// OURows64AVX2 applies the OU transition to all rows of n chains (the
// rows being len(a), each with its mu, a and s) in one call, and reports
// whether it did: it does if n is a multiple of 4.
func OURows64AVX2(x, xi []float64, n int, mu, a, s []float64) bool {
	if !rowsFit(len(x), len(xi), len(x), len(xi), n, 4, len(a), len(mu), len(s)) {
		return false
	}
	ouRows64AVX2(&x[0], &xi[0], n, len(a), &mu[0], &a[0], &s[0])
	return true
}

// ouRows64AVX2 runs ou64AVX2 on each of rows rows of n elements,
// row k with mu[k], a[k] and s[k].
//
//go:noescape
func ouRows64AVX2(x, xi *float64, n, rows int, mu, a, s *float64)
