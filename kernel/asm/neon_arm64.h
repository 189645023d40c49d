// Go's arm64 assembler has no mnemonics for the Advanced SIMD float
// arithmetic the kernels use, so these macros encode it. Operands are
// vector register numbers in the order of Go's VADD: OP(m, n, d) sets
// Vd = Vn op Vm, lane by lane. The base words are the encodings with all
// three register fields zero:
//
//	FADD Vd.4S, Vn.4S, Vm.4S	0x4e20d400
//	FSUB Vd.4S, Vn.4S, Vm.4S	0x4ea0d400
//	FMUL Vd.4S, Vn.4S, Vm.4S	0x6e20dc00
//	FADD Vd.2D, Vn.2D, Vm.2D	0x4e60d400
//	FSUB Vd.2D, Vn.2D, Vm.2D	0x4ee0d400
//	FMUL Vd.2D, Vn.2D, Vm.2D	0x6e60dc00
//	EXT Vd.16B, Vn.16B, Vm.16B, #8	0x6e004000
//	FADDP Sd, Vn.2S			0x7e30d800
//	FADDP Dd, Vn.2D			0x7e70d800
//
// with Rm in bits 16-20, Rn in bits 5-9 and Rd in bits 0-4. FMUL rounds
// its product; the fused FMLA is never used.

#define VFADD_S4(m, n, d) WORD $(0x4e20d400 | (m)<<16 | (n)<<5 | (d))
#define VFSUB_S4(m, n, d) WORD $(0x4ea0d400 | (m)<<16 | (n)<<5 | (d))
#define VFMUL_S4(m, n, d) WORD $(0x6e20dc00 | (m)<<16 | (n)<<5 | (d))
#define VFADD_D2(m, n, d) WORD $(0x4e60d400 | (m)<<16 | (n)<<5 | (d))
#define VFSUB_D2(m, n, d) WORD $(0x4ee0d400 | (m)<<16 | (n)<<5 | (d))
#define VFMUL_D2(m, n, d) WORD $(0x6e60dc00 | (m)<<16 | (n)<<5 | (d))

// VEXT8(m, n, d) sets Vd to the upper half of Vn then the lower half of
// Vm: with m = n, Vn with its halves swapped.
#define VEXT8(m, n, d) WORD $(0x6e004000 | (m)<<16 | (n)<<5 | (d))

// VFADDP_S(n, d) sets lane 0 of Vd (Fd) to lane 0 plus lane 1 of Vn.4S,
// and the other lanes to zero; VFADDP_D does it for Vn.2D.
#define VFADDP_S(n, d) WORD $(0x7e30d800 | (n)<<5 | (d))
#define VFADDP_D(n, d) WORD $(0x7e70d800 | (n)<<5 | (d))

// MULADD_S4(x, j, t, acc) sets Vacc = Vacc + Vj Vx, the product rounded
// into Vt first; MULSUB_S4 subtracts it, and the D2 macros do the same on
// float64.
#define MULADD_S4(x, j, t, acc) \
	VFMUL_S4(x, j, t); \
	VFADD_S4(t, acc, acc)

#define MULSUB_S4(x, j, t, acc) \
	VFMUL_S4(x, j, t); \
	VFSUB_S4(t, acc, acc)

#define MULADD_D2(x, j, t, acc) \
	VFMUL_D2(x, j, t); \
	VFADD_D2(t, acc, acc)

#define MULSUB_D2(x, j, t, acc) \
	VFMUL_D2(x, j, t); \
	VFSUB_D2(t, acc, acc)

// DUP4 broadcasts lane 0 of V0-V3 (lanes L) to the whole of each
// (arrangement A): a kernel's four coefficients, loaded into F0-F3.
#define DUP4(A, L) \
	VDUP V0.L[0], V0.A; \
	VDUP V1.L[0], V1.A; \
	VDUP V2.L[0], V2.A; \
	VDUP V3.L[0], V3.A

// TRIPS sets R5 to the trips of four vectors in the N elements, N >>
// sh4, and R6 to the single vectors after them, (N & m4) >> sh1.
#define TRIPS(N, sh4, m4, sh1) \
	LSR $sh4, N, R5; \
	AND $m4, N, R6;  \
	LSR $sh1, R6, R6

// The tanh kernels also need the lane-wise minimum, maximum and division,
// encoded the same way:
//
//	FMIN Vd.4S, Vn.4S, Vm.4S	0x4ea0f400
//	FMAX Vd.4S, Vn.4S, Vm.4S	0x4e20f400
//	FDIV Vd.4S, Vn.4S, Vm.4S	0x6e20fc00
//
// FMIN and FMAX give NaN when either operand is NaN (not FMINNM and
// FMAXNM, which give the number); FDIV rounds the quotient once.
#define VFMIN_S4(m, n, d) WORD $(0x4ea0f400 | (m)<<16 | (n)<<5 | (d))
#define VFMAX_S4(m, n, d) WORD $(0x4e20f400 | (m)<<16 | (n)<<5 | (d))
#define VFDIV_S4(m, n, d) WORD $(0x6e20fc00 | (m)<<16 | (n)<<5 | (d))
