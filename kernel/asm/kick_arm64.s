//go:build gc && !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// The Kick kernels keep p in R0, f in R1 and the element count n in R2,
// and step the pointers as they go. hh is broadcast to V0. A trip of the
// main loop holds four vectors of p in V4-V7 and of f in V8-V11; the
// single-vector loop uses the first register of each group.

// KICK_S4 sets Vp = p + hh f, overwriting Vf.
#define KICK_S4(p, f) \
	VFMUL_S4(f, 0, f); \
	VFADD_S4(f, p, p)

#define KICK_D2(p, f) \
	VFMUL_D2(f, 0, f); \
	VFADD_D2(f, p, p)

// func kick32NEON(p, f *float32, n int, hh float32)
TEXT ·kick32NEON(SB), NOSPLIT, $0-28
	MOVD  p+0(FP), R0
	MOVD  f+8(FP), R1
	MOVD  n+16(FP), R2
	FMOVS hh+24(FP), F0
	VDUP  V0.S[0], V0.S4
	LSR   $4, R2, R5 // trips of four vectors
	AND   $15, R2, R6
	LSR   $2, R6, R6 // single vectors after them

loop4:
	CBZ    R5, loop1
	VLD1   (R0), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1.P 64(R1), [V8.S4, V9.S4, V10.S4, V11.S4]
	KICK_S4(4, 8)
	KICK_S4(5, 9)
	KICK_S4(6, 10)
	KICK_S4(7, 11)
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R0)
	SUB    $1, R5
	B      loop4

loop1:
	CBZ    R6, done
	VLD1   (R0), [V4.S4]
	VLD1.P 16(R1), [V8.S4]
	KICK_S4(4, 8)
	VST1.P [V4.S4], 16(R0)
	SUB    $1, R6
	B      loop1

done:
	RET

// func kick64NEON(p, f *float64, n int, hh float64)
TEXT ·kick64NEON(SB), NOSPLIT, $0-32
	MOVD  p+0(FP), R0
	MOVD  f+8(FP), R1
	MOVD  n+16(FP), R2
	FMOVD hh+24(FP), F0
	VDUP  V0.D[0], V0.D2
	LSR   $3, R2, R5 // trips of four vectors
	AND   $7, R2, R6
	LSR   $1, R6, R6 // single vectors after them

loop4:
	CBZ    R5, loop1
	VLD1   (R0), [V4.D2, V5.D2, V6.D2, V7.D2]
	VLD1.P 64(R1), [V8.D2, V9.D2, V10.D2, V11.D2]
	KICK_D2(4, 8)
	KICK_D2(5, 9)
	KICK_D2(6, 10)
	KICK_D2(7, 11)
	VST1.P [V4.D2, V5.D2, V6.D2, V7.D2], 64(R0)
	SUB    $1, R5
	B      loop4

loop1:
	CBZ    R6, done
	VLD1   (R0), [V4.D2]
	VLD1.P 16(R1), [V8.D2]
	KICK_D2(4, 8)
	VST1.P [V4.D2], 16(R0)
	SUB    $1, R6
	B      loop1

done:
	RET
