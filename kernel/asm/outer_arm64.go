//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.NEON, "outer/f32", "outer/f64")
}

// The Outer kernels add to the out×in row-major dw the product G Xᵀ
// summed over n chains (kernel.Outer), with g out×n and x in×n
// dimension-major. With L lanes, 16 for float32 and 8 for float64, chain
// c goes into partial sum c mod L, every product rounded before it is
// added, and the L partial sums are folded in halves:
//
//	for o, i := range out, in {
//		var s [L]F
//		for c := range n {
//			s[c%L] = s[c%L] + g[o*n+c]*x[i*n+c]
//		}
//		for h := L / 2; h >= 1; h /= 2 {
//			for l := range h {
//				s[l] = s[l] + s[l+h]
//			}
//		}
//		dw[o*in+i] = dw[o*in+i] + s[0]
//	}
//
// The L partial sums of a pair (o, i) are four vectors, and the kernels
// take the pairs two rows of g by two of x at a time, sixteen vectors of
// partial sums, so that each vector of g or x loaded serves two pairs.
// They run only for n a positive multiple of L.

// Outer32NEON adds G Xᵀ to dw and reports true if n is a positive
// multiple of 16; otherwise it does nothing and reports false. dw holds
// at least out*in elements, g out*n and x in*n.
func Outer32NEON(dw, g, x []float32, n, out, in int) bool {
	if n <= 0 || n%16 != 0 {
		return false
	}
	if out <= 0 || in <= 0 {
		return true
	}
	_, _, _ = dw[out*in-1], g[out*n-1], x[in*n-1]
	outer32NEON(&dw[0], &g[0], &x[0], n, out, in)
	return true
}

// Outer64NEON adds G Xᵀ to dw and reports true if n is a positive
// multiple of 8; otherwise it does nothing and reports false. dw holds at
// least out*in elements, g out*n and x in*n.
func Outer64NEON(dw, g, x []float64, n, out, in int) bool {
	if n <= 0 || n%8 != 0 {
		return false
	}
	if out <= 0 || in <= 0 {
		return true
	}
	_, _, _ = dw[out*in-1], g[out*n-1], x[in*n-1]
	outer64NEON(&dw[0], &g[0], &x[0], n, out, in)
	return true
}

// outer32NEON does the sum of the Outer kernels for out, in ≥ 1, n a
// positive multiple of 16, dw addressing out*in elements, grad (g) out*n
// and x in*n; the assembler takes g for a register.
//
//go:noescape
func outer32NEON(dw, grad, x *float32, n, out, in int)

// outer64NEON does the sum of the Outer kernels for out, in ≥ 1 and n a
// positive multiple of 8.
//
//go:noescape
func outer64NEON(dw, grad, x *float64, n, out, in int)
