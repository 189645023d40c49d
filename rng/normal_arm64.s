//go:build gc && !purego && !noasm

#include "textflag.h"

// The lanes of a vector are four consecutive chains. V0-V3 hold the
// primary state words s0, s1, s2 and s3 of those chains while the loop
// runs down their column of rows; row k draws one element per chain,
// at dst[k*n+c], and the states go back to memory after the last row.
//
// NEON has no gather, so the ziggurat tables are read with four scalar
// loads per table and row, indexed by layers moved to general
// registers, and the loaded values are zipped back into a vector. The
// same general registers supply the layers of the reject records.
//
// Register use shared by both functions:
//
//	R0     dst of the current row    R12-R15  layers of lanes 0-3
//	R1-R4  state words s0-s3 of      R16      rows left in the column
//	       the column                R17      element index of lane 0
//	R5     row stride in bytes       R19      reject records so far
//	R6     columns left              R20      n
//	R7     rows                      R21, R24 scratch
//	R8     idx, R9 layer             R22      dst of the column
//	R10    w table, R11 k table      R23      first chain of the column
//	V30    127 in every 32-bit lane

// NEXT(r) sets r to the next xoshiro128++ output of the four chains
// in V0-V3 and advances them:
//
//	r = rotl(s0+s3, 7) + s0
//	t = s1 << 9
//	s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
//	s3 = rotl(s3, 11)
//
// A rotation is a shift left followed by a shift right and insert.
// s3^s1 goes to V5 so that the rotation can write s3 without a move.
// NEXT clobbers V5 and V6.
#define NEXT(r) \
	VADD	V3.S4, V0.S4, r.S4     \
	VSHL	$7, r.S4, V6.S4        \
	VSRI	$25, r.S4, V6.S4       \
	VADD	V6.S4, V0.S4, r.S4     \
	VSHL	$9, V1.S4, V6.S4       \
	VEOR	V0.B16, V2.B16, V2.B16 \
	VEOR	V1.B16, V3.B16, V5.B16 \
	VEOR	V2.B16, V1.B16, V1.B16 \
	VEOR	V5.B16, V0.B16, V0.B16 \
	VEOR	V6.B16, V2.B16, V2.B16 \
	VSHL	$11, V5.S4, V3.S4      \
	VSRI	$21, V5.S4, V3.S4

// LAYERS moves the layers i = r & 127 of the lanes of r to R12-R15.
// It clobbers V15.
#define LAYERS(r) \
	VAND	V30.B16, r.B16, V15.B16 \
	VMOV	V15.S[0], R12           \
	VMOV	V15.S[1], R13           \
	VMOV	V15.S[2], R14           \
	VMOV	V15.S[3], R15

// RECORD appends the reject record (element index j, layer i) and
// counts it.
#define RECORD(j, i) \
	MOVW	j, (R8)(R19<<2) \
	MOVW	i, (R9)(R19<<2) \
	ADD	$1, R19

// func normal32NEON(dst *float32, n, c0, blocks, rows int, p0, p1, p2, p3, idx, layer *uint32) (nr int)
TEXT ·normal32NEON(SB), NOSPLIT, $0-96
	MOVD	dst+0(FP), R22
	MOVD	n+8(FP), R20
	MOVD	c0+16(FP), R23
	MOVD	blocks+24(FP), R6
	MOVD	rows+32(FP), R7
	MOVD	p0+40(FP), R1
	MOVD	p1+48(FP), R2
	MOVD	p2+56(FP), R3
	MOVD	p3+64(FP), R4
	MOVD	idx+72(FP), R8
	MOVD	layer+80(FP), R9
	MOVD	$·zigW32(SB), R10
	MOVD	$·zigK32(SB), R11
	ADD	R23<<2, R22
	LSL	$2, R20, R5
	MOVD	$127, R21
	VDUP	R21, V30.S4
	MOVD	ZR, R19

column32:
	VLD1	(R1), [V0.S4]
	VLD1	(R2), [V1.S4]
	VLD1	(R3), [V2.S4]
	VLD1	(R4), [V3.S4]
	MOVD	R22, R0
	MOVD	R23, R17
	MOVD	R7, R16

row32:
	NEXT(V4)
	LAYERS(V4)

	// w = zigW32[i] in V10 and k = zigK32[i] in V11.
	FMOVS	(R10)(R12<<2), F16
	FMOVS	(R10)(R13<<2), F17
	FMOVS	(R10)(R14<<2), F18
	FMOVS	(R10)(R15<<2), F19
	FMOVS	(R11)(R12<<2), F20
	FMOVS	(R11)(R13<<2), F21
	FMOVS	(R11)(R14<<2), F22
	FMOVS	(R11)(R15<<2), F23
	VZIP1	V17.S4, V16.S4, V16.S4
	VZIP1	V19.S4, V18.S4, V18.S4
	VZIP1	V18.D2, V16.D2, V10.D2
	VZIP1	V21.S4, V20.S4, V20.S4
	VZIP1	V23.S4, V22.S4, V22.S4
	VZIP1	V22.D2, V20.D2, V11.D2

	// u = int32(r) >> 7 is in [-2^24, 2^24), so its conversion is
	// exact and x = float32(u) * w rounds once, as in normal32Fast.
	WORD	$0x4f390488 // sshr  v8.4s, v4.4s, #7
	WORD	$0x4ea0b909 // abs   v9.4s, v8.4s
	WORD	$0x4e21d90c // scvtf v12.4s, v8.4s
	WORD	$0x6e2add8c // fmul  v12.4s, v12.4s, v10.4s
	WORD	$0x6eab3d2d // cmhs  v13.4s, v9.4s, v11.4s
	VST1.P	[V12.S4], (R0)(R5)

	// V13 is all ones in the lanes whose fast test failed (|u| >= k).
	// Failures are rare, so one test covers the whole row.
	WORD	$0x6eb0a9ae // umaxv s14, v13.4s
	VMOV	V14.S[0], R21
	CBNZW	R21, reject32

next32:
	ADD	R20, R17
	SUBS	$1, R16
	BNE	row32

	VST1.P	[V0.S4], 16(R1)
	VST1.P	[V1.S4], 16(R2)
	VST1.P	[V2.S4], 16(R3)
	VST1.P	[V3.S4], 16(R4)
	ADD	$16, R22
	ADD	$4, R23
	SUBS	$1, R6
	BNE	column32

	MOVD	R19, nr+88(FP)
	RET

	// Record the failed lanes of the row in lane order.
reject32:
	VMOV	V13.S[0], R21
	CBZW	R21, reject32lane1
	RECORD(R17, R12)

reject32lane1:
	VMOV	V13.S[1], R21
	CBZW	R21, reject32lane2
	ADD	$1, R17, R24
	RECORD(R24, R13)

reject32lane2:
	VMOV	V13.S[2], R21
	CBZW	R21, reject32lane3
	ADD	$2, R17, R24
	RECORD(R24, R14)

reject32lane3:
	VMOV	V13.S[3], R21
	CBZW	R21, next32
	ADD	$3, R17, R24
	RECORD(R24, R15)
	B	next32

// func normal64NEON(dst *float64, n, c0, blocks, rows int, p0, p1, p2, p3, idx, layer *uint32) (nr int)
//
// Each row draws two outputs per chain, the low words in V4 and the
// high words in V7. Zipping them gives the 64-bit values of chains 0
// and 1 in V24 and of chains 2 and 3 in V25; the layer is the low 7
// bits of the low word.
TEXT ·normal64NEON(SB), NOSPLIT, $0-96
	MOVD	dst+0(FP), R22
	MOVD	n+8(FP), R20
	MOVD	c0+16(FP), R23
	MOVD	blocks+24(FP), R6
	MOVD	rows+32(FP), R7
	MOVD	p0+40(FP), R1
	MOVD	p1+48(FP), R2
	MOVD	p2+56(FP), R3
	MOVD	p3+64(FP), R4
	MOVD	idx+72(FP), R8
	MOVD	layer+80(FP), R9
	MOVD	$·zigW64(SB), R10
	MOVD	$·zigK64(SB), R11
	ADD	R23<<3, R22
	LSL	$3, R20, R5
	MOVD	$127, R21
	VDUP	R21, V30.S4
	MOVD	ZR, R19

column64:
	VLD1	(R1), [V0.S4]
	VLD1	(R2), [V1.S4]
	VLD1	(R3), [V2.S4]
	VLD1	(R4), [V3.S4]
	MOVD	R22, R0
	MOVD	R23, R17
	MOVD	R7, R16

row64:
	NEXT(V4)
	LAYERS(V4)
	NEXT(V7)

	// w = zigW64[i] in V9 (chains 0, 1) and V10 (chains 2, 3),
	// k = zigK64[i] in V11 and V12.
	FMOVD	(R10)(R12<<3), F16
	FMOVD	(R10)(R13<<3), F17
	FMOVD	(R10)(R14<<3), F18
	FMOVD	(R10)(R15<<3), F19
	FMOVD	(R11)(R12<<3), F20
	FMOVD	(R11)(R13<<3), F21
	FMOVD	(R11)(R14<<3), F22
	FMOVD	(R11)(R15<<3), F23
	VZIP1	V17.D2, V16.D2, V9.D2
	VZIP1	V19.D2, V18.D2, V10.D2
	VZIP1	V21.D2, V20.D2, V11.D2
	VZIP1	V23.D2, V22.D2, V12.D2

	// r = uint64(lo) | uint64(hi)<<32.
	VZIP1	V7.S4, V4.S4, V24.S4
	VZIP2	V7.S4, V4.S4, V25.S4

	// u = int64(r) >> 12 is in [-2^51, 2^51), so its conversion is
	// exact and x = float64(u) * w rounds once, as in normal64Fast.
	WORD	$0x4f740718 // sshr  v24.2d, v24.2d, #12
	WORD	$0x4f740739 // sshr  v25.2d, v25.2d, #12
	WORD	$0x4ee0bb1a // abs   v26.2d, v24.2d
	WORD	$0x4ee0bb3b // abs   v27.2d, v25.2d
	WORD	$0x4e61db1c // scvtf v28.2d, v24.2d
	WORD	$0x4e61db3d // scvtf v29.2d, v25.2d
	WORD	$0x6e69df9c // fmul  v28.2d, v28.2d, v9.2d
	WORD	$0x6e6adfbd // fmul  v29.2d, v29.2d, v10.2d
	WORD	$0x6eeb3f4b // cmhs  v11.2d, v26.2d, v11.2d
	WORD	$0x6eec3f6c // cmhs  v12.2d, v27.2d, v12.2d
	VST1.P	[V28.D2, V29.D2], (R0)(R5)

	// V11 and V12 are all ones in the lanes whose fast test failed.
	VORR	V12.B16, V11.B16, V13.B16
	WORD	$0x6eb0a9ad // umaxv s13, v13.4s
	VMOV	V13.S[0], R21
	CBNZW	R21, reject64

next64:
	ADD	R20, R17
	SUBS	$1, R16
	BNE	row64

	VST1.P	[V0.S4], 16(R1)
	VST1.P	[V1.S4], 16(R2)
	VST1.P	[V2.S4], 16(R3)
	VST1.P	[V3.S4], 16(R4)
	ADD	$32, R22
	ADD	$4, R23
	SUBS	$1, R6
	BNE	column64

	MOVD	R19, nr+88(FP)
	RET

	// Record the failed lanes of the row in lane order.
reject64:
	VMOV	V11.D[0], R21
	CBZ	R21, reject64lane1
	RECORD(R17, R12)

reject64lane1:
	VMOV	V11.D[1], R21
	CBZ	R21, reject64lane2
	ADD	$1, R17, R24
	RECORD(R24, R13)

reject64lane2:
	VMOV	V12.D[0], R21
	CBZ	R21, reject64lane3
	ADD	$2, R17, R24
	RECORD(R24, R14)

reject64lane3:
	VMOV	V12.D[1], R21
	CBZ	R21, next64
	ADD	$3, R17, R24
	RECORD(R24, R15)
	B	next64
