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
