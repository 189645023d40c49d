//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.AVX512, "outer/f32", "outer/f64")
	isa.Register(isa.AVX2, "outer/f32", "outer/f64")
}

// outerCache is the size of the blocks of rows of x the Outer kernels
// take at a time, in bytes.
const outerCache = 256 << 10

// outerRows returns how many rows of x of rowBytes each make a block: a
// multiple of the rows of a tile, rr, at least rr.
func outerRows(rowBytes, rr int) int {
	return max(rr, outerCache/rowBytes/rr*rr)
}

// Outer32AVX512 adds G Xᵀ summed over n float32 chains to dw, the out×in
// gradient, if n is a positive multiple of 16, and reports whether it
// did. dw holds at least out*in elements, g out*n and x in*n. It needs
// AVX-512F.
func Outer32AVX512(dw, g, x []float32, n, out, in int) bool {
	if n <= 0 || n%16 != 0 {
		return false
	}
	if out == 0 || in == 0 {
		return true
	}
	_, _, _ = dw[out*in-1], g[out*n-1], x[in*n-1]
	step := outerRows(4*n, 4)
	for i := 0; i < in; i += step {
		outer32AVX512(&dw[i], &g[0], &x[i*n], n, out, min(step, in-i), in)
	}
	return true
}

// Outer32AVX2 adds G Xᵀ summed over n float32 chains to dw, the out×in
// gradient, if n is a positive multiple of 16, and reports whether it
// did. dw holds at least out*in elements, g out*n and x in*n. It needs
// AVX2.
func Outer32AVX2(dw, g, x []float32, n, out, in int) bool {
	if n <= 0 || n%16 != 0 {
		return false
	}
	if out == 0 || in == 0 {
		return true
	}
	_, _, _ = dw[out*in-1], g[out*n-1], x[in*n-1]
	step := outerRows(4*n, 2)
	for i := 0; i < in; i += step {
		outer32AVX2(&dw[i], &g[0], &x[i*n], n, out, min(step, in-i), in)
	}
	return true
}

// Outer64AVX512 adds G Xᵀ summed over n float64 chains to dw, the out×in
// gradient, if n is a positive multiple of 8, and reports whether it did.
// dw holds at least out*in elements, g out*n and x in*n. It needs
// AVX-512F.
func Outer64AVX512(dw, g, x []float64, n, out, in int) bool {
	if n <= 0 || n%8 != 0 {
		return false
	}
	if out == 0 || in == 0 {
		return true
	}
	_, _, _ = dw[out*in-1], g[out*n-1], x[in*n-1]
	step := outerRows(8*n, 4)
	for i := 0; i < in; i += step {
		outer64AVX512(&dw[i], &g[0], &x[i*n], n, out, min(step, in-i), in)
	}
	return true
}

// Outer64AVX2 adds G Xᵀ summed over n float64 chains to dw, the out×in
// gradient, if n is a positive multiple of 8, and reports whether it did.
// dw holds at least out*in elements, g out*n and x in*n. It needs AVX2.
func Outer64AVX2(dw, g, x []float64, n, out, in int) bool {
	if n <= 0 || n%8 != 0 {
		return false
	}
	if out == 0 || in == 0 {
		return true
	}
	_, _, _ = dw[out*in-1], g[out*n-1], x[in*n-1]
	step := outerRows(8*n, 2)
	for i := 0; i < in; i += step {
		outer64AVX2(&dw[i], &g[0], &x[i*n], n, out, min(step, in-i), in)
	}
	return true
}

// outer32AVX512 computes, for out, in ≥ 1 and n a positive multiple of
// 16, dw addressing out rows of ldw elements, dy (G) out*n and x in*n,
//
//	for o, i := range out, in {
//		var s [16]float32
//		for c := range n {
//			s[c%16] = s[c%16] + float32(dy[o*n+c]*x[i*n+c])
//		}
//		for h := 8; h >= 1; h /= 2 {
//			for l := range h {
//				s[l] = s[l] + s[l+h]
//			}
//		}
//		dw[o*ldw+i] = dw[o*ldw+i] + s[0]
//	}
//
//go:noescape
func outer32AVX512(dw, dy, x *float32, n, out, in, ldw int)

// outer32AVX2 computes what outer32AVX512 does.
//
//go:noescape
func outer32AVX2(dw, dy, x *float32, n, out, in, ldw int)

// outer64AVX512 computes, for out, in ≥ 1 and n a positive multiple of 8,
// dw addressing out rows of ldw elements, dy (G) out*n and x in*n,
//
//	for o, i := range out, in {
//		var s [8]float64
//		for c := range n {
//			s[c%8] = s[c%8] + float64(dy[o*n+c]*x[i*n+c])
//		}
//		for h := 4; h >= 1; h /= 2 {
//			for l := range h {
//				s[l] = s[l] + s[l+h]
//			}
//		}
//		dw[o*ldw+i] = dw[o*ldw+i] + s[0]
//	}
//
//go:noescape
func outer64AVX512(dw, dy, x *float64, n, out, in, ldw int)

// outer64AVX2 computes what outer64AVX512 does.
//
//go:noescape
func outer64AVX2(dw, dy, x *float64, n, out, in, ldw int)
