//go:build gc && !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// The Product kernels keep y in R0 and x in R1, both advanced to the
// current block of chains, w in R2, the row strides of y and x (n
// elements) in R8 and of w (in elements) in R9, and the bytes of each row
// left to do in R11. R19 holds in, R20 out and R21 the panel. The in rows
// of a block of x are first copied one after the other to the panel. For a
// block of rows, R12 addresses its first row of y, R13 its first row of w
// and R14 counts the rows left. The loop over k walks down the panel with
// R3 and along the w rows with R4-R7, counting k down in R10; R15
// addresses the rows of y as they are stored.
//
// A step of the k loop loads row k of the x block into V16-V19,
// broadcasts element k of each w row of the block into V20-V23, and adds
// every product, formed in V24-V31, to its accumulator or subtracts it:
// the accumulators, V0-V15 for a block of four rows by four vectors, start
// at zero and are stored as y.

// ZERO_4X4 clears the accumulators of 4 rows by 4 vectors.
#define ZERO_4X4 \
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

// ZERO_4 clears the accumulators of 1 row by 4 vectors or 4 rows by 1.
#define ZERO_4 \
	VEOR V0.B16, V0.B16, V0.B16; \
	VEOR V1.B16, V1.B16, V1.B16; \
	VEOR V2.B16, V2.B16, V2.B16; \
	VEOR V3.B16, V3.B16, V3.B16

// ZERO_1 clears the accumulator of 1 row by 1 vector.
#define ZERO_1 \
	VEOR V0.B16, V0.B16, V0.B16

// PROD_4X4 does one step of the k loop for 4 rows by 4 vectors of
// arrangement AR, elements of es bytes, with OP the MULADD or MULSUB of
// the arrangement.
#define PROD_4X4(AR, es, OP) \
	VLD1.P  64(R3), [V16.AR, V17.AR, V18.AR, V19.AR]; \
	VLD1R.P es(R4), [V20.AR];                         \
	VLD1R.P es(R5), [V21.AR];                         \
	VLD1R.P es(R6), [V22.AR];                         \
	VLD1R.P es(R7), [V23.AR];                         \
	OP(16, 20, 24, 0);                                \
	OP(17, 20, 25, 1);                                \
	OP(18, 20, 26, 2);                                \
	OP(19, 20, 27, 3);                                \
	OP(16, 21, 28, 4);                                \
	OP(17, 21, 29, 5);                                \
	OP(18, 21, 30, 6);                                \
	OP(19, 21, 31, 7);                                \
	OP(16, 22, 24, 8);                                \
	OP(17, 22, 25, 9);                                \
	OP(18, 22, 26, 10);                               \
	OP(19, 22, 27, 11);                               \
	OP(16, 23, 28, 12);                               \
	OP(17, 23, 29, 13);                               \
	OP(18, 23, 30, 14);                               \
	OP(19, 23, 31, 15)

// STORE_4X4 writes the accumulators to the rows of y at R12.
#define STORE_4X4(AR) \
	MOVD R12, R15;                              \
	VST1 [V0.AR, V1.AR, V2.AR, V3.AR], (R15);   \
	ADD  R8, R15;                               \
	VST1 [V4.AR, V5.AR, V6.AR, V7.AR], (R15);   \
	ADD  R8, R15;                               \
	VST1 [V8.AR, V9.AR, V10.AR, V11.AR], (R15); \
	ADD  R8, R15;                               \
	VST1 [V12.AR, V13.AR, V14.AR, V15.AR], (R15)

// PROD_1X4 does one step of the k loop for 1 row by 4 vectors.
#define PROD_1X4(AR, es, OP) \
	VLD1.P  64(R3), [V16.AR, V17.AR, V18.AR, V19.AR]; \
	VLD1R.P es(R4), [V20.AR];                         \
	OP(16, 20, 24, 0);                                \
	OP(17, 20, 25, 1);                                \
	OP(18, 20, 26, 2);                                \
	OP(19, 20, 27, 3)

// STORE_1X4 writes the accumulators to the row of y at R12.
#define STORE_1X4(AR) \
	VST1 [V0.AR, V1.AR, V2.AR, V3.AR], (R12)

// PROD_4X1 does one step of the k loop for 4 rows by 1 vector.
#define PROD_4X1(AR, es, OP) \
	VLD1.P  16(R3), [V16.AR]; \
	VLD1R.P es(R4), [V20.AR]; \
	VLD1R.P es(R5), [V21.AR]; \
	VLD1R.P es(R6), [V22.AR]; \
	VLD1R.P es(R7), [V23.AR]; \
	OP(16, 20, 24, 0);        \
	OP(16, 21, 25, 1);        \
	OP(16, 22, 26, 2);        \
	OP(16, 23, 27, 3)

// STORE_4X1 writes the accumulators to the rows of y at R12.
#define STORE_4X1(AR) \
	MOVD R12, R15;       \
	VST1 [V0.AR], (R15); \
	ADD  R8, R15;        \
	VST1 [V1.AR], (R15); \
	ADD  R8, R15;        \
	VST1 [V2.AR], (R15); \
	ADD  R8, R15;        \
	VST1 [V3.AR], (R15)

// PROD_1X1 does one step of the k loop for 1 row by 1 vector.
#define PROD_1X1(AR, es, OP) \
	VLD1.P  16(R3), [V16.AR]; \
	VLD1R.P es(R4), [V20.AR]; \
	OP(16, 20, 24, 0)

// STORE_1X1 writes the accumulator to the row of y at R12.
#define STORE_1X1(AR) \
	VST1 [V0.AR], (R12)

// PRODUCT_BODY is the whole of a product kernel for elements of 2^sz = es
// bytes in vectors of arrangement AR, with OP adding or subtracting each
// product: vectors of chains four at a time then one at a time, the x
// panel packed first, and rows four at a time then one at a time.
#define PRODUCT_BODY(sz, es, AR, OP) \
	MOVD y+0(FP), R0 \
	MOVD x+8(FP), R1 \
	MOVD w+16(FP), R2 \
	MOVD n+24(FP), R8 \
	LSL  $sz, R8 \
	MOVD out+32(FP), R20 \
	MOVD in+40(FP), R19 \
	LSL  $sz, R19, R9 \
	MOVD m+48(FP), R11 \
	LSL  $sz, R11 \
	MOVD panel+56(FP), R21 \
cols4: \
	CMP  $64, R11 \
	BLT  cols1 \
	MOVD R1, R3 \
	MOVD R21, R4 \
	MOVD R19, R10 \
pack4: \
	VLD1.P (R3)(R8), [V16.AR, V17.AR, V18.AR, V19.AR] \
	VST1.P [V16.AR, V17.AR, V18.AR, V19.AR], 64(R4) \
	SUB    $1, R10 \
	CBNZ   R10, pack4 \
	MOVD   R0, R12 \
	MOVD   R2, R13 \
	MOVD   R20, R14 \
rows4x4: \
	CMP $4, R14 \
	BLT rows1x4 \
	ZERO_4X4 \
	MOVD R21, R3 \
	MOVD R13, R4 \
	ADD  R9, R4, R5 \
	ADD  R9, R5, R6 \
	ADD  R9, R6, R7 \
	MOVD R19, R10 \
rows4x4k: \
	PROD_4X4(AR, es, OP) \
	SUB  $1, R10 \
	CBNZ R10, rows4x4k \
	STORE_4X4(AR) \
	ADD R8<<2, R12 \
	ADD R9<<2, R13 \
	SUB $4, R14 \
	B   rows4x4 \
rows1x4: \
	CBZ R14, next4 \
	ZERO_4 \
	MOVD R21, R3 \
	MOVD R13, R4 \
	MOVD R19, R10 \
rows1x4k: \
	PROD_1X4(AR, es, OP) \
	SUB  $1, R10 \
	CBNZ R10, rows1x4k \
	STORE_1X4(AR) \
	ADD R8, R12 \
	ADD R9, R13 \
	SUB $1, R14 \
	B   rows1x4 \
next4: \
	ADD $64, R0 \
	ADD $64, R1 \
	SUB $64, R11 \
	B   cols4 \
cols1: \
	CBZ  R11, done \
	MOVD R1, R3 \
	MOVD R21, R4 \
	MOVD R19, R10 \
pack1: \
	VLD1.P (R3)(R8), [V16.AR] \
	VST1.P [V16.AR], 16(R4) \
	SUB    $1, R10 \
	CBNZ   R10, pack1 \
	MOVD   R0, R12 \
	MOVD   R2, R13 \
	MOVD   R20, R14 \
rows4x1: \
	CMP $4, R14 \
	BLT rows1x1 \
	ZERO_4 \
	MOVD R21, R3 \
	MOVD R13, R4 \
	ADD  R9, R4, R5 \
	ADD  R9, R5, R6 \
	ADD  R9, R6, R7 \
	MOVD R19, R10 \
rows4x1k: \
	PROD_4X1(AR, es, OP) \
	SUB  $1, R10 \
	CBNZ R10, rows4x1k \
	STORE_4X1(AR) \
	ADD R8<<2, R12 \
	ADD R9<<2, R13 \
	SUB $4, R14 \
	B   rows4x1 \
rows1x1: \
	CBZ R14, next1 \
	ZERO_1 \
	MOVD R21, R3 \
	MOVD R13, R4 \
	MOVD R19, R10 \
rows1x1k: \
	PROD_1X1(AR, es, OP) \
	SUB  $1, R10 \
	CBNZ R10, rows1x1k \
	STORE_1X1(AR) \
	ADD R8, R12 \
	ADD R9, R13 \
	SUB $1, R14 \
	B   rows1x1 \
next1: \
	ADD $16, R0 \
	ADD $16, R1 \
	SUB $16, R11 \
	B   cols1 \
done: \
	RET

// func productAdd32NEON(y, x, w *float32, n, out, in, m int, panel *float32)
TEXT ·productAdd32NEON(SB), NOSPLIT, $0-64
	PRODUCT_BODY(2, 4, S4, MULADD_S4)

// func productSub32NEON(y, x, w *float32, n, out, in, m int, panel *float32)
TEXT ·productSub32NEON(SB), NOSPLIT, $0-64
	PRODUCT_BODY(2, 4, S4, MULSUB_S4)

// func productAdd64NEON(y, x, w *float64, n, out, in, m int, panel *float64)
TEXT ·productAdd64NEON(SB), NOSPLIT, $0-64
	PRODUCT_BODY(3, 8, D2, MULADD_D2)

// func productSub64NEON(y, x, w *float64, n, out, in, m int, panel *float64)
TEXT ·productSub64NEON(SB), NOSPLIT, $0-64
	PRODUCT_BODY(3, 8, D2, MULSUB_D2)
