//go:build gc && !purego && !noasm

package asm

// Kick32AVX512 applies the kick to the first len(p) &^ 15 elements of a
// float32 slice and returns that count. It needs AVX-512F.
func Kick32AVX512(p, f []float32, hh float32) int {
	n := len(p) &^ 15
	if n == 0 {
		return 0
	}
	_ = f[n-1]
	kick32AVX512(&p[0], &f[0], n, hh)
	return n
}

// Kick32AVX2 applies the kick to the first len(p) &^ 7 elements of a
// float32 slice and returns that count. It needs AVX2.
func Kick32AVX2(p, f []float32, hh float32) int {
	n := len(p) &^ 7
	if n == 0 {
		return 0
	}
	_ = f[n-1]
	kick32AVX2(&p[0], &f[0], n, hh)
	return n
}

// Kick64AVX512 applies the kick to the first len(p) &^ 7 elements of a
// float64 slice and returns that count. It needs AVX-512F.
func Kick64AVX512(p, f []float64, hh float64) int {
	n := len(p) &^ 7
	if n == 0 {
		return 0
	}
	_ = f[n-1]
	kick64AVX512(&p[0], &f[0], n, hh)
	return n
}

// Kick64AVX2 applies the kick to the first len(p) &^ 3 elements of a
// float64 slice and returns that count. It needs AVX2.
func Kick64AVX2(p, f []float64, hh float64) int {
	n := len(p) &^ 3
	if n == 0 {
		return 0
	}
	_ = f[n-1]
	kick64AVX2(&p[0], &f[0], n, hh)
	return n
}

// kick32AVX512 computes, for n a multiple of 16 and p and f addressing n
// elements each,
//
//	for i := range n {
//		p[i] = p[i] + float32(hh*f[i])
//	}
//
//go:noescape
func kick32AVX512(p, f *float32, n int, hh float32)

// kick32AVX2 computes, for n a multiple of 8,
//
//	for i := range n {
//		p[i] = p[i] + float32(hh*f[i])
//	}
//
//go:noescape
func kick32AVX2(p, f *float32, n int, hh float32)

// kick64AVX512 computes, for n a multiple of 8,
//
//	for i := range n {
//		p[i] = p[i] + float64(hh*f[i])
//	}
//
//go:noescape
func kick64AVX512(p, f *float64, n int, hh float64)

// kick64AVX2 computes, for n a multiple of 4,
//
//	for i := range n {
//		p[i] = p[i] + float64(hh*f[i])
//	}
//
//go:noescape
func kick64AVX2(p, f *float64, n int, hh float64)
