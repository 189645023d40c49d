//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.NEON, "ou/f32", "ou/f64")
}

// OU32NEON applies the OU transition to the first len(x) &^ 3 elements of
// a float32 row and returns that count.
func OU32NEON(x, xi []float32, mu, a, s float32) int {
	n := len(x) &^ 3
	if n == 0 {
		return 0
	}
	_ = xi[n-1]
	ou32NEON(&x[0], &xi[0], n, mu, a, s)
	return n
}

// OU64NEON applies the OU transition to the first len(x) &^ 1 elements of
// a float64 row and returns that count.
func OU64NEON(x, xi []float64, mu, a, s float64) int {
	n := len(x) &^ 1
	if n == 0 {
		return 0
	}
	_ = xi[n-1]
	ou64NEON(&x[0], &xi[0], n, mu, a, s)
	return n
}

// ou32NEON computes, for n a multiple of 4 and x and xi addressing n
// elements each,
//
//	for i := range n {
//		x[i] = (mu + float32(a*(x[i]-mu))) + float32(s*xi[i])
//	}
//
//go:noescape
func ou32NEON(x, xi *float32, n int, mu, a, s float32)

// ou64NEON computes, for n a multiple of 2,
//
//	for i := range n {
//		x[i] = (mu + float64(a*(x[i]-mu))) + float64(s*xi[i])
//	}
//
//go:noescape
func ou64NEON(x, xi *float64, n int, mu, a, s float64)
