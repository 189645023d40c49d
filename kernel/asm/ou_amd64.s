//go:build gc && !purego && !noasm

#include "textflag.h"
#include "loops_amd64.h"

// The OU kernels keep x in DI, xi in SI and the element count n in CX, and
// index elements with AX. The row's coefficients mu, a and s are broadcast
// to registers 0 to 2 of the vector width in use. Each runs one loop of
// four vectors a trip and one of single vectors for the rest.

// OU_PS steps the vector at byte offset off: x = (mu + a (x - mu)) + s xi.
#define OU_PS(off, MU, A, S, X, T) \
	VMOVUPS off(DI)(AX*4), X;    \
	VSUBPS  MU, X, X;            \
	VMULPS  X, A, X;             \
	VADDPS  X, MU, X;            \
	VMULPS  off(SI)(AX*4), S, T; \
	VADDPS  T, X, X;             \
	VMOVUPS X, off(DI)(AX*4)

#define OU_PD(off, MU, A, S, X, T) \
	VMOVUPD off(DI)(AX*8), X;    \
	VSUBPD  MU, X, X;            \
	VMULPD  X, A, X;             \
	VADDPD  X, MU, X;            \
	VMULPD  off(SI)(AX*8), S, T; \
	VADDPD  T, X, X;             \
	VMOVUPD X, off(DI)(AX*8)

#define OU32AVX512_STEP(off, X, T) OU_PS(off, Z0, Z1, Z2, X, T)

// ONEXT(sz) ends a row of the OU kernels over all rows, whose
// elements are 4 or 8 bytes: the pointers move to the next row (R13 is
// its length in bytes) and to its coefficients, and the kernel returns
// after the last row (R9 counts the rows left).
#define ONEXT(sz) \
	ADDQ R13, DI \
	ADDQ R13, SI \
	ADDQ $sz, R10 \
	ADDQ $sz, R11 \
	ADDQ $sz, R12 \
	DECQ R9      \
	JNZ  row     \
	VZEROUPPER   \
	RET

// OROWS_PROLOGUE loads the arguments of an OU kernel over all rows,
// whose elements are 2^sz bytes; mask rounds n down to whole trips of
// four vectors.
#define OROWS_PROLOGUE(sz, mask) \
	MOVQ x+0(FP), DI      \
	MOVQ xi+8(FP), SI     \
	MOVQ n+16(FP), CX     \
	MOVQ rows+24(FP), R9  \
	MOVQ mu+32(FP), R10   \
	MOVQ a+40(FP), R11    \
	MOVQ s+48(FP), R12    \
	MOVQ CX, R13          \
	SHLQ $sz, R13         \
	MOVQ CX, BX           \
	ANDQ $mask, BX

// ROW1_PROLOGUE loads the arguments of an OU kernel over one row,
// broadcasting mu, a and s (at the offsets omu, oa and os) with BCAST to
// V0-V2; mask rounds n down to whole trips of four vectors.
#define ROW1_PROLOGUE(BCAST, V0, V1, V2, omu, oa, os, mask) \
	MOVQ  x+0(FP), DI \
	MOVQ  xi+8(FP), SI \
	MOVQ  n+16(FP), CX \
	BCAST mu+omu(FP), V0 \
	BCAST a+oa(FP), V1 \
	BCAST s+os(FP), V2 \
	XORQ  AX, AX \
	MOVQ  CX, BX \
	ANDQ  $mask, BX

// func ou32AVX512(x, xi *float32, n int, mu, a, s float32)
TEXT ·ou32AVX512(SB), NOSPLIT, $0-36
	ROW1_PROLOGUE(VBROADCASTSS, Z0, Z1, Z2, 24, 28, 32, -64)

	LOOPS4(OU32AVX512_STEP, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, 64, 128, 192, 64, 16, LOOPRET)

#define OU32AVX2_STEP(off, X, T) OU_PS(off, Y0, Y1, Y2, X, T)

// func ou32AVX2(x, xi *float32, n int, mu, a, s float32)
TEXT ·ou32AVX2(SB), NOSPLIT, $0-36
	ROW1_PROLOGUE(VBROADCASTSS, Y0, Y1, Y2, 24, 28, 32, -32)

	LOOPS4(OU32AVX2_STEP, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, 32, 64, 96, 32, 8, LOOPRET)

#define OU64AVX512_STEP(off, X, T) OU_PD(off, Z0, Z1, Z2, X, T)

// func ou64AVX512(x, xi *float64, n int, mu, a, s float64)
TEXT ·ou64AVX512(SB), NOSPLIT, $0-48
	ROW1_PROLOGUE(VBROADCASTSD, Z0, Z1, Z2, 24, 32, 40, -32)

	LOOPS4(OU64AVX512_STEP, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, 64, 128, 192, 32, 8, LOOPRET)

#define OU64AVX2_STEP(off, X, T) OU_PD(off, Y0, Y1, Y2, X, T)

// func ou64AVX2(x, xi *float64, n int, mu, a, s float64)
TEXT ·ou64AVX2(SB), NOSPLIT, $0-48
	ROW1_PROLOGUE(VBROADCASTSD, Y0, Y1, Y2, 24, 32, 40, -16)

	LOOPS4(OU64AVX2_STEP, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, 32, 64, 96, 16, 4, LOOPRET)

// func ouRows32AVX512(x, xi *float32, n, rows int, mu, a, s *float32)
TEXT ·ouRows32AVX512(SB), NOSPLIT, $0-56
	OROWS_PROLOGUE(2, -64)

row:
	VBROADCASTSS (R10), Z0
	VBROADCASTSS (R11), Z1
	VBROADCASTSS (R12), Z2
	XORQ         AX, AX
	LOOPS4(OU32AVX512_STEP, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, 64, 128, 192, 64, 16, ONEXT(4))

// func ouRows32AVX2(x, xi *float32, n, rows int, mu, a, s *float32)
TEXT ·ouRows32AVX2(SB), NOSPLIT, $0-56
	OROWS_PROLOGUE(2, -32)

row:
	VBROADCASTSS (R10), Y0
	VBROADCASTSS (R11), Y1
	VBROADCASTSS (R12), Y2
	XORQ         AX, AX
	LOOPS4(OU32AVX2_STEP, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, 32, 64, 96, 32, 8, ONEXT(4))

// func ouRows64AVX512(x, xi *float64, n, rows int, mu, a, s *float64)
TEXT ·ouRows64AVX512(SB), NOSPLIT, $0-56
	OROWS_PROLOGUE(3, -32)

row:
	VBROADCASTSD (R10), Z0
	VBROADCASTSD (R11), Z1
	VBROADCASTSD (R12), Z2
	XORQ         AX, AX
	LOOPS4(OU64AVX512_STEP, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, 64, 128, 192, 32, 8, ONEXT(8))

// func ouRows64AVX2(x, xi *float64, n, rows int, mu, a, s *float64)
TEXT ·ouRows64AVX2(SB), NOSPLIT, $0-56
	OROWS_PROLOGUE(3, -16)

row:
	VBROADCASTSD (R10), Y0
	VBROADCASTSD (R11), Y1
	VBROADCASTSD (R12), Y2
	XORQ         AX, AX
	LOOPS4(OU64AVX2_STEP, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, 32, 64, 96, 16, 4, ONEXT(8))
