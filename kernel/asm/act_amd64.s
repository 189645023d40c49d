//go:build gc && !purego && !noasm

#include "textflag.h"

// The tanh kernels keep y in DI and d in DX (0 for none), both at the
// current row, the bias in SI, the row stride in R8, the rows left in R9,
// the chains to do per row in R10 and the constants at R11. Each vector
// goes through the operations of kernel.Tanh32 in its order: the bias
// added, the clamp (VMINPS with the value second, so that NaN stays NaN),
// the square, the numerator and denominator with every product rounded
// before it is added, the division, and 1 - y² for the derivative. The
// AVX-512 kernel keeps the 14 constants in Z0-Z13; the AVX2 kernel, with
// 16 registers, reads them from memory.

// func biasTanh32AVX512(y, b, d *float32, n, rows, m int, c *[14][16]float32)
TEXT ·biasTanh32AVX512(SB), NOSPLIT, $0-56
	MOVQ y+0(FP), DI
	MOVQ b+8(FP), SI
	MOVQ d+16(FP), DX
	MOVQ n+24(FP), R8
	SHLQ $2, R8
	MOVQ rows+32(FP), R9
	MOVQ m+40(FP), R10
	MOVQ c+48(FP), R11
	VMOVUPS 0(R11), Z0
	VMOVUPS 64(R11), Z1
	VMOVUPS 128(R11), Z2
	VMOVUPS 192(R11), Z3
	VMOVUPS 256(R11), Z4
	VMOVUPS 320(R11), Z5
	VMOVUPS 384(R11), Z6
	VMOVUPS 448(R11), Z7
	VMOVUPS 512(R11), Z8
	VMOVUPS 576(R11), Z9
	VMOVUPS 640(R11), Z10
	VMOVUPS 704(R11), Z11
	VMOVUPS 768(R11), Z12
	VMOVUPS 832(R11), Z13
row:
	VBROADCASTSS (SI), Z14
	MOVQ DI, AX
	MOVQ DX, BX
	MOVQ R10, CX
vec:
	VMOVUPS (AX), Z15
	VADDPS Z14, Z15, Z15
	VMINPS Z15, Z0, Z15
	VMAXPS Z15, Z1, Z15
	VMULPS Z15, Z15, Z16
	VMULPS Z16, Z2, Z17
	VADDPS Z3, Z17, Z17
	VMULPS Z16, Z17, Z17
	VADDPS Z4, Z17, Z17
	VMULPS Z16, Z17, Z17
	VADDPS Z5, Z17, Z17
	VMULPS Z16, Z17, Z17
	VADDPS Z6, Z17, Z17
	VMULPS Z16, Z17, Z17
	VADDPS Z7, Z17, Z17
	VMULPS Z16, Z17, Z17
	VADDPS Z8, Z17, Z17
	VMULPS Z15, Z17, Z17
	VMULPS Z16, Z9, Z18
	VADDPS Z10, Z18, Z18
	VMULPS Z16, Z18, Z18
	VADDPS Z11, Z18, Z18
	VMULPS Z16, Z18, Z18
	VADDPS Z12, Z18, Z18
	VDIVPS Z18, Z17, Z17
	VMOVUPS Z17, (AX)
	TESTQ BX, BX
	JZ    nod
	VMULPS Z17, Z17, Z19
	VSUBPS Z19, Z13, Z19
	VMOVUPS Z19, (BX)
	ADDQ $64, BX
nod:
	ADDQ $64, AX
	SUBQ $16, CX
	JNZ  vec
	ADDQ R8, DI
	TESTQ DX, DX
	JZ    nextrow
	ADDQ R8, DX
nextrow:
	ADDQ $4, SI
	DECQ R9
	JNZ  row
	VZEROUPPER
	RET

// func biasTanh32AVX2(y, b, d *float32, n, rows, m int, c *[14][16]float32)
TEXT ·biasTanh32AVX2(SB), NOSPLIT, $0-56
	MOVQ y+0(FP), DI
	MOVQ b+8(FP), SI
	MOVQ d+16(FP), DX
	MOVQ n+24(FP), R8
	SHLQ $2, R8
	MOVQ rows+32(FP), R9
	MOVQ m+40(FP), R10
	MOVQ c+48(FP), R11
row:
	VBROADCASTSS (SI), Y0
	MOVQ DI, AX
	MOVQ DX, BX
	MOVQ R10, CX
vec:
	VMOVUPS (AX), Y1
	VADDPS Y0, Y1, Y1
	VMOVUPS 0(R11), Y5
	VMINPS Y1, Y5, Y1
	VMOVUPS 64(R11), Y5
	VMAXPS Y1, Y5, Y1
	VMULPS Y1, Y1, Y2
	VMULPS 128(R11), Y2, Y3
	VADDPS 192(R11), Y3, Y3
	VMULPS Y2, Y3, Y3
	VADDPS 256(R11), Y3, Y3
	VMULPS Y2, Y3, Y3
	VADDPS 320(R11), Y3, Y3
	VMULPS Y2, Y3, Y3
	VADDPS 384(R11), Y3, Y3
	VMULPS Y2, Y3, Y3
	VADDPS 448(R11), Y3, Y3
	VMULPS Y2, Y3, Y3
	VADDPS 512(R11), Y3, Y3
	VMULPS Y1, Y3, Y3
	VMULPS 576(R11), Y2, Y4
	VADDPS 640(R11), Y4, Y4
	VMULPS Y2, Y4, Y4
	VADDPS 704(R11), Y4, Y4
	VMULPS Y2, Y4, Y4
	VADDPS 768(R11), Y4, Y4
	VDIVPS Y4, Y3, Y3
	VMOVUPS Y3, (AX)
	TESTQ BX, BX
	JZ    nod
	VMULPS Y3, Y3, Y5
	VMOVUPS 832(R11), Y2
	VSUBPS Y5, Y2, Y5
	VMOVUPS Y5, (BX)
	ADDQ $32, BX
nod:
	ADDQ $32, AX
	SUBQ $8, CX
	JNZ  vec
	ADDQ R8, DI
	TESTQ DX, DX
	JZ    nextrow
	ADDQ R8, DX
nextrow:
	ADDQ $4, SI
	DECQ R9
	JNZ  row
	VZEROUPPER
	RET
