//go:build gc && !purego && !noasm

#include "textflag.h"

// The kernels run the ziggurat (normal32Fast and normal64Fast, then most
// of the slow path of the draws that fail the fast test) with the chains
// of a block in the lanes; see normal_amd64.go for their contract. In
// their first pass, for each vector of chains, they load the four
// primary state words, run every row and store the states back. The
// general-purpose registers of that pass are the same in all kernels:
//
//	DI   &dst[0]           R8   len(dst)
//	R9   n                 SI   p
//	CX   index in p[j] of the current vector's first chain
//	R14  index in dst of the current row's first element
//	R11  next list entry   R12  next list raw value
//	R13  scratch           AX, DX, BX, R10  kernel-specific
//
// The later passes use them differently, as their comments say.
//
// Besides AVX-512 F, BW, DQ and VL or AVX2 they use POPCNT, which every
// CPU with AVX2 has, and the AVX-512 kernels use BMI2 (BZHI), which
// every CPU with AVX-512 BW, DQ and VL has.
//
// The times quoted below are for BenchmarkNormalKernel (16 rows of 1024
// chains, kernel alone) on one core of an AMD EPYC of the Zen 5
// generation.

// iota32 holds the lane numbers 0-15, added to the element index of
// lane 0 to give the element indexes of a vector of chains.
DATA iota32<>+0(SB)/4, $0
DATA iota32<>+4(SB)/4, $1
DATA iota32<>+8(SB)/4, $2
DATA iota32<>+12(SB)/4, $3
DATA iota32<>+16(SB)/4, $4
DATA iota32<>+20(SB)/4, $5
DATA iota32<>+24(SB)/4, $6
DATA iota32<>+28(SB)/4, $7
DATA iota32<>+32(SB)/4, $8
DATA iota32<>+36(SB)/4, $9
DATA iota32<>+40(SB)/4, $10
DATA iota32<>+44(SB)/4, $11
DATA iota32<>+48(SB)/4, $12
DATA iota32<>+52(SB)/4, $13
DATA iota32<>+56(SB)/4, $14
DATA iota32<>+60(SB)/4, $15
GLOBL iota32<>(SB), RODATA|NOPTR, $64

// pairLo and pairHi are the VPERMT2D indexes that interleave the low
// words (lanes 0-15 of the first operand) and the high words (lanes
// 16-31) of 16 chains into the 64-bit values of chains 0-7 and 8-15.
DATA pairLo<>+0(SB)/4, $0
DATA pairLo<>+4(SB)/4, $16
DATA pairLo<>+8(SB)/4, $1
DATA pairLo<>+12(SB)/4, $17
DATA pairLo<>+16(SB)/4, $2
DATA pairLo<>+20(SB)/4, $18
DATA pairLo<>+24(SB)/4, $3
DATA pairLo<>+28(SB)/4, $19
DATA pairLo<>+32(SB)/4, $4
DATA pairLo<>+36(SB)/4, $20
DATA pairLo<>+40(SB)/4, $5
DATA pairLo<>+44(SB)/4, $21
DATA pairLo<>+48(SB)/4, $6
DATA pairLo<>+52(SB)/4, $22
DATA pairLo<>+56(SB)/4, $7
DATA pairLo<>+60(SB)/4, $23
GLOBL pairLo<>(SB), RODATA|NOPTR, $64
DATA pairHi<>+0(SB)/4, $8
DATA pairHi<>+4(SB)/4, $24
DATA pairHi<>+8(SB)/4, $9
DATA pairHi<>+12(SB)/4, $25
DATA pairHi<>+16(SB)/4, $10
DATA pairHi<>+20(SB)/4, $26
DATA pairHi<>+24(SB)/4, $11
DATA pairHi<>+28(SB)/4, $27
DATA pairHi<>+32(SB)/4, $12
DATA pairHi<>+36(SB)/4, $28
DATA pairHi<>+40(SB)/4, $13
DATA pairHi<>+44(SB)/4, $29
DATA pairHi<>+48(SB)/4, $14
DATA pairHi<>+52(SB)/4, $30
DATA pairHi<>+56(SB)/4, $15
DATA pairHi<>+60(SB)/4, $31
GLOBL pairHi<>(SB), RODATA|NOPTR, $64

// lowWords are the VPERMI2D indexes of the low words of the 64-bit
// lanes of two registers, in order.
DATA lowWords<>+0(SB)/4, $0
DATA lowWords<>+4(SB)/4, $2
DATA lowWords<>+8(SB)/4, $4
DATA lowWords<>+12(SB)/4, $6
DATA lowWords<>+16(SB)/4, $8
DATA lowWords<>+20(SB)/4, $10
DATA lowWords<>+24(SB)/4, $12
DATA lowWords<>+28(SB)/4, $14
DATA lowWords<>+32(SB)/4, $16
DATA lowWords<>+36(SB)/4, $18
DATA lowWords<>+40(SB)/4, $20
DATA lowWords<>+44(SB)/4, $22
DATA lowWords<>+48(SB)/4, $24
DATA lowWords<>+52(SB)/4, $26
DATA lowWords<>+56(SB)/4, $28
DATA lowWords<>+60(SB)/4, $30
GLOBL lowWords<>(SB), RODATA|NOPTR, $64

// highWords are the VPERMI2D indexes of the high words of the 64-bit
// lanes of two registers, in order.
DATA highWords<>+0(SB)/4, $1
DATA highWords<>+4(SB)/4, $3
DATA highWords<>+8(SB)/4, $5
DATA highWords<>+12(SB)/4, $7
DATA highWords<>+16(SB)/4, $9
DATA highWords<>+20(SB)/4, $11
DATA highWords<>+24(SB)/4, $13
DATA highWords<>+28(SB)/4, $15
DATA highWords<>+32(SB)/4, $17
DATA highWords<>+36(SB)/4, $19
DATA highWords<>+40(SB)/4, $21
DATA highWords<>+44(SB)/4, $23
DATA highWords<>+48(SB)/4, $25
DATA highWords<>+52(SB)/4, $27
DATA highWords<>+56(SB)/4, $29
DATA highWords<>+60(SB)/4, $31
GLOBL highWords<>(SB), RODATA|NOPTR, $64

// Broadcast operands of the AVX-512 kernels: the layer mask 127 and
// bits 5 and 6 of the layer.
DATA layerMask<>+0(SB)/4, $127
GLOBL layerMask<>(SB), RODATA|NOPTR, $4
DATA bit5<>+0(SB)/4, $32
GLOBL bit5<>(SB), RODATA|NOPTR, $4
DATA bit6<>+0(SB)/4, $64
GLOBL bit6<>(SB), RODATA|NOPTR, $4
DATA rowUnit<>+0(SB)/4, $0x10000
GLOBL rowUnit<>(SB), RODATA|NOPTR, $4
DATA minus1<>+0(SB)/4, $-1
GLOBL minus1<>(SB), RODATA|NOPTR, $4
DATA one<>+0(SB)/4, $1
GLOBL one<>(SB), RODATA|NOPTR, $4
DATA two<>+0(SB)/4, $2
GLOBL two<>(SB), RODATA|NOPTR, $4

// nibbleShifts moves nibble k of a broadcast entry of compressLUT to
// the low bits of lane k, where VPERMD reads its index.
DATA nibbleShifts<>+0(SB)/4, $0
DATA nibbleShifts<>+4(SB)/4, $4
DATA nibbleShifts<>+8(SB)/4, $8
DATA nibbleShifts<>+12(SB)/4, $12
DATA nibbleShifts<>+16(SB)/4, $16
DATA nibbleShifts<>+20(SB)/4, $20
DATA nibbleShifts<>+24(SB)/4, $24
DATA nibbleShifts<>+28(SB)/4, $28
GLOBL nibbleShifts<>(SB), RODATA|NOPTR, $32

// Full-width operands of the AVX2 kernels: the layer mask, the bits of
// 1.5·2^52 and of 2^52, and the mask that clears the sign of a float64.
DATA layerMask32x8<>+0(SB)/8, $0x0000007f0000007f
DATA layerMask32x8<>+8(SB)/8, $0x0000007f0000007f
DATA layerMask32x8<>+16(SB)/8, $0x0000007f0000007f
DATA layerMask32x8<>+24(SB)/8, $0x0000007f0000007f
GLOBL layerMask32x8<>(SB), RODATA|NOPTR, $32
DATA magic1p5<>+0(SB)/8, $0x4338000000000000
DATA magic1p5<>+8(SB)/8, $0x4338000000000000
DATA magic1p5<>+16(SB)/8, $0x4338000000000000
DATA magic1p5<>+24(SB)/8, $0x4338000000000000
GLOBL magic1p5<>(SB), RODATA|NOPTR, $32
DATA magic1p0<>+0(SB)/8, $0x4330000000000000
DATA magic1p0<>+8(SB)/8, $0x4330000000000000
DATA magic1p0<>+16(SB)/8, $0x4330000000000000
DATA magic1p0<>+24(SB)/8, $0x4330000000000000
GLOBL magic1p0<>(SB), RODATA|NOPTR, $32
DATA absMask<>+0(SB)/8, $0x7fffffffffffffff
DATA absMask<>+8(SB)/8, $0x7fffffffffffffff
DATA absMask<>+16(SB)/8, $0x7fffffffffffffff
DATA absMask<>+24(SB)/8, $0x7fffffffffffffff
GLOBL absMask<>(SB), RODATA|NOPTR, $32

// XOSHIRO512 advances the xoshiro128++ states s0..s3 of 16 chains and
// sets r to their outputs (Stream.next). t and u are clobbered. The
// three-way exclusive ors fold s1 ^= s2 ^ s0 and s2 ^= s0 ^ t, which
// the specification writes as separate steps.
#define XOSHIRO512(s0, s1, s2, s3, r, t, u) \
	VPADDD     s3, s0, r         \
	VPROLD     $7, r, r          \
	VPADDD     s0, r, r          \
	VPSLLD     $9, s1, t         \
	VPXORD     s1, s3, u         \
	VPTERNLOGD $0x96, s0, s2, s1 \
	VPTERNLOGD $0x96, t, s0, s2  \
	VPXORD     u, s0, s0         \
	VPROLD     $11, u, s3

// XOSHIRO256 is XOSHIRO512 for 8 chains with AVX2, which has no
// rotation: rotl(x, k) is x<<k | x>>(32-k).
#define XOSHIRO256(s0, s1, s2, s3, r, t) \
	VPADDD s3, s0, r   \
	VPSLLD $7, r, t    \
	VPSRLD $25, r, r   \
	VPOR   t, r, r     \
	VPADDD s0, r, r    \
	VPSLLD $9, s1, t   \
	VPXOR  s0, s2, s2  \
	VPXOR  s1, s3, s3  \
	VPXOR  s2, s1, s1  \
	VPXOR  s3, s0, s0  \
	VPXOR  t, s2, s2   \
	VPSLLD $11, s3, t  \
	VPSRLD $21, s3, s3 \
	VPOR   t, s3, s3

// LOOKUP128 sets a to t[i&127] in each 32-bit lane, for the 128-entry
// table held in t0..t7, given the masks K1 (bit 5 of i) and K2 (bit 6 of
// i). Each VPERMI2D selects by bits 0-4 of i among 32 entries; two
// rounds of blends select by bits 5 and 6. b and c are clobbered.
#define LOOKUP128(i, t0, t1, t2, t3, t4, t5, t6, t7, a, b, c) \
	VMOVDQA32 i, a      \
	VPERMI2D  t1, t0, a \
	VMOVDQA32 i, b      \
	VPERMI2D  t3, t2, b \
	VMOVDQA32 b, K1, a  \
	VMOVDQA32 i, b      \
	VPERMI2D  t5, t4, b \
	VMOVDQA32 i, c      \
	VPERMI2D  t7, t6, c \
	VMOVDQA32 c, K1, b  \
	VMOVDQA32 b, K2, a

// LOADSTATE and STORESTATE move the state words of the chains at
// offset CX of the slices p[0..3] (SI = p) to and from a0..a3.
#define LOADSTATE(MOV, a0, a1, a2, a3) \
	MOVQ 0(SI), R13            \
	MOV  (R13)(CX*4), a0       \
	MOVQ 24(SI), R13           \
	MOV  (R13)(CX*4), a1       \
	MOVQ 48(SI), R13           \
	MOV  (R13)(CX*4), a2       \
	MOVQ 72(SI), R13           \
	MOV  (R13)(CX*4), a3

#define STORESTATE(MOV, a0, a1, a2, a3) \
	MOVQ 0(SI), R13            \
	MOV  a0, (R13)(CX*4)       \
	MOVQ 24(SI), R13           \
	MOV  a1, (R13)(CX*4)       \
	MOVQ 48(SI), R13           \
	MOV  a2, (R13)(CX*4)       \
	MOVQ 72(SI), R13           \
	MOV  a3, (R13)(CX*4)

// COMPRESS256 appends to the records the element indexes in j and the
// layers in i of the lanes set in the 8-bit mask R13, without a branch:
// the mask's entry of compressLUT (BX = &compressLUT) gives the VPERMD
// indexes that gather those lanes to the front, and whole vectors are
// stored. t and u are clobbered.
#define COMPRESS256(j, i, t, u) \
	VPBROADCASTD (BX)(R13*4), t          \
	VPSRLVD      nibbleShifts<>(SB), t, t \
	VPERMD       j, t, u                 \
	VMOVDQU      u, (R11)                \
	VPERMD       i, t, u                 \
	VMOVDQU      u, (R12)                \
	POPCNTL      R13, R13                \
	LEAQ         (R11)(R13*4), R11       \
	LEAQ         (R12)(R13*4), R12

// PROLOGUE loads the arguments common to all kernels and jumps to done
// if there is nothing to do.
#define PROLOGUE(done) \
	MOVQ  dst_base+0(FP), DI    \
	MOVQ  dst_len+8(FP), R8     \
	MOVQ  n+24(FP), R9          \
	MOVQ  p+40(FP), SI          \
	MOVQ  idx_base+56(FP), R11  \
	MOVQ  layer_base+80(FP), R12 \
	XORQ  CX, CX                \
	CMPQ  CX, 8(SI)             \
	JAE   done                  \
	MOVQ  c0+32(FP), R13        \
	CMPQ  R13, R8               \
	JAE   done

// EPILOGUE returns the number of records written.
#define EPILOGUE \
	SUBQ idx_base+56(FP), R11 \
	SHRQ $2, R11              \
	MOVQ R11, nr+112(FP)      \
	RET

// UNIFORM sets u to U = float64(q>>11)·2^-53 for the 64-bit values q in
// u.
#define UNIFORM(u) \
	VPSRLQ      $11, u, u              \
	VCVTUQQ2PD  u, u                   \
	VMULPD.BCST ·zigConst+40(SB), u, u


// POLY13 sets out to poly13(t, c) for the table c (a symbol of 14
// float64 values), operation for operation, by Estrin's scheme: every
// product rounded before the addition that follows it. t2, t4, a, b and
// d are clobbered; out may be b.
#define POLY13(t, c, out, t2, t4, a, b, d) \
	VMULPD      t, t, t2           \
	VMULPD      t2, t2, t4         \
	VMULPD.BCST c+8(SB), t, a      \
	VADDPD.BCST c+0(SB), a, a      \
	VMULPD.BCST c+24(SB), t, b     \
	VADDPD.BCST c+16(SB), b, b     \
	VMULPD      t2, b, b           \
	VADDPD      a, b, a            \
	VMULPD.BCST c+40(SB), t, b     \
	VADDPD.BCST c+32(SB), b, b     \
	VMULPD.BCST c+56(SB), t, d     \
	VADDPD.BCST c+48(SB), d, d     \
	VMULPD      t2, d, d           \
	VADDPD      b, d, b            \
	VMULPD      t4, b, b           \
	VADDPD      a, b, a            \
	VMULPD.BCST c+72(SB), t, b     \
	VADDPD.BCST c+64(SB), b, b     \
	VMULPD.BCST c+88(SB), t, d     \
	VADDPD.BCST c+80(SB), d, d     \
	VMULPD      t2, d, d           \
	VADDPD      b, d, b            \
	VMULPD.BCST c+104(SB), t, d    \
	VADDPD.BCST c+96(SB), d, d     \
	VMULPD      t4, d, d           \
	VADDPD      b, d, b            \
	VMULPD      t4, t4, d          \
	VMULPD      d, b, b            \
	VADDPD      a, b, out

// EXPHALFSQ sets b to portableExp(-0.5*x*x) for the float64 lanes of x,
// operation for operation (see portableExp and poly13):
//
//	y = (-0.5·x)·x
//	k = floor(y/ln2 + 0.5)            VDIVPD, VADDPD, VRNDSCALEPD
//	r = (y - k·ln2Hi) - k·ln2Lo
//	p = poly13(r, expCoef)            Estrin, products rounded
//	e = p·2^k                         VSCALEFPD
//
// with every product rounded before the addition that follows it. The
// first term of poly13, c[1]·r + c[0], is r + 1 (c[1] = 1 makes the
// product exactly r). VSCALEFPD multiplies by 2^k exactly when the result
// is a normal number, as math.Ldexp does, and here it is: the wedge test
// sees |x| < zigR, so y > -6, k >= -9 and p > 0.7 give e > 2^-10.
//
// r, k, t2, t4, a, b and c are clobbered.
#define EXPHALFSQ(x, r, k, t2, t4, a, b, c) \
	VMULPD.BCST  ·zigConst+0(SB), x, r    \
	VMULPD       x, r, r                  \
	VDIVPD.BCST  ·zigConst+8(SB), r, k    \
	VADDPD.BCST  ·zigConst+16(SB), k, k   \
	VRNDSCALEPD  $9, k, k                 \
	VMULPD.BCST  ·zigConst+24(SB), k, t2  \
	VSUBPD       t2, r, r                 \
	VMULPD.BCST  ·zigConst+32(SB), k, t2  \
	VSUBPD       t2, r, r                 \
	POLY13(r, ·expCoef, b, t2, t4, a, b, c) \
	VSCALEFPD    k, b, b


// LOADTABLES32 loads zigW32 to Z16-Z23 and zigK32 to Z24-Z31.
#define LOADTABLES32 \
	VMOVDQU32 ·zigW32+0(SB), Z16   \
	VMOVDQU32 ·zigW32+64(SB), Z17  \
	VMOVDQU32 ·zigW32+128(SB), Z18 \
	VMOVDQU32 ·zigW32+192(SB), Z19 \
	VMOVDQU32 ·zigW32+256(SB), Z20 \
	VMOVDQU32 ·zigW32+320(SB), Z21 \
	VMOVDQU32 ·zigW32+384(SB), Z22 \
	VMOVDQU32 ·zigW32+448(SB), Z23 \
	VMOVDQU32 ·zigK32+0(SB), Z24   \
	VMOVDQU32 ·zigK32+64(SB), Z25  \
	VMOVDQU32 ·zigK32+128(SB), Z26 \
	VMOVDQU32 ·zigK32+192(SB), Z27 \
	VMOVDQU32 ·zigK32+256(SB), Z28 \
	VMOVDQU32 ·zigK32+320(SB), Z29 \
	VMOVDQU32 ·zigK32+384(SB), Z30 \
	VMOVDQU32 ·zigK32+448(SB), Z31


// SPLIT64 splits entries 16c to 16c+15 of the float64 or uint64 table
// at t into their low words, in lo, and their high words, in hi, given
// the VPERMI2D indexes of the even words in Z6 and of the odd ones in
// Z7. Z8, Z9 are clobbered.
#define SPLIT64(t, c, lo, hi) \
	VMOVDQU64 (c*128)(t), Z8    \
	VMOVDQU64 (c*128+64)(t), Z9 \
	VMOVDQA32 Z6, lo            \
	VPERMI2D  Z9, Z8, lo        \
	VMOVDQA32 Z7, hi            \
	VPERMI2D  Z9, Z8, hi

// SPLITK64 is SPLIT64 for zigK64 (DX), storing the high halves in the
// frame.
#define SPLITK64(c) \
	SPLIT64(DX, c, Z10, Z11)      \
	VMOVDQU32 Z11, (c*64)(SP)


// LOOKUP128M is LOOKUP128 for a table in memory at t.
#define LOOKUP128M(i, t, a, b, c) \
	VMOVDQU32 t, a        \
	VPERMT2D  64+t, i, a  \
	VMOVDQU32 128+t, b    \
	VPERMT2D  192+t, i, b \
	VMOVDQA32 b, K1, a    \
	VMOVDQU32 256+t, b    \
	VPERMT2D  320+t, i, b \
	VMOVDQU32 384+t, c    \
	VPERMT2D  448+t, i, c \
	VMOVDQA32 c, K1, b    \
	VMOVDQA32 b, K2, a


// PAIR sets a and b to the 64-bit values of chains 0-7 and 8-15 whose
// low words are in lo and high words in hi.
#define PAIR(lo, hi, a, b) \
	VMOVDQU32 pairLo<>(SB), a \
	VPERMI2D  hi, lo, a       \
	VMOVDQU32 pairHi<>(SB), b \
	VPERMI2D  hi, lo, b


// ZIG32 runs the fast path of normal32Fast for the 16 chains whose
// primary states are in Z0-Z3, with zigW32 in Z16-Z23 and zigK32 in
// Z24-Z31: Z4 gets the raw values, Z6 the candidates and K3 the lanes
// that fail the fast test. u = int32(r) >> 7 converts exactly, |u| <=
// 2^24; VPABSD maps -2^24 to 2^24, above every threshold, as the scalar
// code does. Z5, Z7-Z9, K1 and K2 are clobbered.
#define ZIG32 \
	XOSHIRO512(Z0, Z1, Z2, Z3, Z4, Z7, Z8)                         \
	VPSRAD        $7, Z4, Z5                                       \
	VCVTDQ2PS     Z5, Z6                                           \
	VPABSD        Z5, Z5                                           \
	VPTESTMD.BCST bit5<>(SB), Z4, K1                               \
	VPTESTMD.BCST bit6<>(SB), Z4, K2                               \
	LOOKUP128(Z4, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z7, Z8, Z9) \
	VMULPS        Z7, Z6, Z6                                       \
	LOOKUP128(Z4, Z24, Z25, Z26, Z27, Z28, Z29, Z30, Z31, Z7, Z8, Z9) \
	VPCMPUD       $5, Z7, Z5, K3

// The AVX-512 kernels run in two passes. Their scratch idx and layer
// holds, E = len(p[0])·rows being the number of elements of the call:
//
//	idx[0:E+16], layer[0:E+16]     the records left to Go: element
//	                               indexes and states (layer, values used)
//	idx[E+16:], layer[E+16:]       the list of pass A: the entries
//	                               c + 2^16·k (chain c in the call, row
//	                               k) and raw values (first outputs for
//	                               float64) of every rejected draw
//
// the 16 spare entries letting whole vectors be stored at the end of
// either. Pass A runs the fast path through all rows, a vector of 16
// chains at a time with their primary states in registers, stores every
// candidate and lists the rejected draws. Pass B takes the list 16
// entries at a time, in two halves of eight 64-bit lanes whose steps
// alternate so that the core overlaps their long chains of dependent
// instructions. For each entry it takes the chain c and row k, finds
// the element index, the draw's index z = drawn + k among the chain's
// normal draws and the chain's key, and runs one
// attempt of the slow path of normal32Slow or normal64Slow on the values
// v_0 = mix(mix(2^16·z) + key) and v_1 = mix(mix(2^16·z + 1) + key): the
// wedge test, then the fast path of a new draw. It writes the values it
// finishes back and records, with their candidate in dst, the draws in
// layer 0 (before the attempt, or after it with two values used) and
// those whose new draw fails the fast test again, with two values used:
// about one rejected draw in 70, the tail's and the second attempt's.
//
// Pass B's general-purpose registers are BX and DX (the list), R10 (the
// entries left), R11 and R12 (the records), and AX and R13. The halves
// keep their element indexes, layers, keys, 2^16·z and candidates in
// Z13, Z15, Z3, Z4, Z5 (lanes 0-7, the low half) and Z29, Z31, Z19, Z20,
// Z21 (lanes 8-15), their pending lanes in K6 and K5 and the lanes whose
// candidate changed in K4 and K3, and each has ten scratch registers.

// Quadword operands of pass B: the layer mask, 1, the state of a record
// with two values used, and the multipliers of mix.
DATA layerMask64<>+0(SB)/8, $127
GLOBL layerMask64<>(SB), RODATA|NOPTR, $8
DATA low16x64<>+0(SB)/8, $0xffff
GLOBL low16x64<>(SB), RODATA|NOPTR, $8
DATA one64<>+0(SB)/8, $1
GLOBL one64<>(SB), RODATA|NOPTR, $8
DATA used2<>+0(SB)/8, $0x200
GLOBL used2<>(SB), RODATA|NOPTR, $8
DATA mixC1<>+0(SB)/8, $0xbf58476d1ce4e5b9
GLOBL mixC1<>(SB), RODATA|NOPTR, $8
DATA mixC2<>+0(SB)/8, $0x94d049bb133111eb
GLOBL mixC2<>(SB), RODATA|NOPTR, $8

// LISTSETUP points R11 and R12 to the list of pass A, idx[E+16:] and
// layer[E+16:], and keeps 4(E+16) in fr(SP).
#define LISTSETUP(fr) \
	MOVQ  R8, AX              \
	XORL  DX, DX              \
	DIVQ  R9                  \
	IMULQ 8(SI), AX           \
	ADDQ  $16, AX             \
	SHLQ  $2, AX              \
	MOVQ  AX, fr(SP)          \
	ADDQ  AX, R11             \
	ADDQ  AX, R12

// LIST appends the entries j (rows and chains) and raw values r of the
// lanes set in K3 to the list at R11 and R12. Z9, Z10 and AX are clobbered.
#define LIST(j, r) \
	VPCOMPRESSD j, K3, Z9       \
	VPCOMPRESSD r, K3, Z10      \
	VMOVDQU32   Z9, (R11)       \
	VMOVDQU32   Z10, (R12)      \
	KMOVW       K3, AX          \
	POPCNTL     AX, AX          \
	LEAQ        (R11)(AX*4), R11 \
	LEAQ        (R12)(AX*4), R12

// SLOWSETUP sets R10 to the length of the list, BX and DX to its start,
// points R11 and R12 back to the records and stores 1/n in 8+fr(SP).
#define SLOWSETUP(fr) \
	MOVQ     idx_base+56(FP), BX   \
	ADDQ     fr(SP), BX            \
	MOVQ     R11, R10              \
	SUBQ     BX, R10               \
	SHRQ     $2, R10               \
	MOVQ     layer_base+80(FP), DX \
	ADDQ     fr(SP), DX            \
	MOVQ     idx_base+56(FP), R11  \
	MOVQ     layer_base+80(FP), R12 \
	CVTSQ2SD n+24(FP), X0          \
	MOVSD    $1.0, X1              \
	DIVSD    X0, X1                \
	MOVSD    X1, 8+fr(SP)

// MIX sets z to mix(z) (mix64) in each 64-bit lane; t is clobbered.
#define MIX(z, t) \
	VPSRLQ       $30, z, t          \
	VPXORQ       t, z, z            \
	VPMULLQ.BCST mixC1<>(SB), z, z  \
	VPSRLQ       $27, z, t          \
	VPXORQ       t, z, z            \
	VPMULLQ.BCST mixC2<>(SB), z, z  \
	VPSRLQ       $31, z, t          \
	VPXORQ       t, z, z

// SPLIT16 loads the next (at most) 16 entries of the list and sets up
// the halves: element indexes in Z13 and Z29, layers in Z15 and Z31,
// pending lanes in K6 and K5, none changed in K4 and K3.
#define SPLIT16 \
	MOVL          $16, AX                 \
	CMPQ          R10, AX                 \
	CMOVQLT       R10, AX                 \
	MOVL          $0xffff, R13            \
	BZHIL         AX, R13, R13            \
	KMOVW         R13, K7                 \
	VMOVDQU32.Z   (BX), K7, Z24           \
	VMOVDQU32.Z   (DX), K7, Z25           \
	VPMOVZXDQ     Y24, Z13                \
	VPMOVZXDQ     Y25, Z15                \
	VEXTRACTI32X8 $1, Z24, Y24            \
	VEXTRACTI32X8 $1, Z25, Y25            \
	VPMOVZXDQ     Y24, Z29                \
	VPMOVZXDQ     Y25, Z31                \
	VPANDQ.BCST   layerMask64<>(SB), Z15, Z15 \
	VPANDQ.BCST   layerMask64<>(SB), Z31, Z31 \
	KMOVB         K7, K6                  \
	KSHIFTRW      $8, K7, K5              \
	KXORB         K4, K4, K4              \
	KXORB         K3, K3, K3

// ROWCHAIN sets kk and c to the row and the chain offset in p of the
// element indexes j: with t = j - c0 = k·n + c, k' = floor(t·(1/n)) in
// float64, 1/n being at 8+fr(SP), is within one of k (TestChainOffsets),
// and c' = t - k'·n is brought into [0, n) by adding or subtracting n
// once, k' following. K1 is clobbered.
#define ROWCHAIN(fr, j, kk, c, t) \
	VPSUBQ.BCST  c0+32(FP), j, t     \
	VCVTUQQ2PD   t, kk               \
	VMULPD.BCST  8+fr(SP), kk, kk    \
	VRNDSCALEPD  $9, kk, kk          \
	VCVTTPD2UQQ  kk, kk              \
	VPMULLQ.BCST n+24(FP), kk, c     \
	VPSUBQ       c, t, c             \
	VPMOVQ2M     c, K1               \
	VPSUBQ.BCST  one64<>(SB), kk, K1, kk \
	VPADDQ.BCST  n+24(FP), c, K1, c  \
	VPCMPUQ.BCST $5, n+24(FP), c, K1 \
	VPADDQ.BCST  one64<>(SB), kk, K1, kk \
	VPSUBQ.BCST  n+24(FP), c, K1, c

// ENTRY sets kk and c to the row and the chain offset in p of the list
// entries e of pass A, c + 2^16·k, and e to their element indexes c0 +
// k·n + c. Unlike ROWCHAIN it takes a few cycles, and the key gathers
// that wait for c start early.
#define ENTRY(e, kk, c) \
	VPANDQ.BCST  low16x64<>(SB), e, c \
	VPSRLQ       $16, e, kk           \
	VPMULLQ.BCST n+24(FP), kk, e      \
	VPADDQ       c, e, e              \
	VPADDQ.BCST  c0+32(FP), e, e

// KEYPOS sets kreg to the keys of the chains c, in the lanes of v, and zz
// to 2^16·z for the draws of rows kk: z = drawn + kk. K1 and R13 are
// clobbered.
#define KEYPOS(c, kk, v, kreg, zz) \
	MOVQ        key+48(FP), R13       \
	VPXORQ      kreg, kreg, kreg      \
	KMOVB       v, K1                 \
	VPGATHERQQ  (R13)(c*8), K1, kreg  \
	VPADDQ.BCST drawn+104(FP), kk, zz \
	VPSLLQ      $16, zz, zz

// KEYROW sets kreg to the keys of the chains c, in the lanes of v, and
// kk2 to the rows kk, for AUX0 and AUX1. K1 and R13 are clobbered.
#define KEYROW(c, kk, v, kreg, kk2) \
	MOVQ       key+48(FP), R13      \
	VPXORQ     kreg, kreg, kreg     \
	KMOVB      v, K1                \
	VPGATHERQQ (R13)(c*8), K1, kreg \
	VMOVDQA64  kk, kk2

// ROWHASHES builds, at CX = 16+fr(SP), the tables that AUX0 and AUX1
// read: mix(2^16·z) for the draws z = drawn + k of rows k = 0 to 15 of
// the slab, then mix(2^16·z + 1). Z0-Z8 are clobbered.
#define ROWHASHES(fr) \
	LEAQ         (16+fr)(SP), CX              \
	VPBROADCASTQ drawn+104(FP), Z0            \
	VPMOVZXDQ    iota32<>(SB), Z1             \
	VPADDQ       Z1, Z0, Z2                   \
	VPMOVZXDQ    iota32<>+32(SB), Z1          \
	VPADDQ       Z1, Z0, Z3                   \
	VPSLLQ       $16, Z2, Z2                  \
	VPSLLQ       $16, Z3, Z3                  \
	VMOVDQA64    Z2, Z4                       \
	MIX(Z4, Z8)                               \
	VMOVDQU64    Z4, 0(CX)                    \
	VMOVDQA64    Z3, Z5                       \
	MIX(Z5, Z8)                               \
	VMOVDQU64    Z5, 64(CX)                   \
	VPORQ.BCST   one64<>(SB), Z2, Z6          \
	MIX(Z6, Z8)                               \
	VMOVDQU64    Z6, 128(CX)                  \
	VPORQ.BCST   one64<>(SB), Z3, Z7          \
	MIX(Z7, Z8)                               \
	VMOVDQU64    Z7, 192(CX)

// AUX0 and AUX1 set w to v_0 and v_1 of the lanes' sources, mix(mix(2^16
// z + m) + key) for m = 0 and 1, the rows' first hashes read from the
// tables of ROWHASHES (at CX) by the rows kk. t is clobbered.
#define AUX0(kk, key, w, t) \
	VMOVDQU64 0(CX), w      \
	VPERMT2Q  64(CX), kk, w \
	VPADDQ    key, w, w     \
	MIX(w, t)

#define AUX1(kk, key, w, t) \
	VMOVDQU64 128(CX), w     \
	VPERMT2Q  192(CX), kk, w \
	VPADDQ    key, w, w      \
	MIX(w, t)

// QUICKEXP sets a to quickExpHalfSq(x) for the float64 lanes of x,
// operation for operation: y = (-0.5·x)·x, k = round(y/ln2), r = y -
// k·ln2 by FMA, the Taylor polynomial of degree 6 by FMA, times 2^k. t
// is clobbered.
#define QUICKEXP(x, a, k, t) \
	VMULPD.BCST       ·zigConst+0(SB), x, t  \
	VMULPD            x, t, t                \
	VMULPD.BCST       ·expQuick+0(SB), t, k  \
	VRNDSCALEPD       $8, k, k               \
	VFNMADD231PD.BCST ·expQuick+8(SB), k, t  \
	VBROADCASTSD      ·expQuick+16(SB), a    \
	VFMADD213PD.BCST  ·expQuick+24(SB), t, a \
	VFMADD213PD.BCST  ·expQuick+32(SB), t, a \
	VFMADD213PD.BCST  ·expQuick+40(SB), t, a \
	VFMADD213PD.BCST  ·expQuick+48(SB), t, a \
	VFMADD213PD.BCST  ·expQuick+56(SB), t, a \
	VFMADD213PD.BCST  ·expQuick+64(SB), t, a \
	VSCALEFPD         k, a, a

// WEDGE runs the wedge test of the pending lanes v, candidates x (as
// float64) in layers i, on v_0, and drops from v the lanes it accepts.
// It compares y with the bounds quickExpHalfSq(x)·(1 ± wedgeMargin),
// which decide every lane but about one in 10^4, and computes
// portableExp only when a lane falls between them (skipping to label
// skip otherwise). t0-t7, K1 and K2 are clobbered, and R13.
#define WEDGE(v, i, key, zz, x, t0, t1, t2, t3, t4, t5, t6, t7, skip) \
	AUX0(zz, key, t0, t1)                 \
	UNIFORM(t0)                           \
	LEAQ       ·zigF(SB), R13             \
	VPXORQ     t1, t1, t1                 \
	KMOVB      v, K1                      \
	VGATHERQPD (R13)(i*8), K1, t1         \
	VPXORQ     t2, t2, t2                 \
	KMOVB      v, K1                      \
	VGATHERQPD -8(R13)(i*8), K1, t2       \
	VSUBPD     t1, t2, t2                 \
	VMULPD     t2, t0, t0                 \
	VADDPD     t0, t1, t0                 \
	QUICKEXP(x, t6, t2, t3)               \
	VMULPD.BCST ·expQuick+72(SB), t6, t2  \
	VMULPD.BCST ·expQuick+80(SB), t6, t3  \
	VCMPPD     $1, t2, t0, v, K1          \
	VCMPPD     $2, t3, t0, v, K2          \
	KANDNB     K2, K1, K2                 \
	KORTESTB   K2, K2                     \
	JZ         skip                       \
	EXPHALFSQ(x, t1, t2, t3, t4, t5, t6, t7) \
	VCMPPD     $1, t6, t0, v, K1          \
skip:                                     \
	KANDNB     v, K1, v

// NEW32x16 draws the new candidates of the pending lanes of both halves
// (K6, K5) from their v_1 by the fast path of normal32Fast on its low
// word, the 16 lanes at once with zigW32 and zigK32 read from memory:
// the layers go to Z15 and Z31, the candidates (as float64) to Z2 and
// Z18, and the fast test failures to K7. Z0, Z1, Z6-Z10, Z16, Z17, K1
// and K2 are clobbered, and R13.
#define NEW32x16 \
	AUX1(Z4, Z3, Z0, Z1)                     \
	AUX1(Z20, Z19, Z16, Z17)                 \
	VMOVDQA64     Z0, K6, Z15                \
	VPANDQ.BCST   layerMask64<>(SB), Z15, Z15 \
	VMOVDQA64     Z16, K5, Z31               \
	VPANDQ.BCST   layerMask64<>(SB), Z31, Z31 \
	VMOVDQU32     lowWords<>(SB), Z2         \
	VPERMI2D      Z16, Z0, Z2                \
	VPSRAD        $7, Z2, Z6                 \
	VCVTDQ2PS     Z6, Z7                     \
	VPABSD        Z6, Z6                     \
	VPTESTMD.BCST bit5<>(SB), Z2, K1         \
	VPTESTMD.BCST bit6<>(SB), Z2, K2         \
	LEAQ          ·zigW32(SB), R13           \
	LOOKUP128M(Z2, 0(R13), Z8, Z9, Z10)      \
	VMULPS        Z8, Z7, Z7                 \
	LEAQ          ·zigK32(SB), R13           \
	LOOKUP128M(Z2, 0(R13), Z8, Z9, Z10)      \
	VPCMPUD       $5, Z8, Z6, K7             \
	VCVTPS2PD     Y7, Z2                     \
	VEXTRACTF32X8 $1, Z7, Y18                \
	VCVTPS2PD     Y18, Z18

// NEW64 draws the new candidates of the pending lanes v of a half from
// v_1 by the fast path of normal64Fast: the layers go to i, the
// candidates to t2 and the fast test failures to K2. t0, t1, t3, t4 and
// K1 are clobbered, and R13.
#define NEW64(v, i, key, zz, t0, t1, t2, t3, t4) \
	AUX1(zz, key, t0, t1)                 \
	VMOVDQA64   t0, v, i                  \
	VPANDQ.BCST layerMask64<>(SB), i, i   \
	VPSRAQ      $12, t0, t1               \
	VCVTQQ2PD   t1, t2                    \
	VPABSQ      t1, t1                    \
	LEAQ        ·zigW64(SB), R13          \
	VPXORQ      t3, t3, t3                \
	KMOVB       v, K1                     \
	VGATHERQPD  (R13)(i*8), K1, t3        \
	VMULPD      t3, t2, t2                \
	LEAQ        ·zigK64(SB), R13          \
	VPXORQ      t4, t4, t4                \
	KMOVB       v, K1                     \
	VPGATHERQQ  (R13)(i*8), K1, t4        \
	VPCMPUQ     $5, t4, t1, K2

// RECORD16 appends the element indexes jd of the lanes set in k (16
// lanes of 32 bits) to the records, with the states sd, whole vectors
// being stored. jd and sd are clobbered, and AX.
#define RECORD16(k, jd, sd) \
	VPCOMPRESSD sd, k, sd            \
	VMOVDQU32   sd, (R12)            \
	VPCOMPRESSD jd, k, jd            \
	VMOVDQU32   jd, (R11)            \
	KMOVW       k, AX                \
	POPCNTL     AX, AX               \
	LEAQ        (R11)(AX*4), R11     \
	LEAQ        (R12)(AX*4), R12

// INDEXES16 sets jd to the element indexes of the 16 lanes of both
// halves, as 32-bit values.
#define INDEXES16(jd) \
	VMOVDQU32 lowWords<>(SB), jd \
	VPERMI2D  Z29, Z13, jd

// TAILS16 drops the pending lanes of both halves in layer 0 and keeps
// them in R14 (16 lanes) for SETTLE16 to record, with no values used.
// K1 and K2 are clobbered.
#define TAILS16 \
	VPTESTNMQ Z15, Z15, K6, K1   \
	VPTESTNMQ Z31, Z31, K5, K2   \
	KUNPCKBW  K1, K2, K1         \
	KMOVW     K1, R14            \
	VPTESTMQ  Z15, Z15, K6, K6   \
	VPTESTMQ  Z31, Z31, K5, K5

// SETTLE16 takes the new candidates Z2 and Z18 of the pending lanes of
// both halves into Z5 and Z21 and their changed lanes K4 and K3, and
// records those that failed the fast test (K7, 16 lanes), in whatever
// layer, with two values used, together with the draws in layer 0 that
// TAILS16 kept in R14, with none: one record store a batch. K1, K2, Z8,
// Z24 and Z25 are clobbered.
#define SETTLE16 \
	VMOVAPD     Z2, K6, Z5                 \
	KORB        K6, K4, K4                 \
	VMOVAPD     Z18, K5, Z21               \
	KORB        K5, K3, K3                 \
	KSHIFTRW    $8, K7, K2                 \
	KANDB       K7, K6, K6                 \
	KANDB       K2, K5, K5                 \
	KUNPCKBW    K6, K5, K1                 \
	VPORQ.BCST  used2<>(SB), Z15, Z8       \
	VPORQ.BCST  used2<>(SB), Z31, Z25      \
	VMOVDQU32   lowWords<>(SB), Z24        \
	VPERMI2D    Z25, Z8, Z24               \
	VMOVDQA32.Z Z24, K1, Z24               \
	KMOVW       R14, K2                    \
	KORW        K2, K1, K1                 \
	INDEXES16(Z25)                         \
	RECORD16(K1, Z25, Z24)

// CANDIDATES32 recomputes the candidates of the 16 entries (float32, by
// the fast path from their raw values) into Z5 and Z21 as float64, with
// zigW32 read from memory, instead of gathering them from dst. K1, K2,
// R13 and Z24-Z28 are clobbered.
#define CANDIDATES32 \
	VMOVDQU32.Z   (DX), K7, Z26                \
	VPSRAD        $7, Z26, Z27                 \
	VCVTDQ2PS     Z27, Z27                     \
	VPTESTMD.BCST bit5<>(SB), Z26, K1          \
	VPTESTMD.BCST bit6<>(SB), Z26, K2          \
	LEAQ          ·zigW32(SB), R13             \
	LOOKUP128M(Z26, 0(R13), Z28, Z24, Z25)     \
	VMULPS        Z28, Z27, Z27                \
	VCVTPS2PD     Y27, Z5                      \
	VEXTRACTF32X8 $1, Z27, Y28                 \
	VCVTPS2PD     Y28, Z21

// LOADX64 loads the candidates of the pending lanes v at the element
// indexes j into x.
#define LOADX64(v, j, x) \
	VXORPD     x, x, x            \
	KMOVB      v, K1              \
	VGATHERQPD (DI)(j*8), K1, x

// WRITE32 and WRITE64 store the candidates x of the changed lanes ch.
#define WRITE32(ch, j, x, yx) \
	VCVTPD2PS   x, yx              \
	VSCATTERQPS yx, ch, (DI)(j*4)

#define WRITE64(ch, j, x) \
	VSCATTERQPD x, ch, (DI)(j*8)

// EXACT64 drops from the pending lanes v of a half the entries that
// pass the whole fast test of normal64Fast, which the float64 pass A
// lists when only the high words of |u| and k[i] are equal: it rebuilds
// the raw values from their low words (list at DX, off bytes in) and
// high words (4(E+16) bytes further at BX, E+16 being at fr(SP)) and
// compares |u| with k[i] for the layers i. a, b, c, K1, AX and R13 are
// clobbered.
#define EXACT64(fr, off, j, i, v, a, b, c) \
	MOVQ        fr(SP), AX              \
	LEAQ        (BX)(AX*1), AX          \
	VPMOVZXDQ   off(AX), a              \
	VPSLLQ      $32, a, a               \
	VPMOVZXDQ   off(DX), b              \
	VPORQ       b, a, a                 \
	VPSRAQ      $12, a, a               \
	VPABSQ      a, a                    \
	LEAQ        ·zigK64(SB), R13        \
	VPXORQ      c, c, c                 \
	KMOVB       v, K1                   \
	VPGATHERQQ  (R13)(i*8), K1, c       \
	VPCMPUQ     $1, c, a, v, K1         \
	KANDNB      v, K1, v

// SLOWHALVES starts pass B on the next 16 entries of the list: the
// halves' rows, chains, keys and 2^16·z, and the records of the draws
// in layer 0 (SLOWREST, after SPLIT16). SLOWWEDGES runs the wedge tests
// of both halves.
#define SLOWHALVES(fr) \
	SPLIT16                                              \
	SLOWREST(fr)

#define SLOWREST(fr) \
	ENTRY(Z13, Z0, Z1)                                   \
	ENTRY(Z29, Z16, Z17)                                 \
	KEYROW(Z1, Z0, K6, Z3, Z4)                           \
	KEYROW(Z17, Z16, K5, Z19, Z20)                       \
	TAILS16

#define SLOWWEDGES \
	WEDGE(K6, Z15, Z3, Z4, Z5, Z0, Z1, Z2, Z6, Z7, Z8, Z9, Z10, wedgeLo)          \
	WEDGE(K5, Z31, Z19, Z20, Z21, Z16, Z17, Z18, Z22, Z23, Z24, Z25, Z26, wedgeHi)

// Pass C of the AVX-512 kernels takes the records pass B left, eight at
// a time, and runs one attempt of Marsaglia's tail (zigTail) for those
// in layer 0, with values m and m+1 of their sources, m being the values
// used so far: a = -log(U1)/r and b = -log(U2), accepted if 2b > a², the
// result r + a taking the sign of the candidate in dst. It stores the
// accepted ones and keeps the other records, those of the tail with two
// more values used. One attempt in nine fails, so about one draw in
// 17000 is left to Go. R10 counts the records left to read at BX and
// DX; R11 and R12 write the records kept, never past those read.

// LOG8 sets y to portableLog(x) for the positive normal float64 lanes of
// x, operation for operation: x = 2^e·m with m in (1/√2, √2] from the
// bits of x, s = (m-1)/(m+1), and e·ln2Hi + (e·ln2Lo + 2s·P(s²)). e, m,
// s, t, t2, t4, a, b and d are clobbered, and K1.
#define LOG8(x, y, e, m, s, t, t2, t4, a, b, d) \
	VPSRLQ        $52, x, e                  \
	VPSUBQ.BCST   ·tailConst+0(SB), e, e     \
	VPANDQ.BCST   ·tailConst+8(SB), x, m     \
	VPORQ.BCST    ·tailConst+16(SB), m, m    \
	VCMPPD.BCST   $14, ·tailConst+24(SB), m, K1 \
	VMULPD.BCST   ·tailConst+32(SB), m, K1, m \
	VPADDQ.BCST   one64<>(SB), e, K1, e      \
	VSUBPD.BCST   ·tailConst+16(SB), m, t    \
	VADDPD.BCST   ·tailConst+16(SB), m, m    \
	VDIVPD        m, t, s                    \
	VMULPD        s, s, t                    \
	POLY13(t, ·atanhCoef, y, t2, t4, a, b, d)     \
	VADDPD        s, s, s                    \
	VMULPD        y, s, s                    \
	VCVTQQ2PD     e, e                       \
	VMULPD.BCST   ·zigConst+32(SB), e, t     \
	VADDPD        s, t, t                    \
	VMULPD.BCST   ·zigConst+24(SB), e, e     \
	VADDPD        t, e, y

// OPEN8 sets u to uniformOpen64(v) = float64(v>>11 + 1)·2^-53.
#define OPEN8(u) \
	VPSRLQ      $11, u, u              \
	VPADDQ.BCST one64<>(SB), u, u      \
	VCVTUQQ2PD  u, u                   \
	VMULPD.BCST ·zigConst+40(SB), u, u

// TAILS8 runs pass C up to the store of the values: K6 gets the records
// in layer 0, K5 those of them accepted, and Z5 the results (float64)
// without their sign; the records read are in Z13 (element indexes) and
// Z15 (states), the valid ones in K7. fr is the frame offset of
// LISTSETUP. Z0-Z12, Z16-Z22 are clobbered.
#define TAILS8(fr) \
	MOVL          $8, AX                    \
	CMPQ          R10, AX                   \
	CMOVQLT       R10, AX                   \
	MOVL          $0xff, R13                \
	BZHIL         AX, R13, R13              \
	KMOVB         R13, K7                   \
	VPMOVZXDQ     (BX), Z13                 \
	VPMOVZXDQ     (DX), Z15                 \
	VPTESTNMQ.BCST layerMask64<>(SB), Z15, K7, K6 \
	ROWCHAIN(fr, Z13, Z0, Z1, Z2)           \
	KEYPOS(Z1, Z0, K6, Z3, Z4)              \
	VPSRLQ        $8, Z15, Z14              \
	VPORQ         Z14, Z4, Z4               \
	VMOVDQA64     Z4, Z6                    \
	MIX(Z6, Z7)                             \
	VPADDQ        Z3, Z6, Z6                \
	MIX(Z6, Z7)                             \
	VPADDQ.BCST   one64<>(SB), Z4, Z8       \
	MIX(Z8, Z7)                             \
	VPADDQ        Z3, Z8, Z8                \
	MIX(Z8, Z7)                             \
	OPEN8(Z6)                               \
	OPEN8(Z8)                               \
	LOG8(Z6, Z9, Z0, Z1, Z2, Z7, Z16, Z17, Z19, Z20, Z21) \
	LOG8(Z8, Z10, Z0, Z1, Z2, Z7, Z16, Z17, Z19, Z20, Z21) \
	VXORPD.BCST   ·tailConst+48(SB), Z9, Z9 \
	VDIVPD.BCST   ·tailConst+40(SB), Z9, Z9 \
	VXORPD.BCST   ·tailConst+48(SB), Z10, Z10 \
	VADDPD        Z10, Z10, Z10             \
	VMULPD        Z9, Z9, Z11               \
	VCMPPD        $1, Z10, Z11, K6, K5      \
	VADDPD.BCST   ·tailConst+40(SB), Z9, Z5

// KEEP8 stores the records read that are not accepted (K7 but K5), the
// tail's with two more values used, at R11 and R12, and moves on. AX,
// R13, Z23, Z24 and K1-K4 are clobbered.
#define KEEP8 \
	KANDNB        K6, K5, K4                \
	VPADDQ.BCST   used2<>(SB), Z15, K4, Z15 \
	KANDNB        K7, K5, K1                \
	VPMOVQD       Z15, Y24                  \
	VPCOMPRESSD   Z24, K1, Z24              \
	VPMOVQD       Z13, Y23                  \
	VPCOMPRESSD   Z23, K1, Z23              \
	KMOVB         K1, AX                    \
	POPCNTL       AX, AX                    \
	MOVL          $0xffff, R13              \
	BZHIL         AX, R13, R13              \
	KMOVW         R13, K2                   \
	VMOVDQU32     Z24, K2, (R12)            \
	VMOVDQU32     Z23, K2, (R11)            \
	LEAQ          (R11)(AX*4), R11          \
	LEAQ          (R12)(AX*4), R12          \
	ADDQ          $32, BX                   \
	ADDQ          $32, DX                   \
	SUBQ          $8, R10

// PASSC sets up pass C: the records from idx and layer, R10 of them.
#define PASSC \
	MOVQ idx_base+56(FP), BX   \
	MOVQ R11, R10              \
	SUBQ BX, R10               \
	SHRQ $2, R10               \
	MOVQ layer_base+80(FP), DX \
	MOVQ BX, R11               \
	MOVQ DX, R12

// func normal32AVX512(dst []float32, n, c0 int, p *[4][]uint32, key *uint64, idx, layer []uint32, drawn uint64) (nr int)
//
// Pass A keeps the primary states in Z0-Z3, zigW32 in Z16-Z23 and zigK32
// in Z24-Z31, read with VPERMI2D: the fast path takes 0.21 ns per
// element this way, against 0.65 ns with VGATHERDPS and VPGATHERDD.
TEXT ·normal32AVX512(SB), NOSPLIT, $272-120
	PROLOGUE(done32x16)
	LISTSETUP(0)
	LOADTABLES32

block32x16:
	LOADSTATE(VMOVDQU32, Z0, Z1, Z2, Z3)
	MOVQ         c0+32(FP), R14
	ADDQ         CX, R14
	VPBROADCASTD CX, Z11
	VPADDD       iota32<>(SB), Z11, Z11 // rows and chains of the lanes

row32x16:
	ZIG32
	VMOVUPS Z6, (DI)(R14*4)
	LIST(Z11, Z4)

	VPADDD.BCST rowUnit<>(SB), Z11, Z11
	ADDQ        R9, R14
	CMPQ        R14, R8
	JB          row32x16

	STORESTATE(VMOVDQU32, Z0, Z1, Z2, Z3)
	ADDQ        $16, CX
	CMPQ        CX, 8(SI)
	JB          block32x16

	SLOWSETUP(0)
	ROWHASHES(0)

batch32:
	TESTQ R10, R10
	JLE   tails32
	SLOWHALVES(0)
	CANDIDATES32
	SLOWWEDGES
	NEW32x16
	SETTLE16
	WRITE32(K4, Z13, Z5, Y5)
	WRITE32(K3, Z29, Z21, Y21)
	ADDQ  $64, BX
	ADDQ  $64, DX
	SUBQ  $16, R10
	JMP   batch32

tails32:
	PASSC

tail32:
	TESTQ       R10, R10
	JLE         finished32x16
	TAILS8(0)
	VXORPS      Y12, Y12, Y12
	KMOVB       K5, K1
	VGATHERQPS  (DI)(Z13*4), K1, Y12
	VCVTPS2PD   Y12, Z12
	VPANDQ.BCST ·tailConst+48(SB), Z12, Z12
	VPORQ       Z12, Z5, Z5
	VCVTPD2PS   Z5, Y5
	KMOVB       K5, K1
	VSCATTERQPS Y5, K1, (DI)(Z13*4)
	KEEP8
	JMP         tail32

finished32x16:
	VZEROUPPER

done32x16:
	EPILOGUE

// func normal64AVX512(dst []float64, n, c0 int, p *[4][]uint32, key *uint64, idx, layer []uint32, drawn uint64) (nr int)
//
// Pass A is that of normal32AVX512 with the primary states of 16 chains
// advancing in the 32-bit lanes of Z0-Z3 twice per row and PAIR making
// the 64-bit values of chains 0-7 and 8-15. The tables are read as the
// 32-bit halves of their entries with the layers of the 16 chains in the
// 32-bit lanes of the low words, and the halves paired like the outputs:
// the halves of zigW64 are split into Z16-Z31 on entry and the high
// halves of zigK64, all the fast test compares, into the frame. With the
// low halves too, the fast path took 0.50 ns per element this way,
// against 0.97 ns with VGATHERQPD and VPGATHERQQ.
TEXT ·normal64AVX512(SB), $784-120
	PROLOGUE(done64x16)
	LISTSETUP(512)
	MOVQ R11, BX
	ADDQ 512(SP), BX // the high words of the raw values

	LEAQ       ·zigW64(SB), AX
	LEAQ       ·zigK64(SB), DX
	VMOVDQU32  iota32<>(SB), Z5
	VPADDD     Z5, Z5, Z6        // 0, 2, 4, ...
	VPTERNLOGD $0xff, Z7, Z7, Z7
	VPSUBD     Z7, Z6, Z7        // 1, 3, 5, ...
	SPLITK64(0)
	SPLITK64(1)
	SPLITK64(2)
	SPLITK64(3)
	SPLITK64(4)
	SPLITK64(5)
	SPLITK64(6)
	SPLITK64(7)
	SPLIT64(AX, 0, Z16, Z24)
	SPLIT64(AX, 1, Z17, Z25)
	SPLIT64(AX, 2, Z18, Z26)
	SPLIT64(AX, 3, Z19, Z27)
	SPLIT64(AX, 4, Z20, Z28)
	SPLIT64(AX, 5, Z21, Z29)
	SPLIT64(AX, 6, Z22, Z30)
	SPLIT64(AX, 7, Z23, Z31)

block64x16:
	LOADSTATE(VMOVDQU32, Z0, Z1, Z2, Z3)
	MOVQ         c0+32(FP), R14
	ADDQ         CX, R14
	VPBROADCASTD CX, Z11
	VPADDD       iota32<>(SB), Z11, Z11 // rows and chains of the lanes

row64x16:
	XOSHIRO512(Z0, Z1, Z2, Z3, Z4, Z8, Z9)
	XOSHIRO512(Z0, Z1, Z2, Z3, Z12, Z8, Z9)
	PAIR(Z4, Z12, Z6, Z7) // r of chains 0-7 and 8-15

	// The layer is in the low word, the first output. The fast test
	// compares the high words only: hi(|u|) < hi(k[i]) implies |u| <
	// k[i], so the draws it lets through are those of normal64Fast, and
	// pass B drops the few it lists that pass the whole test.
	VPTESTMD.BCST bit5<>(SB), Z4, K1
	VPTESTMD.BCST bit6<>(SB), Z4, K2
	LOOKUP128M(Z4, 0(SP), Z10, Z8, Z9) // hi(k[i])

	// u = int64(r) >> 12 converts exactly, |u| <= 2^51.
	VPSRAQ     $12, Z6, Z5
	VCVTQQ2PD  Z5, Z6
	VPABSQ     Z5, Z5
	VPSRAQ     $12, Z7, Z13
	VCVTQQ2PD  Z13, Z7
	VPABSQ     Z13, Z13
	VMOVDQU32  highWords<>(SB), Z14
	VPERMI2D   Z13, Z5, Z14    // hi(|u|) of chains 0-15
	VPCMPUD    $5, Z10, Z14, K3 // list where hi(|u|) >= hi(k[i])

	LOOKUP128(Z4, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z5, Z8, Z9)
	LOOKUP128(Z4, Z24, Z25, Z26, Z27, Z28, Z29, Z30, Z31, Z10, Z8, Z9)
	PAIR(Z5, Z10, Z8, Z9) // w[i]
	VMULPD   Z8, Z6, Z6
	VMOVUPD  Z6, (DI)(R14*8)
	VMULPD   Z9, Z7, Z7
	VMOVUPD  Z7, 64(DI)(R14*8)
	LIST(Z11, Z4)
	VPCOMPRESSD Z12, K3, Z9
	VMOVDQU32   Z9, (BX)
	LEAQ        (BX)(AX*4), BX

	VPADDD.BCST rowUnit<>(SB), Z11, Z11
	ADDQ        R9, R14
	CMPQ        R14, R8
	JB          row64x16

	STORESTATE(VMOVDQU32, Z0, Z1, Z2, Z3)
	ADDQ        $16, CX
	CMPQ        CX, 8(SI)
	JB          block64x16

	SLOWSETUP(512)
	ROWHASHES(512)

batch64:
	TESTQ R10, R10
	JLE   tails64
	SPLIT16
	EXACT64(512, 0, Z13, Z15, K6, Z0, Z1, Z2)
	EXACT64(512, 32, Z29, Z31, K5, Z16, Z17, Z18)
	SLOWREST(512)
	LOADX64(K6, Z13, Z5)
	LOADX64(K5, Z29, Z21)
	SLOWWEDGES
	NEW64(K6, Z15, Z3, Z4, Z0, Z1, Z2, Z6, Z7)
	KMOVB    K2, K7
	NEW64(K5, Z31, Z19, Z20, Z16, Z17, Z18, Z22, Z23)
	KUNPCKBW K7, K2, K7
	SETTLE16
	WRITE64(K4, Z13, Z5)
	WRITE64(K3, Z29, Z21)
	ADDQ  $64, BX
	ADDQ  $64, DX
	SUBQ  $16, R10
	JMP   batch64

tails64:
	PASSC

tail64:
	TESTQ       R10, R10
	JLE         finished64x16
	TAILS8(512)
	VXORPD      Z12, Z12, Z12
	KMOVB       K5, K1
	VGATHERQPD  (DI)(Z13*8), K1, Z12
	VPANDQ.BCST ·tailConst+48(SB), Z12, Z12
	VPORQ       Z12, Z5, Z5
	KMOVB       K5, K1
	VSCATTERQPD Z5, K1, (DI)(Z13*8)
	KEEP8
	JMP         tail64

finished64x16:
	VZEROUPPER

done64x16:
	EPILOGUE

// The AVX2 kernels run the same two passes as the AVX-512 ones (see
// above), with the same scratch layout and records, pass B taking the
// list four entries at a time in the 64-bit lanes of a Y register.
// AVX2 lacks the 64-bit multiplication, the conversions between int64
// and float64, VSCALEFPD, masks and scatters: products of 64-bit values
// are built from three 32-bit ones, conversions of values below 2^52 go
// through the mantissa of 2^52, 2^k is built from its bits, masks are
// lanes of ones, and the four results are stored one by one. The
// lanes past the end of the list repeat lane 0, which makes their work
// and their stores the same as lane 0's; they record nothing.
//
// Pass B keeps the list at R8 (element indexes) and DX (layers), the
// element indexes in Y0, the layers in Y1, the keys
// in Y2, 2^16·z in Y3, the candidates (float64) in Y4, the pending
// lanes in Y5 and the valid ones in Y6, and reads its broadcast operands
// from slow4 (see normal_amd64.go) and from the frame at fr: n, c0,
// drawn and 1/n at fr+32, fr+64, fr+96 and fr+128.

// C4 is entry k of slow4.
#define C4(k) ·slow4+(32*k)(SB)

// SLOWSETUP4 is SLOWSETUP for the AVX2 kernels, with the list at R8
// and DX, BX = &compressLUT, and n, c0, drawn and 1/n broadcast to the
// frame.
#define SLOWSETUP4(fr) \
	SLOWSETUP(fr)                   \
	MOVQ         BX, R8             \
	LEAQ         ·compressLUT(SB), BX \
	VPBROADCASTQ n+24(FP), Y8       \
	VMOVDQU      Y8, 32+fr(SP)      \
	VPBROADCASTQ c0+32(FP), Y8      \
	VMOVDQU      Y8, 64+fr(SP)      \
	VPBROADCASTQ drawn+104(FP), Y8  \
	VMOVDQU      Y8, 96+fr(SP)      \
	VBROADCASTSD 8+fr(SP), Y8       \
	VMOVDQU      Y8, 128+fr(SP)

// MUL4 sets x to x·C mod 2^64, the 32-bit halves of C being entries
// lo and hi of slow4. t and u are clobbered.
#define MUL4(x, lo, hi, t, u) \
	VPMULUDQ C4(lo), x, t    \
	VPSRLQ   $32, x, u       \
	VPMULUDQ C4(lo), u, u    \
	VPMULUDQ C4(hi), x, x    \
	VPADDQ   u, x, x         \
	VPSLLQ   $32, x, x       \
	VPADDQ   t, x, x

// MIX4 is MIX for AVX2.
#define MIX4(z, t, u) \
	VPSRLQ $30, z, t     \
	VPXOR  t, z, z       \
	MUL4(z, 7, 8, t, u)  \
	VPSRLQ $27, z, t     \
	VPXOR  t, z, z       \
	MUL4(z, 9, 10, t, u) \
	VPSRLQ $31, z, t     \
	VPXOR  t, z, z

// AUX4 sets w to value m (0 or 1, by m1 = Y3 or the lanes' 1) of the
// lanes' sources. t and u are clobbered.
#define AUX4(m1, w, t, u) \
	VPOR   m1, Y3, w   \
	MIX4(w, t, u)   \
	VPADDQ Y2, w, w    \
	MIX4(w, t, u)

// TOF4 converts the 64-bit integers below 2^52 in x to float64.
#define TOF4(x) \
	VPOR   magic1p0<>(SB), x, x \
	VSUBPD magic1p0<>(SB), x, x

// UNIFORM4 sets u to U = float64(v>>11)·2^-53 for the 64-bit values v
// in u, as the sum of float64 of its high 21 and low 32 bits, which is
// exact. t is clobbered.
#define UNIFORM4(u, t) \
	VPSRLQ $11, u, u      \
	VPSRLQ $32, u, t      \
	TOF4(t)               \
	VMULPD C4(6), t, t    \
	VPAND  C4(11), u, u   \
	TOF4(u)               \
	VADDPD t, u, u        \
	VMULPD C4(5), u, u

// EXP4 sets b to portableExp(-0.5*x*x), as EXPHALFSQ, with 2^k built
// from its bits: k + 1.5·2^52 has k in its low bits. r, k, t2, t4, a
// and c are clobbered.
#define EXP4(x, r, k, t2, t4, a, b, c) \
	VMULPD   C4(0), x, r      \
	VMULPD   x, r, r          \
	VDIVPD   C4(1), r, k      \
	VADDPD   C4(2), k, k      \
	VROUNDPD $9, k, k         \
	VMULPD   C4(3), k, t2     \
	VSUBPD   t2, r, r         \
	VMULPD   C4(4), k, t2     \
	VSUBPD   t2, r, r         \
	VMULPD   r, r, t2         \
	VMULPD   t2, t2, t4       \
	VADDPD   C4(16), r, a     \
	VMULPD   C4(19), r, b     \
	VADDPD   C4(18), b, b     \
	VMULPD   t2, b, b         \
	VADDPD   a, b, a          \
	VMULPD   C4(21), r, b     \
	VADDPD   C4(20), b, b     \
	VMULPD   C4(23), r, c     \
	VADDPD   C4(22), c, c     \
	VMULPD   t2, c, c         \
	VADDPD   b, c, b          \
	VMULPD   t4, b, b         \
	VADDPD   a, b, a          \
	VMULPD   C4(25), r, b     \
	VADDPD   C4(24), b, b     \
	VMULPD   C4(27), r, c     \
	VADDPD   C4(26), c, c     \
	VMULPD   t2, c, c         \
	VADDPD   b, c, b          \
	VMULPD   C4(29), r, c     \
	VADDPD   C4(28), c, c     \
	VMULPD   t4, c, c         \
	VADDPD   b, c, b          \
	VMULPD   t4, t4, c        \
	VMULPD   c, b, b          \
	VADDPD   a, b, b          \
	VADDPD   magic1p5<>(SB), k, k \
	VPSUBQ   C4(15), k, k     \
	VPSLLQ   $52, k, k        \
	VMULPD   k, b, b

// LOAD4 loads the next (at most) four entries of the list: element
// indexes in Y0 and layers in Y1, the lanes past the end repeating lane
// 0, the valid lanes in Y6 and the pending ones, not in layer 0, in
// Y5. Y8-Y10 are clobbered, and AX.
#define LOAD4 \
	VPMOVZXDQ    (R8), Y0          \
	VPMOVZXDQ    (DX), Y1          \
	VMOVQ        R10, X8           \
	VPBROADCASTQ X8, Y8            \
	VPCMPGTQ     C4(30), Y8, Y6    \
	VPERMQ       $0, Y0, Y9        \
	VPSUBQ       Y9, Y0, Y10       \
	VPAND        Y6, Y10, Y10      \
	VPADDQ       Y9, Y10, Y0       \
	VPERMQ       $0, Y1, Y9        \
	VPSUBQ       Y9, Y1, Y10       \
	VPAND        Y6, Y10, Y10      \
	VPADDQ       Y9, Y10, Y1       \
	VPXOR        Y8, Y8, Y8        \
	VPCMPEQQ     Y8, Y1, Y5        \
	VPCMPEQQ     Y8, Y8, Y8        \
	VPXOR        Y8, Y5, Y5

// ROWCHAIN4 is ROWCHAIN for AVX2: Y8 gets the rows and Y9 the chain
// offsets. Y10 and Y11 are clobbered.
#define ROWCHAIN4(fr) \
	VPSUBQ    64+fr(SP), Y0, Y10     \
	VMOVDQA   Y10, Y8                \
	TOF4(Y8)                         \
	VMULPD    128+fr(SP), Y8, Y8     \
	VROUNDPD  $9, Y8, Y8             \
	VADDPD    magic1p0<>(SB), Y8, Y8 \
	VPSUBQ    magic1p0<>(SB), Y8, Y8 \
	VPMULUDQ  32+fr(SP), Y8, Y9      \
	VPSUBQ    Y9, Y10, Y9            \
	VPXOR     Y11, Y11, Y11          \
	VPCMPGTQ  Y9, Y11, Y11           \
	VPADDQ    Y11, Y8, Y8            \
	VPAND     32+fr(SP), Y11, Y11    \
	VPADDQ    Y11, Y9, Y9            \
	VMOVDQU   32+fr(SP), Y11         \
	VPSUBQ    C4(13), Y11, Y10       \
	VPCMPGTQ  Y10, Y9, Y10           \
	VPSUBQ    Y10, Y8, Y8            \
	VPAND     Y11, Y10, Y10          \
	VPSUBQ    Y10, Y9, Y9

// KEYPOS4 gathers the keys of the chains Y9 into Y2 and sets Y3 to
// 2^16·(drawn + rows Y8). Y10 and R13 are clobbered.
#define KEYPOS4(fr) \
	MOVQ       key+48(FP), R13     \
	VPCMPEQQ   Y10, Y10, Y10       \
	VPXOR      Y2, Y2, Y2          \
	VPGATHERQQ Y10, (R13)(Y9*8), Y2 \
	VPADDQ     96+fr(SP), Y8, Y3   \
	VPSLLQ     $16, Y3, Y3

// RECORD4 appends the element indexes Y0 of the valid lanes of the
// lane mask m (a Y register) to the records, with the states st (a Y
// register of 64-bit lanes), by COMPRESS256 (BX = &compressLUT).
// Y12-Y15 and R13 are clobbered.
#define RECORD4(m, st) \
	VPAND      Y6, m, Y12          \
	VMOVMSKPD  Y12, R13            \
	VMOVDQU    C4(31), Y12         \
	VPERMD     Y0, Y12, Y13        \
	VPERMD     st, Y12, Y12        \
	COMPRESS256(Y13, Y12, Y14, Y15)

// QUICKEXP4 is QUICKEXP for AVX2: a = quickExpHalfSq(x), with 2^k built
// from its bits as in EXP4. k and t are clobbered.
#define QUICKEXP4(x, a, k, t) \
	VMULPD      C4(0), x, t      \
	VMULPD      x, t, t          \
	VMULPD      C4(32), t, k     \
	VROUNDPD    $8, k, k         \
	VFNMADD231PD C4(33), k, t    \
	VMOVUPD     C4(34), a        \
	VFMADD213PD C4(35), t, a     \
	VFMADD213PD C4(36), t, a     \
	VFMADD213PD C4(37), t, a     \
	VFMADD213PD C4(38), t, a     \
	VFMADD213PD C4(39), t, a     \
	VFMADD213PD C4(40), t, a     \
	VADDPD      magic1p5<>(SB), k, k \
	VPSUBQ      C4(15), k, k     \
	VPSLLQ      $52, k, k        \
	VMULPD      k, a, a

// WEDGE4 runs the wedge test of the pending lanes on v_0 and drops the
// lanes it accepts from Y5. As WEDGE, it decides by the bounds
// quickExpHalfSq(x)·(1 ± wedgeMargin) and computes portableExp only if
// a pending lane falls between them (skipping to label skip otherwise).
// Y7-Y15 are clobbered, and R13.
#define WEDGE4(skip) \
	AUX4(Y3, Y7, Y8, Y9)             \
	UNIFORM4(Y7, Y8)                 \
	LEAQ       ·zigF(SB), R13        \
	VMOVDQA    Y5, Y10               \
	VPXOR      Y8, Y8, Y8            \
	VGATHERQPD Y10, (R13)(Y1*8), Y8  \
	VMOVDQA    Y5, Y10               \
	VPXOR      Y9, Y9, Y9            \
	VGATHERQPD Y10, -8(R13)(Y1*8), Y9 \
	VSUBPD     Y8, Y9, Y9            \
	VMULPD     Y9, Y7, Y7            \
	VADDPD     Y7, Y8, Y7            \
	QUICKEXP4(Y4, Y13, Y9, Y10)      \
	VMULPD     C4(41), Y13, Y10      \
	VMULPD     C4(42), Y13, Y11      \
	VCMPPD     $1, Y10, Y7, Y10      \
	VCMPPD     $2, Y11, Y7, Y11      \
	VANDNPD    Y11, Y10, Y11         \
	VANDPD     Y5, Y11, Y11          \
	VTESTPD    Y11, Y11              \
	JZ         skip                  \
	EXP4(Y4, Y8, Y9, Y10, Y11, Y12, Y13, Y14) \
	VCMPPD     $1, Y13, Y7, Y10      \
skip:                                \
	VPANDN     Y5, Y10, Y5

// NEWLAYER4 sets the layers of the pending lanes to those of v_1, in
// Y7, and leaves v_1 in Y7. Y8-Y9 are clobbered.
#define NEWLAYER4 \
	VPCMPEQQ Y8, Y8, Y8            \
	VPSRLQ   $63, Y8, Y8           \
	AUX4(Y8, Y7, Y8, Y9)           \
	VPAND    C4(12), Y7, Y8        \
	VPXOR    Y1, Y8, Y8            \
	VPAND    Y5, Y8, Y8            \
	VPXOR    Y8, Y1, Y1

// SETTLE4 takes the new candidates Y8 (float64) of the pending lanes
// into Y4 and records those that failed the fast test (Y9, lanes of
// ones) with two values used. Y10-Y15 are clobbered.
#define SETTLE4 \
	VPXOR    Y4, Y8, Y8            \
	VPAND    Y5, Y8, Y8            \
	VPXOR    Y8, Y4, Y4            \
	VPAND    Y9, Y5, Y5            \
	VPOR     C4(14), Y1, Y10       \
	RECORD4(Y5, Y10)

// STORE32x4 and STORE64x4 store the four candidates Y4 at the element
// indexes Y0. X8, Y9 and R13 are clobbered.
#define STORE32x4 \
	VCVTPD2PSY   Y4, X8                \
	VMOVQ        X0, R13               \
	VEXTRACTPS   $0, X8, (DI)(R13*4)   \
	VPEXTRQ      $1, X0, R13           \
	VEXTRACTPS   $1, X8, (DI)(R13*4)   \
	VEXTRACTI128 $1, Y0, X9            \
	VMOVQ        X9, R13               \
	VEXTRACTPS   $2, X8, (DI)(R13*4)   \
	VPEXTRQ      $1, X9, R13           \
	VEXTRACTPS   $3, X8, (DI)(R13*4)

#define STORE64x4 \
	VMOVQ        X0, R13               \
	VMOVLPD      X4, (DI)(R13*8)       \
	VPEXTRQ      $1, X0, R13           \
	VMOVHPD      X4, (DI)(R13*8)       \
	VEXTRACTF128 $1, Y4, X8            \
	VEXTRACTI128 $1, Y0, X9            \
	VMOVQ        X9, R13               \
	VMOVLPD      X8, (DI)(R13*8)       \
	VPEXTRQ      $1, X9, R13           \
	VMOVHPD      X8, (DI)(R13*8)

// SLOWHEAD4 starts pass B on the next four entries: rows, chains, keys,
// 2^16·z, and the records of the draws in layer 0.
#define SLOWHEAD4(fr) \
	LOAD4                  \
	ROWCHAIN4(fr)          \
	KEYPOS4(fr)            \
	VPXOR    Y8, Y8, Y8    \
	VPCMPEQQ Y8, Y1, Y8    \
	RECORD4(Y8, Y1)

// SLOWNEXT4 moves to the next four entries.
#define SLOWNEXT4 \
	ADDQ $16, R8 \
	ADDQ $16, DX \
	SUBQ $4, R10

// NEW32x4 draws the new candidates of the pending lanes from v_1 (Y7)
// by the fast path of normal32Fast on its low word, the layers being in
// Y1 already: Y8 gets the candidates (float64) and Y9 the lanes that
// fail the fast test. Y10-Y13 and R13 are clobbered.
#define NEW32x4 \
	VMOVDQU    C4(31), Y8            \
	VPERMD     Y7, Y8, Y8            \
	VPSRAD     $7, X8, X9            \
	VCVTDQ2PS  X9, X10               \
	VPABSD     X9, X9                \
	LEAQ       ·zigW32(SB), R13      \
	VPCMPEQD   X11, X11, X11         \
	VXORPS     X12, X12, X12         \
	VGATHERQPS X11, (R13)(Y1*4), X12 \
	VMULPS     X12, X10, X10         \
	LEAQ       ·zigK32(SB), R13      \
	VPCMPEQD   X11, X11, X11         \
	VPXOR      X13, X13, X13         \
	VPGATHERQD X11, (R13)(Y1*4), X13 \
	VPCMPGTD   X9, X13, X13          \
	VPMOVSXDQ  X13, Y9               \
	VPCMPEQQ   Y11, Y11, Y11         \
	VPXOR      Y11, Y9, Y9           \
	VCVTPS2PD  X10, Y8

// NEW64x4 is NEW32x4 by normal64Fast on all of v_1: |u| and k[i] are
// compared as float64 values, as in pass A.
#define NEW64x4 \
	VPSRLQ     $12, Y7, Y8            \
	VPXOR      magic1p5<>(SB), Y8, Y8 \
	VSUBPD     magic1p5<>(SB), Y8, Y8 \
	VANDPD     absMask<>(SB), Y8, Y9  \
	LEAQ       ·zigW64(SB), R13       \
	VPCMPEQQ   Y11, Y11, Y11          \
	VXORPD     Y10, Y10, Y10          \
	VGATHERQPD Y11, (R13)(Y1*8), Y10  \
	VMULPD     Y10, Y8, Y8            \
	LEAQ       ·zigK64(SB), R13       \
	VPCMPEQQ   Y11, Y11, Y11          \
	VPXOR      Y12, Y12, Y12          \
	VPGATHERQQ Y11, (R13)(Y1*8), Y12  \
	TOF4(Y12)                         \
	VCMPPD     $5, Y12, Y9, Y9

// func normal32AVX2(dst []float32, n, c0 int, p *[4][]uint32, key *uint64, idx, layer []uint32, drawn uint64) (nr int)
//
// Y0-Y3 hold the states; the tables are read with VGATHERDPS and
// VPGATHERDD (AX = &zigW32, DX = &zigK32), which take 0.25 of the 0.77
// ns per element. The records are written without a branch by
// COMPRESS256: a loop over the bits of the mask behind a test, a branch
// taken by a fifth of the vectors and not predictable, took 1.37 ns per
// element.
TEXT ·normal32AVX2(SB), NOSPLIT, $160-120
	PROLOGUE(done32x8)
	LISTSETUP(0)
	LEAQ         ·zigW32(SB), AX
	LEAQ         ·zigK32(SB), DX
	LEAQ         ·compressLUT(SB), BX
	VPBROADCASTD n+24(FP), Y12

block32x8:
	LOADSTATE(VMOVDQU, Y0, Y1, Y2, Y3)
	MOVQ         c0+32(FP), R14
	ADDQ         CX, R14
	VMOVQ        R14, X11
	VPBROADCASTD X11, Y11
	VPADDD       iota32<>(SB), Y11, Y11 // element indexes of the lanes

row32x8:
	XOSHIRO256(Y0, Y1, Y2, Y3, Y4, Y5)

	// u = int32(r) >> 7 converts exactly, |u| <= 2^24. |u| and the
	// thresholds are below 2^31, so the signed comparison is the
	// unsigned one of the scalar code.
	VPSRAD     $7, Y4, Y5
	VCVTDQ2PS  Y5, Y6
	VPABSD     Y5, Y5
	VPAND      layerMask32x8<>(SB), Y4, Y7
	VPCMPEQD   Y8, Y8, Y8
	VGATHERDPS Y8, (AX)(Y7*4), Y9
	VPCMPEQD   Y8, Y8, Y8
	VPGATHERDD Y8, (DX)(Y7*4), Y10
	VMULPS     Y9, Y6, Y6
	VMOVUPS    Y6, (DI)(R14*4)
	VPCMPGTD   Y5, Y10, Y10 // accept where k[i] > |u|
	VMOVMSKPS  Y10, R13
	XORL       $0xff, R13
	COMPRESS256(Y11, Y7, Y13, Y14)

	VPADDD Y12, Y11, Y11
	ADDQ   R9, R14
	CMPQ   R14, R8
	JB     row32x8

	STORESTATE(VMOVDQU, Y0, Y1, Y2, Y3)
	ADDQ $8, CX
	CMPQ CX, 8(SI)
	JB   block32x8

	SLOWSETUP4(0)

batch32x4:
	TESTQ      R10, R10
	JLE        finished32x8
	SLOWHEAD4(0)
	VPCMPEQD   X8, X8, X8
	VXORPS     X4, X4, X4
	VGATHERQPS X8, (DI)(Y0*4), X4
	VCVTPS2PD  X4, Y4
	WEDGE4(wedge4)
	NEWLAYER4
	NEW32x4
	SETTLE4
	STORE32x4
	SLOWNEXT4
	JMP        batch32x4

finished32x8:
	VZEROUPPER

done32x8:
	EPILOGUE

// LOOKUP4 sets w and k to zigW64[i] and zigK64[i] for the layers i of
// the four chains whose first outputs are at off(SP), loading the
// entries one by one (AX = &zigW64, DX = &zigK64). xw and xk are the
// low halves of w and k; t and u are clobbered.
#define LOOKUP4(off, w, k, xw, xk, t, u) \
	MOVL        off(SP), R10            \
	ANDL        $127, R10               \
	VMOVSD      (AX)(R10*8), xw         \
	VMOVQ       (DX)(R10*8), xk         \
	MOVL        (off+4)(SP), R10        \
	ANDL        $127, R10               \
	VMOVHPD     (AX)(R10*8), xw, xw     \
	VPINSRQ     $1, (DX)(R10*8), xk, xk \
	MOVL        (off+8)(SP), R10        \
	ANDL        $127, R10               \
	VMOVSD      (AX)(R10*8), t          \
	VMOVQ       (DX)(R10*8), u          \
	MOVL        (off+12)(SP), R10       \
	ANDL        $127, R10               \
	VMOVHPD     (AX)(R10*8), t, t       \
	VPINSRQ     $1, (DX)(R10*8), u, u   \
	VINSERTF128 $1, t, w, w             \
	VINSERTI128 $1, u, k, k

// func normal64AVX2(dst []float64, n, c0 int, p *[4][]uint32, key *uint64, idx, layer []uint32, drawn uint64) (nr int)
//
// The states of 8 chains advance in the 32-bit lanes of Y0-Y3, twice
// per row; unpacking and VPERM2I128 pair the outputs into the 64-bit
// values of chains 0-3 and 4-7. AVX2 has neither a 64-bit arithmetic
// shift nor a conversion from int64, so u is converted by the exact
// magic-number method: with v = r >> 12 (logical), the 52-bit two's
// complement of u, v ^ bit 51 = u + 2^51 lies in [0, 2^52), and placed
// in the mantissa of 2^52 it makes the float64 2^52 + 2^51 + u, whose
// difference with 1.5·2^52 is u, exactly. The thresholds k[i] < 2^52
// are converted the same way, so that |u| and k[i] are compared exactly
// as float64 values.
//
// The tables are read by LOOKUP4: this takes 0.9 ns per element,
// against 1.8 ns with VGATHERQPD and VPGATHERQQ.
TEXT ·normal64AVX2(SB), NOSPLIT, $192-120
	PROLOGUE(done64x8)
	LISTSETUP(32)
	LEAQ         ·zigW64(SB), AX
	LEAQ         ·zigK64(SB), DX
	LEAQ         ·compressLUT(SB), BX
	VPBROADCASTD n+24(FP), Y6

block64x8:
	LOADSTATE(VMOVDQU, Y0, Y1, Y2, Y3)
	MOVQ         c0+32(FP), R14
	ADDQ         CX, R14
	VMOVQ        R14, X5
	VPBROADCASTD X5, Y5
	VPADDD       iota32<>(SB), Y5, Y5 // element indexes of the lanes

row64x8:
	XOSHIRO256(Y0, Y1, Y2, Y3, Y4, Y7)
	XOSHIRO256(Y0, Y1, Y2, Y3, Y7, Y8)
	VPUNPCKLDQ Y7, Y4, Y8        // r of chains 0, 1, 4, 5
	VPUNPCKHDQ Y7, Y4, Y9        // r of chains 2, 3, 6, 7
	VPERM2I128 $0x20, Y9, Y8, Y7 // chains 0-3
	VPERM2I128 $0x31, Y9, Y8, Y8 // chains 4-7
	VMOVDQU    Y4, (SP)          // the layers, in the low words, for LOOKUP4

	VPSRLQ     $12, Y7, Y9
	VPXOR      magic1p5<>(SB), Y9, Y9
	VSUBPD     magic1p5<>(SB), Y9, Y9 // float64(u)
	VANDPD     absMask<>(SB), Y9, Y10 // |u|
	LOOKUP4(0, Y13, Y14, X13, X14, X11, X12)
	VPOR       magic1p0<>(SB), Y14, Y14
	VSUBPD     magic1p0<>(SB), Y14, Y14 // float64(k[i])
	VCMPPD     $5, Y14, Y10, Y14        // reject where !(|u| < k[i])
	VMOVMSKPD  Y14, R13
	VMULPD     Y13, Y9, Y9
	VMOVUPD    Y9, (DI)(R14*8)

	VPSRLQ     $12, Y8, Y9
	VPXOR      magic1p5<>(SB), Y9, Y9
	VSUBPD     magic1p5<>(SB), Y9, Y9
	VANDPD     absMask<>(SB), Y9, Y10
	LOOKUP4(16, Y13, Y14, X13, X14, X11, X12)
	VPOR       magic1p0<>(SB), Y14, Y14
	VSUBPD     magic1p0<>(SB), Y14, Y14
	VCMPPD     $5, Y14, Y10, Y14
	VMOVMSKPD  Y14, R10
	VMULPD     Y13, Y9, Y9
	VMOVUPD    Y9, 32(DI)(R14*8)

	// The layer is in the low word, the first output.
	SHLL  $4, R10
	ORL   R10, R13
	VPAND layerMask32x8<>(SB), Y4, Y4
	COMPRESS256(Y5, Y4, Y13, Y14)

	VPADDD Y6, Y5, Y5
	ADDQ   R9, R14
	CMPQ   R14, R8
	JB     row64x8

	STORESTATE(VMOVDQU, Y0, Y1, Y2, Y3)
	ADDQ $8, CX
	CMPQ CX, 8(SI)
	JB   block64x8

	SLOWSETUP4(32)

batch64x4:
	TESTQ      R10, R10
	JLE        finished64x8
	SLOWHEAD4(32)
	VPCMPEQQ   Y8, Y8, Y8
	VXORPD     Y4, Y4, Y4
	VGATHERQPD Y8, (DI)(Y0*8), Y4
	WEDGE4(wedge4)
	NEWLAYER4
	NEW64x4
	SETTLE4
	STORE64x4
	SLOWNEXT4
	JMP        batch64x4

finished64x8:
	VZEROUPPER

done64x8:
	EPILOGUE

// func quickExp8(x, out *[8]float64)
//
// quickExp8 runs QUICKEXP on eight values, for the tests.
TEXT ·quickExp8(SB), NOSPLIT, $0-16
	MOVQ      x+0(FP), AX
	MOVQ      out+8(FP), DX
	VMOVUPD   (AX), Z0
	QUICKEXP(Z0, Z1, Z2, Z3)
	VMOVUPD   Z1, (DX)
	VZEROUPPER
	RET

// func quickExp4(x, out *[4]float64)
//
// quickExp4 runs QUICKEXP4 on four values, for the tests.
TEXT ·quickExp4(SB), NOSPLIT, $0-16
	MOVQ    x+0(FP), AX
	MOVQ    out+8(FP), DX
	VMOVUPD (AX), Y0
	QUICKEXP4(Y0, Y1, Y2, Y3)
	VMOVUPD Y1, (DX)
	VZEROUPPER
	RET
