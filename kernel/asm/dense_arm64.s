//go:build gc && !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// The Dense kernels keep f in R0 and x in R1, both advanced to the current
// block of chains, j in R2, the row strides of f and x (n elements) in R8
// and of j (d elements) in R9, and the bytes of each row left to do in
// R11. The d rows of a block of x are first copied one after the other to
// the panel. For a block of rows, R12 addresses its first row of f, R13
// its first row of j and R14 counts the rows left. The loop over k walks
// down the panel with R3 and along the j rows with R4-R7, counting k down
// in R10; R15 addresses the rows of f as they are stored.
//
// A step of the k loop loads row k of the x block into V16-V19,
// broadcasts element k of each j row of the block into V20-V23, and
// subtracts every product, formed in V24-V31, from its accumulator: the
// accumulators, V0-V15 for a block of four rows by four vectors, start at
// zero and are stored as the force.

// MULSUB_S4 sets Vacc = Vacc - Vj Vx, the product rounded into Vt first.
#define MULSUB_S4(x, j, t, acc) \
	VFMUL_S4(x, j, t); \
	VFSUB_S4(t, acc, acc)

#define MULSUB_D2(x, j, t, acc) \
	VFMUL_D2(x, j, t); \
	VFSUB_D2(t, acc, acc)

// ZERO_4X4_S4 clears the accumulators of 4 rows by 4 vectors.
#define ZERO_4X4_S4 \
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

// DENSE_4X4_S4 does one step of the k loop for 4 rows by 4 vectors.
#define DENSE_4X4_S4 \
	VLD1.P  64(R3), [V16.S4, V17.S4, V18.S4, V19.S4]; \
	VLD1R.P 4(R4), [V20.S4];                          \
	VLD1R.P 4(R5), [V21.S4];                          \
	VLD1R.P 4(R6), [V22.S4];                          \
	VLD1R.P 4(R7), [V23.S4];                          \
	MULSUB_S4(16, 20, 24, 0);                         \
	MULSUB_S4(17, 20, 25, 1);                         \
	MULSUB_S4(18, 20, 26, 2);                         \
	MULSUB_S4(19, 20, 27, 3);                         \
	MULSUB_S4(16, 21, 28, 4);                         \
	MULSUB_S4(17, 21, 29, 5);                         \
	MULSUB_S4(18, 21, 30, 6);                         \
	MULSUB_S4(19, 21, 31, 7);                         \
	MULSUB_S4(16, 22, 24, 8);                         \
	MULSUB_S4(17, 22, 25, 9);                         \
	MULSUB_S4(18, 22, 26, 10);                        \
	MULSUB_S4(19, 22, 27, 11);                        \
	MULSUB_S4(16, 23, 28, 12);                        \
	MULSUB_S4(17, 23, 29, 13);                        \
	MULSUB_S4(18, 23, 30, 14);                        \
	MULSUB_S4(19, 23, 31, 15)

// STORE_4X4_S4 writes the accumulators to the rows of f at R12.
#define STORE_4X4_S4 \
	MOVD R12, R15;                              \
	VST1 [V0.S4, V1.S4, V2.S4, V3.S4], (R15);   \
	ADD  R8, R15;                               \
	VST1 [V4.S4, V5.S4, V6.S4, V7.S4], (R15);   \
	ADD  R8, R15;                               \
	VST1 [V8.S4, V9.S4, V10.S4, V11.S4], (R15); \
	ADD  R8, R15;                               \
	VST1 [V12.S4, V13.S4, V14.S4, V15.S4], (R15)

// ZERO_1X4_S4 clears the accumulators of 1 row by 4 vectors.
#define ZERO_1X4_S4 \
	VEOR V0.B16, V0.B16, V0.B16; \
	VEOR V1.B16, V1.B16, V1.B16; \
	VEOR V2.B16, V2.B16, V2.B16; \
	VEOR V3.B16, V3.B16, V3.B16

// DENSE_1X4_S4 does one step of the k loop for 1 row by 4 vectors.
#define DENSE_1X4_S4 \
	VLD1.P  64(R3), [V16.S4, V17.S4, V18.S4, V19.S4]; \
	VLD1R.P 4(R4), [V20.S4];                          \
	MULSUB_S4(16, 20, 24, 0);                         \
	MULSUB_S4(17, 20, 25, 1);                         \
	MULSUB_S4(18, 20, 26, 2);                         \
	MULSUB_S4(19, 20, 27, 3)

// STORE_1X4_S4 writes the accumulators to the rows of f at R12.
#define STORE_1X4_S4 \
	MOVD R12, R15; \
	VST1 [V0.S4, V1.S4, V2.S4, V3.S4], (R15)

// ZERO_4X1_S4 clears the accumulators of 4 rows by 1 vector.
#define ZERO_4X1_S4 \
	VEOR V0.B16, V0.B16, V0.B16; \
	VEOR V1.B16, V1.B16, V1.B16; \
	VEOR V2.B16, V2.B16, V2.B16; \
	VEOR V3.B16, V3.B16, V3.B16

// DENSE_4X1_S4 does one step of the k loop for 4 rows by 1 vector.
#define DENSE_4X1_S4 \
	VLD1.P  16(R3), [V16.S4]; \
	VLD1R.P 4(R4), [V20.S4];  \
	VLD1R.P 4(R5), [V21.S4];  \
	VLD1R.P 4(R6), [V22.S4];  \
	VLD1R.P 4(R7), [V23.S4];  \
	MULSUB_S4(16, 20, 24, 0); \
	MULSUB_S4(16, 21, 25, 1); \
	MULSUB_S4(16, 22, 26, 2); \
	MULSUB_S4(16, 23, 27, 3)

// STORE_4X1_S4 writes the accumulators to the rows of f at R12.
#define STORE_4X1_S4 \
	MOVD R12, R15;       \
	VST1 [V0.S4], (R15); \
	ADD  R8, R15;        \
	VST1 [V1.S4], (R15); \
	ADD  R8, R15;        \
	VST1 [V2.S4], (R15); \
	ADD  R8, R15;        \
	VST1 [V3.S4], (R15)

// ZERO_1X1_S4 clears the accumulators of 1 row by 1 vector.
#define ZERO_1X1_S4 \
	VEOR V0.B16, V0.B16, V0.B16

// DENSE_1X1_S4 does one step of the k loop for 1 row by 1 vector.
#define DENSE_1X1_S4 \
	VLD1.P  16(R3), [V16.S4]; \
	VLD1R.P 4(R4), [V20.S4];  \
	MULSUB_S4(16, 20, 24, 0)

// STORE_1X1_S4 writes the accumulators to the rows of f at R12.
#define STORE_1X1_S4 \
	MOVD R12, R15; \
	VST1 [V0.S4], (R15)

// ZERO_4X4_D2 clears the accumulators of 4 rows by 4 vectors.
#define ZERO_4X4_D2 \
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

// DENSE_4X4_D2 does one step of the k loop for 4 rows by 4 vectors.
#define DENSE_4X4_D2 \
	VLD1.P  64(R3), [V16.D2, V17.D2, V18.D2, V19.D2]; \
	VLD1R.P 8(R4), [V20.D2];                          \
	VLD1R.P 8(R5), [V21.D2];                          \
	VLD1R.P 8(R6), [V22.D2];                          \
	VLD1R.P 8(R7), [V23.D2];                          \
	MULSUB_D2(16, 20, 24, 0);                         \
	MULSUB_D2(17, 20, 25, 1);                         \
	MULSUB_D2(18, 20, 26, 2);                         \
	MULSUB_D2(19, 20, 27, 3);                         \
	MULSUB_D2(16, 21, 28, 4);                         \
	MULSUB_D2(17, 21, 29, 5);                         \
	MULSUB_D2(18, 21, 30, 6);                         \
	MULSUB_D2(19, 21, 31, 7);                         \
	MULSUB_D2(16, 22, 24, 8);                         \
	MULSUB_D2(17, 22, 25, 9);                         \
	MULSUB_D2(18, 22, 26, 10);                        \
	MULSUB_D2(19, 22, 27, 11);                        \
	MULSUB_D2(16, 23, 28, 12);                        \
	MULSUB_D2(17, 23, 29, 13);                        \
	MULSUB_D2(18, 23, 30, 14);                        \
	MULSUB_D2(19, 23, 31, 15)

// STORE_4X4_D2 writes the accumulators to the rows of f at R12.
#define STORE_4X4_D2 \
	MOVD R12, R15;                              \
	VST1 [V0.D2, V1.D2, V2.D2, V3.D2], (R15);   \
	ADD  R8, R15;                               \
	VST1 [V4.D2, V5.D2, V6.D2, V7.D2], (R15);   \
	ADD  R8, R15;                               \
	VST1 [V8.D2, V9.D2, V10.D2, V11.D2], (R15); \
	ADD  R8, R15;                               \
	VST1 [V12.D2, V13.D2, V14.D2, V15.D2], (R15)

// ZERO_1X4_D2 clears the accumulators of 1 row by 4 vectors.
#define ZERO_1X4_D2 \
	VEOR V0.B16, V0.B16, V0.B16; \
	VEOR V1.B16, V1.B16, V1.B16; \
	VEOR V2.B16, V2.B16, V2.B16; \
	VEOR V3.B16, V3.B16, V3.B16

// DENSE_1X4_D2 does one step of the k loop for 1 row by 4 vectors.
#define DENSE_1X4_D2 \
	VLD1.P  64(R3), [V16.D2, V17.D2, V18.D2, V19.D2]; \
	VLD1R.P 8(R4), [V20.D2];                          \
	MULSUB_D2(16, 20, 24, 0);                         \
	MULSUB_D2(17, 20, 25, 1);                         \
	MULSUB_D2(18, 20, 26, 2);                         \
	MULSUB_D2(19, 20, 27, 3)

// STORE_1X4_D2 writes the accumulators to the rows of f at R12.
#define STORE_1X4_D2 \
	MOVD R12, R15; \
	VST1 [V0.D2, V1.D2, V2.D2, V3.D2], (R15)

// ZERO_4X1_D2 clears the accumulators of 4 rows by 1 vector.
#define ZERO_4X1_D2 \
	VEOR V0.B16, V0.B16, V0.B16; \
	VEOR V1.B16, V1.B16, V1.B16; \
	VEOR V2.B16, V2.B16, V2.B16; \
	VEOR V3.B16, V3.B16, V3.B16

// DENSE_4X1_D2 does one step of the k loop for 4 rows by 1 vector.
#define DENSE_4X1_D2 \
	VLD1.P  16(R3), [V16.D2]; \
	VLD1R.P 8(R4), [V20.D2];  \
	VLD1R.P 8(R5), [V21.D2];  \
	VLD1R.P 8(R6), [V22.D2];  \
	VLD1R.P 8(R7), [V23.D2];  \
	MULSUB_D2(16, 20, 24, 0); \
	MULSUB_D2(16, 21, 25, 1); \
	MULSUB_D2(16, 22, 26, 2); \
	MULSUB_D2(16, 23, 27, 3)

// STORE_4X1_D2 writes the accumulators to the rows of f at R12.
#define STORE_4X1_D2 \
	MOVD R12, R15;       \
	VST1 [V0.D2], (R15); \
	ADD  R8, R15;        \
	VST1 [V1.D2], (R15); \
	ADD  R8, R15;        \
	VST1 [V2.D2], (R15); \
	ADD  R8, R15;        \
	VST1 [V3.D2], (R15)

// ZERO_1X1_D2 clears the accumulators of 1 row by 1 vector.
#define ZERO_1X1_D2 \
	VEOR V0.B16, V0.B16, V0.B16

// DENSE_1X1_D2 does one step of the k loop for 1 row by 1 vector.
#define DENSE_1X1_D2 \
	VLD1.P  16(R3), [V16.D2]; \
	VLD1R.P 8(R4), [V20.D2];  \
	MULSUB_D2(16, 20, 24, 0)

// STORE_1X1_D2 writes the accumulators to the rows of f at R12.
#define STORE_1X1_D2 \
	MOVD R12, R15; \
	VST1 [V0.D2], (R15)

// DENSE_BODY is the whole of a dense kernel for elements of 2^sz bytes
// in vectors of arrangement AR: vectors of chains four at a time then one
// at a time, the x panel packed first, and rows four at a time then one
// at a time with the block macros Z44/D44/S44 (four rows of four
// vectors), Z14.. (one row of four), Z41.. (four rows of one) and Z11..
// (one row of one).
#define DENSE_BODY(sz, AR, Z44, D44, S44, Z14, D14, S14, Z41, D41, S41, Z11, D11, S11) \
	MOVD f+0(FP), R0 \
	MOVD x+8(FP), R1 \
	MOVD j+16(FP), R2 \
	MOVD n+24(FP), R8 \
	LSL  $sz, R8 \
	MOVD d+32(FP), R9 \
	LSL  $sz, R9 \
	MOVD m+40(FP), R11 \
	LSL  $sz, R11 \
cols4: \
	CMP  $64, R11 \
	BLT  cols1 \
	MOVD R1, R3 \
	MOVD panel+48(FP), R4 \
	MOVD d+32(FP), R10 \
pack4: \
	VLD1.P (R3)(R8), [V16.AR, V17.AR, V18.AR, V19.AR] \
	VST1.P [V16.AR, V17.AR, V18.AR, V19.AR], 64(R4) \
	SUB    $1, R10 \
	CBNZ   R10, pack4 \
	MOVD   R0, R12 \
	MOVD   R2, R13 \
	MOVD   d+32(FP), R14 \
rows4x4: \
	CMP $4, R14 \
	BLT rows1x4 \
	Z44 \
	MOVD panel+48(FP), R3 \
	MOVD R13, R4 \
	ADD  R9, R4, R5 \
	ADD  R9, R5, R6 \
	ADD  R9, R6, R7 \
	MOVD d+32(FP), R10 \
rows4x4k: \
	D44 \
	SUB  $1, R10 \
	CBNZ R10, rows4x4k \
	S44 \
	ADD R8<<2, R12 \
	ADD R9<<2, R13 \
	SUB $4, R14 \
	B   rows4x4 \
rows1x4: \
	CBZ R14, next4 \
	Z14 \
	MOVD panel+48(FP), R3 \
	MOVD R13, R4 \
	MOVD d+32(FP), R10 \
rows1x4k: \
	D14 \
	SUB  $1, R10 \
	CBNZ R10, rows1x4k \
	S14 \
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
	MOVD panel+48(FP), R4 \
	MOVD d+32(FP), R10 \
pack1: \
	VLD1.P (R3)(R8), [V16.AR] \
	VST1.P [V16.AR], 16(R4) \
	SUB    $1, R10 \
	CBNZ   R10, pack1 \
	MOVD   R0, R12 \
	MOVD   R2, R13 \
	MOVD   d+32(FP), R14 \
rows4x1: \
	CMP $4, R14 \
	BLT rows1x1 \
	Z41 \
	MOVD panel+48(FP), R3 \
	MOVD R13, R4 \
	ADD  R9, R4, R5 \
	ADD  R9, R5, R6 \
	ADD  R9, R6, R7 \
	MOVD d+32(FP), R10 \
rows4x1k: \
	D41 \
	SUB  $1, R10 \
	CBNZ R10, rows4x1k \
	S41 \
	ADD R8<<2, R12 \
	ADD R9<<2, R13 \
	SUB $4, R14 \
	B   rows4x1 \
rows1x1: \
	CBZ R14, next1 \
	Z11 \
	MOVD panel+48(FP), R3 \
	MOVD R13, R4 \
	MOVD d+32(FP), R10 \
rows1x1k: \
	D11 \
	SUB  $1, R10 \
	CBNZ R10, rows1x1k \
	S11 \
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

// func dense32NEON(f, x, j *float32, n, d, m int, panel *float32)
TEXT ·dense32NEON(SB), NOSPLIT, $0-56
	DENSE_BODY(2, S4, ZERO_4X4_S4, DENSE_4X4_S4, STORE_4X4_S4, ZERO_1X4_S4, DENSE_1X4_S4, STORE_1X4_S4, ZERO_4X1_S4, DENSE_4X1_S4, STORE_4X1_S4, ZERO_1X1_S4, DENSE_1X1_S4, STORE_1X1_S4)

// func dense64NEON(f, x, j *float64, n, d, m int, panel *float64)
TEXT ·dense64NEON(SB), NOSPLIT, $0-56
	DENSE_BODY(3, D2, ZERO_4X4_D2, DENSE_4X4_D2, STORE_4X4_D2, ZERO_1X4_D2, DENSE_1X4_D2, STORE_1X4_D2, ZERO_4X1_D2, DENSE_4X1_D2, STORE_4X1_D2, ZERO_1X1_D2, DENSE_1X1_D2, STORE_1X1_D2)
