//go:build gc && !purego && !noasm

#include "textflag.h"
#include "loops_amd64.h"

// The Linear kernels keep f in DI, x in SI and the element count n in CX,
// and index elements with AX. The row's kappa and mu are broadcast to
// registers 0 and 1 of the vector width in use. Each runs one loop of four
// vectors a trip and one of single vectors for the rest.

// LINEAR_PS writes the force on the vector at byte offset off:
// f = kappa (mu - x).
#define LINEAR_PS(off, K, MU, T) \
	VSUBPS off(SI)(AX*4), MU, T; \
	VMULPS T, K, T;              \
	VMOVUPS T, off(DI)(AX*4)

#define LINEAR_PD(off, K, MU, T) \
	VSUBPD off(SI)(AX*8), MU, T; \
	VMULPD T, K, T;              \
	VMOVUPD T, off(DI)(AX*8)

#define LINEAR32AVX512_STEP(off, X, T) LINEAR_PS(off, Z0, X, T)

// LNEXT(sz) ends a row of the kernels over all rows, whose
// elements are 4 or 8 bytes: the pointers move to the next row (R13 is
// its length in bytes) and to its coefficients, and the kernel returns
// after the last row (R9 counts the rows left).
#define LNEXT(sz) \
	ADDQ R13, DI \
	ADDQ R13, SI \
	ADDQ $sz, R10 \
	ADDQ $sz, R11 \
	DECQ R9      \
	JNZ  row     \
	VZEROUPPER   \
	RET

// LROWS_PROLOGUE loads the arguments of a kernel over all rows, whose
// elements are 2^sz bytes; mask rounds n down to whole trips of four
// vectors.
#define LROWS_PROLOGUE(sz, mask) \
	MOVQ f+0(FP), DI        \
	MOVQ x+8(FP), SI        \
	MOVQ n+16(FP), CX       \
	MOVQ rows+24(FP), R9    \
	MOVQ kappa+32(FP), R10  \
	MOVQ mu+40(FP), R11     \
	MOVQ CX, R13            \
	SHLQ $sz, R13           \
	MOVQ CX, BX             \
	ANDQ $mask, BX

// ROW1_PROLOGUE loads the arguments of a linear kernel over one row,
// broadcasting kappa and mu (at the offsets okappa and omu) with BCAST
// to V0 and V1; mask rounds n down to whole trips of four vectors.
#define ROW1_PROLOGUE(BCAST, V0, V1, okappa, omu, mask) \
	MOVQ  f+0(FP), DI \
	MOVQ  x+8(FP), SI \
	MOVQ  n+16(FP), CX \
	BCAST kappa+okappa(FP), V0 \
	BCAST mu+omu(FP), V1 \
	XORQ  AX, AX \
	MOVQ  CX, BX \
	ANDQ  $mask, BX

// func linear32AVX512(f, x *float32, n int, kappa, mu float32)
TEXT ·linear32AVX512(SB), NOSPLIT, $0-32
	ROW1_PROLOGUE(VBROADCASTSS, Z0, Z1, 24, 28, -64)

	LOOPS4(LINEAR32AVX512_STEP, Z1, Z2, Z1, Z3, Z1, Z4, Z1, Z5, 64, 128, 192, 64, 16, LOOPRET)

#define LINEAR32AVX2_STEP(off, X, T) LINEAR_PS(off, Y0, X, T)

// func linear32AVX2(f, x *float32, n int, kappa, mu float32)
TEXT ·linear32AVX2(SB), NOSPLIT, $0-32
	ROW1_PROLOGUE(VBROADCASTSS, Y0, Y1, 24, 28, -32)

	LOOPS4(LINEAR32AVX2_STEP, Y1, Y2, Y1, Y3, Y1, Y4, Y1, Y5, 32, 64, 96, 32, 8, LOOPRET)

#define LINEAR64AVX512_STEP(off, X, T) LINEAR_PD(off, Z0, X, T)

// func linear64AVX512(f, x *float64, n int, kappa, mu float64)
TEXT ·linear64AVX512(SB), NOSPLIT, $0-40
	ROW1_PROLOGUE(VBROADCASTSD, Z0, Z1, 24, 32, -32)

	LOOPS4(LINEAR64AVX512_STEP, Z1, Z2, Z1, Z3, Z1, Z4, Z1, Z5, 64, 128, 192, 32, 8, LOOPRET)

#define LINEAR64AVX2_STEP(off, X, T) LINEAR_PD(off, Y0, X, T)

// func linear64AVX2(f, x *float64, n int, kappa, mu float64)
TEXT ·linear64AVX2(SB), NOSPLIT, $0-40
	ROW1_PROLOGUE(VBROADCASTSD, Y0, Y1, 24, 32, -16)

	LOOPS4(LINEAR64AVX2_STEP, Y1, Y2, Y1, Y3, Y1, Y4, Y1, Y5, 32, 64, 96, 16, 4, LOOPRET)

// func linearRows32AVX512(f, x *float32, n, rows int, kappa, mu *float32)
TEXT ·linearRows32AVX512(SB), NOSPLIT, $0-48
	LROWS_PROLOGUE(2, -64)

row:
	VBROADCASTSS (R10), Z0
	VBROADCASTSS (R11), Z1
	XORQ         AX, AX
	LOOPS4(LINEAR32AVX512_STEP, Z1, Z2, Z1, Z3, Z1, Z4, Z1, Z5, 64, 128, 192, 64, 16, LNEXT(4))

// func linearRows32AVX2(f, x *float32, n, rows int, kappa, mu *float32)
TEXT ·linearRows32AVX2(SB), NOSPLIT, $0-48
	LROWS_PROLOGUE(2, -32)

row:
	VBROADCASTSS (R10), Y0
	VBROADCASTSS (R11), Y1
	XORQ         AX, AX
	LOOPS4(LINEAR32AVX2_STEP, Y1, Y2, Y1, Y3, Y1, Y4, Y1, Y5, 32, 64, 96, 32, 8, LNEXT(4))

// func linearRows64AVX512(f, x *float64, n, rows int, kappa, mu *float64)
TEXT ·linearRows64AVX512(SB), NOSPLIT, $0-48
	LROWS_PROLOGUE(3, -32)

row:
	VBROADCASTSD (R10), Z0
	VBROADCASTSD (R11), Z1
	XORQ         AX, AX
	LOOPS4(LINEAR64AVX512_STEP, Z1, Z2, Z1, Z3, Z1, Z4, Z1, Z5, 64, 128, 192, 32, 8, LNEXT(8))

// func linearRows64AVX2(f, x *float64, n, rows int, kappa, mu *float64)
TEXT ·linearRows64AVX2(SB), NOSPLIT, $0-48
	LROWS_PROLOGUE(3, -16)

row:
	VBROADCASTSD (R10), Y0
	VBROADCASTSD (R11), Y1
	XORQ         AX, AX
	LOOPS4(LINEAR64AVX2_STEP, Y1, Y2, Y1, Y3, Y1, Y4, Y1, Y5, 32, 64, 96, 16, 4, LNEXT(8))
