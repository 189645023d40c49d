//go:build gc && !purego && !noasm

#include "textflag.h"

// The Product kernels keep y in DI and x in SI, both advanced to the
// current block of chains, w in DX, the row strides of y and x (n
// elements) in R8 and of w (in elements) in R9, with three rows of w in
// R10, and the bytes of each row left to do in R11. The in rows of a block
// of x are first copied one after the other to the panel. For a block of
// rows of y, R12 addresses its first row of y, R13 its first row of w and
// R14 counts the rows left. The loop over k walks down the panel with AX
// and along the w rows with BX, counting k down in CX.
//
// A step of the k loop loads row k of the x block, broadcasts element k
// of each w row of the block, and adds every product to its accumulator
// or subtracts it: the accumulators start at zero and are stored as y.
// AVX-512 blocks are four rows by four vectors (Z0-Z15, with x in Z16-Z19,
// w in Z20-Z23 and products in Z24-Z31); AVX2 blocks are two rows by four
// vectors (Y0-Y7, with x in Y8-Y11, w in Y12-Y13 and products in Y14-Y15).

// MULSUB sets ACC = ACC - J X, or ACC + J X when SUB is an add, the
// product rounded into T first.
#define MULSUB(MUL, SUB, X, J, T, ACC) \
	MUL X, J, T; \
	SUB T, ACC, ACC

// ZERO_4X4_Z clears the accumulators of 4 rows by 4 vectors.
#define ZERO_4X4_Z \
	VPXORD Z0, Z0, Z0;    \
	VPXORD Z1, Z1, Z1;    \
	VPXORD Z2, Z2, Z2;    \
	VPXORD Z3, Z3, Z3;    \
	VPXORD Z4, Z4, Z4;    \
	VPXORD Z5, Z5, Z5;    \
	VPXORD Z6, Z6, Z6;    \
	VPXORD Z7, Z7, Z7;    \
	VPXORD Z8, Z8, Z8;    \
	VPXORD Z9, Z9, Z9;    \
	VPXORD Z10, Z10, Z10; \
	VPXORD Z11, Z11, Z11; \
	VPXORD Z12, Z12, Z12; \
	VPXORD Z13, Z13, Z13; \
	VPXORD Z14, Z14, Z14; \
	VPXORD Z15, Z15, Z15

// PRODUCT_4X4_Z does one step of the k loop for 4 rows by 4 vectors.
#define PRODUCT_4X4_Z(BCAST, MUL, SUB) \
	VMOVUPS (AX), Z16;                    \
	VMOVUPS 64(AX), Z17;                  \
	VMOVUPS 128(AX), Z18;                 \
	VMOVUPS 192(AX), Z19;                 \
	BCAST   (BX), Z20;                    \
	BCAST   (BX)(R9*1), Z21;              \
	BCAST   (BX)(R9*2), Z22;              \
	BCAST   (BX)(R10*1), Z23;             \
	MULSUB(MUL, SUB, Z16, Z20, Z24, Z0);  \
	MULSUB(MUL, SUB, Z17, Z20, Z25, Z1);  \
	MULSUB(MUL, SUB, Z18, Z20, Z26, Z2);  \
	MULSUB(MUL, SUB, Z19, Z20, Z27, Z3);  \
	MULSUB(MUL, SUB, Z16, Z21, Z28, Z4);  \
	MULSUB(MUL, SUB, Z17, Z21, Z29, Z5);  \
	MULSUB(MUL, SUB, Z18, Z21, Z30, Z6);  \
	MULSUB(MUL, SUB, Z19, Z21, Z31, Z7);  \
	MULSUB(MUL, SUB, Z16, Z22, Z24, Z8);  \
	MULSUB(MUL, SUB, Z17, Z22, Z25, Z9);  \
	MULSUB(MUL, SUB, Z18, Z22, Z26, Z10); \
	MULSUB(MUL, SUB, Z19, Z22, Z27, Z11); \
	MULSUB(MUL, SUB, Z16, Z23, Z28, Z12); \
	MULSUB(MUL, SUB, Z17, Z23, Z29, Z13); \
	MULSUB(MUL, SUB, Z18, Z23, Z30, Z14); \
	MULSUB(MUL, SUB, Z19, Z23, Z31, Z15)

// STORE_4X4_Z writes the accumulators to the rows of y at R12.
#define STORE_4X4_Z \
	LEAQ    (R12)(R8*2), AX;     \
	VMOVUPS Z0, (R12);           \
	VMOVUPS Z1, 64(R12);         \
	VMOVUPS Z2, 128(R12);        \
	VMOVUPS Z3, 192(R12);        \
	VMOVUPS Z4, (R12)(R8*1);     \
	VMOVUPS Z5, 64(R12)(R8*1);   \
	VMOVUPS Z6, 128(R12)(R8*1);  \
	VMOVUPS Z7, 192(R12)(R8*1);  \
	VMOVUPS Z8, (R12)(R8*2);     \
	VMOVUPS Z9, 64(R12)(R8*2);   \
	VMOVUPS Z10, 128(R12)(R8*2); \
	VMOVUPS Z11, 192(R12)(R8*2); \
	VMOVUPS Z12, (AX)(R8*1);     \
	VMOVUPS Z13, 64(AX)(R8*1);   \
	VMOVUPS Z14, 128(AX)(R8*1);  \
	VMOVUPS Z15, 192(AX)(R8*1)

// ZERO_1X4_Z clears the accumulators of 1 row by 4 vectors.
#define ZERO_1X4_Z \
	VPXORD Z0, Z0, Z0; \
	VPXORD Z1, Z1, Z1; \
	VPXORD Z2, Z2, Z2; \
	VPXORD Z3, Z3, Z3

// PRODUCT_1X4_Z does one step of the k loop for 1 row by 4 vectors.
#define PRODUCT_1X4_Z(BCAST, MUL, SUB) \
	BCAST (BX), Z20;         \
	MUL   (AX), Z20, Z24;    \
	SUB   Z24, Z0, Z0;       \
	MUL   64(AX), Z20, Z25;  \
	SUB   Z25, Z1, Z1;       \
	MUL   128(AX), Z20, Z26; \
	SUB   Z26, Z2, Z2;       \
	MUL   192(AX), Z20, Z27; \
	SUB Z27, Z3, Z3

// STORE_1X4_Z writes the accumulators to the rows of y at R12.
#define STORE_1X4_Z \
	VMOVUPS Z0, (R12);    \
	VMOVUPS Z1, 64(R12);  \
	VMOVUPS Z2, 128(R12); \
	VMOVUPS Z3, 192(R12)

// ZERO_4X1_Z clears the accumulators of 4 rows by 1 vector.
#define ZERO_4X1_Z \
	VPXORD Z0, Z0, Z0; \
	VPXORD Z1, Z1, Z1; \
	VPXORD Z2, Z2, Z2; \
	VPXORD Z3, Z3, Z3

// PRODUCT_4X1_Z does one step of the k loop for 4 rows by 1 vector.
#define PRODUCT_4X1_Z(BCAST, MUL, SUB) \
	VMOVUPS (AX), Z16;                   \
	BCAST   (BX), Z20;                   \
	BCAST   (BX)(R9*1), Z21;             \
	BCAST   (BX)(R9*2), Z22;             \
	BCAST   (BX)(R10*1), Z23;            \
	MULSUB(MUL, SUB, Z16, Z20, Z24, Z0); \
	MULSUB(MUL, SUB, Z16, Z21, Z25, Z1); \
	MULSUB(MUL, SUB, Z16, Z22, Z26, Z2); \
	MULSUB(MUL, SUB, Z16, Z23, Z27, Z3)

// STORE_4X1_Z writes the accumulators to the rows of y at R12.
#define STORE_4X1_Z \
	LEAQ    (R12)(R8*2), AX; \
	VMOVUPS Z0, (R12);       \
	VMOVUPS Z1, (R12)(R8*1); \
	VMOVUPS Z2, (R12)(R8*2); \
	VMOVUPS Z3, (AX)(R8*1)

// ZERO_1X1_Z clears the accumulators of 1 row by 1 vector.
#define ZERO_1X1_Z \
	VPXORD Z0, Z0, Z0

// PRODUCT_1X1_Z does one step of the k loop for 1 row by 1 vector.
#define PRODUCT_1X1_Z(BCAST, MUL, SUB) \
	BCAST (BX), Z20;      \
	MUL   (AX), Z20, Z24; \
	SUB Z24, Z0, Z0

// STORE_1X1_Z writes the accumulators to the rows of y at R12.
#define STORE_1X1_Z \
	VMOVUPS Z0, (R12)

// ZERO_2X4_Y clears the accumulators of 2 rows by 4 vectors.
#define ZERO_2X4_Y \
	VXORPS Y0, Y0, Y0; \
	VXORPS Y1, Y1, Y1; \
	VXORPS Y2, Y2, Y2; \
	VXORPS Y3, Y3, Y3; \
	VXORPS Y4, Y4, Y4; \
	VXORPS Y5, Y5, Y5; \
	VXORPS Y6, Y6, Y6; \
	VXORPS Y7, Y7, Y7

// PRODUCT_2X4_Y does one step of the k loop for 2 rows by 4 vectors.
#define PRODUCT_2X4_Y(BCAST, MUL, SUB) \
	VMOVUPS (AX), Y8;                    \
	VMOVUPS 32(AX), Y9;                  \
	VMOVUPS 64(AX), Y10;                 \
	VMOVUPS 96(AX), Y11;                 \
	BCAST   (BX), Y12;                   \
	BCAST   (BX)(R9*1), Y13;             \
	MULSUB(MUL, SUB, Y8, Y12, Y14, Y0);  \
	MULSUB(MUL, SUB, Y9, Y12, Y15, Y1);  \
	MULSUB(MUL, SUB, Y10, Y12, Y14, Y2); \
	MULSUB(MUL, SUB, Y11, Y12, Y15, Y3); \
	MULSUB(MUL, SUB, Y8, Y13, Y14, Y4);  \
	MULSUB(MUL, SUB, Y9, Y13, Y15, Y5);  \
	MULSUB(MUL, SUB, Y10, Y13, Y14, Y6); \
	MULSUB(MUL, SUB, Y11, Y13, Y15, Y7)

// STORE_2X4_Y writes the accumulators to the rows of y at R12.
#define STORE_2X4_Y \
	VMOVUPS Y0, (R12);         \
	VMOVUPS Y1, 32(R12);       \
	VMOVUPS Y2, 64(R12);       \
	VMOVUPS Y3, 96(R12);       \
	VMOVUPS Y4, (R12)(R8*1);   \
	VMOVUPS Y5, 32(R12)(R8*1); \
	VMOVUPS Y6, 64(R12)(R8*1); \
	VMOVUPS Y7, 96(R12)(R8*1)

// ZERO_1X4_Y clears the accumulators of 1 row by 4 vectors.
#define ZERO_1X4_Y \
	VXORPS Y0, Y0, Y0; \
	VXORPS Y1, Y1, Y1; \
	VXORPS Y2, Y2, Y2; \
	VXORPS Y3, Y3, Y3

// PRODUCT_1X4_Y does one step of the k loop for 1 row by 4 vectors.
#define PRODUCT_1X4_Y(BCAST, MUL, SUB) \
	BCAST (BX), Y12;        \
	MUL   (AX), Y12, Y14;   \
	SUB   Y14, Y0, Y0;      \
	MUL   32(AX), Y12, Y15; \
	SUB   Y15, Y1, Y1;      \
	MUL   64(AX), Y12, Y14; \
	SUB   Y14, Y2, Y2;      \
	MUL   96(AX), Y12, Y15; \
	SUB Y15, Y3, Y3

// STORE_1X4_Y writes the accumulators to the rows of y at R12.
#define STORE_1X4_Y \
	VMOVUPS Y0, (R12);   \
	VMOVUPS Y1, 32(R12); \
	VMOVUPS Y2, 64(R12); \
	VMOVUPS Y3, 96(R12)

// ZERO_2X1_Y clears the accumulators of 2 rows by 1 vector.
#define ZERO_2X1_Y \
	VXORPS Y0, Y0, Y0; \
	VXORPS Y1, Y1, Y1

// PRODUCT_2X1_Y does one step of the k loop for 2 rows by 1 vector.
#define PRODUCT_2X1_Y(BCAST, MUL, SUB) \
	VMOVUPS (AX), Y8;                   \
	BCAST   (BX), Y12;                  \
	BCAST   (BX)(R9*1), Y13;            \
	MULSUB(MUL, SUB, Y8, Y12, Y14, Y0); \
	MULSUB(MUL, SUB, Y8, Y13, Y15, Y1)

// STORE_2X1_Y writes the accumulators to the rows of y at R12.
#define STORE_2X1_Y \
	VMOVUPS Y0, (R12); \
	VMOVUPS Y1, (R12)(R8*1)

// ZERO_1X1_Y clears the accumulators of 1 row by 1 vector.
#define ZERO_1X1_Y \
	VXORPS Y0, Y0, Y0

// PRODUCT_1X1_Y does one step of the k loop for 1 row by 1 vector.
#define PRODUCT_1X1_Y(BCAST, MUL, SUB) \
	BCAST (BX), Y12;      \
	MUL   (AX), Y12, Y14; \
	SUB Y14, Y0, Y0

// STORE_1X1_Y writes the accumulators to the rows of y at R12.
#define STORE_1X1_Y \
	VMOVUPS Y0, (R12)

// PACK_4_Z copies 4 vectors of x at AX to the panel at BX,
// and asks for the same row of the next block, which the next
// copy reads long after.
#define PACK_4_Z \
	PREFETCHT0 256(AX);      \
	PREFETCHT0 320(AX);      \
	PREFETCHT0 384(AX);      \
	PREFETCHT0 448(AX);      \
	VMOVUPS    (AX), Z16;    \
	VMOVUPS    64(AX), Z17;  \
	VMOVUPS    128(AX), Z18; \
	VMOVUPS    192(AX), Z19; \
	VMOVUPS    Z16, (BX);    \
	VMOVUPS    Z17, 64(BX);  \
	VMOVUPS    Z18, 128(BX); \
	VMOVUPS Z19, 192(BX)

// PACK_1_Z copies 1 vector of x at AX to the panel at BX.
#define PACK_1_Z \
	VMOVUPS (AX), Z16; \
	VMOVUPS Z16, (BX)

// PACK_4_Y copies 4 vectors of x at AX to the panel at BX,
// and asks for the same row of the next block, which the next
// copy reads long after.
#define PACK_4_Y \
	PREFETCHT0 128(AX);     \
	PREFETCHT0 192(AX);     \
	VMOVUPS    (AX), Y8;    \
	VMOVUPS    32(AX), Y9;  \
	VMOVUPS    64(AX), Y10; \
	VMOVUPS    96(AX), Y11; \
	VMOVUPS    Y8, (BX);    \
	VMOVUPS    Y9, 32(BX);  \
	VMOVUPS    Y10, 64(BX); \
	VMOVUPS Y11, 96(BX)

// PACK_1_Y copies 1 vector of x at AX to the panel at BX.
#define PACK_1_Y \
	VMOVUPS (AX), Y8; \
	VMOVUPS Y8, (BX)

// PRODUCT_BODY is the whole of a product kernel: vectors of chains four
// at a time (w4 bytes) then one at a time (w1 bytes), the x panel packed
// first (P4, P1), and rows rr at a time then one at a time with the block
// macros of the width and path (Z44/D44/S44 for rr rows of four vectors,
// Z14/D14/S14 for one row of four, Z41.., Z11.. for single vectors), the
// products by BC, MU and SU (an add or a subtract); the elements are
// 2^sz = esz bytes.
#define PRODUCT_BODY(sz, esz, w4, w1, rr, P4, P1, Z44, D44, S44, Z14, D14, S14, Z41, D41, S41, Z11, D11, S11, BC, MU, SU) \
	MOVQ y+0(FP), DI \
	MOVQ x+8(FP), SI \
	MOVQ w+16(FP), DX \
	MOVQ n+24(FP), R8 \
	SHLQ $sz, R8 \
	MOVQ in+40(FP), R9 \
	SHLQ $sz, R9 \
	LEAQ (R9)(R9*2), R10 \
	MOVQ m+48(FP), R11 \
	SHLQ $sz, R11 \
cols4: \
	CMPQ R11, $w4 \
	JLT  cols1 \
	MOVQ SI, AX \
	MOVQ panel+56(FP), BX \
	MOVQ in+40(FP), CX \
pack4: \
	P4 \
	ADDQ R8, AX \
	ADDQ $w4, BX \
	DECQ CX \
	JNZ  pack4 \
	MOVQ DI, R12 \
	MOVQ DX, R13 \
	MOVQ out+32(FP), R14 \
rowsNx4: \
	CMPQ R14, $rr \
	JLT  rows1x4 \
	Z44 \
	MOVQ panel+56(FP), AX \
	MOVQ R13, BX \
	MOVQ in+40(FP), CX \
rowsNx4k: \
	D44(BC, MU, SU) \
	ADDQ $w4, AX \
	ADDQ $esz, BX \
	DECQ CX \
	JNZ  rowsNx4k \
	S44 \
	LEAQ (R12)(R8*rr), R12 \
	LEAQ (R13)(R9*rr), R13 \
	SUBQ $rr, R14 \
	JMP  rowsNx4 \
rows1x4: \
	TESTQ R14, R14 \
	JZ    next4 \
	Z14 \
	MOVQ panel+56(FP), AX \
	MOVQ R13, BX \
	MOVQ in+40(FP), CX \
rows1x4k: \
	D14(BC, MU, SU) \
	ADDQ $w4, AX \
	ADDQ $esz, BX \
	DECQ CX \
	JNZ  rows1x4k \
	S14 \
	ADDQ R8, R12 \
	ADDQ R9, R13 \
	DECQ R14 \
	JMP  rows1x4 \
next4: \
	ADDQ $w4, DI \
	ADDQ $w4, SI \
	SUBQ $w4, R11 \
	JMP  cols4 \
cols1: \
	TESTQ R11, R11 \
	JZ    done \
	MOVQ  SI, AX \
	MOVQ  panel+56(FP), BX \
	MOVQ  in+40(FP), CX \
pack1: \
	P1 \
	ADDQ R8, AX \
	ADDQ $w1, BX \
	DECQ CX \
	JNZ  pack1 \
	MOVQ DI, R12 \
	MOVQ DX, R13 \
	MOVQ out+32(FP), R14 \
rowsNx1: \
	CMPQ R14, $rr \
	JLT  rows1x1 \
	Z41 \
	MOVQ panel+56(FP), AX \
	MOVQ R13, BX \
	MOVQ in+40(FP), CX \
rowsNx1k: \
	D41(BC, MU, SU) \
	ADDQ $w1, AX \
	ADDQ $esz, BX \
	DECQ CX \
	JNZ  rowsNx1k \
	S41 \
	LEAQ (R12)(R8*rr), R12 \
	LEAQ (R13)(R9*rr), R13 \
	SUBQ $rr, R14 \
	JMP  rowsNx1 \
rows1x1: \
	TESTQ R14, R14 \
	JZ    next1 \
	Z11 \
	MOVQ panel+56(FP), AX \
	MOVQ R13, BX \
	MOVQ in+40(FP), CX \
rows1x1k: \
	D11(BC, MU, SU) \
	ADDQ $w1, AX \
	ADDQ $esz, BX \
	DECQ CX \
	JNZ  rows1x1k \
	S11 \
	ADDQ R8, R12 \
	ADDQ R9, R13 \
	DECQ R14 \
	JMP  rows1x1 \
next1: \
	ADDQ $w1, DI \
	ADDQ $w1, SI \
	SUBQ $w1, R11 \
	JMP  cols1 \
done: \
	VZEROUPPER \
	RET

// func productAdd32AVX512(y, x, w *float32, n, out, in, m int, panel *float32)
TEXT ·productAdd32AVX512(SB), NOSPLIT, $0-64
	PRODUCT_BODY(2, 4, 256, 64, 4, PACK_4_Z, PACK_1_Z, ZERO_4X4_Z, PRODUCT_4X4_Z, STORE_4X4_Z, ZERO_1X4_Z, PRODUCT_1X4_Z, STORE_1X4_Z, ZERO_4X1_Z, PRODUCT_4X1_Z, STORE_4X1_Z, ZERO_1X1_Z, PRODUCT_1X1_Z, STORE_1X1_Z, VBROADCASTSS, VMULPS, VADDPS)

// func productSub32AVX512(y, x, w *float32, n, out, in, m int, panel *float32)
TEXT ·productSub32AVX512(SB), NOSPLIT, $0-64
	PRODUCT_BODY(2, 4, 256, 64, 4, PACK_4_Z, PACK_1_Z, ZERO_4X4_Z, PRODUCT_4X4_Z, STORE_4X4_Z, ZERO_1X4_Z, PRODUCT_1X4_Z, STORE_1X4_Z, ZERO_4X1_Z, PRODUCT_4X1_Z, STORE_4X1_Z, ZERO_1X1_Z, PRODUCT_1X1_Z, STORE_1X1_Z, VBROADCASTSS, VMULPS, VSUBPS)

// func productAdd32AVX2(y, x, w *float32, n, out, in, m int, panel *float32)
TEXT ·productAdd32AVX2(SB), NOSPLIT, $0-64
	PRODUCT_BODY(2, 4, 128, 32, 2, PACK_4_Y, PACK_1_Y, ZERO_2X4_Y, PRODUCT_2X4_Y, STORE_2X4_Y, ZERO_1X4_Y, PRODUCT_1X4_Y, STORE_1X4_Y, ZERO_2X1_Y, PRODUCT_2X1_Y, STORE_2X1_Y, ZERO_1X1_Y, PRODUCT_1X1_Y, STORE_1X1_Y, VBROADCASTSS, VMULPS, VADDPS)

// func productSub32AVX2(y, x, w *float32, n, out, in, m int, panel *float32)
TEXT ·productSub32AVX2(SB), NOSPLIT, $0-64
	PRODUCT_BODY(2, 4, 128, 32, 2, PACK_4_Y, PACK_1_Y, ZERO_2X4_Y, PRODUCT_2X4_Y, STORE_2X4_Y, ZERO_1X4_Y, PRODUCT_1X4_Y, STORE_1X4_Y, ZERO_2X1_Y, PRODUCT_2X1_Y, STORE_2X1_Y, ZERO_1X1_Y, PRODUCT_1X1_Y, STORE_1X1_Y, VBROADCASTSS, VMULPS, VSUBPS)

// func productAdd64AVX512(y, x, w *float64, n, out, in, m int, panel *float64)
TEXT ·productAdd64AVX512(SB), NOSPLIT, $0-64
	PRODUCT_BODY(3, 8, 256, 64, 4, PACK_4_Z, PACK_1_Z, ZERO_4X4_Z, PRODUCT_4X4_Z, STORE_4X4_Z, ZERO_1X4_Z, PRODUCT_1X4_Z, STORE_1X4_Z, ZERO_4X1_Z, PRODUCT_4X1_Z, STORE_4X1_Z, ZERO_1X1_Z, PRODUCT_1X1_Z, STORE_1X1_Z, VBROADCASTSD, VMULPD, VADDPD)

// func productSub64AVX512(y, x, w *float64, n, out, in, m int, panel *float64)
TEXT ·productSub64AVX512(SB), NOSPLIT, $0-64
	PRODUCT_BODY(3, 8, 256, 64, 4, PACK_4_Z, PACK_1_Z, ZERO_4X4_Z, PRODUCT_4X4_Z, STORE_4X4_Z, ZERO_1X4_Z, PRODUCT_1X4_Z, STORE_1X4_Z, ZERO_4X1_Z, PRODUCT_4X1_Z, STORE_4X1_Z, ZERO_1X1_Z, PRODUCT_1X1_Z, STORE_1X1_Z, VBROADCASTSD, VMULPD, VSUBPD)

// func productAdd64AVX2(y, x, w *float64, n, out, in, m int, panel *float64)
TEXT ·productAdd64AVX2(SB), NOSPLIT, $0-64
	PRODUCT_BODY(3, 8, 128, 32, 2, PACK_4_Y, PACK_1_Y, ZERO_2X4_Y, PRODUCT_2X4_Y, STORE_2X4_Y, ZERO_1X4_Y, PRODUCT_1X4_Y, STORE_1X4_Y, ZERO_2X1_Y, PRODUCT_2X1_Y, STORE_2X1_Y, ZERO_1X1_Y, PRODUCT_1X1_Y, STORE_1X1_Y, VBROADCASTSD, VMULPD, VADDPD)

// func productSub64AVX2(y, x, w *float64, n, out, in, m int, panel *float64)
TEXT ·productSub64AVX2(SB), NOSPLIT, $0-64
	PRODUCT_BODY(3, 8, 128, 32, 2, PACK_4_Y, PACK_1_Y, ZERO_2X4_Y, PRODUCT_2X4_Y, STORE_2X4_Y, ZERO_1X4_Y, PRODUCT_1X4_Y, STORE_1X4_Y, ZERO_2X1_Y, PRODUCT_2X1_Y, STORE_2X1_Y, ZERO_1X1_Y, PRODUCT_1X1_Y, STORE_1X1_Y, VBROADCASTSD, VMULPD, VSUBPD)
