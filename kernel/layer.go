package kernel

import "unsafe"

// The layer products are the matrix products of a neural demon over a
// dimension-major shard of n chains: the forward product Y = W X of a
// layer, the same with W's transpose for the backward pass (the caller
// keeps the transposed matrix), and the gradient of the parameters
// G Xᵀ summed over the chains. Every product is rounded before it is
// added, in a fixed order, so that every path gives the generic result bit
// for bit. On cores with separate multiply and add pipes (AMD Zen) a
// multiply and an add reach the same rate as a fused multiply-add.

// Product writes y = W x for n chains, with W the out×in row-major matrix
// w, x in×n and y out×n dimension-major:
//
//	for o := range out {
//		for c := range n {
//			var acc F
//			for k := range in {
//				acc = acc + w[o*in+k]*x[k*n+c]
//			}
//			y[o*n+c] = acc
//		}
//	}
//
// with every product rounded before it is added and k ascending, so that
// the result for a chain is the same whatever batch it is computed in. y
// may not overlap x or w. Product panics if a slice is too short.
func Product[F Float](y, x []F, n int, w []F, out, in int) {
	checkProduct("Product", y, x, n, w, out, in)
	product(y, x, n, w, out, in, false)
}

// ProductNeg writes y = -W x for n chains: Product with every product
// subtracted from the accumulator instead of added. The force of a
// potential whose gradient is Wᵀ g is ProductNeg of Wᵀ.
func ProductNeg[F Float](y, x []F, n int, w []F, out, in int) {
	checkProduct("ProductNeg", y, x, n, w, out, in)
	product(y, x, n, w, out, in, true)
}

func checkProduct[F Float](fn string, y, x []F, n int, w []F, out, in int) {
	if n < 0 || out < 0 || in < 0 {
		panic("kernel: " + fn + " of a negative shape")
	}
	checkLen(fn, "y", len(y), out*n)
	checkLen(fn, "x", len(x), in*n)
	checkLen(fn, "w", len(w), out*in)
}

func productGeneric[F Float](y, x []F, n int, w []F, out, in int, neg bool) {
	productChains(y, x, n, w, out, in, neg, 0)
}

// productChains writes the product for chains lo to n-1, denseBlock chains
// at a time so that their rows of x stay in cache for every row of y.
func productChains[F Float](y, x []F, n int, w []F, out, in int, neg bool, lo int) {
	for ; lo < n; lo += denseBlock {
		hi := min(lo+denseBlock, n)
		for o := range out {
			yo := y[o*n+lo : o*n+hi]
			clear(yo)
			for k, wk := range w[o*in : o*in+in] {
				xk := x[k*n+lo : k*n+hi]
				xk = xk[:len(yo)]
				if neg {
					for c := range yo {
						yo[c] = yo[c] - F(wk*xk[c])
					}
				} else {
					for c := range yo {
						yo[c] = yo[c] + F(wk*xk[c])
					}
				}
			}
		}
	}
}

// productNarrow writes the product for chains lo to n-1, the few after the
// last whole vector of an assembly path, four chains at a time in
// registers.
func productNarrow[F Float](y, x []F, n int, w []F, out, in int, neg bool, lo int) {
	s := F(1)
	if neg {
		s = -1
	}
	// A product negated before it is added is the product subtracted:
	// rounding to nearest is symmetric.
	for o := range out {
		wo := w[o*in : o*in+in]
		c := lo
		for ; c+4 <= n; c += 4 {
			var a0, a1, a2, a3 F
			for k, wk := range wo {
				wk *= s
				xk := x[k*n+c : k*n+c+4 : k*n+c+4]
				a0 = a0 + F(wk*xk[0])
				a1 = a1 + F(wk*xk[1])
				a2 = a2 + F(wk*xk[2])
				a3 = a3 + F(wk*xk[3])
			}
			yo := y[o*n+c : o*n+c+4 : o*n+c+4]
			yo[0], yo[1], yo[2], yo[3] = a0, a1, a2, a3
		}
		for ; c < n; c++ {
			var a F
			for k, wk := range wo {
				a = a + F(s*wk*x[k*n+c])
			}
			y[o*n+c] = a
		}
	}
}

// OuterLanes is the number of partial sums over chains that Outer keeps
// per element: one 64-byte vector, 16 float32 or 8 float64.
func OuterLanes[F Float]() int {
	var z F
	return 64 / int(unsafe.Sizeof(z))
}

// Outer adds to dw the product G Xᵀ summed over n chains, with g out×n and
// x in×n dimension-major and dw the out×in row-major gradient of a layer's
// weights. The sum over chains is pinned: with L = OuterLanes, chain c goes
// into partial sum c mod L in chain order, every product rounded before it
// is added, and the L partial sums are then folded in halves,
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
// so that every path gives the same bits. The sum depends on where the n
// chains start: a caller that wants a result independent of how chains
// are batched sums fixed blocks of chains and adds the blocks in order.
// dw may not overlap g or x. Outer panics if a slice is too short.
func Outer[F Float](dw, g, x []F, n, out, in int) {
	if n < 0 || out < 0 || in < 0 {
		panic("kernel: Outer of a negative shape")
	}
	checkLen("Outer", "dw", len(dw), out*in)
	checkLen("Outer", "g", len(g), out*n)
	checkLen("Outer", "x", len(x), in*n)
	outer(dw, g, x, n, out, in)
}

func outerGeneric[F Float](dw, g, x []F, n, out, in int) {
	lanes := OuterLanes[F]()
	var s [16]F
	for o := range out {
		gs := g[o*n : o*n+n]
		for i := range in {
			xs := x[i*n : i*n+n]
			clear(s[:])
			c := 0
			for ; c+lanes <= n; c += lanes {
				gc, xc := gs[c:c+lanes], xs[c:c+lanes]
				for l := range lanes {
					s[l] = s[l] + F(gc[l]*xc[l])
				}
			}
			for l := 0; c < n; c, l = c+1, l+1 {
				s[l] = s[l] + F(gs[c]*xs[c])
			}
			dw[o*in+i] = dw[o*in+i] + foldLanes(s[:lanes])
		}
	}
}

// foldLanes sums the partial sums of Outer in halves.
func foldLanes[F Float](s []F) F {
	for h := len(s) / 2; h >= 1; h /= 2 {
		for l := range h {
			s[l] = s[l] + s[l+h]
		}
	}
	return s[0]
}
