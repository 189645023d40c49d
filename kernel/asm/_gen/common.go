package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// a is the context of the file being written.
var a *build.Context

// Op is an instruction operand.
type Op = operand.Op

// The registers are named physical registers throughout: the kernels keep
// the register blocking of hand-written code, and the comments of each
// kernel say what each register holds.
var (
	zmm = [32]reg.VecPhysical{
		reg.Z0, reg.Z1, reg.Z2, reg.Z3, reg.Z4, reg.Z5, reg.Z6, reg.Z7,
		reg.Z8, reg.Z9, reg.Z10, reg.Z11, reg.Z12, reg.Z13, reg.Z14, reg.Z15,
		reg.Z16, reg.Z17, reg.Z18, reg.Z19, reg.Z20, reg.Z21, reg.Z22, reg.Z23,
		reg.Z24, reg.Z25, reg.Z26, reg.Z27, reg.Z28, reg.Z29, reg.Z30, reg.Z31,
	}
	ymm = [32]reg.VecPhysical{
		reg.Y0, reg.Y1, reg.Y2, reg.Y3, reg.Y4, reg.Y5, reg.Y6, reg.Y7,
		reg.Y8, reg.Y9, reg.Y10, reg.Y11, reg.Y12, reg.Y13, reg.Y14, reg.Y15,
		reg.Y16, reg.Y17, reg.Y18, reg.Y19, reg.Y20, reg.Y21, reg.Y22, reg.Y23,
		reg.Y24, reg.Y25, reg.Y26, reg.Y27, reg.Y28, reg.Y29, reg.Y30, reg.Y31,
	}
	xmm = [32]reg.VecPhysical{
		reg.X0, reg.X1, reg.X2, reg.X3, reg.X4, reg.X5, reg.X6, reg.X7,
		reg.X8, reg.X9, reg.X10, reg.X11, reg.X12, reg.X13, reg.X14, reg.X15,
		reg.X16, reg.X17, reg.X18, reg.X19, reg.X20, reg.X21, reg.X22, reg.X23,
		reg.X24, reg.X25, reg.X26, reg.X27, reg.X28, reg.X29, reg.X30, reg.X31,
	}
)

// mem is the operand disp(base).
func mem(base reg.Register, disp int) operand.Mem {
	return operand.Mem{Base: base, Disp: disp}
}

// memx is the operand disp(base)(index*scale).
func memx(base reg.Register, disp int, index reg.Register, scale uint8) operand.Mem {
	return operand.Mem{Base: base, Disp: disp, Index: index, Scale: scale}
}

// imm is the 32-bit immediate $v, of the arithmetic and the compares;
// the assembler picks the shortest encoding of its value.
func imm(v int) operand.Constant { return operand.U32(v) }

// imm8 is the 8-bit immediate $v, of the shifts and the shuffles.
func imm8(v int) operand.Constant { return operand.U8(v) }

// lbl is a reference to the label name.
func lbl(name string) operand.LabelRef { return operand.LabelRef(name) }

// prec is a floating-point precision.
type prec struct {
	bits int // 32 or 64
}

var (
	f32 = prec{32}
	f64 = prec{64}
)

// sz is the base-2 logarithm of the element size in bytes.
func (p prec) sz() int {
	if p.bits == 32 {
		return 2
	}
	return 3
}

// size is the element size in bytes.
func (p prec) size() int { return 1 << p.sz() }

// typ is the Go type of an element.
func (p prec) typ() string { return fmt.Sprintf("float%d", p.bits) }

// lanes is the number of elements in a vector of bytes bytes.
func (p prec) lanes(bytes int) int { return bytes / p.size() }

func (p prec) bcast(ops ...Op) {
	if p.bits == 32 {
		a.VBROADCASTSS(ops...)
	} else {
		a.VBROADCASTSD(ops...)
	}
}

func (p prec) mul(ops ...Op) {
	if p.bits == 32 {
		a.VMULPS(ops...)
	} else {
		a.VMULPD(ops...)
	}
}

func (p prec) add(ops ...Op) {
	if p.bits == 32 {
		a.VADDPS(ops...)
	} else {
		a.VADDPD(ops...)
	}
}

func (p prec) sub(ops ...Op) {
	if p.bits == 32 {
		a.VSUBPS(ops...)
	} else {
		a.VSUBPD(ops...)
	}
}

// adds is the scalar add.
func (p prec) adds(ops ...Op) {
	if p.bits == 32 {
		a.VADDSS(ops...)
	} else {
		a.VADDSD(ops...)
	}
}

// movs is the scalar move.
func (p prec) movs(ops ...Op) {
	if p.bits == 32 {
		a.VMOVSS(ops...)
	} else {
		a.VMOVSD(ops...)
	}
}

// simd is a vector path: AVX-512 with 32 registers of 64 bytes, or AVX2
// with 16 of 32 bytes.
type simd struct {
	name  string // in the kernel names: AVX512 or AVX2
	bytes int    // the vector width
	regs  *[32]reg.VecPhysical
}

var (
	avx512 = simd{"AVX512", 64, &zmm}
	avx2   = simd{"AVX2", 32, &ymm}
)

// v is vector register i of the path's width.
func (s simd) v(i int) reg.VecPhysical { return s.regs[i] }

// zero clears the vector register r: VPXORD on AVX-512, which reaches
// every register, VXORPS on AVX2.
func (s simd) zero(r Op) {
	if s.bytes == 64 {
		a.VPXORD(r, r, r)
	} else {
		a.VXORPS(r, r, r)
	}
}

// text starts the kernel name, NOSPLIT, of the Go signature sig, with the
// documentation doc on its Go declaration, which is marked noescape.
func text(name, sig string, doc ...string) {
	a.Function(name)
	a.Attributes(attr.NOSPLIT)
	a.SignatureExpr(sig)
	a.Doc(doc...)
	a.Pragma("noescape")
}
