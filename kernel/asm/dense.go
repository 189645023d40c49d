package asm

import (
	"sync"
	"unsafe"
)

// The Dense kernels write the force f = -J x of a quadratic potential on a
// dimension-major shard of n chains (kernel.DenseForce), for the d×d
// row-major matrix j:
//
//	for i := range d {
//		for c := range m {
//			var acc F
//			for k := range d {
//				acc = acc - j[i*d+k]*x[k*n+c]
//			}
//			f[i*n+c] = acc
//		}
//	}
//
// with every product rounded before it is subtracted, k ascending. They do
// the first m = n rounded down to the vector width chains of every row and
// leave the rest to the generic code.
//
// The kernels take the chains a block of four vectors at a time, and for
// each block the rows of f a few at a time, with one accumulator register
// per row and vector: each x vector loaded serves every row of the block
// and each broadcast element of j every vector. The d rows of the block of
// x are first copied into a panel, d*256 bytes for AVX-512, where they lie
// in the order the loop over k reads them and stay in the first-level
// cache while all the rows of f are computed from them, whatever the row
// stride: a stride of a multiple of 4 KiB would map the rows to a few cache
// sets. A last single vector of chains and the last rows are done with
// narrower blocks.

// The panels of the Dense kernels are kept between calls.
var panels32, panels64 sync.Pool

// getPanel returns a panel of size elements from pool, aligned to a cache
// line; put it back when done.
func getPanel[F float32 | float64](pool *sync.Pool, size int) *[]F {
	if p, ok := pool.Get().(*[]F); ok && len(*p) >= size {
		return p
	}
	var z F
	width := int(unsafe.Sizeof(z))
	s := make([]F, size+64/width)
	off := (-int(uintptr(unsafe.Pointer(&s[0]))) & 63) / width
	s = s[off : off+size]
	return &s
}
