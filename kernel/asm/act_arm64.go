//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.NEON, "tanh/f32")
}

// BiasTanh32NEON is kernel.BiasTanh32 for the first n &^ 3 chains of each
// of the len(b) rows; it returns that count. d may be nil.
func BiasTanh32NEON(y []float32, n int, b, d []float32) int {
	m := n &^ 3
	if m <= 0 || len(b) == 0 {
		return 0
	}
	_ = y[len(b)*n-1]
	var dp *float32
	if d != nil {
		_ = d[len(b)*n-1]
		dp = &d[0]
	}
	biasTanh32NEON(&y[0], &b[0], dp, n, len(b), m, &TanhConsts)
	return m
}

// biasTanh32NEON does rows rows of n chains at y (and d, if not nil), the
// first m, a positive multiple of 4, of each.
//
//go:noescape
func biasTanh32NEON(y, b, d *float32, n, rows, m int, c *[14][16]float32)
