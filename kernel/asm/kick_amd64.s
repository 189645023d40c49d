//go:build gc && !purego && !noasm

#include "textflag.h"
#include "loops_amd64.h"

// The Kick kernels keep p in DI, f in SI and the element count n in CX,
// and index elements with AX. The row's hh is broadcast to register 0 of
// the vector width in use. Each runs one loop of four vectors a trip and
// one of single vectors for the rest.

// KICK_PS steps the vector at byte offset off: p = p + hh f.
#define KICK_PS(off, HH, P, T) \
	VMOVUPS off(DI)(AX*4), P;     \
	VMULPS  off(SI)(AX*4), HH, T; \
	VADDPS  T, P, P;              \
	VMOVUPS P, off(DI)(AX*4)

#define KICK_PD(off, HH, P, T) \
	VMOVUPD off(DI)(AX*8), P;     \
	VMULPD  off(SI)(AX*8), HH, T; \
	VADDPD  T, P, P;              \
	VMOVUPD P, off(DI)(AX*8)

#define KICK32AVX512_STEP(off, X, T) KICK_PS(off, Z0, X, T)

// func kick32AVX512(p, f *float32, n int, hh float32)
TEXT ·kick32AVX512(SB), NOSPLIT, $0-28
	MOVQ         p+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS hh+24(FP), Z0
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-64, BX

	LOOPS4(KICK32AVX512_STEP, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, 64, 128, 192, 64, 16, LOOPRET)

#define KICK32AVX2_STEP(off, X, T) KICK_PS(off, Y0, X, T)

// func kick32AVX2(p, f *float32, n int, hh float32)
TEXT ·kick32AVX2(SB), NOSPLIT, $0-28
	MOVQ         p+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS hh+24(FP), Y0
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-32, BX

	LOOPS4(KICK32AVX2_STEP, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, 32, 64, 96, 32, 8, LOOPRET)

#define KICK64AVX512_STEP(off, X, T) KICK_PD(off, Z0, X, T)

// func kick64AVX512(p, f *float64, n int, hh float64)
TEXT ·kick64AVX512(SB), NOSPLIT, $0-32
	MOVQ         p+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSD hh+24(FP), Z0
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-32, BX

	LOOPS4(KICK64AVX512_STEP, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, 64, 128, 192, 32, 8, LOOPRET)

#define KICK64AVX2_STEP(off, X, T) KICK_PD(off, Y0, X, T)

// func kick64AVX2(p, f *float64, n int, hh float64)
TEXT ·kick64AVX2(SB), NOSPLIT, $0-32
	MOVQ         p+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSD hh+24(FP), Y0
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-16, BX

	LOOPS4(KICK64AVX2_STEP, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, 32, 64, 96, 16, 4, LOOPRET)
