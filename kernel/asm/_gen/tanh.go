package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/reg"
)

// The tanh kernels add the bias of each row to a layer's product and apply
// the float32 tanh in place, keeping the derivative 1 - y² when asked (see
// BiasTanh32AVX512 in kernel/asm).
//
// They keep y in DI and d in DX (0 for none), both at the current row, the
// bias in SI, the row stride in R8, the rows left in R9, the chains to do
// per row in R10 and the constants at R11. Each vector goes through the
// operations of kernel.Tanh32 in its order: the bias added, the clamp
// (VMINPS with the value second, so that NaN stays NaN), the square, the
// numerator and denominator with every product rounded before it is added,
// the division, and 1 - y² for the derivative. The AVX-512 kernel keeps
// the 14 constants in Z0-Z13, with the bias in Z14, the value in Z15, its
// square in Z16, the numerator in Z17, the denominator in Z18 and the
// derivative in Z19; the AVX2 kernel, with 16 registers, reads them from
// memory, with the bias in Y0, the value in Y1, its square in Y2, the
// numerator in Y3, the denominator in Y4 and the constant of an operation
// or the derivative in Y5.

// The constants of the tanh, in the order of TanhConsts.
const (
	tanhClampHi = iota // c
	tanhClampLo        // -c
	tanhA13            // the numerator's a13 to a1
	tanhA11
	tanhA9
	tanhA7
	tanhA5
	tanhA3
	tanhA1
	tanhB6 // the denominator's b6 to b0
	tanhB4
	tanhB2
	tanhB0
	tanhOne
	tanhConsts
)

func tanhs() {
	tanh(avx512)
	tanh(avx2)
}

// tanh writes the bias and tanh kernel of path q.
func tanh(q simd) {
	name := "biasTanh32" + q.name
	lanes := f32.lanes(q.bytes)
	doc := []string{fmt.Sprintf("%s does rows rows of n chains at y (and d, if not nil),", name),
		fmt.Sprintf("the first m, a positive multiple of %d, of each.", lanes)}
	if q.bytes == 32 {
		doc = []string{fmt.Sprintf("%s is biasTanh32AVX512 with m a multiple of %d.", name, lanes)}
	}
	text(name, "func(y, b, d *float32, n, rows, m int, c *[14][16]float32)", doc...)

	// k is constant i: a register on AVX-512, its vector in memory (the
	// first 32 bytes of the 64) on AVX2.
	k := func(i int) Op {
		if q.bytes == 64 {
			return zmm[i]
		}
		return mem(reg.R11, 64*i)
	}
	var bias, v, v2, num, den, t reg.VecPhysical
	if q.bytes == 64 {
		bias, v, v2, num, den, t = zmm[14], zmm[15], zmm[16], zmm[17], zmm[18], zmm[19]
	} else {
		bias, v, v2, num, den, t = ymm[0], ymm[1], ymm[2], ymm[3], ymm[4], ymm[5]
	}
	// kreg is constant i in a register: on AVX2 loaded to t first, for
	// the operations whose constant is their first operand.
	kreg := func(i int) Op {
		if q.bytes == 64 {
			return zmm[i]
		}
		a.VMOVUPS(k(i), t)
		return t
	}

	a.Load(a.Param("y"), reg.RDI)
	a.Load(a.Param("b"), reg.RSI)
	a.Load(a.Param("d"), reg.RDX)
	a.Load(a.Param("n"), reg.R8)
	a.SHLQ(imm8(2), reg.R8)
	a.Load(a.Param("rows"), reg.R9)
	a.Load(a.Param("m"), reg.R10)
	a.Load(a.Param("c"), reg.R11)
	if q.bytes == 64 {
		for i := range tanhConsts {
			a.VMOVUPS(mem(reg.R11, 64*i), zmm[i])
		}
	}

	a.Label("row")
	a.VBROADCASTSS(mem(reg.RSI, 0), bias)
	a.MOVQ(reg.RDI, reg.RAX)
	a.MOVQ(reg.RDX, reg.RBX)
	a.MOVQ(reg.R10, reg.RCX)

	a.Label("vec")
	a.VMOVUPS(mem(reg.RAX, 0), v)
	a.VADDPS(bias, v, v)
	a.VMINPS(v, kreg(tanhClampHi), v)
	a.VMAXPS(v, kreg(tanhClampLo), v)
	a.VMULPS(v, v, v2)
	// mulk sets dst = k(i) x², the constant second on AVX2, where it is
	// in memory.
	mulk := func(i int, dst reg.VecPhysical) {
		if q.bytes == 64 {
			a.VMULPS(v2, k(i), dst)
		} else {
			a.VMULPS(k(i), v2, dst)
		}
	}
	// The numerator, ((a13 x² + a11) x² + ... + a1) x.
	mulk(tanhA13, num)
	a.VADDPS(k(tanhA11), num, num)
	for i := tanhA9; i <= tanhA1; i++ {
		a.VMULPS(v2, num, num)
		a.VADDPS(k(i), num, num)
	}
	a.VMULPS(v, num, num)
	// The denominator, ((b6 x² + b4) x² + b2) x² + b0.
	mulk(tanhB6, den)
	a.VADDPS(k(tanhB4), den, den)
	for i := tanhB2; i <= tanhB0; i++ {
		a.VMULPS(v2, den, den)
		a.VADDPS(k(i), den, den)
	}
	a.VDIVPS(den, num, num)
	a.VMOVUPS(num, mem(reg.RAX, 0))
	a.TESTQ(reg.RBX, reg.RBX)
	a.JZ(lbl("nod"))
	// The derivative, 1 - y².
	a.VMULPS(num, num, t)
	one := k(tanhOne)
	if q.bytes == 32 {
		a.VMOVUPS(one, v2)
		one = v2
	}
	a.VSUBPS(t, one, t)
	a.VMOVUPS(t, mem(reg.RBX, 0))
	a.ADDQ(imm(q.bytes), reg.RBX)

	a.Label("nod")
	a.ADDQ(imm(q.bytes), reg.RAX)
	a.SUBQ(imm(lanes), reg.RCX)
	a.JNZ(lbl("vec"))
	a.ADDQ(reg.R8, reg.RDI)
	a.TESTQ(reg.RDX, reg.RDX)
	a.JZ(lbl("nextrow"))
	a.ADDQ(reg.R8, reg.RDX)

	a.Label("nextrow")
	a.ADDQ(imm(4), reg.RSI)
	a.DECQ(reg.R9)
	a.JNZ(lbl("row"))
	a.VZEROUPPER()
	a.RET()
}
