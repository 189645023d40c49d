//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.AVX512, "finite/f32", "finite/f64")
	isa.Register(isa.AVX2, "finite/f32", "finite/f64")
}

// Finite32AVX512 scans the first len(x) &^ 15 elements of a float32 slice
// and returns how many leading elements it found finite, a multiple of 16.
// It needs AVX-512F.
func Finite32AVX512(x []float32) int {
	n := len(x) &^ 15
	if n == 0 {
		return 0
	}
	return finite32AVX512(&x[0], n)
}

// Finite32AVX2 scans the first len(x) &^ 7 elements of a float32 slice and
// returns how many leading elements it found finite, a multiple of 8. It
// needs AVX2.
func Finite32AVX2(x []float32) int {
	n := len(x) &^ 7
	if n == 0 {
		return 0
	}
	return finite32AVX2(&x[0], n)
}

// Finite64AVX512 scans the first len(x) &^ 7 elements of a float64 slice
// and returns how many leading elements it found finite, a multiple of 8.
// It needs AVX-512F.
func Finite64AVX512(x []float64) int {
	n := len(x) &^ 7
	if n == 0 {
		return 0
	}
	return finite64AVX512(&x[0], n)
}

// Finite64AVX2 scans the first len(x) &^ 3 elements of a float64 slice and
// returns how many leading elements it found finite, a multiple of 4. It
// needs AVX2.
func Finite64AVX2(x []float64) int {
	n := len(x) &^ 3
	if n == 0 {
		return 0
	}
	return finite64AVX2(&x[0], n)
}

// finite32AVX512 computes, for n a multiple of 16 and x addressing n
// elements,
//
//	for lo := 0; lo < n; {
//		w := 16
//		if n-lo >= 64 {
//			w = 64
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
func finite32AVX512(x *float32, n int) int

// finite32AVX2 computes, for n a multiple of 8,
//
//	for lo := 0; lo < n; {
//		w := 8
//		if n-lo >= 32 {
//			w = 32
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
func finite32AVX2(x *float32, n int) int

// finite64AVX512 computes, for n a multiple of 8,
//
//	for lo := 0; lo < n; {
//		w := 8
//		if n-lo >= 32 {
//			w = 32
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
func finite64AVX512(x *float64, n int) int

// finite64AVX2 computes, for n a multiple of 4,
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
func finite64AVX2(x *float64, n int) int
