package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The Product kernels write y = W x, or y = -W x, for the out×in row-major
// matrix w on a dimension-major shard of n chains, the first m of each row
// (see Product32AVX512 in kernel/asm).
//
// They keep y in DI and x in SI, both advanced to the current block of
// chains, w in DX, the row strides of y and x (n elements) in R8 and of w
// (in elements) in R9, with three rows of w in R10, and the bytes of each
// row left to do in R11. The in rows of a block of x are first copied one
// after the other to the panel. For a block of rows of y, R12 addresses
// its first row of y, R13 its first row of w and R14 counts the rows left.
// The loop over k walks down the panel with AX and along the w rows with
// BX, counting k down in CX.
//
// A step of the k loop loads row k of the x block, broadcasts element k of
// each w row of the block, and adds every product to its accumulator or
// subtracts it: the accumulators start at zero and are stored as y.
// AVX-512 blocks are four rows by four vectors (Z0-Z15, with x in Z16-Z19,
// w in Z20-Z23 and products in Z24-Z31); AVX2 blocks are two rows by four
// vectors (Y0-Y7, with x in Y8-Y11, w in Y12-Y13 and products in
// Y14-Y15). Blocks of one row or one vector use the first of these.

// productPath is a path of the Product kernels.
type productPath struct {
	simd
	rows int // the rows of y of a full block
	x    int // the first register of the x vectors
	w    int // the first register of the broadcast w elements
	t    int // the first register of the products
	nt   int // the product registers, taken in turn
}

var (
	productAVX512 = productPath{avx512, 4, 16, 20, 24, 8}
	productAVX2   = productPath{avx2, 2, 8, 12, 14, 2}
)

func products() {
	for _, p := range []prec{f32, f64} {
		for _, q := range []productPath{productAVX512, productAVX2} {
			product(p, q, false)
			product(p, q, true)
		}
	}
}

// productRow is the operand disp(base) for row i, below 3, of a block
// whose first row is at base, rows stride apart.
func productRow(base, stride reg.Register, i, disp int) operand.Mem {
	if i == 0 {
		return mem(base, disp)
	}
	return memx(base, disp, stride, uint8(i))
}

// product writes productAdd or productSub (if neg) of precision p on path
// q.
func product(p prec, q productPath, neg bool) {
	variant, op, sign := "Add", "+", "added"
	if neg {
		variant, op, sign = "Sub", "-", "subtracted"
	}
	name := fmt.Sprintf("product%s%d%s", variant, p.bits, q.name)
	lanes := p.lanes(q.bytes)
	text(name, fmt.Sprintf("func(y, x, w *%[1]s, n, out, in, m int, panel *%[1]s)", p.typ()),
		fmt.Sprintf("%s computes, for out, in ≥ 1 and m a positive multiple of", name),
		fmt.Sprintf("%d no greater than n, y addressing out*n elements, x in*n and w", lanes),
		fmt.Sprintf("out*in, with the in*%d elements at panel as scratch,", 4*lanes),
		"",
		"\tfor o := range out {",
		"\t\tfor c := range m {",
		fmt.Sprintf("\t\t\tvar acc %s", p.typ()),
		"\t\t\tfor k := range in {",
		fmt.Sprintf("\t\t\t\tacc = acc %s %s(w[o*in+k]*x[k*n+c])", op, p.typ()),
		"\t\t\t}",
		"\t\t\ty[o*n+c] = acc",
		"\t\t}",
		"\t}",
		"",
		fmt.Sprintf("with every product rounded before it is %s, k ascending.", sign),
	)

	sz, esz := p.sz(), p.size()
	w4, w1, rr := 4*q.bytes, q.bytes, q.rows
	acc := func(i int) reg.VecPhysical { return q.v(i) }

	// zero clears the accumulators of a block of rows by vecs.
	zero := func(rows, vecs int) {
		for i := range rows * vecs {
			q.zero(acc(i))
		}
	}
	// step does one step of the k loop for a block of rows by vecs: the
	// accumulator of row i and vector j is acc(i*vecs+j).
	step := func(rows, vecs int) {
		mulsub := func(x, w Op, t int, dst reg.VecPhysical) {
			tr := q.v(q.t + t%q.nt)
			p.mul(x, w, tr)
			if neg {
				p.sub(tr, dst, dst)
			} else {
				p.add(tr, dst, dst)
			}
		}
		if rows == 1 {
			w := q.v(q.w)
			p.bcast(mem(reg.RBX, 0), w)
			for j := range vecs {
				mulsub(mem(reg.RAX, j*q.bytes), w, j, acc(j))
			}
			return
		}
		for j := range vecs {
			a.VMOVUPS(mem(reg.RAX, j*q.bytes), q.v(q.x+j))
		}
		for i := range rows {
			w := memx(reg.RBX, 0, reg.R10, 1) // three rows down
			if i < 3 {
				w = productRow(reg.RBX, reg.R9, i, 0)
			}
			p.bcast(w, q.v(q.w+i))
		}
		for i := range rows {
			for j := range vecs {
				mulsub(q.v(q.x+j), q.v(q.w+i), i*vecs+j, acc(i*vecs+j))
			}
		}
	}
	// store writes the accumulators of a block to the rows of y at R12.
	store := func(rows, vecs int) {
		if rows > 3 {
			a.LEAQ(memx(reg.R12, 0, reg.R8, 2), reg.RAX)
		}
		for i := range rows {
			for j := range vecs {
				y := memx(reg.RAX, j*q.bytes, reg.R8, 1) // row 2 at AX
				if i < 3 {
					y = productRow(reg.R12, reg.R8, i, j*q.bytes)
				}
				a.VMOVUPS(acc(i*vecs+j), y)
			}
		}
	}
	// pack copies vecs vectors of x at AX to the panel at BX; a block of
	// four asks for the same row of the next block, which the next copy
	// reads long after.
	pack := func(vecs int) {
		if vecs == 4 {
			for off := w4; off < 2*w4; off += 64 {
				a.PREFETCHT0(mem(reg.RAX, off))
			}
		}
		for j := range vecs {
			a.VMOVUPS(mem(reg.RAX, j*q.bytes), q.v(q.x+j))
		}
		for j := range vecs {
			a.VMOVUPS(q.v(q.x+j), mem(reg.RBX, j*q.bytes))
		}
	}

	a.Load(a.Param("y"), reg.RDI)
	a.Load(a.Param("x"), reg.RSI)
	a.Load(a.Param("w"), reg.RDX)
	a.Load(a.Param("n"), reg.R8)
	a.SHLQ(imm8(sz), reg.R8)
	a.Load(a.Param("in"), reg.R9)
	a.SHLQ(imm8(sz), reg.R9)
	a.LEAQ(memx(reg.R9, 0, reg.R9, 2), reg.R10)
	a.Load(a.Param("m"), reg.R11)
	a.SHLQ(imm8(sz), reg.R11)

	// cols does the chains vecs vectors (width bytes) at a time, then
	// goes on to the label after.
	cols := func(vecs, width int, after string) {
		c := fmt.Sprint(vecs)
		a.Label("cols" + c)
		if vecs == 4 {
			a.CMPQ(reg.R11, imm(width))
			a.JLT(lbl(after))
		} else {
			a.TESTQ(reg.R11, reg.R11)
			a.JZ(lbl(after))
		}
		a.MOVQ(reg.RSI, reg.RAX)
		a.Load(a.Param("panel"), reg.RBX)
		a.Load(a.Param("in"), reg.RCX)
		a.Label("pack" + c)
		pack(vecs)
		a.ADDQ(reg.R8, reg.RAX)
		a.ADDQ(imm(width), reg.RBX)
		a.DECQ(reg.RCX)
		a.JNZ(lbl("pack" + c))
		a.MOVQ(reg.RDI, reg.R12)
		a.MOVQ(reg.RDX, reg.R13)
		a.Load(a.Param("out"), reg.R14)

		// block does the rows of y rows at a time, then goes on to the
		// label after.
		block := func(rows int, after string) {
			l := fmt.Sprintf("rows%sx%s", map[bool]string{true: "N", false: "1"}[rows > 1], c)
			a.Label(l)
			if rows > 1 {
				a.CMPQ(reg.R14, imm(rows))
				a.JLT(lbl(after))
			} else {
				a.TESTQ(reg.R14, reg.R14)
				a.JZ(lbl(after))
			}
			zero(rows, vecs)
			a.Load(a.Param("panel"), reg.RAX)
			a.MOVQ(reg.R13, reg.RBX)
			a.Load(a.Param("in"), reg.RCX)
			a.Label(l + "k")
			step(rows, vecs)
			a.ADDQ(imm(width), reg.RAX)
			a.ADDQ(imm(esz), reg.RBX)
			a.DECQ(reg.RCX)
			a.JNZ(lbl(l + "k"))
			store(rows, vecs)
			if rows > 1 {
				a.LEAQ(memx(reg.R12, 0, reg.R8, uint8(rows)), reg.R12)
				a.LEAQ(memx(reg.R13, 0, reg.R9, uint8(rows)), reg.R13)
				a.SUBQ(imm(rows), reg.R14)
			} else {
				a.ADDQ(reg.R8, reg.R12)
				a.ADDQ(reg.R9, reg.R13)
				a.DECQ(reg.R14)
			}
			a.JMP(lbl(l))
		}
		block(rr, "rows1x"+c)
		block(1, "next"+c)

		a.Label("next" + c)
		a.ADDQ(imm(width), reg.RDI)
		a.ADDQ(imm(width), reg.RSI)
		a.SUBQ(imm(width), reg.R11)
		a.JMP(lbl("cols" + c))
	}
	cols(4, w4, "cols1")
	cols(1, w1, "done")

	a.Label("done")
	a.VZEROUPPER()
	a.RET()
}
