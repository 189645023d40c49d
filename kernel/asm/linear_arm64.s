//go:build gc && !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// The Linear kernels keep f in R0, x in R1 and the element count n in R2,
// and step the pointers as they go. The row's kappa and mu are broadcast
// to V0 and V1. A trip of the main loop holds four vectors of x in V4-V7;
// the single-vector loop uses V4.

// LINEAR_S4 sets Vx = kappa (mu - x).
#define LINEAR_S4(x) \
	VFSUB_S4(x, 1, x); \
	VFMUL_S4(x, 0, x)

#define LINEAR_D2(x) \
	VFSUB_D2(x, 1, x); \
	VFMUL_D2(x, 0, x)

// func linear32NEON(f, x *float32, n int, kappa, mu float32)
TEXT ·linear32NEON(SB), NOSPLIT, $0-32
	MOVD  f+0(FP), R0
	MOVD  x+8(FP), R1
	MOVD  n+16(FP), R2
	FMOVS kappa+24(FP), F0
	FMOVS mu+28(FP), F1
	VDUP  V0.S[0], V0.S4
	VDUP  V1.S[0], V1.S4
	LSR   $4, R2, R5 // trips of four vectors
	AND   $15, R2, R6
	LSR   $2, R6, R6 // single vectors after them

loop4:
	CBZ    R5, loop1
	VLD1.P 64(R1), [V4.S4, V5.S4, V6.S4, V7.S4]
	LINEAR_S4(4)
	LINEAR_S4(5)
	LINEAR_S4(6)
	LINEAR_S4(7)
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R0)
	SUB    $1, R5
	B      loop4

loop1:
	CBZ    R6, done
	VLD1.P 16(R1), [V4.S4]
	LINEAR_S4(4)
	VST1.P [V4.S4], 16(R0)
	SUB    $1, R6
	B      loop1

done:
	RET

// func linear64NEON(f, x *float64, n int, kappa, mu float64)
TEXT ·linear64NEON(SB), NOSPLIT, $0-40
	MOVD  f+0(FP), R0
	MOVD  x+8(FP), R1
	MOVD  n+16(FP), R2
	FMOVD kappa+24(FP), F0
	FMOVD mu+32(FP), F1
	VDUP  V0.D[0], V0.D2
	VDUP  V1.D[0], V1.D2
	LSR   $3, R2, R5 // trips of four vectors
	AND   $7, R2, R6
	LSR   $1, R6, R6 // single vectors after them

loop4:
	CBZ    R5, loop1
	VLD1.P 64(R1), [V4.D2, V5.D2, V6.D2, V7.D2]
	LINEAR_D2(4)
	LINEAR_D2(5)
	LINEAR_D2(6)
	LINEAR_D2(7)
	VST1.P [V4.D2, V5.D2, V6.D2, V7.D2], 64(R0)
	SUB    $1, R5
	B      loop4

loop1:
	CBZ    R6, done
	VLD1.P 16(R1), [V4.D2]
	LINEAR_D2(4)
	VST1.P [V4.D2], 16(R0)
	SUB    $1, R6
	B      loop1

done:
	RET
