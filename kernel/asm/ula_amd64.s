//go:build gc && !purego && !noasm

#include "textflag.h"
#include "loops_amd64.h"

// The ULA kernels keep x in DI, f in SI, xi in DX and the element count n
// in CX, and index elements with AX. The row's coefficients a and s are
// broadcast to registers 0 and 1 of the vector width in use. Each runs one
// loop of four vectors a trip and one of single vectors for the rest.

// ULA_PS steps the vector at byte offset off: x = (x + a f) + s xi.
#define ULA_PS(off, A, S, X, T) \
	VMULPS  off(SI)(AX*4), A, T; \
	VMOVUPS off(DI)(AX*4), X;    \
	VADDPS  T, X, X;             \
	VMULPS  off(DX)(AX*4), S, T; \
	VADDPS  T, X, X;             \
	VMOVUPS X, off(DI)(AX*4)

#define ULA_PD(off, A, S, X, T) \
	VMULPD  off(SI)(AX*8), A, T; \
	VMOVUPD off(DI)(AX*8), X;    \
	VADDPD  T, X, X;             \
	VMULPD  off(DX)(AX*8), S, T; \
	VADDPD  T, X, X;             \
	VMOVUPD X, off(DI)(AX*8)

#define ULA32AVX512_STEP(off, X, T) ULA_PS(off, Z0, Z1, X, T)

// func ula32AVX512(x, f, xi *float32, n int, a, s float32)
TEXT ·ula32AVX512(SB), NOSPLIT, $0-40
	MOVQ         x+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         xi+16(FP), DX
	MOVQ         n+24(FP), CX
	XORQ         AX, AX
	VBROADCASTSS a+32(FP), Z0
	VBROADCASTSS s+36(FP), Z1
	MOVQ         CX, BX
	ANDQ         $-64, BX

	LOOPS4(ULA32AVX512_STEP, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, 64, 128, 192, 64, 16, LOOPRET)

#define ULA32AVX2_STEP(off, X, T) ULA_PS(off, Y0, Y1, X, T)

// func ula32AVX2(x, f, xi *float32, n int, a, s float32)
TEXT ·ula32AVX2(SB), NOSPLIT, $0-40
	MOVQ         x+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         xi+16(FP), DX
	MOVQ         n+24(FP), CX
	XORQ         AX, AX
	VBROADCASTSS a+32(FP), Y0
	VBROADCASTSS s+36(FP), Y1
	MOVQ         CX, BX
	ANDQ         $-32, BX

	LOOPS4(ULA32AVX2_STEP, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 32, 64, 96, 32, 8, LOOPRET)

#define ULA64AVX512_STEP(off, X, T) ULA_PD(off, Z0, Z1, X, T)

// func ula64AVX512(x, f, xi *float64, n int, a, s float64)
TEXT ·ula64AVX512(SB), NOSPLIT, $0-48
	MOVQ         x+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         xi+16(FP), DX
	MOVQ         n+24(FP), CX
	XORQ         AX, AX
	VBROADCASTSD a+32(FP), Z0
	VBROADCASTSD s+40(FP), Z1
	MOVQ         CX, BX
	ANDQ         $-32, BX

	LOOPS4(ULA64AVX512_STEP, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, 64, 128, 192, 32, 8, LOOPRET)

#define ULA64AVX2_STEP(off, X, T) ULA_PD(off, Y0, Y1, X, T)

// func ula64AVX2(x, f, xi *float64, n int, a, s float64)
TEXT ·ula64AVX2(SB), NOSPLIT, $0-48
	MOVQ         x+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         xi+16(FP), DX
	MOVQ         n+24(FP), CX
	XORQ         AX, AX
	VBROADCASTSD a+32(FP), Y0
	VBROADCASTSD s+40(FP), Y1
	MOVQ         CX, BX
	ANDQ         $-16, BX

	LOOPS4(ULA64AVX2_STEP, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 32, 64, 96, 16, 4, LOOPRET)
