//go:build gc && !purego && !noasm

package asm

import (
	"sync"
	"unsafe"

	"github.com/thermoai/thermo/internal/isa"
)

func init() {
	isa.Register(isa.AVX512, "outer/f32", "outer/f64")
	isa.Register(isa.AVX2, "outer/f32", "outer/f64")
}

// The Outer kernels take the chains in chunks of outerChunk bytes of a
// row, the rows of x in blocks whose chunks fill outerCache bytes, and when
// there is more than one chunk the rows of g in blocks whose partial sums,
// saved between chunks, fill outerSaved bytes: the rows of g of a tile stay
// in the first-level cache for every tile of a block of x, and the chunks
// of the block in the second-level cache for every row of g.
const (
	outerChunk = 4 << 10
	outerCache = 256 << 10
	outerSaved = 256 << 10
)

// The partial sums saved between chunks are kept between calls.
var outerSums32, outerSums64 sync.Pool

// outerKernel is the form of the outer assembly kernels.
type outerKernel[F float32 | float64] func(dw, dy, x *F, n, out, in, ldw, cnt int, s *F, mode int)

// outerBlocks runs an outer kernel whose tiles are rr rows of g by rr of
// x, over blocks of rows and chunks of chains, for n a positive multiple
// of the lanes and out, in ≥ 1.
func outerBlocks[F float32 | float64](kernel outerKernel[F], sums *sync.Pool, dw, g, x []F, n, out, in, rr int) {
	var z F
	size := int(unsafe.Sizeof(z))
	_, _, _ = dw[out*in-1], g[out*n-1], x[in*n-1]
	chunk := min(n, outerChunk/size)
	xRows := max(rr, outerCache/(chunk*size)/rr*rr)
	gRows := out
	var p *[]F
	var s *F
	if chunk < n {
		gRows = max(rr, outerSaved/(min(xRows, in)*64)/rr*rr)
		p = getPanel[F](sums, min(gRows, out)*min(xRows, in)*64/size)
		s = &(*p)[0]
	}
	for o := 0; o < out; o += gRows {
		oc := min(gRows, out-o)
		for i := 0; i < in; i += xRows {
			ic := min(xRows, in-i)
			for c := 0; c < n; c += chunk {
				mode := 0
				if c > 0 {
					mode |= 1 // go on from the saved sums
				}
				if c+chunk >= n {
					mode |= 2 // fold into dw
				}
				kernel(&dw[o*in+i], &g[o*n+c], &x[i*n+c], n, oc, ic, in, min(chunk, n-c), s, mode)
			}
		}
	}
	if p != nil {
		sums.Put(p)
	}
}

// Outer32AVX512 adds G Xᵀ summed over n float32 chains to dw, the out×in
// gradient, if n is a positive multiple of 16, and reports whether it
// did. dw holds at least out*in elements, g out*n and x in*n. It needs
// AVX-512F.
func Outer32AVX512(dw, g, x []float32, n, out, in int) bool {
	if n <= 0 || n%16 != 0 {
		return false
	}
	if out > 0 && in > 0 {
		outerBlocks(outer32AVX512, &outerSums32, dw, g, x, n, out, in, 4)
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
	if out > 0 && in > 0 {
		outerBlocks(outer32AVX2, &outerSums32, dw, g, x, n, out, in, 2)
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
	if out > 0 && in > 0 {
		outerBlocks(outer64AVX512, &outerSums64, dw, g, x, n, out, in, 4)
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
	if out > 0 && in > 0 {
		outerBlocks(outer64AVX2, &outerSums64, dw, g, x, n, out, in, 2)
	}
	return true
}
