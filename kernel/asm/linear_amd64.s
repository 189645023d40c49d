//go:build gc && !purego && !noasm

#include "textflag.h"

// The Linear kernels keep f in DI, x in SI and the element count n in CX,
// and index elements with AX. The row's kappa and mu are broadcast to
// registers 0 and 1 of the vector width in use. Each runs one loop of four
// vectors a trip and one of single vectors for the rest.

// LINEAR_PS writes the force on the vector at byte offset off:
// f = kappa (mu - x).
#define LINEAR_PS(off, K, MU, T) \
	VSUBPS off(SI)(AX*4), MU, T; \
	VMULPS T, K, T;              \
	VMOVUPS T, off(DI)(AX*4)

#define LINEAR_PD(off, K, MU, T) \
	VSUBPD off(SI)(AX*8), MU, T; \
	VMULPD T, K, T;              \
	VMOVUPD T, off(DI)(AX*8)

// func linear32AVX512(f, x *float32, n int, kappa, mu float32)
TEXT ·linear32AVX512(SB), NOSPLIT, $0-32
	MOVQ         f+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS kappa+24(FP), Z0
	VBROADCASTSS mu+28(FP), Z1
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-64, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	LINEAR_PS(0, Z0, Z1, Z2)
	LINEAR_PS(64, Z0, Z1, Z3)
	LINEAR_PS(128, Z0, Z1, Z4)
	LINEAR_PS(192, Z0, Z1, Z5)
	ADDQ $64, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	LINEAR_PS(0, Z0, Z1, Z2)
	ADDQ $16, AX
	JMP  loop1

done:
	VZEROUPPER
	RET

// func linear32AVX2(f, x *float32, n int, kappa, mu float32)
TEXT ·linear32AVX2(SB), NOSPLIT, $0-32
	MOVQ         f+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS kappa+24(FP), Y0
	VBROADCASTSS mu+28(FP), Y1
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-32, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	LINEAR_PS(0, Y0, Y1, Y2)
	LINEAR_PS(32, Y0, Y1, Y3)
	LINEAR_PS(64, Y0, Y1, Y4)
	LINEAR_PS(96, Y0, Y1, Y5)
	ADDQ $32, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	LINEAR_PS(0, Y0, Y1, Y2)
	ADDQ $8, AX
	JMP  loop1

done:
	VZEROUPPER
	RET

// func linear64AVX512(f, x *float64, n int, kappa, mu float64)
TEXT ·linear64AVX512(SB), NOSPLIT, $0-40
	MOVQ         f+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSD kappa+24(FP), Z0
	VBROADCASTSD mu+32(FP), Z1
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-32, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	LINEAR_PD(0, Z0, Z1, Z2)
	LINEAR_PD(64, Z0, Z1, Z3)
	LINEAR_PD(128, Z0, Z1, Z4)
	LINEAR_PD(192, Z0, Z1, Z5)
	ADDQ $32, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	LINEAR_PD(0, Z0, Z1, Z2)
	ADDQ $8, AX
	JMP  loop1

done:
	VZEROUPPER
	RET

// func linear64AVX2(f, x *float64, n int, kappa, mu float64)
TEXT ·linear64AVX2(SB), NOSPLIT, $0-40
	MOVQ         f+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSD kappa+24(FP), Y0
	VBROADCASTSD mu+32(FP), Y1
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-16, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	LINEAR_PD(0, Y0, Y1, Y2)
	LINEAR_PD(32, Y0, Y1, Y3)
	LINEAR_PD(64, Y0, Y1, Y4)
	LINEAR_PD(96, Y0, Y1, Y5)
	ADDQ $16, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	LINEAR_PD(0, Y0, Y1, Y2)
	ADDQ $4, AX
	JMP  loop1

done:
	VZEROUPPER
	RET
