//go:build gc && !purego && !noasm

#include "textflag.h"

// The Outer kernels keep dw in DI, at the first row of the current block
// of rows of g, g in SI at that block's first row, x in DX, the row
// strides of g and x (n elements) in R8, three of them in R9, the row
// stride of dw (ldw elements) in R10 and the rows of g left in R11. For a
// tile of rows of g by rows of x, R12 addresses its first row of x, R13
// its first element of dw and R14 counts the rows of x left; R15 walks
// through the saved partial sums, one tile after the other in the order
// the kernel takes them. The loop over chains walks along the rows of g
// with BX and of x with CX, 64 bytes a step, counting the steps down in
// AX.
//
// A step of the chain loop loads 64 bytes of each row of g and x of the
// tile and adds every product of a row of g by a row of x, rounded first,
// to that pair's partial sums: one vector of the chain lanes per pair,
// lane l holding the sum of the chains c with c mod L = l. AVX-512 tiles
// are four rows of g by four rows of x (Z0-Z15, pair (a, b) in Z(4a+b),
// with g in Z16-Z19, x in Z20-Z23 and products in Z24-Z31); AVX2 tiles
// are two by two, each pair's lanes in two registers (Y0-Y7, pair (a, b)
// in Y(4a+2b) and the next, with g in Y8-Y9, x in Y10-Y11 and products in
// Y12-Y15).
//
// A call takes cnt chains of every row. Bit 0 of mode set, a tile starts
// from the partial sums saved at R15 rather than from zero; bit 1 set, its
// lanes are then folded in halves, s[l] + s[l+h] for h = L/2 down to 1,
// and the sums added to dw, else the partial sums are saved at R15 for the
// next call. The folds of a whole AVX-512 tile go four or two pairs a
// register: the shuffles put side by side the halves of different pairs
// that each fold adds, so that the tile's 16 sums end in rows of dw.

// MULADD sets ACC = ACC + G X, the product rounded into T first.
#define MULADD(MUL, ADD, G, X, T, ACC) \
	MUL X, G, T; \
	ADD T, ACC, ACC

// ZERO_4X4_Z clears the partial sums of a 4 by 4 tile.
#define ZERO_4X4_Z \
	VPXORD Z0, Z0, Z0; \
	VPXORD Z1, Z1, Z1; \
	VPXORD Z2, Z2, Z2; \
	VPXORD Z3, Z3, Z3; \
	VPXORD Z4, Z4, Z4; \
	VPXORD Z5, Z5, Z5; \
	VPXORD Z6, Z6, Z6; \
	VPXORD Z7, Z7, Z7; \
	VPXORD Z8, Z8, Z8; \
	VPXORD Z9, Z9, Z9; \
	VPXORD Z10, Z10, Z10; \
	VPXORD Z11, Z11, Z11; \
	VPXORD Z12, Z12, Z12; \
	VPXORD Z13, Z13, Z13; \
	VPXORD Z14, Z14, Z14; \
	VPXORD Z15, Z15, Z15

// ZERO_4X1_Z clears the partial sums of a 4 by 1 or 1 by 4 tile.
#define ZERO_4X1_Z \
	VPXORD Z0, Z0, Z0; \
	VPXORD Z1, Z1, Z1; \
	VPXORD Z2, Z2, Z2; \
	VPXORD Z3, Z3, Z3

// ZERO_1X1_Z clears the partial sums of a 1 by 1 tile.
#define ZERO_1X1_Z \
	VPXORD Z0, Z0, Z0

// LOAD_4X4_Z loads the partial sums of a 4 by 4 tile from R15.
#define LOAD_4X4_Z \
	VMOVUPS (R15), Z0; \
	VMOVUPS 64(R15), Z1; \
	VMOVUPS 128(R15), Z2; \
	VMOVUPS 192(R15), Z3; \
	VMOVUPS 256(R15), Z4; \
	VMOVUPS 320(R15), Z5; \
	VMOVUPS 384(R15), Z6; \
	VMOVUPS 448(R15), Z7; \
	VMOVUPS 512(R15), Z8; \
	VMOVUPS 576(R15), Z9; \
	VMOVUPS 640(R15), Z10; \
	VMOVUPS 704(R15), Z11; \
	VMOVUPS 768(R15), Z12; \
	VMOVUPS 832(R15), Z13; \
	VMOVUPS 896(R15), Z14; \
	VMOVUPS 960(R15), Z15

// LOAD_4X1_Z loads the partial sums of a 4 by 1 or 1 by 4 tile from R15.
#define LOAD_4X1_Z \
	VMOVUPS (R15), Z0; \
	VMOVUPS 64(R15), Z1; \
	VMOVUPS 128(R15), Z2; \
	VMOVUPS 192(R15), Z3

// LOAD_1X1_Z loads the partial sums of a 1 by 1 tile from R15.
#define LOAD_1X1_Z \
	VMOVUPS (R15), Z0

// SAVE_4X4_Z saves the partial sums of a 4 by 4 tile at R15.
#define SAVE_4X4_Z \
	VMOVUPS Z0, (R15); \
	VMOVUPS Z1, 64(R15); \
	VMOVUPS Z2, 128(R15); \
	VMOVUPS Z3, 192(R15); \
	VMOVUPS Z4, 256(R15); \
	VMOVUPS Z5, 320(R15); \
	VMOVUPS Z6, 384(R15); \
	VMOVUPS Z7, 448(R15); \
	VMOVUPS Z8, 512(R15); \
	VMOVUPS Z9, 576(R15); \
	VMOVUPS Z10, 640(R15); \
	VMOVUPS Z11, 704(R15); \
	VMOVUPS Z12, 768(R15); \
	VMOVUPS Z13, 832(R15); \
	VMOVUPS Z14, 896(R15); \
	VMOVUPS Z15, 960(R15)

// SAVE_4X1_Z saves the partial sums of a 4 by 1 or 1 by 4 tile at R15.
#define SAVE_4X1_Z \
	VMOVUPS Z0, (R15); \
	VMOVUPS Z1, 64(R15); \
	VMOVUPS Z2, 128(R15); \
	VMOVUPS Z3, 192(R15)

// SAVE_1X1_Z saves the partial sums of a 1 by 1 tile at R15.
#define SAVE_1X1_Z \
	VMOVUPS Z0, (R15)

// OUTER_4X4_Z does one step of the chain loop for 4 rows of g by 4 of x.
#define OUTER_4X4_Z(MUL, ADD) \
	VMOVUPS (BX), Z16; \
	VMOVUPS (BX)(R8*1), Z17; \
	VMOVUPS (BX)(R8*2), Z18; \
	VMOVUPS (BX)(R9*1), Z19; \
	VMOVUPS (CX), Z20; \
	VMOVUPS (CX)(R8*1), Z21; \
	VMOVUPS (CX)(R8*2), Z22; \
	VMOVUPS (CX)(R9*1), Z23; \
	MULADD(MUL, ADD, Z16, Z20, Z24, Z0); \
	MULADD(MUL, ADD, Z16, Z21, Z25, Z1); \
	MULADD(MUL, ADD, Z16, Z22, Z26, Z2); \
	MULADD(MUL, ADD, Z16, Z23, Z27, Z3); \
	MULADD(MUL, ADD, Z17, Z20, Z28, Z4); \
	MULADD(MUL, ADD, Z17, Z21, Z29, Z5); \
	MULADD(MUL, ADD, Z17, Z22, Z30, Z6); \
	MULADD(MUL, ADD, Z17, Z23, Z31, Z7); \
	MULADD(MUL, ADD, Z18, Z20, Z24, Z8); \
	MULADD(MUL, ADD, Z18, Z21, Z25, Z9); \
	MULADD(MUL, ADD, Z18, Z22, Z26, Z10); \
	MULADD(MUL, ADD, Z18, Z23, Z27, Z11); \
	MULADD(MUL, ADD, Z19, Z20, Z28, Z12); \
	MULADD(MUL, ADD, Z19, Z21, Z29, Z13); \
	MULADD(MUL, ADD, Z19, Z22, Z30, Z14); \
	MULADD(MUL, ADD, Z19, Z23, Z31, Z15)

// OUTER_4X1_Z does one step of the chain loop for 4 rows of g by 1 of x.
#define OUTER_4X1_Z(MUL, ADD) \
	VMOVUPS (CX), Z20; \
	MUL (BX), Z20, Z24; \
	ADD Z24, Z0, Z0; \
	MUL (BX)(R8*1), Z20, Z25; \
	ADD Z25, Z1, Z1; \
	MUL (BX)(R8*2), Z20, Z26; \
	ADD Z26, Z2, Z2; \
	MUL (BX)(R9*1), Z20, Z27; \
	ADD Z27, Z3, Z3

// OUTER_1X4_Z does one step of the chain loop for 1 row of g by 4 of x.
#define OUTER_1X4_Z(MUL, ADD) \
	VMOVUPS (BX), Z16; \
	MUL (CX), Z16, Z24; \
	ADD Z24, Z0, Z0; \
	MUL (CX)(R8*1), Z16, Z25; \
	ADD Z25, Z1, Z1; \
	MUL (CX)(R8*2), Z16, Z26; \
	ADD Z26, Z2, Z2; \
	MUL (CX)(R9*1), Z16, Z27; \
	ADD Z27, Z3, Z3

// OUTER_1X1_Z does one step of the chain loop for 1 row of g by 1 of x.
#define OUTER_1X1_Z(MUL, ADD) \
	VMOVUPS (BX), Z16; \
	MUL (CX), Z16, Z24; \
	ADD Z24, Z0, Z0

// FOLD_4X4_Z32 folds the float32 sums of a 4 by 4 tile in halves and adds
// them to dw at R13: after the fold of h = 8, the partial sums of pairs
// (0, k) and (1, k) share a register, as do (2, k) and (3, k); after h = 4
// those of (0..3, k); after h = 2 those of (0..3, 0..1) and of (0..3, 2..3);
// after h = 1 lane 4a+b holds the sum of pair (a, b).
#define FOLD_4X4_Z32(FOLD, e1, e2, e3) \
	VSHUFF32X4 $0x44, Z4, Z0, Z24; \
	VSHUFF32X4 $0xEE, Z4, Z0, Z25; \
	VADDPS Z25, Z24, Z0; \
	VSHUFF32X4 $0x44, Z12, Z8, Z26; \
	VSHUFF32X4 $0xEE, Z12, Z8, Z27; \
	VADDPS Z27, Z26, Z8; \
	VSHUFF32X4 $0x44, Z5, Z1, Z28; \
	VSHUFF32X4 $0xEE, Z5, Z1, Z29; \
	VADDPS Z29, Z28, Z1; \
	VSHUFF32X4 $0x44, Z13, Z9, Z30; \
	VSHUFF32X4 $0xEE, Z13, Z9, Z31; \
	VADDPS Z31, Z30, Z9; \
	VSHUFF32X4 $0x44, Z6, Z2, Z24; \
	VSHUFF32X4 $0xEE, Z6, Z2, Z25; \
	VADDPS Z25, Z24, Z2; \
	VSHUFF32X4 $0x44, Z14, Z10, Z26; \
	VSHUFF32X4 $0xEE, Z14, Z10, Z27; \
	VADDPS Z27, Z26, Z10; \
	VSHUFF32X4 $0x44, Z7, Z3, Z28; \
	VSHUFF32X4 $0xEE, Z7, Z3, Z29; \
	VADDPS Z29, Z28, Z3; \
	VSHUFF32X4 $0x44, Z15, Z11, Z30; \
	VSHUFF32X4 $0xEE, Z15, Z11, Z31; \
	VADDPS Z31, Z30, Z11; \
	VSHUFF32X4 $0x88, Z8, Z0, Z24; \
	VSHUFF32X4 $0xDD, Z8, Z0, Z25; \
	VADDPS Z25, Z24, Z0; \
	VSHUFF32X4 $0x88, Z9, Z1, Z26; \
	VSHUFF32X4 $0xDD, Z9, Z1, Z27; \
	VADDPS Z27, Z26, Z1; \
	VSHUFF32X4 $0x88, Z10, Z2, Z28; \
	VSHUFF32X4 $0xDD, Z10, Z2, Z29; \
	VADDPS Z29, Z28, Z2; \
	VSHUFF32X4 $0x88, Z11, Z3, Z30; \
	VSHUFF32X4 $0xDD, Z11, Z3, Z31; \
	VADDPS Z31, Z30, Z3; \
	VSHUFPS $0x44, Z1, Z0, Z24; \
	VSHUFPS $0xEE, Z1, Z0, Z25; \
	VADDPS Z25, Z24, Z0; \
	VSHUFPS $0x44, Z3, Z2, Z26; \
	VSHUFPS $0xEE, Z3, Z2, Z27; \
	VADDPS Z27, Z26, Z2; \
	VSHUFPS $0x88, Z2, Z0, Z28; \
	VSHUFPS $0xDD, Z2, Z0, Z29; \
	VADDPS Z29, Z28, Z0; \
	LEAQ (R13)(R10*2), AX; \
	VMOVUPS (R13), X1; \
	VINSERTF32X4 $1, (R13)(R10*1), Z1, Z1; \
	VINSERTF32X4 $2, (R13)(R10*2), Z1, Z1; \
	VINSERTF32X4 $3, (AX)(R10*1), Z1, Z1; \
	VADDPS Z1, Z0, Z0; \
	VMOVUPS X0, (R13); \
	VEXTRACTF32X4 $1, Z0, (R13)(R10*1); \
	VEXTRACTF32X4 $2, Z0, (R13)(R10*2); \
	VEXTRACTF32X4 $3, Z0, (AX)(R10*1)

// FOLD_4X4_Z64 folds the float64 sums of a 4 by 4 tile in halves and adds
// them to dw at R13: after the fold of h = 4, the partial sums of pairs
// (a, k) and (a, k+2) share a register; after h = 2 those of (0..1, k) and
// (0..1, k+2), and of (2..3, k) and (2..3, k+2); after h = 1 lane 4a+b of
// Z0 holds the sum of pair (a, b) for rows 0 and 1, and lane 4(a-2)+b of
// Z8 for rows 2 and 3.
#define FOLD_4X4_Z64(FOLD, e1, e2, e3) \
	VSHUFF64X2 $0x44, Z2, Z0, Z24; \
	VSHUFF64X2 $0xEE, Z2, Z0, Z25; \
	VADDPD Z25, Z24, Z0; \
	VSHUFF64X2 $0x44, Z3, Z1, Z26; \
	VSHUFF64X2 $0xEE, Z3, Z1, Z27; \
	VADDPD Z27, Z26, Z1; \
	VSHUFF64X2 $0x44, Z6, Z4, Z28; \
	VSHUFF64X2 $0xEE, Z6, Z4, Z29; \
	VADDPD Z29, Z28, Z4; \
	VSHUFF64X2 $0x44, Z7, Z5, Z30; \
	VSHUFF64X2 $0xEE, Z7, Z5, Z31; \
	VADDPD Z31, Z30, Z5; \
	VSHUFF64X2 $0x44, Z10, Z8, Z24; \
	VSHUFF64X2 $0xEE, Z10, Z8, Z25; \
	VADDPD Z25, Z24, Z8; \
	VSHUFF64X2 $0x44, Z11, Z9, Z26; \
	VSHUFF64X2 $0xEE, Z11, Z9, Z27; \
	VADDPD Z27, Z26, Z9; \
	VSHUFF64X2 $0x44, Z14, Z12, Z28; \
	VSHUFF64X2 $0xEE, Z14, Z12, Z29; \
	VADDPD Z29, Z28, Z12; \
	VSHUFF64X2 $0x44, Z15, Z13, Z30; \
	VSHUFF64X2 $0xEE, Z15, Z13, Z31; \
	VADDPD Z31, Z30, Z13; \
	VSHUFF64X2 $0x88, Z4, Z0, Z24; \
	VSHUFF64X2 $0xDD, Z4, Z0, Z25; \
	VADDPD Z25, Z24, Z0; \
	VSHUFF64X2 $0x88, Z5, Z1, Z26; \
	VSHUFF64X2 $0xDD, Z5, Z1, Z27; \
	VADDPD Z27, Z26, Z1; \
	VSHUFF64X2 $0x88, Z12, Z8, Z28; \
	VSHUFF64X2 $0xDD, Z12, Z8, Z29; \
	VADDPD Z29, Z28, Z8; \
	VSHUFF64X2 $0x88, Z13, Z9, Z30; \
	VSHUFF64X2 $0xDD, Z13, Z9, Z31; \
	VADDPD Z31, Z30, Z9; \
	VSHUFPD $0x00, Z1, Z0, Z24; \
	VSHUFPD $0xFF, Z1, Z0, Z25; \
	VADDPD Z25, Z24, Z0; \
	VSHUFPD $0x00, Z9, Z8, Z26; \
	VSHUFPD $0xFF, Z9, Z8, Z27; \
	VADDPD Z27, Z26, Z8; \
	LEAQ (R13)(R10*2), AX; \
	VMOVUPD (R13), Y1; \
	VINSERTF64X4 $1, (R13)(R10*1), Z1, Z1; \
	VMOVUPD (R13)(R10*2), Y9; \
	VINSERTF64X4 $1, (AX)(R10*1), Z9, Z9; \
	VADDPD Z1, Z0, Z0; \
	VADDPD Z9, Z8, Z8; \
	VMOVUPD Y0, (R13); \
	VEXTRACTF64X4 $1, Z0, (R13)(R10*1); \
	VMOVUPD Y8, (R13)(R10*2); \
	VEXTRACTF64X4 $1, Z8, (AX)(R10*1)

// FOLD_4X1_Z adds the folded sums of a 4 by 1 tile to dw at R13.
#define FOLD_4X1_Z(FOLD, e1, e2, e3) \
	LEAQ (R13)(R10*2), AX; \
	FOLD(Z0, Y0, (R13)); \
	FOLD(Z1, Y1, (R13)(R10*1)); \
	FOLD(Z2, Y2, (R13)(R10*2)); \
	FOLD(Z3, Y3, (AX)(R10*1))

// FOLD_1X4_Z adds the folded sums of a 1 by 4 tile to dw at R13, the
// elements e1, e2 and e3 bytes apart.
#define FOLD_1X4_Z(FOLD, e1, e2, e3) \
	FOLD(Z0, Y0, (R13)); \
	FOLD(Z1, Y1, e1(R13)); \
	FOLD(Z2, Y2, e2(R13)); \
	FOLD(Z3, Y3, e3(R13))

// FOLD_1X1_Z adds the folded sum of a 1 by 1 tile to dw at R13.
#define FOLD_1X1_Z(FOLD, e1, e2, e3) \
	FOLD(Z0, Y0, (R13))

// FOLD32_Z folds the 16 float32 lanes of Z (Y its low half) in halves and
// adds the sum to the element M.
#define FOLD32_Z(Z, Y, M) \
	VEXTRACTF64X4 $1, Z, Y24; \
	VADDPS Y24, Y, Y24; \
	VEXTRACTF32X4 $1, Y24, X25; \
	VADDPS X25, X24, X24; \
	VMOVHLPS X24, X24, X25; \
	VADDPS X25, X24, X24; \
	VMOVSHDUP X24, X25; \
	VADDSS X25, X24, X24; \
	VADDSS M, X24, X24; \
	VMOVSS X24, M

// FOLD64_Z folds the 8 float64 lanes of Z (Y its low half) in halves and
// adds the sum to the element M.
#define FOLD64_Z(Z, Y, M) \
	VEXTRACTF64X4 $1, Z, Y24; \
	VADDPD Y24, Y, Y24; \
	VEXTRACTF32X4 $1, Y24, X25; \
	VADDPD X25, X24, X24; \
	VUNPCKHPD X24, X24, X25; \
	VADDSD X25, X24, X24; \
	VADDSD M, X24, X24; \
	VMOVSD X24, M

// ZERO_2X2_Y clears the partial sums of a 2 by 2 tile.
#define ZERO_2X2_Y \
	VXORPS Y0, Y0, Y0; \
	VXORPS Y1, Y1, Y1; \
	VXORPS Y2, Y2, Y2; \
	VXORPS Y3, Y3, Y3; \
	VXORPS Y4, Y4, Y4; \
	VXORPS Y5, Y5, Y5; \
	VXORPS Y6, Y6, Y6; \
	VXORPS Y7, Y7, Y7

// ZERO_2X1_Y clears the partial sums of a 2 by 1 or 1 by 2 tile.
#define ZERO_2X1_Y \
	VXORPS Y0, Y0, Y0; \
	VXORPS Y1, Y1, Y1; \
	VXORPS Y2, Y2, Y2; \
	VXORPS Y3, Y3, Y3

// ZERO_1X1_Y clears the partial sums of a 1 by 1 tile.
#define ZERO_1X1_Y \
	VXORPS Y0, Y0, Y0; \
	VXORPS Y1, Y1, Y1

// LOAD_2X2_Y loads the partial sums of a 2 by 2 tile from R15.
#define LOAD_2X2_Y \
	VMOVUPS (R15), Y0; \
	VMOVUPS 32(R15), Y1; \
	VMOVUPS 64(R15), Y2; \
	VMOVUPS 96(R15), Y3; \
	VMOVUPS 128(R15), Y4; \
	VMOVUPS 160(R15), Y5; \
	VMOVUPS 192(R15), Y6; \
	VMOVUPS 224(R15), Y7

// LOAD_2X1_Y loads the partial sums of a 2 by 1 or 1 by 2 tile from R15.
#define LOAD_2X1_Y \
	VMOVUPS (R15), Y0; \
	VMOVUPS 32(R15), Y1; \
	VMOVUPS 64(R15), Y2; \
	VMOVUPS 96(R15), Y3

// LOAD_1X1_Y loads the partial sums of a 1 by 1 tile from R15.
#define LOAD_1X1_Y \
	VMOVUPS (R15), Y0; \
	VMOVUPS 32(R15), Y1

// SAVE_2X2_Y saves the partial sums of a 2 by 2 tile at R15.
#define SAVE_2X2_Y \
	VMOVUPS Y0, (R15); \
	VMOVUPS Y1, 32(R15); \
	VMOVUPS Y2, 64(R15); \
	VMOVUPS Y3, 96(R15); \
	VMOVUPS Y4, 128(R15); \
	VMOVUPS Y5, 160(R15); \
	VMOVUPS Y6, 192(R15); \
	VMOVUPS Y7, 224(R15)

// SAVE_2X1_Y saves the partial sums of a 2 by 1 or 1 by 2 tile at R15.
#define SAVE_2X1_Y \
	VMOVUPS Y0, (R15); \
	VMOVUPS Y1, 32(R15); \
	VMOVUPS Y2, 64(R15); \
	VMOVUPS Y3, 96(R15)

// SAVE_1X1_Y saves the partial sums of a 1 by 1 tile at R15.
#define SAVE_1X1_Y \
	VMOVUPS Y0, (R15); \
	VMOVUPS Y1, 32(R15)

// OUTER_2X2_Y does one step of the chain loop for 2 rows of g by 2 of x.
#define OUTER_2X2_Y(MUL, ADD) \
	VMOVUPS (BX), Y8; \
	VMOVUPS (BX)(R8*1), Y9; \
	VMOVUPS (CX), Y10; \
	VMOVUPS (CX)(R8*1), Y11; \
	MULADD(MUL, ADD, Y8, Y10, Y12, Y0); \
	MULADD(MUL, ADD, Y8, Y11, Y13, Y2); \
	MULADD(MUL, ADD, Y9, Y10, Y14, Y4); \
	MULADD(MUL, ADD, Y9, Y11, Y15, Y6); \
	VMOVUPS 32(BX), Y8; \
	VMOVUPS 32(BX)(R8*1), Y9; \
	VMOVUPS 32(CX), Y10; \
	VMOVUPS 32(CX)(R8*1), Y11; \
	MULADD(MUL, ADD, Y8, Y10, Y12, Y1); \
	MULADD(MUL, ADD, Y8, Y11, Y13, Y3); \
	MULADD(MUL, ADD, Y9, Y10, Y14, Y5); \
	MULADD(MUL, ADD, Y9, Y11, Y15, Y7)

// OUTER_2X1_Y does one step of the chain loop for 2 rows of g by 1 of x.
#define OUTER_2X1_Y(MUL, ADD) \
	VMOVUPS (CX), Y10; \
	MUL (BX), Y10, Y12; \
	ADD Y12, Y0, Y0; \
	MUL (BX)(R8*1), Y10, Y13; \
	ADD Y13, Y2, Y2; \
	VMOVUPS 32(CX), Y11; \
	MUL 32(BX), Y11, Y14; \
	ADD Y14, Y1, Y1; \
	MUL 32(BX)(R8*1), Y11, Y15; \
	ADD Y15, Y3, Y3

// OUTER_1X2_Y does one step of the chain loop for 1 row of g by 2 of x.
#define OUTER_1X2_Y(MUL, ADD) \
	VMOVUPS (BX), Y8; \
	MUL (CX), Y8, Y12; \
	ADD Y12, Y0, Y0; \
	MUL (CX)(R8*1), Y8, Y13; \
	ADD Y13, Y2, Y2; \
	VMOVUPS 32(BX), Y9; \
	MUL 32(CX), Y9, Y14; \
	ADD Y14, Y1, Y1; \
	MUL 32(CX)(R8*1), Y9, Y15; \
	ADD Y15, Y3, Y3

// OUTER_1X1_Y does one step of the chain loop for 1 row of g by 1 of x.
#define OUTER_1X1_Y(MUL, ADD) \
	VMOVUPS (BX), Y8; \
	VMOVUPS 32(BX), Y9; \
	MUL (CX), Y8, Y12; \
	ADD Y12, Y0, Y0; \
	MUL 32(CX), Y9, Y13; \
	ADD Y13, Y1, Y1

// FOLD_2X2_Y adds the folded sums of a 2 by 2 tile to dw at R13, the
// elements e1 bytes apart in a row.
#define FOLD_2X2_Y(FOLD, e1, e2, e3) \
	FOLD(Y0, Y1, (R13)); \
	FOLD(Y2, Y3, e1(R13)); \
	FOLD(Y4, Y5, (R13)(R10*1)); \
	FOLD(Y6, Y7, e1(R13)(R10*1))

// FOLD_2X1_Y adds the folded sums of a 2 by 1 tile to dw at R13.
#define FOLD_2X1_Y(FOLD, e1, e2, e3) \
	FOLD(Y0, Y1, (R13)); \
	FOLD(Y2, Y3, (R13)(R10*1))

// FOLD_1X2_Y adds the folded sums of a 1 by 2 tile to dw at R13.
#define FOLD_1X2_Y(FOLD, e1, e2, e3) \
	FOLD(Y0, Y1, (R13)); \
	FOLD(Y2, Y3, e1(R13))

// FOLD_1X1_Y adds the folded sum of a 1 by 1 tile to dw at R13.
#define FOLD_1X1_Y(FOLD, e1, e2, e3) \
	FOLD(Y0, Y1, (R13))

// FOLD32_Y folds the 16 float32 lanes of LO and HI in halves and adds the
// sum to the element M.
#define FOLD32_Y(LO, HI, M) \
	VADDPS HI, LO, Y12; \
	VEXTRACTF128 $1, Y12, X13; \
	VADDPS X13, X12, X12; \
	VMOVHLPS X12, X12, X13; \
	VADDPS X13, X12, X12; \
	VMOVSHDUP X12, X13; \
	VADDSS X13, X12, X12; \
	VADDSS M, X12, X12; \
	VMOVSS X12, M

// FOLD64_Y folds the 8 float64 lanes of LO and HI in halves and adds the
// sum to the element M.
#define FOLD64_Y(LO, HI, M) \
	VADDPD HI, LO, Y12; \
	VEXTRACTF128 $1, Y12, X13; \
	VADDPD X13, X12, X12; \
	VUNPCKHPD X12, X12, X13; \
	VADDSD X13, X12, X12; \
	VADDSD M, X12, X12; \
	VMOVSD X12, M

// OUTER_BODY is the whole of an outer kernel: rows of g rr at a time then
// one at a time, and for each block the rows of x rr at a time then one at
// a time, with the tile macros of the path (C.., L.., S.., F.., W.. to
// clear, load, step, fold and save rr rows of g by rr of x, rr by 1, 1 by
// rr and 1 by 1), the products by MU and AD and the folds of single pairs
// by FOLD; the elements are 2^sz bytes, e1, e2 and e3 bytes apart.
#define OUTER_BODY(sz, rr, CNN, LNN, SNN, FNN, WNN, CN1, LN1, SN1, FN1, WN1, C1N, L1N, S1N, F1N, W1N, C11, L11, S11, F11, W11, MU, AD, FOLD, e1, e2, e3) \
	MOVQ dw+0(FP), DI \
	MOVQ dy+8(FP), SI \
	MOVQ x+16(FP), DX \
	MOVQ n+24(FP), R8 \
	SHLQ $sz, R8 \
	LEAQ (R8)(R8*2), R9 \
	MOVQ ldw+48(FP), R10 \
	SHLQ $sz, R10 \
	MOVQ out+32(FP), R11 \
	MOVQ s+64(FP), R15 \
growsN: \
	CMPQ R11, $rr \
	JLT  grows1 \
	MOVQ DX, R12 \
	MOVQ DI, R13 \
	MOVQ in+40(FP), R14 \
tileNN: \
	CMPQ R14, $rr \
	JLT  tileN1 \
	MOVQ  mode+72(FP), AX \
	TESTQ $1, AX \
	JNZ   loadNN \
	CNN \
	JMP   startNN \
loadNN: \
	LNN \
startNN: \
	MOVQ SI, BX \
	MOVQ R12, CX \
	MOVQ cnt+56(FP), AX \
	SHRQ $(6-sz), AX \
loopNN: \
	SNN(MU, AD) \
	ADDQ $64, BX \
	ADDQ $64, CX \
	DECQ AX \
	JNZ  loopNN \
	MOVQ  mode+72(FP), AX \
	TESTQ $2, AX \
	JZ    saveNN \
	FNN(FOLD, e1, e2, e3) \
	JMP   doneNN \
saveNN: \
	WNN \
doneNN: \
	ADDQ $(rr*rr*64), R15 \
	LEAQ (R12)(R8*rr), R12 \
	ADDQ $(rr<<sz), R13 \
	SUBQ $rr, R14 \
	JMP  tileNN \
tileN1: \
	TESTQ R14, R14 \
	JZ    nextN \
	MOVQ  mode+72(FP), AX \
	TESTQ $1, AX \
	JNZ   loadN1 \
	CN1 \
	JMP   startN1 \
loadN1: \
	LN1 \
startN1: \
	MOVQ SI, BX \
	MOVQ R12, CX \
	MOVQ cnt+56(FP), AX \
	SHRQ $(6-sz), AX \
loopN1: \
	SN1(MU, AD) \
	ADDQ $64, BX \
	ADDQ $64, CX \
	DECQ AX \
	JNZ  loopN1 \
	MOVQ  mode+72(FP), AX \
	TESTQ $2, AX \
	JZ    saveN1 \
	FN1(FOLD, e1, e2, e3) \
	JMP   doneN1 \
saveN1: \
	WN1 \
doneN1: \
	ADDQ $(rr*64), R15 \
	ADDQ R8, R12 \
	ADDQ $(1<<sz), R13 \
	DECQ R14 \
	JMP  tileN1 \
nextN: \
	LEAQ (SI)(R8*rr), SI \
	LEAQ (DI)(R10*rr), DI \
	SUBQ $rr, R11 \
	JMP  growsN \
grows1: \
	TESTQ R11, R11 \
	JZ    end \
	MOVQ  DX, R12 \
	MOVQ  DI, R13 \
	MOVQ  in+40(FP), R14 \
tile1N: \
	CMPQ R14, $rr \
	JLT  tile11 \
	MOVQ  mode+72(FP), AX \
	TESTQ $1, AX \
	JNZ   load1N \
	C1N \
	JMP   start1N \
load1N: \
	L1N \
start1N: \
	MOVQ SI, BX \
	MOVQ R12, CX \
	MOVQ cnt+56(FP), AX \
	SHRQ $(6-sz), AX \
loop1N: \
	S1N(MU, AD) \
	ADDQ $64, BX \
	ADDQ $64, CX \
	DECQ AX \
	JNZ  loop1N \
	MOVQ  mode+72(FP), AX \
	TESTQ $2, AX \
	JZ    save1N \
	F1N(FOLD, e1, e2, e3) \
	JMP   done1N \
save1N: \
	W1N \
done1N: \
	ADDQ $(rr*64), R15 \
	LEAQ (R12)(R8*rr), R12 \
	ADDQ $(rr<<sz), R13 \
	SUBQ $rr, R14 \
	JMP  tile1N \
tile11: \
	TESTQ R14, R14 \
	JZ    next1 \
	MOVQ  mode+72(FP), AX \
	TESTQ $1, AX \
	JNZ   load11 \
	C11 \
	JMP   start11 \
load11: \
	L11 \
start11: \
	MOVQ SI, BX \
	MOVQ R12, CX \
	MOVQ cnt+56(FP), AX \
	SHRQ $(6-sz), AX \
loop11: \
	S11(MU, AD) \
	ADDQ $64, BX \
	ADDQ $64, CX \
	DECQ AX \
	JNZ  loop11 \
	MOVQ  mode+72(FP), AX \
	TESTQ $2, AX \
	JZ    save11 \
	F11(FOLD, e1, e2, e3) \
	JMP   done11 \
save11: \
	W11 \
done11: \
	ADDQ $(1*64), R15 \
	ADDQ R8, R12 \
	ADDQ $(1<<sz), R13 \
	DECQ R14 \
	JMP  tile11 \
next1: \
	ADDQ R8, SI \
	ADDQ R10, DI \
	DECQ R11 \
	JMP  grows1 \
end: \
	VZEROUPPER \
	RET

// func outer32AVX512(dw, dy, x *float32, n, out, in, ldw, cnt int, s *float32, mode int)
TEXT ·outer32AVX512(SB), NOSPLIT, $0-80
	OUTER_BODY(2, 4, ZERO_4X4_Z, LOAD_4X4_Z, OUTER_4X4_Z, FOLD_4X4_Z32, SAVE_4X4_Z, ZERO_4X1_Z, LOAD_4X1_Z, OUTER_4X1_Z, FOLD_4X1_Z, SAVE_4X1_Z, ZERO_4X1_Z, LOAD_4X1_Z, OUTER_1X4_Z, FOLD_1X4_Z, SAVE_4X1_Z, ZERO_1X1_Z, LOAD_1X1_Z, OUTER_1X1_Z, FOLD_1X1_Z, SAVE_1X1_Z, VMULPS, VADDPS, FOLD32_Z, 4, 8, 12)

// func outer32AVX2(dw, dy, x *float32, n, out, in, ldw, cnt int, s *float32, mode int)
TEXT ·outer32AVX2(SB), NOSPLIT, $0-80
	OUTER_BODY(2, 2, ZERO_2X2_Y, LOAD_2X2_Y, OUTER_2X2_Y, FOLD_2X2_Y, SAVE_2X2_Y, ZERO_2X1_Y, LOAD_2X1_Y, OUTER_2X1_Y, FOLD_2X1_Y, SAVE_2X1_Y, ZERO_2X1_Y, LOAD_2X1_Y, OUTER_1X2_Y, FOLD_1X2_Y, SAVE_2X1_Y, ZERO_1X1_Y, LOAD_1X1_Y, OUTER_1X1_Y, FOLD_1X1_Y, SAVE_1X1_Y, VMULPS, VADDPS, FOLD32_Y, 4, 8, 12)

// func outer64AVX512(dw, dy, x *float64, n, out, in, ldw, cnt int, s *float64, mode int)
TEXT ·outer64AVX512(SB), NOSPLIT, $0-80
	OUTER_BODY(3, 4, ZERO_4X4_Z, LOAD_4X4_Z, OUTER_4X4_Z, FOLD_4X4_Z64, SAVE_4X4_Z, ZERO_4X1_Z, LOAD_4X1_Z, OUTER_4X1_Z, FOLD_4X1_Z, SAVE_4X1_Z, ZERO_4X1_Z, LOAD_4X1_Z, OUTER_1X4_Z, FOLD_1X4_Z, SAVE_4X1_Z, ZERO_1X1_Z, LOAD_1X1_Z, OUTER_1X1_Z, FOLD_1X1_Z, SAVE_1X1_Z, VMULPD, VADDPD, FOLD64_Z, 8, 16, 24)

// func outer64AVX2(dw, dy, x *float64, n, out, in, ldw, cnt int, s *float64, mode int)
TEXT ·outer64AVX2(SB), NOSPLIT, $0-80
	OUTER_BODY(3, 2, ZERO_2X2_Y, LOAD_2X2_Y, OUTER_2X2_Y, FOLD_2X2_Y, SAVE_2X2_Y, ZERO_2X1_Y, LOAD_2X1_Y, OUTER_2X1_Y, FOLD_2X1_Y, SAVE_2X1_Y, ZERO_2X1_Y, LOAD_2X1_Y, OUTER_1X2_Y, FOLD_1X2_Y, SAVE_2X1_Y, ZERO_1X1_Y, LOAD_1X1_Y, OUTER_1X1_Y, FOLD_1X1_Y, SAVE_1X1_Y, VMULPD, VADDPD, FOLD64_Y, 8, 16, 24)
