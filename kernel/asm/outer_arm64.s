//go:build gc && !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// The Outer kernels keep dw in R0 and g in R1, both advanced to the
// current block of rows o, x in R2, the count of 64-byte blocks of chains
// in a row (n / lanes) in R3, the rows of g left in R4, in in R5, the row
// strides of g and x (n elements) in R8 and of dw (in elements) in R9. For
// a block of rows, R6 addresses the current row i of x, R7 the element
// (o, i) of dw and R10 counts the rows of x left. The loop over the
// chains walks along the rows of g with R11-R12 and of x with R13-R14,
// counting the blocks down in R15; R19 addresses the second row of dw as
// it is updated.
//
// A pair (o, i) has its lanes partial sums in four vectors: V0-V3, V4-V7,
// V8-V11 and V12-V15 for a block of two rows of g by two of x. A step of
// the chain loop loads the next 64 bytes of the rows of g into V16-V19
// and V20-V23, and of each row of x in turn into V24-V27, and adds every
// product, formed in V28-V31, to its partial sum. At the end the partial
// sums of each pair are folded in halves into lane 0 of its first vector
// and added to its element of dw.

// ZERO_16 clears the partial sums of 2 rows by 2.
#define ZERO_16 \
	VEOR V0.B16, V0.B16, V0.B16;    \
	VEOR V1.B16, V1.B16, V1.B16;    \
	VEOR V2.B16, V2.B16, V2.B16;    \
	VEOR V3.B16, V3.B16, V3.B16;    \
	VEOR V4.B16, V4.B16, V4.B16;    \
	VEOR V5.B16, V5.B16, V5.B16;    \
	VEOR V6.B16, V6.B16, V6.B16;    \
	VEOR V7.B16, V7.B16, V7.B16;    \
	VEOR V8.B16, V8.B16, V8.B16;    \
	VEOR V9.B16, V9.B16, V9.B16;    \
	VEOR V10.B16, V10.B16, V10.B16; \
	VEOR V11.B16, V11.B16, V11.B16; \
	VEOR V12.B16, V12.B16, V12.B16; \
	VEOR V13.B16, V13.B16, V13.B16; \
	VEOR V14.B16, V14.B16, V14.B16; \
	VEOR V15.B16, V15.B16, V15.B16

// ZERO_8 clears the partial sums of 2 rows by 1 or 1 by 2.
#define ZERO_8 \
	VEOR V0.B16, V0.B16, V0.B16; \
	VEOR V1.B16, V1.B16, V1.B16; \
	VEOR V2.B16, V2.B16, V2.B16; \
	VEOR V3.B16, V3.B16, V3.B16; \
	VEOR V4.B16, V4.B16, V4.B16; \
	VEOR V5.B16, V5.B16, V5.B16; \
	VEOR V6.B16, V6.B16, V6.B16; \
	VEOR V7.B16, V7.B16, V7.B16

// ZERO_4 clears the partial sums of 1 row by 1.
#define ZERO_4 \
	VEOR V0.B16, V0.B16, V0.B16; \
	VEOR V1.B16, V1.B16, V1.B16; \
	VEOR V2.B16, V2.B16, V2.B16; \
	VEOR V3.B16, V3.B16, V3.B16

// PAIR adds the products of the g vectors from Vg and the x vectors from
// V24 to the partial sums from Vs, with OP the MULADD of the arrangement.
#define PAIR(OP, g0, g1, g2, g3, s0, s1, s2, s3) \
	OP(24, g0, 28, s0); \
	OP(25, g1, 29, s1); \
	OP(26, g2, 30, s2); \
	OP(27, g3, 31, s3)

// OUTER_2X2 does one step of the chain loop for 2 rows of g by 2 of x.
#define OUTER_2X2(AR, OP) \
	VLD1.P 64(R11), [V16.AR, V17.AR, V18.AR, V19.AR]; \
	VLD1.P 64(R12), [V20.AR, V21.AR, V22.AR, V23.AR]; \
	VLD1.P 64(R13), [V24.AR, V25.AR, V26.AR, V27.AR]; \
	PAIR(OP, 16, 17, 18, 19, 0, 1, 2, 3);             \
	PAIR(OP, 20, 21, 22, 23, 4, 5, 6, 7);             \
	VLD1.P 64(R14), [V24.AR, V25.AR, V26.AR, V27.AR]; \
	PAIR(OP, 16, 17, 18, 19, 8, 9, 10, 11);           \
	PAIR(OP, 20, 21, 22, 23, 12, 13, 14, 15)

// OUTER_2X1 does one step of the chain loop for 2 rows of g by 1 of x.
#define OUTER_2X1(AR, OP) \
	VLD1.P 64(R11), [V16.AR, V17.AR, V18.AR, V19.AR]; \
	VLD1.P 64(R12), [V20.AR, V21.AR, V22.AR, V23.AR]; \
	VLD1.P 64(R13), [V24.AR, V25.AR, V26.AR, V27.AR]; \
	PAIR(OP, 16, 17, 18, 19, 0, 1, 2, 3);             \
	PAIR(OP, 20, 21, 22, 23, 4, 5, 6, 7)

// OUTER_1X2 does one step of the chain loop for 1 row of g by 2 of x.
#define OUTER_1X2(AR, OP) \
	VLD1.P 64(R11), [V16.AR, V17.AR, V18.AR, V19.AR]; \
	VLD1.P 64(R13), [V24.AR, V25.AR, V26.AR, V27.AR]; \
	PAIR(OP, 16, 17, 18, 19, 0, 1, 2, 3);             \
	VLD1.P 64(R14), [V24.AR, V25.AR, V26.AR, V27.AR]; \
	PAIR(OP, 16, 17, 18, 19, 4, 5, 6, 7)

// OUTER_1X1 does one step of the chain loop for 1 row of g by 1 of x.
#define OUTER_1X1(AR, OP) \
	VLD1.P 64(R11), [V16.AR, V17.AR, V18.AR, V19.AR]; \
	VLD1.P 64(R13), [V24.AR, V25.AR, V26.AR, V27.AR]; \
	PAIR(OP, 16, 17, 18, 19, 0, 1, 2, 3)

// FOLD_S4 folds the 16 float32 partial sums in Va-Vd, lanes 0-3 of Va
// first, in halves into lane 0 of Va, with Vt as scratch: s[l] += s[l+8]
// for l < 8, s[l] += s[l+4] for l < 4, s[l] += s[l+2] for l < 2 and
// s[0] += s[1].
#define FOLD_S4(a, b, c, d, t) \
	VFADD_S4(c, a, a); \
	VFADD_S4(d, b, b); \
	VFADD_S4(b, a, a); \
	VEXT8(a, a, t);    \
	VFADD_S4(t, a, a); \
	VFADDP_S(a, a)

// FOLD_D2 folds the 8 float64 partial sums in Va-Vd the same way.
#define FOLD_D2(a, b, c, d, t) \
	VFADD_D2(c, a, a); \
	VFADD_D2(d, b, b); \
	VFADD_D2(b, a, a); \
	VFADDP_D(a, a)

// ADDTO adds the scalar in Fs to the element at off(R), through Ft, with
// FMOV and FADD of the element size.
#define ADDTO(FMOV, FADD, off, R, s, t) \
	FMOV off(R), t; \
	FADD s, t, t;   \
	FMOV t, off(R)

// OUTER_BODY is the whole of an outer kernel for elements of 2^sz = es
// bytes in vectors of arrangement AR, with OP the MULADD, FOLD the fold
// and FMOV and FADD the scalar move and add of the arrangement: rows of g
// two at a time then one, and for each block of them rows of x two at a
// time then one.
#define OUTER_BODY(sz, es, AR, OP, FOLD, FMOV, FADD) \
	MOVD dw+0(FP), R0 \
	MOVD grad+8(FP), R1 \
	MOVD x+16(FP), R2 \
	MOVD n+24(FP), R8 \
	LSL  $sz, R8 \
	LSR  $6, R8, R3 \
	MOVD out+32(FP), R4 \
	MOVD in+40(FP), R5 \
	LSL  $sz, R5, R9 \
rows2: \
	CMP  $2, R4 \
	BLT  rows1 \
	MOVD R2, R6 \
	MOVD R0, R7 \
	MOVD R5, R10 \
rows2x2: \
	CMP  $2, R10 \
	BLT  rows2x1 \
	ZERO_16 \
	MOVD R1, R11 \
	ADD  R8, R1, R12 \
	MOVD R6, R13 \
	ADD  R8, R6, R14 \
	MOVD R3, R15 \
loop2x2: \
	OUTER_2X2(AR, OP) \
	SUB  $1, R15 \
	CBNZ R15, loop2x2 \
	FOLD(0, 1, 2, 3, 28) \
	FOLD(4, 5, 6, 7, 29) \
	FOLD(8, 9, 10, 11, 30) \
	FOLD(12, 13, 14, 15, 31) \
	ADD  R9, R7, R19 \
	ADDTO(FMOV, FADD, 0, R7, F0, F16) \
	ADDTO(FMOV, FADD, es, R7, F8, F17) \
	ADDTO(FMOV, FADD, 0, R19, F4, F18) \
	ADDTO(FMOV, FADD, es, R19, F12, F19) \
	ADD  R8<<1, R6 \
	ADD  $(2*es), R7 \
	SUB  $2, R10 \
	B    rows2x2 \
rows2x1: \
	CBZ  R10, next2 \
	ZERO_8 \
	MOVD R1, R11 \
	ADD  R8, R1, R12 \
	MOVD R6, R13 \
	MOVD R3, R15 \
loop2x1: \
	OUTER_2X1(AR, OP) \
	SUB  $1, R15 \
	CBNZ R15, loop2x1 \
	FOLD(0, 1, 2, 3, 28) \
	FOLD(4, 5, 6, 7, 29) \
	ADD  R9, R7, R19 \
	ADDTO(FMOV, FADD, 0, R7, F0, F16) \
	ADDTO(FMOV, FADD, 0, R19, F4, F17) \
next2: \
	ADD  R8<<1, R1 \
	ADD  R9<<1, R0 \
	SUB  $2, R4 \
	B    rows2 \
rows1: \
	CBZ  R4, done \
	MOVD R2, R6 \
	MOVD R0, R7 \
	MOVD R5, R10 \
rows1x2: \
	CMP  $2, R10 \
	BLT  rows1x1 \
	ZERO_8 \
	MOVD R1, R11 \
	MOVD R6, R13 \
	ADD  R8, R6, R14 \
	MOVD R3, R15 \
loop1x2: \
	OUTER_1X2(AR, OP) \
	SUB  $1, R15 \
	CBNZ R15, loop1x2 \
	FOLD(0, 1, 2, 3, 28) \
	FOLD(4, 5, 6, 7, 29) \
	ADDTO(FMOV, FADD, 0, R7, F0, F16) \
	ADDTO(FMOV, FADD, es, R7, F4, F17) \
	ADD  R8<<1, R6 \
	ADD  $(2*es), R7 \
	SUB  $2, R10 \
	B    rows1x2 \
rows1x1: \
	CBZ  R10, done \
	ZERO_4 \
	MOVD R1, R11 \
	MOVD R6, R13 \
	MOVD R3, R15 \
loop1x1: \
	OUTER_1X1(AR, OP) \
	SUB  $1, R15 \
	CBNZ R15, loop1x1 \
	FOLD(0, 1, 2, 3, 28) \
	ADDTO(FMOV, FADD, 0, R7, F0, F16) \
done: \
	RET

// func outer32NEON(dw, grad, x *float32, n, out, in int)
TEXT ·outer32NEON(SB), NOSPLIT, $0-48
	OUTER_BODY(2, 4, S4, MULADD_S4, FOLD_S4, FMOVS, FADDS)

// func outer64NEON(dw, grad, x *float64, n, out, in int)
TEXT ·outer64NEON(SB), NOSPLIT, $0-48
	OUTER_BODY(3, 8, D2, MULADD_D2, FOLD_D2, FMOVD, FADDD)
