//go:build gc && !purego && !noasm

package asm

// Kick32NEON applies the kick to the first len(p) &^ 3 elements of a
// float32 slice and returns that count.
func Kick32NEON(p, f []float32, hh float32) int {
	n := len(p) &^ 3
	if n == 0 {
		return 0
	}
	_ = f[n-1]
	kick32NEON(&p[0], &f[0], n, hh)
	return n
}

// Kick64NEON applies the kick to the first len(p) &^ 1 elements of a
// float64 slice and returns that count.
func Kick64NEON(p, f []float64, hh float64) int {
	n := len(p) &^ 1
	if n == 0 {
		return 0
	}
	_ = f[n-1]
	kick64NEON(&p[0], &f[0], n, hh)
	return n
}

// kick32NEON computes, for n a multiple of 4 and p and f addressing n
// elements each,
//
//	for i := range n {
//		p[i] = p[i] + float32(hh*f[i])
//	}
//
//go:noescape
func kick32NEON(p, f *float32, n int, hh float32)

// kick64NEON computes, for n a multiple of 2,
//
//	for i := range n {
//		p[i] = p[i] + float64(hh*f[i])
//	}
//
//go:noescape
func kick64NEON(p, f *float64, n int, hh float64)
