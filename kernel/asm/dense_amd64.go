//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.AVX512, "dense/f32", "dense/f64")
	isa.Register(isa.AVX2, "dense/f32", "dense/f64")
}

// Dense32AVX512 writes the force on the first n &^ 15 chains of each of
// the d rows of a float32 shard and returns that count. f and x hold at
// least d*n elements and j d*d. It needs AVX-512F.
func Dense32AVX512(f, x []float32, n int, j []float32, d int) int {
	m := n &^ 15
	if m == 0 || d == 0 {
		return 0
	}
	_, _, _ = f[d*n-1], x[d*n-1], j[d*d-1]
	p := getPanel[float32](&panels32, d*64)
	dense32AVX512(&f[0], &x[0], &j[0], n, d, m, &(*p)[0])
	panels32.Put(p)
	return m
}

// Dense32AVX2 writes the force on the first n &^ 7 chains of each of the d
// rows of a float32 shard and returns that count. f and x hold at least
// d*n elements and j d*d. It needs AVX2.
func Dense32AVX2(f, x []float32, n int, j []float32, d int) int {
	m := n &^ 7
	if m == 0 || d == 0 {
		return 0
	}
	_, _, _ = f[d*n-1], x[d*n-1], j[d*d-1]
	p := getPanel[float32](&panels32, d*32)
	dense32AVX2(&f[0], &x[0], &j[0], n, d, m, &(*p)[0])
	panels32.Put(p)
	return m
}

// Dense64AVX512 writes the force on the first n &^ 7 chains of each of the
// d rows of a float64 shard and returns that count. f and x hold at least
// d*n elements and j d*d. It needs AVX-512F.
func Dense64AVX512(f, x []float64, n int, j []float64, d int) int {
	m := n &^ 7
	if m == 0 || d == 0 {
		return 0
	}
	_, _, _ = f[d*n-1], x[d*n-1], j[d*d-1]
	p := getPanel[float64](&panels64, d*32)
	dense64AVX512(&f[0], &x[0], &j[0], n, d, m, &(*p)[0])
	panels64.Put(p)
	return m
}

// Dense64AVX2 writes the force on the first n &^ 3 chains of each of the d
// rows of a float64 shard and returns that count. f and x hold at least
// d*n elements and j d*d. It needs AVX2.
func Dense64AVX2(f, x []float64, n int, j []float64, d int) int {
	m := n &^ 3
	if m == 0 || d == 0 {
		return 0
	}
	_, _, _ = f[d*n-1], x[d*n-1], j[d*d-1]
	p := getPanel[float64](&panels64, d*16)
	dense64AVX2(&f[0], &x[0], &j[0], n, d, m, &(*p)[0])
	panels64.Put(p)
	return m
}

// dense32AVX512 computes, for d ≥ 1, m a positive multiple of 16 no
// greater than n, f and x addressing d*n elements and j d*d, with the
// d*64 elements at panel as scratch,
//
//	for i := range d {
//		for c := range m {
//			var acc float32
//			for k := range d {
//				acc = acc - float32(j[i*d+k]*x[k*n+c])
//			}
//			f[i*n+c] = acc
//		}
//	}
//
//go:noescape
func dense32AVX512(f, x, j *float32, n, d, m int, panel *float32)

// dense32AVX2 computes, for d ≥ 1 and m a positive multiple of 8 no
// greater than n, with the d*32 elements at panel as scratch,
//
//	for i := range d {
//		for c := range m {
//			var acc float32
//			for k := range d {
//				acc = acc - float32(j[i*d+k]*x[k*n+c])
//			}
//			f[i*n+c] = acc
//		}
//	}
//
//go:noescape
func dense32AVX2(f, x, j *float32, n, d, m int, panel *float32)

// dense64AVX512 computes, for d ≥ 1 and m a positive multiple of 8 no
// greater than n, with the d*32 elements at panel as scratch,
//
//	for i := range d {
//		for c := range m {
//			var acc float64
//			for k := range d {
//				acc = acc - float64(j[i*d+k]*x[k*n+c])
//			}
//			f[i*n+c] = acc
//		}
//	}
//
//go:noescape
func dense64AVX512(f, x, j *float64, n, d, m int, panel *float64)

// dense64AVX2 computes, for d ≥ 1 and m a positive multiple of 4 no
// greater than n, with the d*16 elements at panel as scratch,
//
//	for i := range d {
//		for c := range m {
//			var acc float64
//			for k := range d {
//				acc = acc - float64(j[i*d+k]*x[k*n+c])
//			}
//			f[i*n+c] = acc
//		}
//	}
//
//go:noescape
func dense64AVX2(f, x, j *float64, n, d, m int, panel *float64)
