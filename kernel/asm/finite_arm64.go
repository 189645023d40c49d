//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.NEON, "finite/f32", "finite/f64")
}

// Finite32NEON scans the first len(x) &^ 3 elements of a float32 slice and
// returns how many leading elements it found finite, a multiple of 4.
func Finite32NEON(x []float32) int {
	n := len(x) &^ 3
	if n == 0 {
		return 0
	}
	return finite32NEON(&x[0], n)
}

// Finite64NEON scans the first len(x) &^ 1 elements of a float64 slice and
// returns how many leading elements it found finite, a multiple of 2.
func Finite64NEON(x []float64) int {
	n := len(x) &^ 1
	if n == 0 {
		return 0
	}
	return finite64NEON(&x[0], n)
}

// finite32NEON computes, for n a multiple of 4 and x addressing n
// elements,
//
//	for lo := 0; lo < n; {
//		w := 4
//		if n-lo >= 16 {
//			w = 16
//		}
//		for _, v := range x[lo : lo+w] {
//			if v-v != 0 {
//				return lo
//			}
//		}
//		lo += w
//	}
//	return n
//
//go:noescape
func finite32NEON(x *float32, n int) int

// finite64NEON computes, for n a multiple of 2,
//
//	for lo := 0; lo < n; {
//		w := 2
//		if n-lo >= 8 {
//			w = 8
//		}
//		for _, v := range x[lo : lo+w] {
//			if v-v != 0 {
//				return lo
//			}
//		}
//		lo += w
//	}
//	return n
//
//go:noescape
func finite64NEON(x *float64, n int) int
