//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.AVX512, "dense/f32", "dense/f64")
	isa.Register(isa.AVX2, "dense/f32", "dense/f64")
}

// The Dense kernels are the subtracting Product kernels of a square
// matrix: f = -J x is y = -W x with W = J and out = in = d.

// Dense32AVX512 writes the force on the first n &^ 15 chains of each of
// the d rows of a float32 shard and returns that count. f and x hold at
// least d*n elements and j d*d. It needs AVX-512F.
func Dense32AVX512(f, x []float32, n int, j []float32, d int) int {
	return Product32AVX512(f, x, n, j, d, d, true)
}

// Dense32AVX2 writes the force on the first n &^ 7 chains of each of the d
// rows of a float32 shard and returns that count. f and x hold at least
// d*n elements and j d*d. It needs AVX2.
func Dense32AVX2(f, x []float32, n int, j []float32, d int) int {
	return Product32AVX2(f, x, n, j, d, d, true)
}

// Dense64AVX512 writes the force on the first n &^ 7 chains of each of the
// d rows of a float64 shard and returns that count. f and x hold at least
// d*n elements and j d*d. It needs AVX-512F.
func Dense64AVX512(f, x []float64, n int, j []float64, d int) int {
	return Product64AVX512(f, x, n, j, d, d, true)
}

// Dense64AVX2 writes the force on the first n &^ 3 chains of each of the d
// rows of a float64 shard and returns that count. f and x hold at least
// d*n elements and j d*d. It needs AVX2.
func Dense64AVX2(f, x []float64, n int, j []float64, d int) int {
	return Product64AVX2(f, x, n, j, d, d, true)
}
