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

// UNEXT(sz) ends a row of the ULA kernels over all rows, whose
// elements are 4 or 8 bytes: the pointers move to the next row (R13 is
// its length in bytes) and to its coefficients, and the kernel returns
// after the last row (R9 counts the rows left).
#define UNEXT(sz) \
	ADDQ R13, DI \
	ADDQ R13, SI \
	ADDQ R13, DX \
	ADDQ $sz, R10 \
	ADDQ $sz, R11 \
	DECQ R9      \
	JNZ  row     \
	VZEROUPPER   \
	RET

// UROWS_PROLOGUE loads the arguments of a ULA kernel over all rows,
// whose elements are 2^sz bytes; mask rounds n down to whole trips of
// four vectors.
#define UROWS_PROLOGUE(sz, mask) \
	MOVQ x+0(FP), DI      \
	MOVQ f+8(FP), SI      \
	MOVQ xi+16(FP), DX    \
	MOVQ n+24(FP), CX     \
	MOVQ rows+32(FP), R9  \
	MOVQ a+40(FP), R10    \
	MOVQ s+48(FP), R11    \
	MOVQ CX, R13          \
	SHLQ $sz, R13         \
	MOVQ CX, BX           \
	ANDQ $mask, BX

// The fused ULA kernels over all rows also write the force of a linear
// diagonal demon, f = kappa (mu - x), from the new x, and report whether
// any x is NaN or infinite: one pass does the work of StepULA,
// LinearForce and FirstNonFinite. The row's kappa and mu are broadcast to
// registers 11 and 12 (R12 and R14 point to them), and register 10 ors
// the bits of x - x, 0 for finite x and NaN otherwise.

// ULALIN_PS is ULA_PS followed by the force and the check.
#define ULALIN_PS(off, A, S, K, M, ACC, X, T) \
	ULA_PS(off, A, S, X, T);     \
	VSUBPS  X, M, T;             \
	VMULPS  T, K, T;             \
	VMOVUPS T, off(SI)(AX*4);    \
	VSUBPS  X, X, X;             \
	VORPS   X, ACC, ACC

#define ULALIN_PD(off, A, S, K, M, ACC, X, T) \
	ULA_PD(off, A, S, X, T);     \
	VSUBPD  X, M, T;             \
	VMULPD  T, K, T;             \
	VMOVUPD T, off(SI)(AX*8);    \
	VSUBPD  X, X, X;             \
	VORPD   X, ACC, ACC

#define ULALIN32AVX512_STEP(off, X, T) ULALIN_PS(off, Z0, Z1, Z11, Z12, Z10, X, T)
#define ULALIN64AVX512_STEP(off, X, T) ULALIN_PD(off, Z0, Z1, Z11, Z12, Z10, X, T)
#define ULALIN32AVX2_STEP(off, X, T) ULALIN_PS(off, Y0, Y1, Y11, Y12, Y10, X, T)
#define ULALIN64AVX2_STEP(off, X, T) ULALIN_PD(off, Y0, Y1, Y11, Y12, Y10, X, T)

// ULROW_START broadcasts a row's coefficients with BCAST to the registers
// of width V.
#define ULROW_START(BCAST, V0, V1, V11, V12) \
	BCAST (R10), V0  \
	BCAST (R11), V1  \
	BCAST (R12), V11 \
	BCAST (R14), V12 \
	XORQ  AX, AX

// ULNEXT ends a row of a fused ULA kernel of elements of sz bytes, as
// UNEXT, and after the last row runs FINISH (NAN512 or
// NAN256 on register 10) and returns its answer.
#define ULNEXT(sz, FINISH) \
	ADDQ R13, DI             \
	ADDQ R13, SI             \
	ADDQ R13, DX             \
	ADDQ $sz, R10            \
	ADDQ $sz, R11            \
	ADDQ $sz, R12            \
	ADDQ $sz, R14            \
	DECQ R9                  \
	JNZ  row                 \
	FINISH                   \
	TESTQ AX, AX             \
	SETNE nonFinite+72(FP)   \
	VZEROUPPER               \
	RET


// ULROWS_PROLOGUE is UROWS_PROLOGUE for the fused kernels, with the sums
// cleared (VXOR of the width).
#define ULROWS_PROLOGUE(sz, mask, VXOR, V10) \
	UROWS_PROLOGUE(sz, mask)   \
	MOVQ kappa+56(FP), R12     \
	MOVQ mu+64(FP), R14        \
	VXOR V10, V10, V10

// ROW1_PROLOGUE loads the arguments of a ULA kernel over one row,
// broadcasting a and s (at the offsets oa and os) with BCAST to V0 and
// V1; mask rounds n down to whole trips of four vectors.
#define ROW1_PROLOGUE(BCAST, V0, V1, oa, os, mask) \
	MOVQ  x+0(FP), DI \
	MOVQ  f+8(FP), SI \
	MOVQ  xi+16(FP), DX \
	MOVQ  n+24(FP), CX \
	XORQ  AX, AX \
	BCAST a+oa(FP), V0 \
	BCAST s+os(FP), V1 \
	MOVQ  CX, BX \
	ANDQ  $mask, BX

// func ula32AVX512(x, f, xi *float32, n int, a, s float32)
TEXT ·ula32AVX512(SB), NOSPLIT, $0-40
	ROW1_PROLOGUE(VBROADCASTSS, Z0, Z1, 32, 36, -64)

	LOOPS4(ULA32AVX512_STEP, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, 64, 128, 192, 64, 16, LOOPRET)

#define ULA32AVX2_STEP(off, X, T) ULA_PS(off, Y0, Y1, X, T)

// func ula32AVX2(x, f, xi *float32, n int, a, s float32)
TEXT ·ula32AVX2(SB), NOSPLIT, $0-40
	ROW1_PROLOGUE(VBROADCASTSS, Y0, Y1, 32, 36, -32)

	LOOPS4(ULA32AVX2_STEP, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 32, 64, 96, 32, 8, LOOPRET)

#define ULA64AVX512_STEP(off, X, T) ULA_PD(off, Z0, Z1, X, T)

// func ula64AVX512(x, f, xi *float64, n int, a, s float64)
TEXT ·ula64AVX512(SB), NOSPLIT, $0-48
	ROW1_PROLOGUE(VBROADCASTSD, Z0, Z1, 32, 40, -32)

	LOOPS4(ULA64AVX512_STEP, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, 64, 128, 192, 32, 8, LOOPRET)

#define ULA64AVX2_STEP(off, X, T) ULA_PD(off, Y0, Y1, X, T)

// func ula64AVX2(x, f, xi *float64, n int, a, s float64)
TEXT ·ula64AVX2(SB), NOSPLIT, $0-48
	ROW1_PROLOGUE(VBROADCASTSD, Y0, Y1, 32, 40, -16)

	LOOPS4(ULA64AVX2_STEP, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 32, 64, 96, 16, 4, LOOPRET)

// func ulaRows32AVX512(x, f, xi *float32, n, rows int, a, s *float32)
TEXT ·ulaRows32AVX512(SB), NOSPLIT, $0-56
	UROWS_PROLOGUE(2, -64)

row:
	VBROADCASTSS (R10), Z0
	VBROADCASTSS (R11), Z1
	XORQ         AX, AX
	LOOPS4(ULA32AVX512_STEP, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, 64, 128, 192, 64, 16, UNEXT(4))

// func ulaRows32AVX2(x, f, xi *float32, n, rows int, a, s *float32)
TEXT ·ulaRows32AVX2(SB), NOSPLIT, $0-56
	UROWS_PROLOGUE(2, -32)

row:
	VBROADCASTSS (R10), Y0
	VBROADCASTSS (R11), Y1
	XORQ         AX, AX
	LOOPS4(ULA32AVX2_STEP, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 32, 64, 96, 32, 8, UNEXT(4))

// func ulaRows64AVX512(x, f, xi *float64, n, rows int, a, s *float64)
TEXT ·ulaRows64AVX512(SB), NOSPLIT, $0-56
	UROWS_PROLOGUE(3, -32)

row:
	VBROADCASTSD (R10), Z0
	VBROADCASTSD (R11), Z1
	XORQ         AX, AX
	LOOPS4(ULA64AVX512_STEP, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, 64, 128, 192, 32, 8, UNEXT(8))

// func ulaRows64AVX2(x, f, xi *float64, n, rows int, a, s *float64)
TEXT ·ulaRows64AVX2(SB), NOSPLIT, $0-56
	UROWS_PROLOGUE(3, -16)

row:
	VBROADCASTSD (R10), Y0
	VBROADCASTSD (R11), Y1
	XORQ         AX, AX
	LOOPS4(ULA64AVX2_STEP, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 32, 64, 96, 16, 4, UNEXT(8))

// func ulaLinRows32AVX512(x, f, xi *float32, n, rows int, a, s, kappa, mu *float32) (nonFinite bool)
TEXT ·ulaLinRows32AVX512(SB), NOSPLIT, $0-73
	ULROWS_PROLOGUE(2, -64, VPXORD, Z10)

row:
	ULROW_START(VBROADCASTSS, Z0, Z1, Z11, Z12)
	LOOPS4(ULALIN32AVX512_STEP, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, 64, 128, 192, 64, 16, ULNEXT(4, NAN512(VCMPPS, Z10)))

// func ulaLinRows32AVX2(x, f, xi *float32, n, rows int, a, s, kappa, mu *float32) (nonFinite bool)
TEXT ·ulaLinRows32AVX2(SB), NOSPLIT, $0-73
	ULROWS_PROLOGUE(2, -32, VPXOR, Y10)

row:
	ULROW_START(VBROADCASTSS, Y0, Y1, Y11, Y12)
	LOOPS4(ULALIN32AVX2_STEP, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 32, 64, 96, 32, 8, ULNEXT(4, NAN256(VCMPPS, VMOVMSKPS, Y10)))

// func ulaLinRows64AVX512(x, f, xi *float64, n, rows int, a, s, kappa, mu *float64) (nonFinite bool)
TEXT ·ulaLinRows64AVX512(SB), NOSPLIT, $0-73
	ULROWS_PROLOGUE(3, -32, VPXORQ, Z10)

row:
	ULROW_START(VBROADCASTSD, Z0, Z1, Z11, Z12)
	LOOPS4(ULALIN64AVX512_STEP, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, 64, 128, 192, 32, 8, ULNEXT(8, NAN512(VCMPPD, Z10)))

// func ulaLinRows64AVX2(x, f, xi *float64, n, rows int, a, s, kappa, mu *float64) (nonFinite bool)
TEXT ·ulaLinRows64AVX2(SB), NOSPLIT, $0-73
	ULROWS_PROLOGUE(3, -16, VPXOR, Y10)

row:
	ULROW_START(VBROADCASTSD, Y0, Y1, Y11, Y12)
	LOOPS4(ULALIN64AVX2_STEP, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 32, 64, 96, 16, 4, ULNEXT(8, NAN256(VCMPPD, VMOVMSKPD, Y10)))
