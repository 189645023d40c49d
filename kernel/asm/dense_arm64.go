//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.NEON, "dense/f32", "dense/f64")
}

// Dense32NEON writes the force on the first n &^ 3 chains of each of the d
// rows of a float32 shard and returns that count. f and x hold at least
// d*n elements and j d*d.
func Dense32NEON(f, x []float32, n int, j []float32, d int) int {
	m := n &^ 3
	if m == 0 || d == 0 {
		return 0
	}
	_, _, _ = f[d*n-1], x[d*n-1], j[d*d-1]
	p := getPanel[float32](&panels32, d*16)
	dense32NEON(&f[0], &x[0], &j[0], n, d, m, &(*p)[0])
	panels32.Put(p)
	return m
}

// Dense64NEON writes the force on the first n &^ 1 chains of each of the d
// rows of a float64 shard and returns that count. f and x hold at least
// d*n elements and j d*d.
func Dense64NEON(f, x []float64, n int, j []float64, d int) int {
	m := n &^ 1
	if m == 0 || d == 0 {
		return 0
	}
	_, _, _ = f[d*n-1], x[d*n-1], j[d*d-1]
	p := getPanel[float64](&panels64, d*8)
	dense64NEON(&f[0], &x[0], &j[0], n, d, m, &(*p)[0])
	panels64.Put(p)
	return m
}

// dense32NEON computes, for d ≥ 1, m a positive multiple of 4 no
// greater than n, f and x addressing d*n elements and j d*d, with the
// d*16 elements at panel as scratch,
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
func dense32NEON(f, x, j *float32, n, d, m int, panel *float32)

// dense64NEON computes, for d ≥ 1 and m a positive multiple of 2 no
// greater than n, with the d*8 elements at panel as scratch,
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
func dense64NEON(f, x, j *float64, n, d, m int, panel *float64)
