//go:build gc && !purego && !noasm

#include "textflag.h"
#include "loops_amd64.h"

// The BAOAB kernels keep x in DI, p in SI, f in DX, xi in R8 and the
// element count n in CX, and index elements with AX. The row's
// coefficients hh, a, c1 and c2 are broadcast to registers 0 to 3 of the
// vector width in use; every other vector register is scratch.
//
// Each kernel runs one loop of four vectors a trip and one of single
// vectors for the rest, in two copies: one that opens the step with one
// kick and one that also closes the previous step with a second.

// KICK_PS loads p at byte offset off into P and adds hh*f, left in T.
#define KICK_PS(off, HH, P, T) \
	VMOVUPS off(SI)(AX*4), P;     \
	VMULPS  off(DX)(AX*4), HH, T; \
	VADDPS T, P, P

// AOA_PS takes the kicked p in P through x += a p, p = c1 p + c2 xi,
// x += a p, and stores p and x at byte offset off.
#define AOA_PS(off, A, C1, C2, P, X, T) \
	VMULPS  P, A, T;              \
	VMOVUPS off(DI)(AX*4), X;     \
	VADDPS  T, X, X;              \
	VMULPS  P, C1, P;             \
	VMULPS  off(R8)(AX*4), C2, T; \
	VADDPS  T, P, P;              \
	VMULPS  P, A, T;              \
	VADDPS  T, X, X;              \
	VMOVUPS P, off(SI)(AX*4);     \
	VMOVUPS X, off(DI)(AX*4)

#define KICK_PD(off, HH, P, T) \
	VMOVUPD off(SI)(AX*8), P;     \
	VMULPD  off(DX)(AX*8), HH, T; \
	VADDPD T, P, P

#define AOA_PD(off, A, C1, C2, P, X, T) \
	VMULPD  P, A, T;              \
	VMOVUPD off(DI)(AX*8), X;     \
	VADDPD  T, X, X;              \
	VMULPD  P, C1, P;             \
	VMULPD  off(R8)(AX*8), C2, T; \
	VADDPD  T, P, P;              \
	VMULPD  P, A, T;              \
	VADDPD  T, X, X;              \
	VMOVUPD P, off(SI)(AX*8);     \
	VMOVUPD X, off(DI)(AX*8)

// BAOAB_LOOPS is the body of every kernel after its prologue: the
// loops described above, for the vector registers V0-V15 (V0-V3 the
// coefficients), vectors of o1 bytes and s1 elements, four vectors
// (s4 elements, byte offsets o1, o2, o3) a trip, with the kick, drift
// and add of the precision: KICK_PS, AOA_PS and VADDPS or their PD
// counterparts. END follows the last element: LOOPRET, or NEXTROW in
// the kernels over all rows.
#define BAOAB_LOOPS(KICK, AOA, VADD, V0, V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14, V15, o1, o2, o3, s4, s1, LIN, K, M, A0, A1, END) \
open4:                                          \
	CMPQ AX, BX                                 \
	JEQ  open1                                  \
	TRIP4(KICK, AOA, V0, V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14, V15, o1, o2, o3, LIN, K, M, A0, A1, NOCLOSE4) \
	ADDQ $s4, AX                                \
	JMP  open4                                  \
open1:                                          \
	CMPQ AX, CX                                 \
	JEQ  done                                   \
	TRIP1(KICK, AOA, V0, V1, V2, V3, V4, V5, V6, LIN, K, M, A0, NOCLOSE1) \
	ADDQ $s1, AX                                \
	JMP  open1                                  \
close4:                                         \
	CMPQ AX, BX                                 \
	JEQ  close1                                 \
	TRIP4(KICK, AOA, V0, V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14, V15, o1, o2, o3, LIN, K, M, A0, A1, CLOSE4(VADD, V4, V5, V7, V8, V10, V11, V13, V14)) \
	ADDQ $s4, AX                                \
	JMP  close4                                 \
close1:                                         \
	CMPQ AX, CX                                 \
	JEQ  done                                   \
	TRIP1(KICK, AOA, V0, V1, V2, V3, V4, V5, V6, LIN, K, M, A0, CLOSE1(VADD, V4, V5)) \
	ADDQ $s1, AX                                \
	JMP  close1                                 \
done:                                           \
	END

// TRIP4 and TRIP1 step four vectors and one: kick (and CLOSE, the
// previous step's closing kick in the close copies), drift, O-step and
// drift, then LIN.
#define TRIP4(KICK, AOA, V0, V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14, V15, o1, o2, o3, LIN, K, M, A0, A1, CLOSE) \
	KICK(0, V0, V4, V5)                         \
	KICK(o1, V0, V7, V8)                        \
	KICK(o2, V0, V10, V11)                      \
	KICK(o3, V0, V13, V14)                      \
	CLOSE                                       \
	AOA(0, V1, V2, V3, V4, V6, V5)              \
	LIN(0, K, M, A0, V6, V5)                    \
	AOA(o1, V1, V2, V3, V7, V9, V8)             \
	LIN(o1, K, M, A1, V9, V8)                   \
	AOA(o2, V1, V2, V3, V10, V12, V11)          \
	LIN(o2, K, M, A0, V12, V11)                 \
	AOA(o3, V1, V2, V3, V13, V15, V14)          \
	LIN(o3, K, M, A1, V15, V14)

#define TRIP1(KICK, AOA, V0, V1, V2, V3, V4, V5, V6, LIN, K, M, A0, CLOSE) \
	KICK(0, V0, V4, V5)                         \
	CLOSE                                       \
	AOA(0, V1, V2, V3, V4, V6, V5)              \
	LIN(0, K, M, A0, V6, V5)

// CLOSE4 and CLOSE1 add the kicks hh f, left in T0..T3, to the momenta
// P0..P3 again; NOCLOSE4 and NOCLOSE1 add nothing.
#define CLOSE4(VADD, P0, T0, P1, T1, P2, T2, P3, T3) \
	VADD T0, P0, P0; \
	VADD T1, P1, P1; \
	VADD T2, P2, P2; \
	VADD T3, P3, P3

#define CLOSE1(VADD, P0, T0) VADD T0, P0, P0
#define NOCLOSE4
#define NOCLOSE1

// LIN_PS follows the step of the fused kernels: it writes the force
// f = k (m - x) of the new x in X to byte offset off, and adds x - x, 0
// for finite x and NaN otherwise, to ACC. X and T are clobbered. NOLIN,
// for the other kernels, does nothing.
#define LIN_PS(off, K, M, ACC, X, T) \
	VSUBPS  X, M, T;          \
	VMULPS  T, K, T;          \
	VMOVUPS T, off(DX)(AX*4); \
	VSUBPS  X, X, X;          \
	VADDPS  X, ACC, ACC

#define LIN_PD(off, K, M, ACC, X, T) \
	VSUBPD  X, M, T;          \
	VMULPD  T, K, T;          \
	VMOVUPD T, off(DX)(AX*8); \
	VSUBPD  X, X, X;          \
	VADDPD  X, ACC, ACC

#define NOLIN(off, K, M, ACC, X, T)

// NEXTROW(sz) ends a row of the kernels over all rows, whose
// elements are 4 or 8 bytes: the pointers move to the next row (R13 is
// the row's length in bytes) and to its coefficients, and the kernel
// returns after the last row (R9 counts the rows left).
#define NEXTROW(sz) \
	ADDQ R13, DI \
	ADDQ R13, SI \
	ADDQ R13, DX \
	ADDQ R13, R8 \
	ADDQ $sz, R10 \
	ADDQ $sz, R11 \
	ADDQ $sz, R12 \
	DECQ R9      \
	JNZ  row     \
	VZEROUPPER   \
	RET

// ROWS_PROLOGUE loads the arguments of a kernel over all rows, whose
// elements are sz bytes, broadcasting hh with BCAST to H; mask rounds n
// down to whole trips of four vectors.
#define ROWS_PROLOGUE(BCAST, H, sz, mask) \
	MOVQ  x+0(FP), DI     \
	MOVQ  p+8(FP), SI     \
	MOVQ  f+16(FP), DX    \
	MOVQ  xi+24(FP), R8   \
	MOVQ  n+32(FP), CX    \
	MOVQ  rows+40(FP), R9 \
	BCAST hh+48(FP), H    \
	MOVQ  a+56(FP), R10   \
	MOVQ  c1+64(FP), R11  \
	MOVQ  c2+72(FP), R12  \
	MOVQ  CX, R13         \
	SHLQ  $sz, R13        \
	MOVQ  CX, BX          \
	ANDQ  $mask, BX

// ROW_START broadcasts the row's coefficients and chooses the loops.
#define ROW_START(BCAST, A, C1, C2) \
	BCAST (R10), A               \
	BCAST (R11), C1              \
	BCAST (R12), C2              \
	XORQ  AX, AX                 \
	CMPB  closePrev+80(FP), $0   \
	JNE   close4

// The fused kernels over all rows also write the force of a linear
// diagonal demon, f = kappa (mu - x) row by row, from the new x, and
// report whether any x may be NaN or infinite: one pass over the state
// does the work of StepBAOAB, LinearForce and FirstNonFinite. R14 and
// R15 point to the row's kappa and mu; the sums of x - x are kept in two
// registers past the coefficients.

// LIN_ROW_START is ROW_START for the fused kernels, with kappa and mu
// broadcast to K and M.
#define LIN_ROW_START(BCAST, A, C1, C2, K, M) \
	BCAST (R10), A               \
	BCAST (R11), C1              \
	BCAST (R12), C2              \
	BCAST (R14), K               \
	BCAST (R15), M               \
	XORQ  AX, AX                 \
	CMPB  closePrev+96(FP), $0   \
	JNE   close4

// LIN_NEXTROW ends a row of a fused kernel of elements of sz bytes, as
// NEXTROW, and after the last row runs FINISH (NAN512 or
// NAN256) and returns its answer.
#define LIN_NEXTROW(sz, FINISH) \
	ADDQ R13, DI                  \
	ADDQ R13, SI                  \
	ADDQ R13, DX                  \
	ADDQ R13, R8                  \
	ADDQ $sz, R10                 \
	ADDQ $sz, R11                 \
	ADDQ $sz, R12                 \
	ADDQ $sz, R14                 \
	ADDQ $sz, R15                 \
	DECQ R9                       \
	JNZ  row                      \
	FINISH                        \
	TESTQ AX, AX                  \
	SETNE nonFinite+104(FP)       \
	VZEROUPPER                    \
	RET

// SUM2 adds the two sums of the AVX-512 fused kernels before NAN512.
#define SUM2(VADD, VCMP, A0, A1) \
	VADD A1, A0, A0 \
	NAN512(VCMP, A0)

// The AVX2 fused kernels have no register left for kappa, mu and the
// sum, so they keep hh, kappa and mu broadcast in their frame, at 0(SP),
// 32(SP) and 64(SP), and the sum (an or) where hh was: KICKM and LINM
// read them there, a load more per vector each.
#define KICKM_PS(off, HH, P, T) \
	VMOVUPS off(SI)(AX*4), P;     \
	VMOVUPS off(DX)(AX*4), T;     \
	VMULPS  HH, T, T;             \
	VADDPS  T, P, P

#define KICKM_PD(off, HH, P, T) \
	VMOVUPD off(SI)(AX*8), P;     \
	VMOVUPD off(DX)(AX*8), T;     \
	VMULPD  HH, T, T;             \
	VADDPD  T, P, P

#define LINM_PS(off, K, M, ACC, X, T) \
	VMOVUPS M, T;             \
	VSUBPS  X, T, T;          \
	VMULPS  K, T, T;          \
	VMOVUPS T, off(DX)(AX*4); \
	VSUBPS  X, X, X;          \
	VORPS   X, ACC, ACC

#define LINM_PD(off, K, M, ACC, X, T) \
	VMOVUPD M, T;             \
	VSUBPD  X, T, T;          \
	VMULPD  K, T, T;          \
	VMOVUPD T, off(DX)(AX*8); \
	VSUBPD  X, X, X;          \
	VORPD   X, ACC, ACC

// LINM_ROW_START is LIN_ROW_START for the AVX2 fused kernels: kappa and
// mu go to the frame by way of T.
#define LINM_ROW_START(BCAST, A, C1, C2, T) \
	BCAST   (R10), A             \
	BCAST   (R11), C1            \
	BCAST   (R12), C2            \
	BCAST   (R14), T             \
	VMOVUPS T, 32(SP)            \
	BCAST   (R15), T             \
	VMOVUPS T, 64(SP)            \
	XORQ    AX, AX               \
	CMPB    closePrev+96(FP), $0 \
	JNE     close4

// ROW1_PROLOGUE loads the arguments of a kernel over one row, whose
// coefficients hh, a, c1 and c2 are at the offsets ohh, oa, oc1 and oc2
// and closePrev at ocp, broadcasting the coefficients with BCAST to V0-V3;
// mask rounds n down to whole trips of four vectors. It jumps to the
// close copy of the loops if closePrev is set.
#define ROW1_PROLOGUE(BCAST, V0, V1, V2, V3, ohh, oa, oc1, oc2, ocp, mask) \
	MOVQ  x+0(FP), DI          \
	MOVQ  p+8(FP), SI          \
	MOVQ  f+16(FP), DX         \
	MOVQ  xi+24(FP), R8        \
	MOVQ  n+32(FP), CX         \
	XORQ  AX, AX               \
	BCAST hh+ohh(FP), V0       \
	BCAST a+oa(FP), V1         \
	BCAST c1+oc1(FP), V2       \
	BCAST c2+oc2(FP), V3       \
	MOVQ  CX, BX               \
	ANDQ  $mask, BX            \
	CMPB  closePrev+ocp(FP), $0 \
	JNE   close4

// func baoab32AVX512(x, p, f, xi *float32, n int, hh, a, c1, c2 float32, closePrev bool)
TEXT ·baoab32AVX512(SB), NOSPLIT, $0-57
	ROW1_PROLOGUE(VBROADCASTSS, Z0, Z1, Z2, Z3, 40, 44, 48, 52, 56, -64)

	BAOAB_LOOPS(KICK_PS, AOA_PS, VADDPS, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15, 64, 128, 192, 64, 16, NOLIN, _, _, _, _, LOOPRET)

// func baoab32AVX2(x, p, f, xi *float32, n int, hh, a, c1, c2 float32, closePrev bool)
TEXT ·baoab32AVX2(SB), NOSPLIT, $0-57
	ROW1_PROLOGUE(VBROADCASTSS, Y0, Y1, Y2, Y3, 40, 44, 48, 52, 56, -32)

	BAOAB_LOOPS(KICK_PS, AOA_PS, VADDPS, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15, 32, 64, 96, 32, 8, NOLIN, _, _, _, _, LOOPRET)

// func baoab64AVX512(x, p, f, xi *float64, n int, hh, a, c1, c2 float64, closePrev bool)
TEXT ·baoab64AVX512(SB), NOSPLIT, $0-73
	ROW1_PROLOGUE(VBROADCASTSD, Z0, Z1, Z2, Z3, 40, 48, 56, 64, 72, -32)

	BAOAB_LOOPS(KICK_PD, AOA_PD, VADDPD, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15, 64, 128, 192, 32, 8, NOLIN, _, _, _, _, LOOPRET)

// func baoab64AVX2(x, p, f, xi *float64, n int, hh, a, c1, c2 float64, closePrev bool)
TEXT ·baoab64AVX2(SB), NOSPLIT, $0-73
	ROW1_PROLOGUE(VBROADCASTSD, Y0, Y1, Y2, Y3, 40, 48, 56, 64, 72, -16)

	BAOAB_LOOPS(KICK_PD, AOA_PD, VADDPD, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15, 32, 64, 96, 16, 4, NOLIN, _, _, _, _, LOOPRET)

// func baoabRows32AVX512(x, p, f, xi *float32, n, rows int, hh float32, a, c1, c2 *float32, closePrev bool)
TEXT ·baoabRows32AVX512(SB), NOSPLIT, $0-81
	ROWS_PROLOGUE(VBROADCASTSS, Z0, 2, -64)

row:
	ROW_START(VBROADCASTSS, Z1, Z2, Z3)
	BAOAB_LOOPS(KICK_PS, AOA_PS, VADDPS, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15, 64, 128, 192, 64, 16, NOLIN, _, _, _, _, NEXTROW(4))

// func baoabRows32AVX2(x, p, f, xi *float32, n, rows int, hh float32, a, c1, c2 *float32, closePrev bool)
TEXT ·baoabRows32AVX2(SB), NOSPLIT, $0-81
	ROWS_PROLOGUE(VBROADCASTSS, Y0, 2, -32)

row:
	ROW_START(VBROADCASTSS, Y1, Y2, Y3)
	BAOAB_LOOPS(KICK_PS, AOA_PS, VADDPS, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15, 32, 64, 96, 32, 8, NOLIN, _, _, _, _, NEXTROW(4))

// func baoabRows64AVX512(x, p, f, xi *float64, n, rows int, hh float64, a, c1, c2 *float64, closePrev bool)
TEXT ·baoabRows64AVX512(SB), NOSPLIT, $0-81
	ROWS_PROLOGUE(VBROADCASTSD, Z0, 3, -32)

row:
	ROW_START(VBROADCASTSD, Z1, Z2, Z3)
	BAOAB_LOOPS(KICK_PD, AOA_PD, VADDPD, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15, 64, 128, 192, 32, 8, NOLIN, _, _, _, _, NEXTROW(8))

// func baoabRows64AVX2(x, p, f, xi *float64, n, rows int, hh float64, a, c1, c2 *float64, closePrev bool)
TEXT ·baoabRows64AVX2(SB), NOSPLIT, $0-81
	ROWS_PROLOGUE(VBROADCASTSD, Y0, 3, -16)

row:
	ROW_START(VBROADCASTSD, Y1, Y2, Y3)
	BAOAB_LOOPS(KICK_PD, AOA_PD, VADDPD, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15, 32, 64, 96, 16, 4, NOLIN, _, _, _, _, NEXTROW(8))

// func baoabLinRows32AVX512(x, p, f, xi *float32, n, rows int, hh float32, a, c1, c2, kappa, mu *float32, closePrev bool) (nonFinite bool)
TEXT ·baoabLinRows32AVX512(SB), NOSPLIT, $0-105
	ROWS_PROLOGUE(VBROADCASTSS, Z0, 2, -64)
	MOVQ   kappa+80(FP), R14
	MOVQ   mu+88(FP), R15
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19

row:
	LIN_ROW_START(VBROADCASTSS, Z1, Z2, Z3, Z16, Z17)
	BAOAB_LOOPS(KICK_PS, AOA_PS, VADDPS, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15, 64, 128, 192, 64, 16, LIN_PS, Z16, Z17, Z18, Z19, LIN_NEXTROW(4, SUM2(VADDPS, VCMPPS, Z18, Z19)))

// func baoabLinRows64AVX512(x, p, f, xi *float64, n, rows int, hh float64, a, c1, c2, kappa, mu *float64, closePrev bool) (nonFinite bool)
TEXT ·baoabLinRows64AVX512(SB), NOSPLIT, $0-105
	ROWS_PROLOGUE(VBROADCASTSD, Z0, 3, -32)
	MOVQ   kappa+80(FP), R14
	MOVQ   mu+88(FP), R15
	VPXORQ Z18, Z18, Z18
	VPXORQ Z19, Z19, Z19

row:
	LIN_ROW_START(VBROADCASTSD, Z1, Z2, Z3, Z16, Z17)
	BAOAB_LOOPS(KICK_PD, AOA_PD, VADDPD, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15, 64, 128, 192, 32, 8, LIN_PD, Z16, Z17, Z18, Z19, LIN_NEXTROW(8, SUM2(VADDPD, VCMPPD, Z18, Z19)))

// func baoabLinRows32AVX2(x, p, f, xi *float32, n, rows int, hh float32, a, c1, c2, kappa, mu *float32, closePrev bool) (nonFinite bool)
TEXT ·baoabLinRows32AVX2(SB), NOSPLIT, $96-105
	ROWS_PROLOGUE(VBROADCASTSS, Y0, 2, -32)
	VMOVUPS Y0, 0(SP)
	MOVQ    kappa+80(FP), R14
	MOVQ    mu+88(FP), R15
	VXORPS  Y0, Y0, Y0

row:
	LINM_ROW_START(VBROADCASTSS, Y1, Y2, Y3, Y4)
	BAOAB_LOOPS(KICKM_PS, AOA_PS, VADDPS, 0(SP), Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15, 32, 64, 96, 32, 8, LINM_PS, 32(SP), 64(SP), Y0, Y0, LIN_NEXTROW(4, NAN256(VCMPPS, VMOVMSKPS, Y0)))

// func baoabLinRows64AVX2(x, p, f, xi *float64, n, rows int, hh float64, a, c1, c2, kappa, mu *float64, closePrev bool) (nonFinite bool)
TEXT ·baoabLinRows64AVX2(SB), NOSPLIT, $96-105
	ROWS_PROLOGUE(VBROADCASTSD, Y0, 3, -16)
	VMOVUPD Y0, 0(SP)
	MOVQ    kappa+80(FP), R14
	MOVQ    mu+88(FP), R15
	VXORPD  Y0, Y0, Y0

row:
	LINM_ROW_START(VBROADCASTSD, Y1, Y2, Y3, Y4)
	BAOAB_LOOPS(KICKM_PD, AOA_PD, VADDPD, 0(SP), Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15, 32, 64, 96, 16, 4, LINM_PD, 32(SP), 64(SP), Y0, Y0, LIN_NEXTROW(8, NAN256(VCMPPD, VMOVMSKPD, Y0)))
