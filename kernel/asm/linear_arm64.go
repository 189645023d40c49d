//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.NEON, "linear/f32", "linear/f64")
}

// Linear32NEON writes the force on the first len(f) &^ 3 elements of a
// float32 row and returns that count.
func Linear32NEON(f, x []float32, kappa, mu float32) int {
	n := len(f) &^ 3
	if n == 0 {
		return 0
	}
	_ = x[n-1]
	linear32NEON(&f[0], &x[0], n, kappa, mu)
	return n
}

// Linear64NEON writes the force on the first len(f) &^ 1 elements of a
// float64 row and returns that count.
func Linear64NEON(f, x []float64, kappa, mu float64) int {
	n := len(f) &^ 1
	if n == 0 {
		return 0
	}
	_ = x[n-1]
	linear64NEON(&f[0], &x[0], n, kappa, mu)
	return n
}

// linear32NEON computes, for n a multiple of 4 and f and x addressing n
// elements each,
//
//	for i := range n {
//		f[i] = kappa * (mu - x[i])
//	}
//
//go:noescape
func linear32NEON(f, x *float32, n int, kappa, mu float32)

// linear64NEON computes, for n a multiple of 2,
//
//	for i := range n {
//		f[i] = kappa * (mu - x[i])
//	}
//
//go:noescape
func linear64NEON(f, x *float64, n int, kappa, mu float64)
