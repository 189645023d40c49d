//go:build gc && !purego && !noasm

#include "textflag.h"

// The Finite kernels keep x in SI and the element count n in CX, and index
// elements with AX, which is also the count returned. A block of four
// vectors is loaded into registers 0 to 3, each turned into v - v, and
// their OR tested for a set bit: a NaN.

// DIFF_PS loads the vector at byte offset off into X and sets X = X - X.
#define DIFF_PS(off, X) \
	VMOVUPS off(SI)(AX*4), X; \
	VSUBPS X, X, X

#define DIFF_PD(off, X) \
	VMOVUPD off(SI)(AX*8), X; \
	VSUBPD X, X, X

// ANY_Z sets the flags to NZ if any bit of Z0 is set.
#define ANY_Z \
	VPTESTMD Z0, Z0, K1; \
	KORTESTW K1, K1

#define ANY_Y \
	VPTEST Y0, Y0

// func finite32AVX512(x *float32, n int) int
TEXT ·finite32AVX512(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-64, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	DIFF_PS(0, Z0)
	DIFF_PS(64, Z1)
	DIFF_PS(128, Z2)
	DIFF_PS(192, Z3)
	VPORD Z1, Z0, Z0
	VPORD Z3, Z2, Z2
	VPORD Z2, Z0, Z0
	ANY_Z
	JNZ  done
	ADDQ $64, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	DIFF_PS(0, Z0)
	ANY_Z
	JNZ  done
	ADDQ $16, AX
	JMP  loop1

done:
	MOVQ AX, ret+16(FP)
	VZEROUPPER
	RET

// func finite32AVX2(x *float32, n int) int
TEXT ·finite32AVX2(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	DIFF_PS(0, Y0)
	DIFF_PS(32, Y1)
	DIFF_PS(64, Y2)
	DIFF_PS(96, Y3)
	VORPS Y1, Y0, Y0
	VORPS Y3, Y2, Y2
	VORPS Y2, Y0, Y0
	ANY_Y
	JNZ  done
	ADDQ $32, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	DIFF_PS(0, Y0)
	ANY_Y
	JNZ  done
	ADDQ $8, AX
	JMP  loop1

done:
	MOVQ AX, ret+16(FP)
	VZEROUPPER
	RET

// func finite64AVX512(x *float64, n int) int
TEXT ·finite64AVX512(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-32, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	DIFF_PD(0, Z0)
	DIFF_PD(64, Z1)
	DIFF_PD(128, Z2)
	DIFF_PD(192, Z3)
	VPORD Z1, Z0, Z0
	VPORD Z3, Z2, Z2
	VPORD Z2, Z0, Z0
	ANY_Z
	JNZ  done
	ADDQ $32, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	DIFF_PD(0, Z0)
	ANY_Z
	JNZ  done
	ADDQ $8, AX
	JMP  loop1

done:
	MOVQ AX, ret+16(FP)
	VZEROUPPER
	RET

// func finite64AVX2(x *float64, n int) int
TEXT ·finite64AVX2(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	XORQ AX, AX
	MOVQ CX, BX
	ANDQ $-16, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	DIFF_PD(0, Y0)
	DIFF_PD(32, Y1)
	DIFF_PD(64, Y2)
	DIFF_PD(96, Y3)
	VORPS Y1, Y0, Y0
	VORPS Y3, Y2, Y2
	VORPS Y2, Y0, Y0
	ANY_Y
	JNZ  done
	ADDQ $16, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	DIFF_PD(0, Y0)
	ANY_Y
	JNZ  done
	ADDQ $4, AX
	JMP  loop1

done:
	MOVQ AX, ret+16(FP)
	VZEROUPPER
	RET
