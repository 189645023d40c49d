//go:build gc && !purego && !noasm

#include "textflag.h"

// The BAOAB kernels keep x in DI, p in SI, f in DX, xi in R8 and the
// element count n in CX, and index elements with AX. The row's
// coefficients hh, a, c1 and c2 are broadcast to registers 0 to 3 of the
// vector width in use; every other vector register is scratch.
//
// Each kernel runs one loop of four vectors a trip and one of single
// vectors for the rest, in two copies: one that opens the step with one
// kick and one that also closes the previous step with a second.

// KICK_PS loads p at byte offset off into P and adds hh*f, left in T.
#define KICK_PS(off, HH, P, T) \
	VMOVUPS off(SI)(AX*4), P;     \
	VMULPS  off(DX)(AX*4), HH, T; \
	VADDPS T, P, P

// AOA_PS takes the kicked p in P through x += a p, p = c1 p + c2 xi,
// x += a p, and stores p and x at byte offset off.
#define AOA_PS(off, A, C1, C2, P, X, T) \
	VMULPS  P, A, T;              \
	VMOVUPS off(DI)(AX*4), X;     \
	VADDPS  T, X, X;              \
	VMULPS  P, C1, P;             \
	VMULPS  off(R8)(AX*4), C2, T; \
	VADDPS  T, P, P;              \
	VMULPS  P, A, T;              \
	VADDPS  T, X, X;              \
	VMOVUPS P, off(SI)(AX*4);     \
	VMOVUPS X, off(DI)(AX*4)

#define KICK_PD(off, HH, P, T) \
	VMOVUPD off(SI)(AX*8), P;     \
	VMULPD  off(DX)(AX*8), HH, T; \
	VADDPD T, P, P

#define AOA_PD(off, A, C1, C2, P, X, T) \
	VMULPD  P, A, T;              \
	VMOVUPD off(DI)(AX*8), X;     \
	VADDPD  T, X, X;              \
	VMULPD  P, C1, P;             \
	VMULPD  off(R8)(AX*8), C2, T; \
	VADDPD  T, P, P;              \
	VMULPD  P, A, T;              \
	VADDPD  T, X, X;              \
	VMOVUPD P, off(SI)(AX*8);     \
	VMOVUPD X, off(DI)(AX*8)

// func baoab32AVX512(x, p, f, xi *float32, n int, hh, a, c1, c2 float32, closePrev bool)
TEXT ·baoab32AVX512(SB), NOSPLIT, $0-57
	MOVQ         x+0(FP), DI
	MOVQ         p+8(FP), SI
	MOVQ         f+16(FP), DX
	MOVQ         xi+24(FP), R8
	MOVQ         n+32(FP), CX
	XORQ         AX, AX
	VBROADCASTSS hh+40(FP), Z0
	VBROADCASTSS a+44(FP), Z1
	VBROADCASTSS c1+48(FP), Z2
	VBROADCASTSS c2+52(FP), Z3
	MOVQ         CX, BX
	ANDQ         $-64, BX
	CMPB         closePrev+56(FP), $0
	JNE          close4

open4:
	CMPQ AX, BX
	JEQ  open1
	KICK_PS(0, Z0, Z4, Z5)
	KICK_PS(64, Z0, Z7, Z8)
	KICK_PS(128, Z0, Z10, Z11)
	KICK_PS(192, Z0, Z13, Z14)
	AOA_PS(0, Z1, Z2, Z3, Z4, Z6, Z5)
	AOA_PS(64, Z1, Z2, Z3, Z7, Z9, Z8)
	AOA_PS(128, Z1, Z2, Z3, Z10, Z12, Z11)
	AOA_PS(192, Z1, Z2, Z3, Z13, Z15, Z14)
	ADDQ $64, AX
	JMP  open4

open1:
	CMPQ AX, CX
	JEQ  done
	KICK_PS(0, Z0, Z4, Z5)
	AOA_PS(0, Z1, Z2, Z3, Z4, Z6, Z5)
	ADDQ $16, AX
	JMP  open1

close4:
	CMPQ AX, BX
	JEQ  close1
	KICK_PS(0, Z0, Z4, Z5)
	KICK_PS(64, Z0, Z7, Z8)
	KICK_PS(128, Z0, Z10, Z11)
	KICK_PS(192, Z0, Z13, Z14)
	VADDPS Z5, Z4, Z4
	VADDPS Z8, Z7, Z7
	VADDPS Z11, Z10, Z10
	VADDPS Z14, Z13, Z13
	AOA_PS(0, Z1, Z2, Z3, Z4, Z6, Z5)
	AOA_PS(64, Z1, Z2, Z3, Z7, Z9, Z8)
	AOA_PS(128, Z1, Z2, Z3, Z10, Z12, Z11)
	AOA_PS(192, Z1, Z2, Z3, Z13, Z15, Z14)
	ADDQ $64, AX
	JMP  close4

close1:
	CMPQ AX, CX
	JEQ  done
	KICK_PS(0, Z0, Z4, Z5)
	VADDPS Z5, Z4, Z4
	AOA_PS(0, Z1, Z2, Z3, Z4, Z6, Z5)
	ADDQ $16, AX
	JMP  close1

done:
	VZEROUPPER
	RET

// func baoab32AVX2(x, p, f, xi *float32, n int, hh, a, c1, c2 float32, closePrev bool)
TEXT ·baoab32AVX2(SB), NOSPLIT, $0-57
	MOVQ         x+0(FP), DI
	MOVQ         p+8(FP), SI
	MOVQ         f+16(FP), DX
	MOVQ         xi+24(FP), R8
	MOVQ         n+32(FP), CX
	XORQ         AX, AX
	VBROADCASTSS hh+40(FP), Y0
	VBROADCASTSS a+44(FP), Y1
	VBROADCASTSS c1+48(FP), Y2
	VBROADCASTSS c2+52(FP), Y3
	MOVQ         CX, BX
	ANDQ         $-32, BX
	CMPB         closePrev+56(FP), $0
	JNE          close4

open4:
	CMPQ AX, BX
	JEQ  open1
	KICK_PS(0, Y0, Y4, Y5)
	KICK_PS(32, Y0, Y7, Y8)
	KICK_PS(64, Y0, Y10, Y11)
	KICK_PS(96, Y0, Y13, Y14)
	AOA_PS(0, Y1, Y2, Y3, Y4, Y6, Y5)
	AOA_PS(32, Y1, Y2, Y3, Y7, Y9, Y8)
	AOA_PS(64, Y1, Y2, Y3, Y10, Y12, Y11)
	AOA_PS(96, Y1, Y2, Y3, Y13, Y15, Y14)
	ADDQ $32, AX
	JMP  open4

open1:
	CMPQ AX, CX
	JEQ  done
	KICK_PS(0, Y0, Y4, Y5)
	AOA_PS(0, Y1, Y2, Y3, Y4, Y6, Y5)
	ADDQ $8, AX
	JMP  open1

close4:
	CMPQ AX, BX
	JEQ  close1
	KICK_PS(0, Y0, Y4, Y5)
	KICK_PS(32, Y0, Y7, Y8)
	KICK_PS(64, Y0, Y10, Y11)
	KICK_PS(96, Y0, Y13, Y14)
	VADDPS Y5, Y4, Y4
	VADDPS Y8, Y7, Y7
	VADDPS Y11, Y10, Y10
	VADDPS Y14, Y13, Y13
	AOA_PS(0, Y1, Y2, Y3, Y4, Y6, Y5)
	AOA_PS(32, Y1, Y2, Y3, Y7, Y9, Y8)
	AOA_PS(64, Y1, Y2, Y3, Y10, Y12, Y11)
	AOA_PS(96, Y1, Y2, Y3, Y13, Y15, Y14)
	ADDQ $32, AX
	JMP  close4

close1:
	CMPQ AX, CX
	JEQ  done
	KICK_PS(0, Y0, Y4, Y5)
	VADDPS Y5, Y4, Y4
	AOA_PS(0, Y1, Y2, Y3, Y4, Y6, Y5)
	ADDQ $8, AX
	JMP  close1

done:
	VZEROUPPER
	RET

// func baoab64AVX512(x, p, f, xi *float64, n int, hh, a, c1, c2 float64, closePrev bool)
TEXT ·baoab64AVX512(SB), NOSPLIT, $0-73
	MOVQ         x+0(FP), DI
	MOVQ         p+8(FP), SI
	MOVQ         f+16(FP), DX
	MOVQ         xi+24(FP), R8
	MOVQ         n+32(FP), CX
	XORQ         AX, AX
	VBROADCASTSD hh+40(FP), Z0
	VBROADCASTSD a+48(FP), Z1
	VBROADCASTSD c1+56(FP), Z2
	VBROADCASTSD c2+64(FP), Z3
	MOVQ         CX, BX
	ANDQ         $-32, BX
	CMPB         closePrev+72(FP), $0
	JNE          close4

open4:
	CMPQ AX, BX
	JEQ  open1
	KICK_PD(0, Z0, Z4, Z5)
	KICK_PD(64, Z0, Z7, Z8)
	KICK_PD(128, Z0, Z10, Z11)
	KICK_PD(192, Z0, Z13, Z14)
	AOA_PD(0, Z1, Z2, Z3, Z4, Z6, Z5)
	AOA_PD(64, Z1, Z2, Z3, Z7, Z9, Z8)
	AOA_PD(128, Z1, Z2, Z3, Z10, Z12, Z11)
	AOA_PD(192, Z1, Z2, Z3, Z13, Z15, Z14)
	ADDQ $32, AX
	JMP  open4

open1:
	CMPQ AX, CX
	JEQ  done
	KICK_PD(0, Z0, Z4, Z5)
	AOA_PD(0, Z1, Z2, Z3, Z4, Z6, Z5)
	ADDQ $8, AX
	JMP  open1

close4:
	CMPQ AX, BX
	JEQ  close1
	KICK_PD(0, Z0, Z4, Z5)
	KICK_PD(64, Z0, Z7, Z8)
	KICK_PD(128, Z0, Z10, Z11)
	KICK_PD(192, Z0, Z13, Z14)
	VADDPD Z5, Z4, Z4
	VADDPD Z8, Z7, Z7
	VADDPD Z11, Z10, Z10
	VADDPD Z14, Z13, Z13
	AOA_PD(0, Z1, Z2, Z3, Z4, Z6, Z5)
	AOA_PD(64, Z1, Z2, Z3, Z7, Z9, Z8)
	AOA_PD(128, Z1, Z2, Z3, Z10, Z12, Z11)
	AOA_PD(192, Z1, Z2, Z3, Z13, Z15, Z14)
	ADDQ $32, AX
	JMP  close4

close1:
	CMPQ AX, CX
	JEQ  done
	KICK_PD(0, Z0, Z4, Z5)
	VADDPD Z5, Z4, Z4
	AOA_PD(0, Z1, Z2, Z3, Z4, Z6, Z5)
	ADDQ $8, AX
	JMP  close1

done:
	VZEROUPPER
	RET

// func baoab64AVX2(x, p, f, xi *float64, n int, hh, a, c1, c2 float64, closePrev bool)
TEXT ·baoab64AVX2(SB), NOSPLIT, $0-73
	MOVQ         x+0(FP), DI
	MOVQ         p+8(FP), SI
	MOVQ         f+16(FP), DX
	MOVQ         xi+24(FP), R8
	MOVQ         n+32(FP), CX
	XORQ         AX, AX
	VBROADCASTSD hh+40(FP), Y0
	VBROADCASTSD a+48(FP), Y1
	VBROADCASTSD c1+56(FP), Y2
	VBROADCASTSD c2+64(FP), Y3
	MOVQ         CX, BX
	ANDQ         $-16, BX
	CMPB         closePrev+72(FP), $0
	JNE          close4

open4:
	CMPQ AX, BX
	JEQ  open1
	KICK_PD(0, Y0, Y4, Y5)
	KICK_PD(32, Y0, Y7, Y8)
	KICK_PD(64, Y0, Y10, Y11)
	KICK_PD(96, Y0, Y13, Y14)
	AOA_PD(0, Y1, Y2, Y3, Y4, Y6, Y5)
	AOA_PD(32, Y1, Y2, Y3, Y7, Y9, Y8)
	AOA_PD(64, Y1, Y2, Y3, Y10, Y12, Y11)
	AOA_PD(96, Y1, Y2, Y3, Y13, Y15, Y14)
	ADDQ $16, AX
	JMP  open4

open1:
	CMPQ AX, CX
	JEQ  done
	KICK_PD(0, Y0, Y4, Y5)
	AOA_PD(0, Y1, Y2, Y3, Y4, Y6, Y5)
	ADDQ $4, AX
	JMP  open1

close4:
	CMPQ AX, BX
	JEQ  close1
	KICK_PD(0, Y0, Y4, Y5)
	KICK_PD(32, Y0, Y7, Y8)
	KICK_PD(64, Y0, Y10, Y11)
	KICK_PD(96, Y0, Y13, Y14)
	VADDPD Y5, Y4, Y4
	VADDPD Y8, Y7, Y7
	VADDPD Y11, Y10, Y10
	VADDPD Y14, Y13, Y13
	AOA_PD(0, Y1, Y2, Y3, Y4, Y6, Y5)
	AOA_PD(32, Y1, Y2, Y3, Y7, Y9, Y8)
	AOA_PD(64, Y1, Y2, Y3, Y10, Y12, Y11)
	AOA_PD(96, Y1, Y2, Y3, Y13, Y15, Y14)
	ADDQ $16, AX
	JMP  close4

close1:
	CMPQ AX, CX
	JEQ  done
	KICK_PD(0, Y0, Y4, Y5)
	VADDPD Y5, Y4, Y4
	AOA_PD(0, Y1, Y2, Y3, Y4, Y6, Y5)
	ADDQ $4, AX
	JMP  close1

done:
	VZEROUPPER
	RET
