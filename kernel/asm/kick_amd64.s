//go:build gc && !purego && !noasm

#include "textflag.h"

// The Kick kernels keep p in DI, f in SI and the element count n in CX,
// and index elements with AX. The row's hh is broadcast to register 0 of
// the vector width in use. Each runs one loop of four vectors a trip and
// one of single vectors for the rest.

// KICK_PS steps the vector at byte offset off: p = p + hh f.
#define KICK_PS(off, HH, P, T) \
	VMOVUPS off(DI)(AX*4), P;     \
	VMULPS  off(SI)(AX*4), HH, T; \
	VADDPS  T, P, P;              \
	VMOVUPS P, off(DI)(AX*4)

#define KICK_PD(off, HH, P, T) \
	VMOVUPD off(DI)(AX*8), P;     \
	VMULPD  off(SI)(AX*8), HH, T; \
	VADDPD  T, P, P;              \
	VMOVUPD P, off(DI)(AX*8)

// func kick32AVX512(p, f *float32, n int, hh float32)
TEXT ·kick32AVX512(SB), NOSPLIT, $0-28
	MOVQ         p+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS hh+24(FP), Z0
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-64, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	KICK_PS(0, Z0, Z1, Z2)
	KICK_PS(64, Z0, Z3, Z4)
	KICK_PS(128, Z0, Z5, Z6)
	KICK_PS(192, Z0, Z7, Z8)
	ADDQ $64, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	KICK_PS(0, Z0, Z1, Z2)
	ADDQ $16, AX
	JMP  loop1

done:
	VZEROUPPER
	RET

// func kick32AVX2(p, f *float32, n int, hh float32)
TEXT ·kick32AVX2(SB), NOSPLIT, $0-28
	MOVQ         p+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS hh+24(FP), Y0
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-32, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	KICK_PS(0, Y0, Y1, Y2)
	KICK_PS(32, Y0, Y3, Y4)
	KICK_PS(64, Y0, Y5, Y6)
	KICK_PS(96, Y0, Y7, Y8)
	ADDQ $32, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	KICK_PS(0, Y0, Y1, Y2)
	ADDQ $8, AX
	JMP  loop1

done:
	VZEROUPPER
	RET

// func kick64AVX512(p, f *float64, n int, hh float64)
TEXT ·kick64AVX512(SB), NOSPLIT, $0-32
	MOVQ         p+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSD hh+24(FP), Z0
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-32, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	KICK_PD(0, Z0, Z1, Z2)
	KICK_PD(64, Z0, Z3, Z4)
	KICK_PD(128, Z0, Z5, Z6)
	KICK_PD(192, Z0, Z7, Z8)
	ADDQ $32, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	KICK_PD(0, Z0, Z1, Z2)
	ADDQ $8, AX
	JMP  loop1

done:
	VZEROUPPER
	RET

// func kick64AVX2(p, f *float64, n int, hh float64)
TEXT ·kick64AVX2(SB), NOSPLIT, $0-32
	MOVQ         p+0(FP), DI
	MOVQ         f+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSD hh+24(FP), Y0
	XORQ         AX, AX
	MOVQ         CX, BX
	ANDQ         $-16, BX

loop4:
	CMPQ AX, BX
	JEQ  loop1
	KICK_PD(0, Y0, Y1, Y2)
	KICK_PD(32, Y0, Y3, Y4)
	KICK_PD(64, Y0, Y5, Y6)
	KICK_PD(96, Y0, Y7, Y8)
	ADDQ $16, AX
	JMP  loop4

loop1:
	CMPQ AX, CX
	JEQ  done
	KICK_PD(0, Y0, Y1, Y2)
	ADDQ $4, AX
	JMP  loop1

done:
	VZEROUPPER
	RET
