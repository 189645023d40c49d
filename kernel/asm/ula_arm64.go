//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.NEON, "ula/f32", "ula/f64")
}

// ULA32NEON applies the ULA step to the first len(x) &^ 3 elements of a
// float32 row and returns that count.
func ULA32NEON(x, f, xi []float32, a, s float32) int {
	n := len(x) &^ 3
	if n == 0 {
		return 0
	}
	_, _ = f[n-1], xi[n-1]
	ula32NEON(&x[0], &f[0], &xi[0], n, a, s)
	return n
}

// ULA64NEON applies the ULA step to the first len(x) &^ 1 elements of a
// float64 row and returns that count.
func ULA64NEON(x, f, xi []float64, a, s float64) int {
	n := len(x) &^ 1
	if n == 0 {
		return 0
	}
	_, _ = f[n-1], xi[n-1]
	ula64NEON(&x[0], &f[0], &xi[0], n, a, s)
	return n
}

// ula32NEON computes, for n a multiple of 4 and x, f and xi addressing n
// elements each,
//
//	for i := range n {
//		x[i] = (x[i] + float32(a*f[i])) + float32(s*xi[i])
//	}
//
//go:noescape
func ula32NEON(x, f, xi *float32, n int, a, s float32)

// ula64NEON computes, for n a multiple of 2,
//
//	for i := range n {
//		x[i] = (x[i] + float64(a*f[i])) + float64(s*xi[i])
//	}
//
//go:noescape
func ula64NEON(x, f, xi *float64, n int, a, s float64)

// ULALinRows32NEON applies the ULA step to all rows of n chains (the rows
// being len(a), each with its a and s), fused with the linear diagonal
// force of each row k, f = kappa[k] (mu[k] - x) at the new x, and with
// the check for non-finite x, a call per row. It reports whether it ran,
// which it does if n is a multiple of 4, and then whether some x is NaN
// or infinite.
func ULALinRows32NEON(x, f, xi []float32, n int, a, s, kappa, mu []float32) (ran, nonFinite bool) {
	if !linRowsFit(len(x), len(f), len(xi), len(xi), n, 4, len(a), len(s), len(s), len(kappa), len(mu)) {
		return false, false
	}
	for k := range a {
		r := k * n
		nonFinite = ulaLin32NEON(&x[r], &f[r], &xi[r], n, a[k], s[k], kappa[k], mu[k]) || nonFinite
	}
	return true, nonFinite
}

// ULALinRows64NEON is ULALinRows32NEON for float64, n a multiple of 2.
func ULALinRows64NEON(x, f, xi []float64, n int, a, s, kappa, mu []float64) (ran, nonFinite bool) {
	if !linRowsFit(len(x), len(f), len(xi), len(xi), n, 2, len(a), len(s), len(s), len(kappa), len(mu)) {
		return false, false
	}
	for k := range a {
		r := k * n
		nonFinite = ulaLin64NEON(&x[r], &f[r], &xi[r], n, a[k], s[k], kappa[k], mu[k]) || nonFinite
	}
	return true, nonFinite
}

// ulaLin32NEON runs ula32NEON on a row of n elements, n a multiple of 4,
// and then
//
//	for i := range n {
//		f[i] = kappa * (mu - x[i])
//		nonFinite = nonFinite || x[i]-x[i] != 0
//	}
//
// in the same pass.
//
//go:noescape
func ulaLin32NEON(x, f, xi *float32, n int, a, s, kappa, mu float32) (nonFinite bool)

// ulaLin64NEON is ulaLin32NEON for float64, n a multiple of 2.
//
//go:noescape
func ulaLin64NEON(x, f, xi *float64, n int, a, s, kappa, mu float64) (nonFinite bool)
