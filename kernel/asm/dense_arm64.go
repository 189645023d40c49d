//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.NEON, "dense/f32", "dense/f64", "product/f32", "product/f64")
}

// Dense32NEON writes the force on the first n &^ 3 chains of each of the d
// rows of a float32 shard and returns that count. f and x hold at least
// d*n elements and j d*d.
func Dense32NEON(f, x []float32, n int, j []float32, d int) int {
	return Product32NEON(f, x, n, j, d, d, true)
}

// Dense64NEON writes the force on the first n &^ 1 chains of each of the d
// rows of a float64 shard and returns that count. f and x hold at least
// d*n elements and j d*d.
func Dense64NEON(f, x []float64, n int, j []float64, d int) int {
	return Product64NEON(f, x, n, j, d, d, true)
}

// Product32NEON writes y = W x, or -W x if neg, on the first n &^ 3
// chains of each of the out rows of y (kernel.Product and ProductNeg) and
// returns that count, or 0 if out or in is 0. y holds at least out*n
// elements, x in*n and w out*in.
func Product32NEON(y, x []float32, n int, w []float32, out, in int, neg bool) int {
	m := n &^ 3
	if m <= 0 || out <= 0 || in <= 0 {
		return 0
	}
	_, _, _ = y[out*n-1], x[in*n-1], w[out*in-1]
	p := getPanel[float32](&panels32, in*16)
	if neg {
		productSub32NEON(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	} else {
		productAdd32NEON(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	}
	panels32.Put(p)
	return m
}

// Product64NEON writes y = W x, or -W x if neg, on the first n &^ 1
// chains of each of the out rows of y and returns that count, or 0 if out
// or in is 0. y holds at least out*n elements, x in*n and w out*in.
func Product64NEON(y, x []float64, n int, w []float64, out, in int, neg bool) int {
	m := n &^ 1
	if m <= 0 || out <= 0 || in <= 0 {
		return 0
	}
	_, _, _ = y[out*n-1], x[in*n-1], w[out*in-1]
	p := getPanel[float64](&panels64, in*8)
	if neg {
		productSub64NEON(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	} else {
		productAdd64NEON(&y[0], &x[0], &w[0], n, out, in, m, &(*p)[0])
	}
	panels64.Put(p)
	return m
}

// productAdd32NEON computes, for out, in ≥ 1, m a positive multiple of 4
// no greater than n, y addressing out*n elements, x in*n and w out*in,
// with the in*16 elements at panel as scratch,
//
//	for o := range out {
//		for c := range m {
//			var acc float32
//			for k := range in {
//				acc = acc + float32(w[o*in+k]*x[k*n+c])
//			}
//			y[o*n+c] = acc
//		}
//	}
//
//go:noescape
func productAdd32NEON(y, x, w *float32, n, out, in, m int, panel *float32)

// productSub32NEON computes the same as productAdd32NEON with every
// product subtracted from acc instead of added.
//
//go:noescape
func productSub32NEON(y, x, w *float32, n, out, in, m int, panel *float32)

// productAdd64NEON computes, for out, in ≥ 1 and m a positive multiple of
// 2 no greater than n, with the in*8 elements at panel as scratch,
//
//	for o := range out {
//		for c := range m {
//			var acc float64
//			for k := range in {
//				acc = acc + float64(w[o*in+k]*x[k*n+c])
//			}
//			y[o*n+c] = acc
//		}
//	}
//
//go:noescape
func productAdd64NEON(y, x, w *float64, n, out, in, m int, panel *float64)

// productSub64NEON computes the same as productAdd64NEON with every
// product subtracted from acc instead of added.
//
//go:noescape
func productSub64NEON(y, x, w *float64, n, out, in, m int, panel *float64)
