// loops_amd64.h holds the loop structure the element-wise amd64 kernels
// share: the arguments loaded, AX counting elements from 0 to CX and BX
// the count rounded down to whole trips of four vectors.

// LOOPRET ends a kernel.
#define LOOPRET \
	VZEROUPPER \
	RET

// LOOPS4 applies STEP(off, X, T) to four vectors a trip, at byte offsets
// 0, o1, o2 and o3 from element AX with the scratch pairs (X0, T0) to
// (X3, T3), adding s4 to AX while AX < BX; then to one vector a trip,
// adding s1, while AX < CX; then runs END (LOOPRET to return). STEP
// binds the kernel's coefficient registers.
#define LOOPS4(STEP, X0, T0, X1, T1, X2, T2, X3, T3, o1, o2, o3, s4, s1, END) \
loop4:                    \
	CMPQ AX, BX           \
	JEQ  loop1            \
	STEP(0, X0, T0)       \
	STEP(o1, X1, T1)      \
	STEP(o2, X2, T2)      \
	STEP(o3, X3, T3)      \
	ADDQ $s4, AX          \
	JMP  loop4            \
loop1:                    \
	CMPQ AX, CX           \
	JEQ  done             \
	STEP(0, X0, T0)       \
	ADDQ $s1, AX          \
	JMP  loop1            \
done:                     \
	END

// NAN512 and NAN256 end the fused kernels: they set AX to a nonzero value
// if a lane of V, the bits of x - x or'ed or summed over the elements, is
// NaN (VCMP and VMOVMSK of the precision).
#define NAN512(VCMP, V) \
	VCMP  $3, V, V, K1 \
	KMOVW K1, AX

#define NAN256(VCMP, VMOVMSK, V) \
	VCMP    $3, V, V, V \
	VMOVMSK V, AX
