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
