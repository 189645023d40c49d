package asm

// The Outer kernels add to the gradient dw of a layer's weights the
// product G Xᵀ summed over a dimension-major shard of n chains
// (kernel.Outer), with g out×n, x in×n and dw out×in row-major:
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
// with every product rounded before it is added and L = 64 bytes of lanes,
// 16 float32 or 8 float64, whatever the vector width of the path: an AVX2
// path keeps the L partial sums of a pair (o, i) in two registers. They
// run only for n a positive multiple of L and report whether they ran.
//
// The kernels take tiles of a few rows of g by a few rows of x, with the
// partial sums of every pair of the tile in registers, so that each vector
// of g loaded serves every row of x of the tile and each vector of x every
// row of g. The rows of x are taken in blocks that stay in the second-level
// cache while every row of g passes over them, and long rows in chunks of
// chains, the partial sums saved between chunks: the sum of every lane
// still runs over the chains in order, so chunks change no bit.
