package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The Outer kernels add G Xᵀ summed over the chains to dw, for g out×n and
// x in×n, in tiles of rows of g by rows of x, cnt chains of every row a
// call (see outerBlocks in kernel/asm).
//
// They keep dw in DI, at the first row of the current block of rows of g,
// g in SI at that block's first row, x in DX, the row strides of g and x
// (n elements) in R8, three of them in R9, the row stride of dw (ldw
// elements) in R10 and the rows of g left in R11. For a tile of rows of g
// by rows of x, R12 addresses its first row of x, R13 its first element of
// dw and R14 counts the rows of x left; R15 walks through the saved
// partial sums, one tile after the other in the order the kernel takes
// them. The loop over chains walks along the rows of g with BX and of x
// with CX, 64 bytes a step, counting the steps down in AX.
//
// A step of the chain loop loads 64 bytes of each row of g and x of the
// tile and adds every product of a row of g by a row of x, rounded first,
// to that pair's partial sums: one vector of the chain lanes per pair,
// lane l holding the sum of the chains c with c mod L = l. AVX-512 tiles
// are four rows of g by four rows of x (Z0-Z15, pair (a, b) in Z(4a+b),
// with g in Z16-Z19, x in Z20-Z23 and products in Z24-Z31); AVX2 tiles are
// two by two, each pair's lanes in two registers (Y0-Y7, pair (a, b) in
// Y(4a+2b) and the next, with g in Y8-Y9, x in Y10-Y11 and products in
// Y12-Y15). Tiles of one row of g or of x use the first of these, the
// pairs in the same order.
//
// A call takes cnt chains of every row. Bit 0 of mode set, a tile starts
// from the partial sums saved at R15 rather than from zero; bit 1 set, its
// lanes are then folded in halves, s[l] + s[l+h] for h = L/2 down to 1,
// and the sums added to dw, else the partial sums are saved at R15 for the
// next call. The folds of a whole AVX-512 tile go four or two pairs a
// register: the shuffles put side by side the halves of different pairs
// that each fold adds, so that the tile's 16 sums end in rows of dw.

// outerPath is a path of the Outer kernels.
type outerPath struct {
	simd
	rows int // the rows of g, and of x, of a full tile
	regs int // the registers of the partial sums of a pair
}

var (
	outerAVX512 = outerPath{avx512, 4, 1}
	outerAVX2   = outerPath{avx2, 2, 2}
)

func outers() {
	for _, p := range []prec{f32, f64} {
		for _, q := range []outerPath{outerAVX512, outerAVX2} {
			outer(p, q)
		}
	}
}

// outerRow is the operand disp(base) for row i, below 4, of a tile whose
// first row is at base, rows stride apart, with three strides in stride3.
func outerRow(base, stride, stride3 reg.Register, i, disp int) operand.Mem {
	switch i {
	case 0:
		return mem(base, disp)
	case 3:
		return memx(base, disp, stride3, 1)
	}
	return memx(base, disp, stride, uint8(i))
}

// outer writes the outer kernel of precision p on path q.
func outer(p prec, q outerPath) {
	name := fmt.Sprintf("outer%d%s", p.bits, q.name)
	lanes := p.lanes(64)
	doc := []string{
		fmt.Sprintf("%s computes, for out, in ≥ 1 and cnt a positive multiple of", name),
		fmt.Sprintf("%d, dw addressing out rows of ldw elements and dy (G) and x out and in", lanes),
		"rows of n elements, the part of",
		"",
		"\tfor o, i := range out, in {",
		fmt.Sprintf("\t\tvar s [%d]%s", lanes, p.typ()),
		"\t\tfor c := range cnt {",
		fmt.Sprintf("\t\t\ts[c%%%[1]d] = s[c%%%[1]d] + %[2]s(dy[o*n+c]*x[i*n+c])", lanes, p.typ()),
		"\t\t}",
		fmt.Sprintf("\t\tfor h := %d; h >= 1; h /= 2 {", lanes/2),
		"\t\t\tfor l := range h {",
		"\t\t\t\ts[l] = s[l] + s[l+h]",
		"\t\t\t}",
		"\t\t}",
		"\t\tdw[o*ldw+i] = dw[o*ldw+i] + s[0]",
		"\t}",
		"",
		"that mode asks for: with bit 0 set the partial sums s of every pair",
		"start from those saved at s by the call before, for the chains before,",
		"instead of zero; with bit 1 set they are folded and added to dw, else",
		fmt.Sprintf("saved at s, out*in*%d elements, for the call after.", lanes),
	}
	text(name, fmt.Sprintf("func(dw, dy, x *%[1]s, n, out, in, ldw, cnt int, s *%[1]s, mode int)", p.typ()), doc...)

	sz, esz, rr := p.sz(), p.size(), q.rows

	// sum is register r of the partial sums of pair k of a tile, the pairs
	// taken row of g by row of g.
	sum := func(k, r int) reg.VecPhysical { return q.v(k*q.regs + r) }
	// tmp is product register k, taken in turn.
	tmp := func(k int) reg.VecPhysical {
		if q.bytes == 64 {
			return zmm[24+k%8]
		}
		return ymm[12+k%4]
	}
	gRow := func(i, disp int) operand.Mem { return outerRow(reg.RBX, reg.R8, reg.R9, i, disp) }
	xRow := func(i, disp int) operand.Mem { return outerRow(reg.RCX, reg.R8, reg.R9, i, disp) }
	muladd := func(x, g Op, t, acc reg.VecPhysical) {
		p.mul(x, g, t)
		p.add(t, acc, acc)
	}

	// step does one step of the chain loop for a tile of gr rows of g by
	// xr rows of x.
	step := func(gr, xr int) {
		if q.bytes == 64 {
			switch {
			case gr > 1 && xr > 1:
				for i := range gr {
					a.VMOVUPS(gRow(i, 0), zmm[16+i])
				}
				for j := range xr {
					a.VMOVUPS(xRow(j, 0), zmm[20+j])
				}
				for i := range gr {
					for j := range xr {
						muladd(zmm[20+j], zmm[16+i], tmp(i*xr+j), sum(i*xr+j, 0))
					}
				}
			case gr > 1:
				a.VMOVUPS(xRow(0, 0), zmm[20])
				for i := range gr {
					muladd(gRow(i, 0), zmm[20], tmp(i), sum(i, 0))
				}
			default:
				a.VMOVUPS(gRow(0, 0), zmm[16])
				for j := range xr {
					muladd(xRow(j, 0), zmm[16], tmp(j), sum(j, 0))
				}
			}
			return
		}
		// On AVX2 the two halves of the 64 bytes of a row, h = 0 and 1,
		// go to the first and the second register of each pair.
		switch {
		case gr > 1 && xr > 1:
			for h := range 2 {
				for i := range gr {
					a.VMOVUPS(gRow(i, 32*h), ymm[8+i])
				}
				for j := range xr {
					a.VMOVUPS(xRow(j, 32*h), ymm[10+j])
				}
				for i := range gr {
					for j := range xr {
						muladd(ymm[10+j], ymm[8+i], tmp(i*xr+j), sum(i*xr+j, h))
					}
				}
			}
		case gr > 1:
			for h := range 2 {
				a.VMOVUPS(xRow(0, 32*h), ymm[10+h])
				for i := range gr {
					muladd(gRow(i, 32*h), ymm[10+h], tmp(2*h+i), sum(i, h))
				}
			}
		case xr > 1:
			for h := range 2 {
				a.VMOVUPS(gRow(0, 32*h), ymm[8+h])
				for j := range xr {
					muladd(xRow(j, 32*h), ymm[8+h], tmp(2*h+j), sum(j, h))
				}
			}
		default:
			for h := range 2 {
				a.VMOVUPS(gRow(0, 32*h), ymm[8+h])
			}
			for h := range 2 {
				muladd(xRow(0, 32*h), ymm[8+h], tmp(h), sum(0, h))
			}
		}
	}

	// fold1 folds the lanes of the pair k in halves and adds the sum to
	// the element m of dw.
	fold1 := func(k int, m operand.Mem) {
		var t0, t1 reg.VecPhysical
		if q.bytes == 64 {
			// The 64 bytes of lanes are first folded to 32, into Y24.
			a.VEXTRACTF64X4(imm8(1), sum(k, 0), ymm[24])
			p.add(ymm[24], ymm[k], ymm[24])
			t0, t1 = xmm[24], xmm[25]
			a.VEXTRACTF32X4(imm8(1), ymm[24], t1)
		} else {
			p.add(sum(k, 1), sum(k, 0), ymm[12])
			t0, t1 = xmm[12], xmm[13]
			a.VEXTRACTF128(imm8(1), ymm[12], t1)
		}
		p.add(t1, t0, t0)
		if p.bits == 32 {
			a.VMOVHLPS(t0, t0, t1)
			a.VADDPS(t1, t0, t0)
			a.VMOVSHDUP(t0, t1)
		} else {
			a.VUNPCKHPD(t0, t0, t1)
		}
		p.adds(t1, t0, t0)
		p.adds(m, t0, t0)
		p.movs(t0, m)
	}

	// dwAt is the element of dw of row i and column j of a tile, for i
	// below 3 or, with row 2 at AX, 3.
	dwAt := func(i, j int) operand.Mem {
		if i == 3 {
			return memx(reg.RAX, j*esz, reg.R10, 1)
		}
		return outerRow(reg.R13, reg.R10, nil, i, j*esz)
	}

	// fold adds the folded sums of a tile to dw at R13.
	fold := func(gr, xr int) {
		if q.bytes == 64 && gr > 1 && xr > 1 {
			foldTile(p)
			return
		}
		if gr > 3 {
			a.LEAQ(memx(reg.R13, 0, reg.R10, 2), reg.RAX)
		}
		for i := range gr {
			for j := range xr {
				fold1(i*xr+j, dwAt(i, j))
			}
		}
	}

	a.Load(a.Param("dw"), reg.RDI)
	a.Load(a.Param("dy"), reg.RSI)
	a.Load(a.Param("x"), reg.RDX)
	a.Load(a.Param("n"), reg.R8)
	a.SHLQ(imm8(sz), reg.R8)
	a.LEAQ(memx(reg.R8, 0, reg.R8, 2), reg.R9)
	a.Load(a.Param("ldw"), reg.R10)
	a.SHLQ(imm8(sz), reg.R10)
	a.Load(a.Param("out"), reg.R11)
	a.Load(a.Param("s"), reg.R15)

	// tiles does the tiles of gr rows of g (the block at SI), then goes on
	// to the label after.
	tiles := func(gr int, after string) {
		g := map[bool]string{true: "N", false: "1"}[gr > 1]
		a.Label("grows" + g)
		if gr > 1 {
			a.CMPQ(reg.R11, imm(gr))
			a.JLT(lbl(after))
		} else {
			a.TESTQ(reg.R11, reg.R11)
			a.JZ(lbl(after))
		}
		a.MOVQ(reg.RDX, reg.R12)
		a.MOVQ(reg.RDI, reg.R13)
		a.Load(a.Param("in"), reg.R14)

		// tile does the tiles of gr by xr rows, then goes on to the label
		// after.
		tile := func(xr int, after string) {
			t := g + map[bool]string{true: "N", false: "1"}[xr > 1]
			regs := gr * xr * q.regs
			a.Label("tile" + t)
			if xr > 1 {
				a.CMPQ(reg.R14, imm(xr))
				a.JLT(lbl(after))
			} else {
				a.TESTQ(reg.R14, reg.R14)
				a.JZ(lbl(after))
			}
			a.Load(a.Param("mode"), reg.RAX)
			a.TESTQ(imm(1), reg.RAX)
			a.JNZ(lbl("load" + t))
			for i := range regs {
				q.zero(q.v(i))
			}
			a.JMP(lbl("start" + t))
			a.Label("load" + t)
			for i := range regs {
				a.VMOVUPS(mem(reg.R15, i*q.bytes), q.v(i))
			}
			a.Label("start" + t)
			a.MOVQ(reg.RSI, reg.RBX)
			a.MOVQ(reg.R12, reg.RCX)
			a.Load(a.Param("cnt"), reg.RAX)
			a.SHRQ(imm8(6-sz), reg.RAX)
			a.Label("loop" + t)
			step(gr, xr)
			a.ADDQ(imm(64), reg.RBX)
			a.ADDQ(imm(64), reg.RCX)
			a.DECQ(reg.RAX)
			a.JNZ(lbl("loop" + t))
			a.Load(a.Param("mode"), reg.RAX)
			a.TESTQ(imm(2), reg.RAX)
			a.JZ(lbl("save" + t))
			fold(gr, xr)
			a.JMP(lbl("done" + t))
			a.Label("save" + t)
			for i := range regs {
				a.VMOVUPS(q.v(i), mem(reg.R15, i*q.bytes))
			}
			a.Label("done" + t)
			a.ADDQ(imm(gr*xr*64), reg.R15)
			if xr > 1 {
				a.LEAQ(memx(reg.R12, 0, reg.R8, uint8(xr)), reg.R12)
			} else {
				a.ADDQ(reg.R8, reg.R12)
			}
			a.ADDQ(imm(xr<<sz), reg.R13)
			if xr > 1 {
				a.SUBQ(imm(xr), reg.R14)
			} else {
				a.DECQ(reg.R14)
			}
			a.JMP(lbl("tile" + t))
		}
		tile(rr, "tile"+g+"1")
		tile(1, "next"+g)

		a.Label("next" + g)
		if gr > 1 {
			a.LEAQ(memx(reg.RSI, 0, reg.R8, uint8(gr)), reg.RSI)
			a.LEAQ(memx(reg.RDI, 0, reg.R10, uint8(gr)), reg.RDI)
			a.SUBQ(imm(gr), reg.R11)
		} else {
			a.ADDQ(reg.R8, reg.RSI)
			a.ADDQ(reg.R10, reg.RDI)
			a.DECQ(reg.R11)
		}
		a.JMP(lbl("grows" + g))
	}
	tiles(rr, "grows1")
	tiles(1, "end")

	a.Label("end")
	a.VZEROUPPER()
	a.RET()
}

// foldTile folds the sums of a whole AVX-512 tile of precision p in
// halves and adds them to dw at R13, the folds of four pairs (float32) or
// two (float64) a register.
//
// Each fold takes two registers u and v, puts in one temporary the halves
// of u and v that the selector lo picks and in another those that hi
// picks, and writes their sum to u; the temporaries are the pairs of
// Z24-Z31 in turn.
//
// For float32, after the fold of h = 8 the partial sums of pairs (0, k)
// and (1, k) share a register, as do (2, k) and (3, k); after h = 4 those
// of (0..3, k); after h = 2 those of (0..3, 0..1) and of (0..3, 2..3);
// after h = 1 lane 4a+b holds the sum of pair (a, b). For float64, after
// the fold of h = 4 the partial sums of pairs (a, k) and (a, k+2) share a
// register; after h = 2 those of (0..1, k) and (0..1, k+2), and of (2..3,
// k) and (2..3, k+2); after h = 1 lane 4a+b of Z0 holds the sum of pair
// (a, b) for rows 0 and 1, and lane 4(a-2)+b of Z8 for rows 2 and 3.
func foldTile(p prec) {
	n := 0
	fold := func(shuf func(ops ...Op), lo, hi int, u, v int) {
		t0, t1 := zmm[24+2*(n%4)], zmm[24+2*(n%4)+1]
		n++
		shuf(imm8(lo), zmm[v], zmm[u], t0)
		shuf(imm8(hi), zmm[v], zmm[u], t1)
		p.add(t1, t0, zmm[u])
	}
	row3 := memx(reg.RAX, 0, reg.R10, 1)
	if p.bits == 32 {
		for k := range 4 {
			fold(a.VSHUFF32X4, 0x44, 0xEE, k, k+4)
			fold(a.VSHUFF32X4, 0x44, 0xEE, k+8, k+12)
		}
		for k := range 4 {
			fold(a.VSHUFF32X4, 0x88, 0xDD, k, k+8)
		}
		fold(a.VSHUFPS, 0x44, 0xEE, 0, 1)
		fold(a.VSHUFPS, 0x44, 0xEE, 2, 3)
		fold(a.VSHUFPS, 0x88, 0xDD, 0, 2)

		// The 16 sums, a row of dw in each 128-bit lane, added to dw.
		a.LEAQ(memx(reg.R13, 0, reg.R10, 2), reg.RAX)
		a.VMOVUPS(mem(reg.R13, 0), xmm[1])
		a.VINSERTF32X4(imm8(1), memx(reg.R13, 0, reg.R10, 1), zmm[1], zmm[1])
		a.VINSERTF32X4(imm8(2), memx(reg.R13, 0, reg.R10, 2), zmm[1], zmm[1])
		a.VINSERTF32X4(imm8(3), row3, zmm[1], zmm[1])
		a.VADDPS(zmm[1], zmm[0], zmm[0])
		a.VMOVUPS(xmm[0], mem(reg.R13, 0))
		a.VEXTRACTF32X4(imm8(1), zmm[0], memx(reg.R13, 0, reg.R10, 1))
		a.VEXTRACTF32X4(imm8(2), zmm[0], memx(reg.R13, 0, reg.R10, 2))
		a.VEXTRACTF32X4(imm8(3), zmm[0], row3)
		return
	}
	for row := range 4 {
		for k := range 2 {
			fold(a.VSHUFF64X2, 0x44, 0xEE, 4*row+k, 4*row+k+2)
		}
	}
	for _, k := range []int{0, 1, 8, 9} {
		fold(a.VSHUFF64X2, 0x88, 0xDD, k, k+4)
	}
	fold(a.VSHUFPD, 0x00, 0xFF, 0, 1)
	fold(a.VSHUFPD, 0x00, 0xFF, 8, 9)

	// The 8 sums of rows 0 and 1 in Z0 and of rows 2 and 3 in Z8, a row
	// of dw in each 256-bit lane, added to dw.
	a.LEAQ(memx(reg.R13, 0, reg.R10, 2), reg.RAX)
	a.VMOVUPD(mem(reg.R13, 0), ymm[1])
	a.VINSERTF64X4(imm8(1), memx(reg.R13, 0, reg.R10, 1), zmm[1], zmm[1])
	a.VMOVUPD(memx(reg.R13, 0, reg.R10, 2), ymm[9])
	a.VINSERTF64X4(imm8(1), row3, zmm[9], zmm[9])
	a.VADDPD(zmm[1], zmm[0], zmm[0])
	a.VADDPD(zmm[9], zmm[8], zmm[8])
	a.VMOVUPD(ymm[0], mem(reg.R13, 0))
	a.VEXTRACTF64X4(imm8(1), zmm[0], memx(reg.R13, 0, reg.R10, 1))
	a.VMOVUPD(ymm[8], memx(reg.R13, 0, reg.R10, 2))
	a.VEXTRACTF64X4(imm8(1), zmm[8], row3)
}
