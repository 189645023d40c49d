//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.AVX512, "tanh/f32")
	isa.Register(isa.AVX2, "tanh/f32")
}

// BiasTanh32AVX512 is kernel.BiasTanh32 for the first n &^ 15 chains of
// each of the len(b) rows; it returns that count. d may be nil. It needs
// AVX-512F.
func BiasTanh32AVX512(y []float32, n int, b, d []float32) int {
	m := n &^ 15
	if m == 0 || len(b) == 0 {
		return 0
	}
	_ = y[len(b)*n-1]
	var dp *float32
	if d != nil {
		_ = d[len(b)*n-1]
		dp = &d[0]
	}
	biasTanh32AVX512(&y[0], &b[0], dp, n, len(b), m, &TanhConsts)
	return m
}

// BiasTanh32AVX2 is kernel.BiasTanh32 for the first n &^ 7 chains of each
// of the len(b) rows; it returns that count. d may be nil. It needs AVX2.
func BiasTanh32AVX2(y []float32, n int, b, d []float32) int {
	m := n &^ 7
	if m == 0 || len(b) == 0 {
		return 0
	}
	_ = y[len(b)*n-1]
	var dp *float32
	if d != nil {
		_ = d[len(b)*n-1]
		dp = &d[0]
	}
	biasTanh32AVX2(&y[0], &b[0], dp, n, len(b), m, &TanhConsts)
	return m
}
