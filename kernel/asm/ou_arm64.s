//go:build gc && !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// The OU kernels keep x in R0, xi in R1 and the element count n in R2,
// and step the pointers as they go. The row's coefficients mu, a and s are
// broadcast to V0 to V2. A trip of the main loop holds four vectors of x
// in V4-V7 and of xi in V8-V11; the single-vector loop uses the first
// register of each group.

// OU_S4 sets Vx = (mu + a (x - mu)) + s xi, overwriting Vz.
#define OU_S4(x, z) \
	VFSUB_S4(0, x, x); \
	VFMUL_S4(x, 1, x); \
	VFADD_S4(x, 0, x); \
	VFMUL_S4(z, 2, z); \
	VFADD_S4(z, x, x)

#define OU_D2(x, z) \
	VFSUB_D2(0, x, x); \
	VFMUL_D2(x, 1, x); \
	VFADD_D2(x, 0, x); \
	VFMUL_D2(z, 2, z); \
	VFADD_D2(z, x, x)

// func ou32NEON(x, xi *float32, n int, mu, a, s float32)
TEXT ·ou32NEON(SB), NOSPLIT, $0-36
	MOVD  x+0(FP), R0
	MOVD  xi+8(FP), R1
	MOVD  n+16(FP), R2
	FMOVS mu+24(FP), F0
	FMOVS a+28(FP), F1
	FMOVS s+32(FP), F2
	VDUP  V0.S[0], V0.S4
	VDUP  V1.S[0], V1.S4
	VDUP  V2.S[0], V2.S4
	LSR   $4, R2, R5 // trips of four vectors
	AND   $15, R2, R6
	LSR   $2, R6, R6 // single vectors after them

loop4:
	CBZ    R5, loop1
	VLD1   (R0), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1.P 64(R1), [V8.S4, V9.S4, V10.S4, V11.S4]
	OU_S4(4, 8)
	OU_S4(5, 9)
	OU_S4(6, 10)
	OU_S4(7, 11)
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R0)
	SUB    $1, R5
	B      loop4

loop1:
	CBZ    R6, done
	VLD1   (R0), [V4.S4]
	VLD1.P 16(R1), [V8.S4]
	OU_S4(4, 8)
	VST1.P [V4.S4], 16(R0)
	SUB    $1, R6
	B      loop1

done:
	RET

// func ou64NEON(x, xi *float64, n int, mu, a, s float64)
TEXT ·ou64NEON(SB), NOSPLIT, $0-48
	MOVD  x+0(FP), R0
	MOVD  xi+8(FP), R1
	MOVD  n+16(FP), R2
	FMOVD mu+24(FP), F0
	FMOVD a+32(FP), F1
	FMOVD s+40(FP), F2
	VDUP  V0.D[0], V0.D2
	VDUP  V1.D[0], V1.D2
	VDUP  V2.D[0], V2.D2
	LSR   $3, R2, R5 // trips of four vectors
	AND   $7, R2, R6
	LSR   $1, R6, R6 // single vectors after them

loop4:
	CBZ    R5, loop1
	VLD1   (R0), [V4.D2, V5.D2, V6.D2, V7.D2]
	VLD1.P 64(R1), [V8.D2, V9.D2, V10.D2, V11.D2]
	OU_D2(4, 8)
	OU_D2(5, 9)
	OU_D2(6, 10)
	OU_D2(7, 11)
	VST1.P [V4.D2, V5.D2, V6.D2, V7.D2], 64(R0)
	SUB    $1, R5
	B      loop4

loop1:
	CBZ    R6, done
	VLD1   (R0), [V4.D2]
	VLD1.P 16(R1), [V8.D2]
	OU_D2(4, 8)
	VST1.P [V4.D2], 16(R0)
	SUB    $1, R6
	B      loop1

done:
	RET
