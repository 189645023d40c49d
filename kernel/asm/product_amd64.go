//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.AVX512, "product/f32", "product/f64")
	isa.Register(isa.AVX2, "product/f32", "product/f64")
}

// The Product kernels write the layer product y = W x, or y = -W x, on a
// dimension-major shard of n chains (kernel.Product and
// kernel.ProductNeg), for the out×in row-major matrix w:
//
//	for o := range out {
//		for c := range m {
//			var acc F
//			for k := range in {
//				acc = acc + w[o*in+k]*x[k*n+c] // or acc - w[o*in+k]*x[k*n+c]
//			}
//			y[o*n+c] = acc
//		}
//	}
//
// with every product rounded before it is added or subtracted, k
// ascending. They do the first m = n rounded down to the vector width
// chains of every row and leave the rest to the generic code; with no
// rows of x (in = 0) they leave it all.
//
// The kernels take the chains a block of four vectors at a time, and for
// each block the rows of y a few at a time, with one accumulator register
// per row and vector: each x vector loaded serves every row of the block
// and each broadcast element of w every vector. The in rows of the block
// of x are first copied into a panel, in*256 bytes for AVX-512, where they
// lie in the order the loop over k reads them and stay in cache while all
// the rows of y are computed from them, whatever the row stride: a stride
// of a multiple of 4 KiB would map the rows to a few cache sets. A last
// single vector of chains and the last rows are done with narrower blocks.

// Product32AVX512 writes y = W x, or y = -W x if neg, on the first
// n &^ 15 chains of each of the out rows of a float32 shard and returns
// that count. y holds at least out*n elements, x in*n and w out*in. It
// needs AVX-512F.
func Product32AVX512(y, x []float32, n int, w []float32, out, in int, neg bool) int {
	m := n &^ 15
	if m == 0 || out == 0 || in == 0 {
		return 0
	}
	_, _, _ = y[out*n-1], x[in*n-1], w[out*in-1]
	p := getPanel[float32](&panels32, in*64)
	if neg {
		productSub32AVX512(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	} else {
		productAdd32AVX512(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	}
	panels32.Put(p)
	return m
}

// Product32AVX2 writes y = W x, or y = -W x if neg, on the first n &^ 7
// chains of each of the out rows of a float32 shard and returns that
// count. y holds at least out*n elements, x in*n and w out*in. It needs
// AVX2.
func Product32AVX2(y, x []float32, n int, w []float32, out, in int, neg bool) int {
	m := n &^ 7
	if m == 0 || out == 0 || in == 0 {
		return 0
	}
	_, _, _ = y[out*n-1], x[in*n-1], w[out*in-1]
	p := getPanel[float32](&panels32, in*32)
	if neg {
		productSub32AVX2(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	} else {
		productAdd32AVX2(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	}
	panels32.Put(p)
	return m
}

// Product64AVX512 writes y = W x, or y = -W x if neg, on the first n &^ 7
// chains of each of the out rows of a float64 shard and returns that
// count. y holds at least out*n elements, x in*n and w out*in. It needs
// AVX-512F.
func Product64AVX512(y, x []float64, n int, w []float64, out, in int, neg bool) int {
	m := n &^ 7
	if m == 0 || out == 0 || in == 0 {
		return 0
	}
	_, _, _ = y[out*n-1], x[in*n-1], w[out*in-1]
	p := getPanel[float64](&panels64, in*32)
	if neg {
		productSub64AVX512(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	} else {
		productAdd64AVX512(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	}
	panels64.Put(p)
	return m
}

// Product64AVX2 writes y = W x, or y = -W x if neg, on the first n &^ 3
// chains of each of the out rows of a float64 shard and returns that
// count. y holds at least out*n elements, x in*n and w out*in. It needs
// AVX2.
func Product64AVX2(y, x []float64, n int, w []float64, out, in int, neg bool) int {
	m := n &^ 3
	if m == 0 || out == 0 || in == 0 {
		return 0
	}
	_, _, _ = y[out*n-1], x[in*n-1], w[out*in-1]
	p := getPanel[float64](&panels64, in*16)
	if neg {
		productSub64AVX2(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	} else {
		productAdd64AVX2(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	}
	panels64.Put(p)
	return m
}
