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

// func baoab32NEON(x, p, f, xi *float32, n int, hh, a, c1, c2 float32, closePrev bool)
TEXT ·baoab32NEON(SB), NOSPLIT, $0-57
	MOVD  x+0(FP), R0
	MOVD  p+8(FP), R1
	MOVD  f+16(FP), R2
	MOVD  xi+24(FP), R3
	MOVD  n+32(FP), R4
	FMOVS hh+40(FP), F0
	FMOVS a+44(FP), F1
	FMOVS c1+48(FP), F2
	FMOVS c2+52(FP), F3
	MOVBU closePrev+56(FP), R7
	VDUP  V0.S[0], V0.S4
	VDUP  V1.S[0], V1.S4
	VDUP  V2.S[0], V2.S4
	VDUP  V3.S[0], V3.S4
	LSR   $4, R4, R5 // trips of four vectors
	AND   $15, R4, R6
	LSR   $2, R6, R6 // single vectors after them
	CBNZ  R7, close4

open4:
	CBZ    R5, open1
	VLD1   (R1), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1.P 64(R2), [V8.S4, V9.S4, V10.S4, V11.S4]
	VLD1   (R0), [V12.S4, V13.S4, V14.S4, V15.S4]
	VLD1.P 64(R3), [V16.S4, V17.S4, V18.S4, V19.S4]
	KICK_S4(4, 8)
	KICK_S4(5, 9)
	KICK_S4(6, 10)
	KICK_S4(7, 11)
	AOA_S4(4, 12, 16, 20)
	AOA_S4(5, 13, 17, 21)
	AOA_S4(6, 14, 18, 22)
	AOA_S4(7, 15, 19, 23)
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R1)
	VST1.P [V12.S4, V13.S4, V14.S4, V15.S4], 64(R0)
	SUB    $1, R5
	B      open4

open1:
	CBZ    R6, done
	VLD1   (R1), [V4.S4]
	VLD1.P 16(R2), [V8.S4]
	VLD1   (R0), [V12.S4]
	VLD1.P 16(R3), [V16.S4]
	KICK_S4(4, 8)
	AOA_S4(4, 12, 16, 20)
	VST1.P [V4.S4], 16(R1)
	VST1.P [V12.S4], 16(R0)
	SUB    $1, R6
	B      open1

close4:
	CBZ    R5, close1
	VLD1   (R1), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1.P 64(R2), [V8.S4, V9.S4, V10.S4, V11.S4]
	VLD1   (R0), [V12.S4, V13.S4, V14.S4, V15.S4]
	VLD1.P 64(R3), [V16.S4, V17.S4, V18.S4, V19.S4]
	KICK_S4(4, 8)
	KICK_S4(5, 9)
	KICK_S4(6, 10)
	KICK_S4(7, 11)
	VFADD_S4(8, 4, 4)
	VFADD_S4(9, 5, 5)
	VFADD_S4(10, 6, 6)
	VFADD_S4(11, 7, 7)
	AOA_S4(4, 12, 16, 20)
	AOA_S4(5, 13, 17, 21)
	AOA_S4(6, 14, 18, 22)
	AOA_S4(7, 15, 19, 23)
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R1)
	VST1.P [V12.S4, V13.S4, V14.S4, V15.S4], 64(R0)
	SUB    $1, R5
	B      close4

close1:
	CBZ    R6, done
	VLD1   (R1), [V4.S4]
	VLD1.P 16(R2), [V8.S4]
	VLD1   (R0), [V12.S4]
	VLD1.P 16(R3), [V16.S4]
	KICK_S4(4, 8)
	VFADD_S4(8, 4, 4)
	AOA_S4(4, 12, 16, 20)
	VST1.P [V4.S4], 16(R1)
	VST1.P [V12.S4], 16(R0)
	SUB    $1, R6
	B      close1

done:
	RET

// func baoab64NEON(x, p, f, xi *float64, n int, hh, a, c1, c2 float64, closePrev bool)
TEXT ·baoab64NEON(SB), NOSPLIT, $0-73
	MOVD  x+0(FP), R0
	MOVD  p+8(FP), R1
	MOVD  f+16(FP), R2
	MOVD  xi+24(FP), R3
	MOVD  n+32(FP), R4
	FMOVD hh+40(FP), F0
	FMOVD a+48(FP), F1
	FMOVD c1+56(FP), F2
	FMOVD c2+64(FP), F3
	MOVBU closePrev+72(FP), R7
	VDUP  V0.D[0], V0.D2
	VDUP  V1.D[0], V1.D2
	VDUP  V2.D[0], V2.D2
	VDUP  V3.D[0], V3.D2
	LSR   $3, R4, R5 // trips of four vectors
	AND   $7, R4, R6
	LSR   $1, R6, R6 // single vectors after them
	CBNZ  R7, close4

open4:
	CBZ    R5, open1
	VLD1   (R1), [V4.D2, V5.D2, V6.D2, V7.D2]
	VLD1.P 64(R2), [V8.D2, V9.D2, V10.D2, V11.D2]
	VLD1   (R0), [V12.D2, V13.D2, V14.D2, V15.D2]
	VLD1.P 64(R3), [V16.D2, V17.D2, V18.D2, V19.D2]
	KICK_D2(4, 8)
	KICK_D2(5, 9)
	KICK_D2(6, 10)
	KICK_D2(7, 11)
	AOA_D2(4, 12, 16, 20)
	AOA_D2(5, 13, 17, 21)
	AOA_D2(6, 14, 18, 22)
	AOA_D2(7, 15, 19, 23)
	VST1.P [V4.D2, V5.D2, V6.D2, V7.D2], 64(R1)
	VST1.P [V12.D2, V13.D2, V14.D2, V15.D2], 64(R0)
	SUB    $1, R5
	B      open4

open1:
	CBZ    R6, done
	VLD1   (R1), [V4.D2]
	VLD1.P 16(R2), [V8.D2]
	VLD1   (R0), [V12.D2]
	VLD1.P 16(R3), [V16.D2]
	KICK_D2(4, 8)
	AOA_D2(4, 12, 16, 20)
	VST1.P [V4.D2], 16(R1)
	VST1.P [V12.D2], 16(R0)
	SUB    $1, R6
	B      open1

close4:
	CBZ    R5, close1
	VLD1   (R1), [V4.D2, V5.D2, V6.D2, V7.D2]
	VLD1.P 64(R2), [V8.D2, V9.D2, V10.D2, V11.D2]
	VLD1   (R0), [V12.D2, V13.D2, V14.D2, V15.D2]
	VLD1.P 64(R3), [V16.D2, V17.D2, V18.D2, V19.D2]
	KICK_D2(4, 8)
	KICK_D2(5, 9)
	KICK_D2(6, 10)
	KICK_D2(7, 11)
	VFADD_D2(8, 4, 4)
	VFADD_D2(9, 5, 5)
	VFADD_D2(10, 6, 6)
	VFADD_D2(11, 7, 7)
	AOA_D2(4, 12, 16, 20)
	AOA_D2(5, 13, 17, 21)
	AOA_D2(6, 14, 18, 22)
	AOA_D2(7, 15, 19, 23)
	VST1.P [V4.D2, V5.D2, V6.D2, V7.D2], 64(R1)
	VST1.P [V12.D2, V13.D2, V14.D2, V15.D2], 64(R0)
	SUB    $1, R5
	B      close4

close1:
	CBZ    R6, done
	VLD1   (R1), [V4.D2]
	VLD1.P 16(R2), [V8.D2]
	VLD1   (R0), [V12.D2]
	VLD1.P 16(R3), [V16.D2]
	KICK_D2(4, 8)
	VFADD_D2(8, 4, 4)
	AOA_D2(4, 12, 16, 20)
	VST1.P [V4.D2], 16(R1)
	VST1.P [V12.D2], 16(R0)
	SUB    $1, R6
	B      close1

done:
	RET
