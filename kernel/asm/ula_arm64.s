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
