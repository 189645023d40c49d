//go:build gc && !purego && !noasm

#include "textflag.h"
#include "neon_arm64.h"

// The Finite kernels keep x in R0, the element count n in R2 and the count
// of elements found finite in R7, and step the pointer as they go. A block
// of four vectors is loaded into V0-V3, each turned into v - v, and their
// OR tested for a set bit: a NaN. The single-vector loop uses V0.

// func finite32NEON(x *float32, n int) int
TEXT ·finite32NEON(SB), NOSPLIT, $0-24
	MOVD x+0(FP), R0
	MOVD n+8(FP), R2
	MOVD ZR, R7
	LSR  $4, R2, R5 // trips of four vectors
	AND  $15, R2, R6
	LSR  $2, R6, R6 // single vectors after them

loop4:
	CBZ    R5, loop1
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VFSUB_S4(0, 0, 0)
	VFSUB_S4(1, 1, 1)
	VFSUB_S4(2, 2, 2)
	VFSUB_S4(3, 3, 3)
	VORR V1.B16, V0.B16, V0.B16
	VORR V3.B16, V2.B16, V2.B16
	VORR V2.B16, V0.B16, V0.B16
	VMOV V0.D[0], R3
	VMOV V0.D[1], R4
	ORR  R3, R4, R4
	CBNZ R4, done
	ADD  $16, R7
	SUB  $1, R5
	B    loop4

loop1:
	CBZ    R6, done
	VLD1.P 16(R0), [V0.S4]
	VFSUB_S4(0, 0, 0)
	VMOV V0.D[0], R3
	VMOV V0.D[1], R4
	ORR  R3, R4, R4
	CBNZ R4, done
	ADD  $4, R7
	SUB  $1, R6
	B    loop1

done:
	MOVD R7, ret+16(FP)
	RET

// func finite64NEON(x *float64, n int) int
TEXT ·finite64NEON(SB), NOSPLIT, $0-24
	MOVD x+0(FP), R0
	MOVD n+8(FP), R2
	MOVD ZR, R7
	LSR  $3, R2, R5 // trips of four vectors
	AND  $7, R2, R6
	LSR  $1, R6, R6 // single vectors after them

loop4:
	CBZ    R5, loop1
	VLD1.P 64(R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	VFSUB_D2(0, 0, 0)
	VFSUB_D2(1, 1, 1)
	VFSUB_D2(2, 2, 2)
	VFSUB_D2(3, 3, 3)
	VORR V1.B16, V0.B16, V0.B16
	VORR V3.B16, V2.B16, V2.B16
	VORR V2.B16, V0.B16, V0.B16
	VMOV V0.D[0], R3
	VMOV V0.D[1], R4
	ORR  R3, R4, R4
	CBNZ R4, done
	ADD  $8, R7
	SUB  $1, R5
	B    loop4

loop1:
	CBZ    R6, done
	VLD1.P 16(R0), [V0.D2]
	VFSUB_D2(0, 0, 0)
	VMOV V0.D[0], R3
	VMOV V0.D[1], R4
	ORR  R3, R4, R4
	CBNZ R4, done
	ADD  $2, R7
	SUB  $1, R6
	B    loop1

done:
	MOVD R7, ret+16(FP)
	RET
