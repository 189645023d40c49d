//go:build gc && !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// The tanh kernel keeps y in R0 and d in R2 (0 for none), both at the
// current row, b in R1, the row stride (n elements) in R3, the rows left
// in R4 and the chains to do per row in R5. For a row, R7 walks along y,
// R8 along d and R9 counts the chains left. The 14 constants of
// TanhConsts are in V0-V13, in its order (V0 = c, V1 = -c, V2-V8 = a13 to
// a1, V9-V12 = b6 to b0, V13 = 1), and the row's bias in V14.
//
// Each vector goes through the operations of kernel.Tanh32 in its order:
// the bias added, the clamp (FMIN with c then FMAX with -c, which keep
// NaN as NaN), the square, the numerator and denominator with every
// product rounded by FMUL before FADD adds it, the division, and 1 - y²
// for the derivative, the square rounded before FSUB. A step of the chain
// loop takes four vectors: x in V16-V19, s = x² in V20-V23, the numerator
// and then y in V24-V27 and the denominator in V28-V31; the derivative
// goes to V20-V23 once s is done with. The last one to three vectors of a
// row are done one at a time in V16, V20, V24 and V28.

// EACH4 applies OP to the four vectors of a step: OP(m, n, d) for the
// registers m, n and d, then m+km, n+kn and d+1, and so on; km and kn are
// 0 for a constant and 1 for a vector of the step. EACH1 applies it to the
// first only.
#define EACH4(OP, m, km, n, kn, d) \
	OP(m, n, d);                     \
	OP((m)+(km), (n)+(kn), (d)+1);   \
	OP((m)+2*(km), (n)+2*(kn), (d)+2); \
	OP((m)+3*(km), (n)+3*(kn), (d)+3)

#define EACH1(OP, m, km, n, kn, d) \
	OP(m, n, d)

// TANH computes y from the values loaded in x, with EACH4 or EACH1.
#define TANH(EACH) \
	EACH(VFADD_S4, 14, 0, 16, 1, 16); \
	EACH(VFMIN_S4, 0, 0, 16, 1, 16);  \
	EACH(VFMAX_S4, 1, 0, 16, 1, 16);  \
	EACH(VFMUL_S4, 16, 1, 16, 1, 20); \
	EACH(VFMUL_S4, 20, 1, 2, 0, 24);  \
	EACH(VFADD_S4, 3, 0, 24, 1, 24);  \
	EACH(VFMUL_S4, 20, 1, 24, 1, 24); \
	EACH(VFADD_S4, 4, 0, 24, 1, 24);  \
	EACH(VFMUL_S4, 20, 1, 24, 1, 24); \
	EACH(VFADD_S4, 5, 0, 24, 1, 24);  \
	EACH(VFMUL_S4, 20, 1, 24, 1, 24); \
	EACH(VFADD_S4, 6, 0, 24, 1, 24);  \
	EACH(VFMUL_S4, 20, 1, 24, 1, 24); \
	EACH(VFADD_S4, 7, 0, 24, 1, 24);  \
	EACH(VFMUL_S4, 20, 1, 24, 1, 24); \
	EACH(VFADD_S4, 8, 0, 24, 1, 24);  \
	EACH(VFMUL_S4, 16, 1, 24, 1, 24); \
	EACH(VFMUL_S4, 20, 1, 9, 0, 28);  \
	EACH(VFADD_S4, 10, 0, 28, 1, 28); \
	EACH(VFMUL_S4, 20, 1, 28, 1, 28); \
	EACH(VFADD_S4, 11, 0, 28, 1, 28); \
	EACH(VFMUL_S4, 20, 1, 28, 1, 28); \
	EACH(VFADD_S4, 12, 0, 28, 1, 28); \
	EACH(VFDIV_S4, 28, 1, 24, 1, 24)

// DERIV computes 1 - y² into V20-V23 (or V20).
#define DERIV(EACH) \
	EACH(VFMUL_S4, 24, 1, 24, 1, 20); \
	EACH(VFSUB_S4, 20, 1, 13, 0, 20)

// func biasTanh32NEON(y, b, d *float32, n, rows, m int, c *[14][16]float32)
TEXT ·biasTanh32NEON(SB), NOSPLIT, $0-56
	MOVD y+0(FP), R0
	MOVD b+8(FP), R1
	MOVD d+16(FP), R2
	MOVD n+24(FP), R3
	LSL  $2, R3
	MOVD rows+32(FP), R4
	MOVD m+40(FP), R5
	MOVD c+48(FP), R6
	VLD1 (R6), [V0.S4]
	ADD  $64, R6
	VLD1 (R6), [V1.S4]
	ADD  $64, R6
	VLD1 (R6), [V2.S4]
	ADD  $64, R6
	VLD1 (R6), [V3.S4]
	ADD  $64, R6
	VLD1 (R6), [V4.S4]
	ADD  $64, R6
	VLD1 (R6), [V5.S4]
	ADD  $64, R6
	VLD1 (R6), [V6.S4]
	ADD  $64, R6
	VLD1 (R6), [V7.S4]
	ADD  $64, R6
	VLD1 (R6), [V8.S4]
	ADD  $64, R6
	VLD1 (R6), [V9.S4]
	ADD  $64, R6
	VLD1 (R6), [V10.S4]
	ADD  $64, R6
	VLD1 (R6), [V11.S4]
	ADD  $64, R6
	VLD1 (R6), [V12.S4]
	ADD  $64, R6
	VLD1 (R6), [V13.S4]

row:
	VLD1R.P 4(R1), [V14.S4]
	MOVD    R0, R7
	MOVD    R2, R8
	MOVD    R5, R9
	CBZ     R2, plain4

deriv4:
	CMP  $16, R9
	BLT  deriv1
	VLD1 (R7), [V16.S4, V17.S4, V18.S4, V19.S4]
	TANH(EACH4)
	VST1.P [V24.S4, V25.S4, V26.S4, V27.S4], 64(R7)
	DERIV(EACH4)
	VST1.P [V20.S4, V21.S4, V22.S4, V23.S4], 64(R8)
	SUB  $16, R9
	B    deriv4

deriv1:
	CBZ  R9, next
	VLD1 (R7), [V16.S4]
	TANH(EACH1)
	VST1.P [V24.S4], 16(R7)
	DERIV(EACH1)
	VST1.P [V20.S4], 16(R8)
	SUB  $4, R9
	B    deriv1

plain4:
	CMP  $16, R9
	BLT  plain1
	VLD1 (R7), [V16.S4, V17.S4, V18.S4, V19.S4]
	TANH(EACH4)
	VST1.P [V24.S4, V25.S4, V26.S4, V27.S4], 64(R7)
	SUB  $16, R9
	B    plain4

plain1:
	CBZ  R9, next
	VLD1 (R7), [V16.S4]
	TANH(EACH1)
	VST1.P [V24.S4], 16(R7)
	SUB  $4, R9
	B    plain1

next:
	ADD  R3, R0
	CBZ  R2, nextrow
	ADD  R3, R2

nextrow:
	SUB  $1, R4
	CBNZ R4, row
	RET
