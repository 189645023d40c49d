//go:build gc && !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// The BAOAB kernels keep x in R0, p in R1, f in R2, xi in R3 and the
// element count n in R4, and step the pointers as they go. The row's
// coefficients hh, a, c1 and c2 are broadcast to V0 to V3. A trip of the
// main loop holds four vectors of p in V4-V7, of f in V8-V11, of x in
// V12-V15 and of xi in V16-V19, with V20-V23 as scratch; the single-vector
// loop uses the first register of each group.
//
// Each kernel runs in two copies: one that opens the step with one kick
// and one that also closes the previous step with a second.
//
// The fused kernels also write the force of a linear diagonal demon, f =
// kappa (mu - x), from the new x, with kappa and mu broadcast to V24 and
// V25, and or the bits of x - x (0 for finite x, NaN otherwise) into V26.

// KICK_S4 sets Vf = hh f and Vp = p + hh f.
#define KICK_S4(p, f) \
	VFMUL_S4(f, 0, f); \
	VFADD_S4(f, p, p)

// AOA_S4 takes the kicked p in Vp through x += a p, p = c1 p + c2 xi,
// x += a p, with x in Vx, xi in Vz and Vt as scratch.
#define AOA_S4(p, x, z, t) \
	VFMUL_S4(p, 1, t); \
	VFADD_S4(t, x, x); \
	VFMUL_S4(p, 2, p); \
	VFMUL_S4(z, 3, z); \
	VFADD_S4(z, p, p); \
	VFMUL_S4(p, 1, t); \
	VFADD_S4(t, x, x)

#define KICK_D2(p, f) \
	VFMUL_D2(f, 0, f); \
	VFADD_D2(f, p, p)

#define AOA_D2(p, x, z, t) \
	VFMUL_D2(p, 1, t); \
	VFADD_D2(t, x, x); \
	VFMUL_D2(p, 2, p); \
	VFMUL_D2(z, 3, z); \
	VFADD_D2(z, p, p); \
	VFMUL_D2(p, 1, t); \
	VFADD_D2(t, x, x)

// BAOAB_LOOPS is the body of every kernel after its prologue, for the
// arrangement A (S4 or D2) with the kick, drift and add of the
// precision. A trip of the main loop loads f with LDF4 and ends with
// END4, a single vector with LDF1 and END1: PLAIN_F4 and PLAIN_F1 read f
// and move on, LIN4 and LIN1 write the force and check x. The trips of
// the copy that closes the previous step add the second kick (CLOSE4,
// CLOSE1) where the other copy adds nothing (NOEND).
#define BAOAB_LOOPS(A, KICK, AOA, VFADD, LDF4, END4, LDF1, END1) \
open4:                                                     \
	CBZ    R5, open1                                       \
	TRIP4(A, KICK, AOA, LDF4, NOEND, END4)                 \
	SUB    $1, R5                                          \
	B      open4                                           \
open1:                                                     \
	CBZ    R6, done                                        \
	TRIP1(A, KICK, AOA, LDF1, NOEND, END1)                 \
	SUB    $1, R6                                          \
	B      open1                                           \
close4:                                                    \
	CBZ    R5, close1                                      \
	TRIP4(A, KICK, AOA, LDF4, CLOSE4(VFADD), END4)         \
	SUB    $1, R5                                          \
	B      close4                                          \
close1:                                                    \
	CBZ    R6, done                                        \
	TRIP1(A, KICK, AOA, LDF1, CLOSE1(VFADD), END1)         \
	SUB    $1, R6                                          \
	B      close1                                          \
done:

// TRIP4 and TRIP1 step four vectors and one: load, kick (and CLOSE),
// drift and O-step, store, END.
#define TRIP4(A, KICK, AOA, LDF4, CLOSE, END4) \
	VLD1   (R1), [V4.A, V5.A, V6.A, V7.A]                 \
	LDF4                                                   \
	VLD1   (R0), [V12.A, V13.A, V14.A, V15.A]             \
	VLD1.P 64(R3), [V16.A, V17.A, V18.A, V19.A]           \
	KICK(4, 8)                                             \
	KICK(5, 9)                                             \
	KICK(6, 10)                                            \
	KICK(7, 11)                                            \
	CLOSE                                                  \
	AOA(4, 12, 16, 20)                                     \
	AOA(5, 13, 17, 21)                                     \
	AOA(6, 14, 18, 22)                                     \
	AOA(7, 15, 19, 23)                                     \
	VST1.P [V4.A, V5.A, V6.A, V7.A], 64(R1)               \
	VST1.P [V12.A, V13.A, V14.A, V15.A], 64(R0)           \
	END4

#define TRIP1(A, KICK, AOA, LDF1, CLOSE, END1) \
	VLD1   (R1), [V4.A]                                    \
	LDF1                                                   \
	VLD1   (R0), [V12.A]                                   \
	VLD1.P 16(R3), [V16.A]                                 \
	KICK(4, 8)                                             \
	CLOSE                                                  \
	AOA(4, 12, 16, 20)                                     \
	VST1.P [V4.A], 16(R1)                                  \
	VST1.P [V12.A], 16(R0)                                 \
	END1

// CLOSE4 and CLOSE1 add the kicks hh f again: the previous step's
// closing B.
#define CLOSE4(VFADD) \
	VFADD(8, 4, 4);  \
	VFADD(9, 5, 5);  \
	VFADD(10, 6, 6); \
	VFADD(11, 7, 7)

#define CLOSE1(VFADD) VFADD(8, 4, 4)

// PLAIN_F4 and PLAIN_F1 read f for the plain kernels; NOEND is their
// end of a trip.
#define PLAIN_F4(A) VLD1.P 64(R2), [V8.A, V9.A, V10.A, V11.A]
#define PLAIN_F1(A) VLD1.P 16(R2), [V8.A]
#define NOEND

// LIN_F4 and LIN_F1 read f for the fused kernels, which write it back.
#define LIN_F4(A) VLD1 (R2), [V8.A, V9.A, V10.A, V11.A]
#define LIN_F1(A) VLD1 (R2), [V8.A]

// LIN_V sets Vf = kappa (mu - x) for the x in Vx and ors x - x into V26
// by way of Vt (named VT), with the subtraction and product of the
// precision.
#define LIN_V(VFSUB, VFMUL, x, f, t, VT) \
	VFSUB(x, 25, f); \
	VFMUL(24, f, f); \
	VFSUB(x, x, t);  \
	VORR  VT.B16, V26.B16, V26.B16

// LIN_END4 and LIN_END1 end a trip of a fused kernel: the force of the
// new x, the check, and the store of f.
#define LIN_END4(VFSUB, VFMUL, A) \
	LIN_V(VFSUB, VFMUL, 12, 8, 16, V16);  \
	LIN_V(VFSUB, VFMUL, 13, 9, 17, V17);  \
	LIN_V(VFSUB, VFMUL, 14, 10, 18, V18); \
	LIN_V(VFSUB, VFMUL, 15, 11, 19, V19); \
	VST1.P [V8.A, V9.A, V10.A, V11.A], 64(R2)

#define LIN_END1(VFSUB, VFMUL, A) \
	LIN_V(VFSUB, VFMUL, 12, 8, 16, V16); \
	VST1.P [V8.A], 16(R2)

// PROLOGUE loads the arguments of a kernel whose coefficients are read
// with FMOV at the offsets ohh, oa, oc1 and oc2 and broadcast to lanes
// of arrangement A (from lane L), and whose closePrev is at ocp; trips
// of four vectors are n >> sh4 and single vectors after them (n & m4)
// >> sh1.
#define PROLOGUE(FMOV, A, L, ohh, oa, oc1, oc2, ocp, sh4, m4, sh1) \
	MOVD  x+0(FP), R0              \
	MOVD  p+8(FP), R1              \
	MOVD  f+16(FP), R2             \
	MOVD  xi+24(FP), R3            \
	MOVD  n+32(FP), R4             \
	FMOV  hh+ohh(FP), F0           \
	FMOV  a+oa(FP), F1             \
	FMOV  c1+oc1(FP), F2           \
	FMOV  c2+oc2(FP), F3           \
	MOVBU closePrev+ocp(FP), R7    \
	DUP4(A, L)                     \
	TRIPS(R4, sh4, m4, sh1)

// LIN_PROLOGUE adds kappa and mu, at okappa and omu, to PROLOGUE and
// clears V26.
#define LIN_PROLOGUE(FMOV, A, L, okappa, omu) \
	FMOV kappa+okappa(FP), F24     \
	FMOV mu+omu(FP), F25           \
	VDUP V24.L[0], V24.A           \
	VDUP V25.L[0], V25.A           \
	VEOR V26.B16, V26.B16, V26.B16

// LIN_RESULT returns whether a lane of V26 is nonzero, a NaN.
#define LIN_RESULT(oret) \
	VMOV V26.D[0], R8            \
	VMOV V26.D[1], R9            \
	ORR  R8, R9, R9              \
	CMP  $0, R9                  \
	CSET NE, R9                  \
	MOVB R9, nonFinite+oret(FP)  \
	RET

// func baoab32NEON(x, p, f, xi *float32, n int, hh, a, c1, c2 float32, closePrev bool)
TEXT ·baoab32NEON(SB), NOSPLIT, $0-57
	PROLOGUE(FMOVS, S4, S, 40, 44, 48, 52, 56, 4, 15, 2)
	CBNZ R7, close4
	BAOAB_LOOPS(S4, KICK_S4, AOA_S4, VFADD_S4, PLAIN_F4(S4), NOEND, PLAIN_F1(S4), NOEND)
	RET

// func baoab64NEON(x, p, f, xi *float64, n int, hh, a, c1, c2 float64, closePrev bool)
TEXT ·baoab64NEON(SB), NOSPLIT, $0-73
	PROLOGUE(FMOVD, D2, D, 40, 48, 56, 64, 72, 3, 7, 1)
	CBNZ R7, close4
	BAOAB_LOOPS(D2, KICK_D2, AOA_D2, VFADD_D2, PLAIN_F4(D2), NOEND, PLAIN_F1(D2), NOEND)
	RET

// func baoabLin32NEON(x, p, f, xi *float32, n int, hh, a, c1, c2, kappa, mu float32, closePrev bool) (nonFinite bool)
TEXT ·baoabLin32NEON(SB), NOSPLIT, $0-73
	PROLOGUE(FMOVS, S4, S, 40, 44, 48, 52, 64, 4, 15, 2)
	LIN_PROLOGUE(FMOVS, S4, S, 56, 60)
	CBNZ R7, close4
	BAOAB_LOOPS(S4, KICK_S4, AOA_S4, VFADD_S4, LIN_F4(S4), LIN_END4(VFSUB_S4, VFMUL_S4, S4), LIN_F1(S4), LIN_END1(VFSUB_S4, VFMUL_S4, S4))
	LIN_RESULT(72)

// func baoabLin64NEON(x, p, f, xi *float64, n int, hh, a, c1, c2, kappa, mu float64, closePrev bool) (nonFinite bool)
TEXT ·baoabLin64NEON(SB), NOSPLIT, $0-97
	PROLOGUE(FMOVD, D2, D, 40, 48, 56, 64, 88, 3, 7, 1)
	LIN_PROLOGUE(FMOVD, D2, D, 72, 80)
	CBNZ R7, close4
	BAOAB_LOOPS(D2, KICK_D2, AOA_D2, VFADD_D2, LIN_F4(D2), LIN_END4(VFSUB_D2, VFMUL_D2, D2), LIN_F1(D2), LIN_END1(VFSUB_D2, VFMUL_D2, D2))
	LIN_RESULT(96)
