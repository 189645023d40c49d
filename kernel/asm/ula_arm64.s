//go:build gc && !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// The ULA kernels keep x in R0, f in R1, xi in R2 and the element count n
// in R3, and step the pointers as they go. The row's coefficients a and s
// are broadcast to V0 and V1. A trip of the main loop holds four vectors
// of x in V4-V7, of f in V8-V11 and of xi in V12-V15; the single-vector
// loop uses the first register of each group.

// ULA_S4 sets Vx = (x + a f) + s xi, overwriting Vf and Vz.
#define ULA_S4(x, f, z) \
	VFMUL_S4(f, 0, f); \
	VFADD_S4(f, x, x); \
	VFMUL_S4(z, 1, z); \
	VFADD_S4(z, x, x)

#define ULA_D2(x, f, z) \
	VFMUL_D2(f, 0, f); \
	VFADD_D2(f, x, x); \
	VFMUL_D2(z, 1, z); \
	VFADD_D2(z, x, x)

// func ula32NEON(x, f, xi *float32, n int, a, s float32)
TEXT ·ula32NEON(SB), NOSPLIT, $0-40
	MOVD  x+0(FP), R0
	MOVD  f+8(FP), R1
	MOVD  xi+16(FP), R2
	MOVD  n+24(FP), R3
	FMOVS a+32(FP), F0
	FMOVS s+36(FP), F1
	VDUP  V0.S[0], V0.S4
	VDUP  V1.S[0], V1.S4
	LSR   $4, R3, R5 // trips of four vectors
	AND   $15, R3, R6
	LSR   $2, R6, R6 // single vectors after them

loop4:
	CBZ    R5, loop1
	VLD1   (R0), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1.P 64(R1), [V8.S4, V9.S4, V10.S4, V11.S4]
	VLD1.P 64(R2), [V12.S4, V13.S4, V14.S4, V15.S4]
	ULA_S4(4, 8, 12)
	ULA_S4(5, 9, 13)
	ULA_S4(6, 10, 14)
	ULA_S4(7, 11, 15)
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R0)
	SUB    $1, R5
	B      loop4

loop1:
	CBZ    R6, done
	VLD1   (R0), [V4.S4]
	VLD1.P 16(R1), [V8.S4]
	VLD1.P 16(R2), [V12.S4]
	ULA_S4(4, 8, 12)
	VST1.P [V4.S4], 16(R0)
	SUB    $1, R6
	B      loop1

done:
	RET

// func ula64NEON(x, f, xi *float64, n int, a, s float64)
TEXT ·ula64NEON(SB), NOSPLIT, $0-48
	MOVD  x+0(FP), R0
	MOVD  f+8(FP), R1
	MOVD  xi+16(FP), R2
	MOVD  n+24(FP), R3
	FMOVD a+32(FP), F0
	FMOVD s+40(FP), F1
	VDUP  V0.D[0], V0.D2
	VDUP  V1.D[0], V1.D2
	LSR   $3, R3, R5 // trips of four vectors
	AND   $7, R3, R6
	LSR   $1, R6, R6 // single vectors after them

loop4:
	CBZ    R5, loop1
	VLD1   (R0), [V4.D2, V5.D2, V6.D2, V7.D2]
	VLD1.P 64(R1), [V8.D2, V9.D2, V10.D2, V11.D2]
	VLD1.P 64(R2), [V12.D2, V13.D2, V14.D2, V15.D2]
	ULA_D2(4, 8, 12)
	ULA_D2(5, 9, 13)
	ULA_D2(6, 10, 14)
	ULA_D2(7, 11, 15)
	VST1.P [V4.D2, V5.D2, V6.D2, V7.D2], 64(R0)
	SUB    $1, R5
	B      loop4

loop1:
	CBZ    R6, done
	VLD1   (R0), [V4.D2]
	VLD1.P 16(R1), [V8.D2]
	VLD1.P 16(R2), [V12.D2]
	ULA_D2(4, 8, 12)
	VST1.P [V4.D2], 16(R0)
	SUB    $1, R6
	B      loop1

done:
	RET

// The fused ULA kernels also write the force of a linear diagonal demon,
// f = kappa (mu - x), from the new x, with kappa and mu broadcast to V2
// and V3, and or the bits of x - x (0 for finite x, NaN otherwise) into
// V16. f is written back where it was read.

// ULALIN_S4 is ULA_S4 followed by the force, into Vf, and the check, by
// way of Vz (named VZ).
#define ULALIN_S4(x, f, z, VZ) \
	ULA_S4(x, f, z);     \
	VFSUB_S4(x, 3, f);   \
	VFMUL_S4(2, f, f);   \
	VFSUB_S4(x, x, z);   \
	VORR VZ.B16, V16.B16, V16.B16

#define ULALIN_D2(x, f, z, VZ) \
	ULA_D2(x, f, z);     \
	VFSUB_D2(x, 3, f);   \
	VFMUL_D2(2, f, f);   \
	VFSUB_D2(x, x, z);   \
	VORR VZ.B16, V16.B16, V16.B16

// ULALIN_LOOPS is the body of the fused kernels, for the arrangement A
// and the step of the precision, STEP.
#define ULALIN_LOOPS(A, STEP) \
loop4:                                                  \
	CBZ    R5, loop1                                    \
	VLD1   (R0), [V4.A, V5.A, V6.A, V7.A]              \
	VLD1   (R1), [V8.A, V9.A, V10.A, V11.A]            \
	VLD1.P 64(R2), [V12.A, V13.A, V14.A, V15.A]        \
	STEP(4, 8, 12, V12)                                 \
	STEP(5, 9, 13, V13)                                 \
	STEP(6, 10, 14, V14)                                \
	STEP(7, 11, 15, V15)                                \
	VST1.P [V4.A, V5.A, V6.A, V7.A], 64(R0)            \
	VST1.P [V8.A, V9.A, V10.A, V11.A], 64(R1)          \
	SUB    $1, R5                                       \
	B      loop4                                        \
loop1:                                                  \
	CBZ    R6, done                                     \
	VLD1   (R0), [V4.A]                                 \
	VLD1   (R1), [V8.A]                                 \
	VLD1.P 16(R2), [V12.A]                              \
	STEP(4, 8, 12, V12)                                 \
	VST1.P [V4.A], 16(R0)                               \
	VST1.P [V8.A], 16(R1)                               \
	SUB    $1, R6                                       \
	B      loop1                                        \
done:                                                   \
	VMOV V16.D[0], R8                                   \
	VMOV V16.D[1], R9                                   \
	ORR  R8, R9, R9                                     \
	CMP  $0, R9                                         \
	CSET NE, R9

// ULALIN_PROLOGUE loads the arguments of a fused kernel whose a, s,
// kappa and mu are read with FMOV at oa, os, ok and om and broadcast to
// lanes of arrangement A (from lane L); trips of four vectors are n >>
// sh4 and single vectors after them (n & m4) >> sh1.
#define ULALIN_PROLOGUE(FMOV, A, L, oa, os, ok, om, sh4, m4, sh1) \
	MOVD x+0(FP), R0                \
	MOVD f+8(FP), R1                \
	MOVD xi+16(FP), R2              \
	MOVD n+24(FP), R3               \
	FMOV a+oa(FP), F0               \
	FMOV s+os(FP), F1               \
	FMOV kappa+ok(FP), F2           \
	FMOV mu+om(FP), F3              \
	DUP4(A, L)                      \
	VEOR V16.B16, V16.B16, V16.B16  \
	TRIPS(R3, sh4, m4, sh1)

// func ulaLin32NEON(x, f, xi *float32, n int, a, s, kappa, mu float32) (nonFinite bool)
TEXT ·ulaLin32NEON(SB), NOSPLIT, $0-49
	ULALIN_PROLOGUE(FMOVS, S4, S, 32, 36, 40, 44, 4, 15, 2)
	ULALIN_LOOPS(S4, ULALIN_S4)
	MOVB R9, nonFinite+48(FP)
	RET

// func ulaLin64NEON(x, f, xi *float64, n int, a, s, kappa, mu float64) (nonFinite bool)
TEXT ·ulaLin64NEON(SB), NOSPLIT, $0-65
	ULALIN_PROLOGUE(FMOVD, D2, D, 32, 40, 48, 56, 3, 7, 1)
	ULALIN_LOOPS(D2, ULALIN_D2)
	MOVB R9, nonFinite+64(FP)
	RET
