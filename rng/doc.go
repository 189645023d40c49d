// Package rng provides the random streams of a batch of Langevin chains:
// uniform, exponential and standard normal fills over dimension-major
// structure-of-arrays blocks, in which element k*n+c is dimension k of
// chain c in a batch of n chains.
//
// Every chain has its own streams, derived from the seed and the chain's
// global index alone. A chain's draws are therefore the same whatever the
// batch it is simulated in, whatever the batch size and whatever the order
// in which batches run.
//
// The generic Go code in this package is the specification. Vector
// implementations (lanes = consecutive chains) must reproduce it bit for
// bit, including the states they leave behind. The rest of this comment
// pins down every detail they need.
//
// # Generator
//
// Each stream is a xoshiro128++ generator of D. Blackman and S. Vigna
// (version 1.0): four uint32 words of state and a 32-bit output,
//
//	result = rotl(s0+s3, 7) + s0
//	t = s1 << 9
//	s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
//	s3 = rotl(s3, 11)
//
// It was chosen over Philox4x32-10 because it needs no multiplications,
// only 32-bit additions, shifts, rotations and exclusive ors, which every
// vector instruction set (AVX-512, AVX2, NEON) has for 32-bit lanes, and
// because a chain's state is 16 bytes. Its period is 2^128 - 1.
//
// Where a 64-bit value is needed it is made from two consecutive outputs,
// the first forming the low word: r = uint64(lo) | uint64(hi)<<32.
//
// # Seeding
//
// Let mix be the SplitMix64 finaliser,
//
//	mix(z): z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
//	        z = (z ^ z>>27) * 0x94d049bb133111eb
//	        return z ^ z>>31
//
// and γ = 0x9e3779b97f4a7c15. Chain c of seed s starts from x = mix(s) ^
// mix(c + γ) and draws three SplitMix64 outputs w_j = mix(x + j·γ), j = 1,
// 2, 3 (all arithmetic mod 2^64). Its primary state is (s0, s1, s2, s3) =
// (lo w1, hi w1, lo w2, hi w2), where lo and hi are the low and high 32
// bits. Since mix is a bijection with mix(0) = 0 and x+γ ≠ x+2γ, w1 and w2
// cannot both be zero, so the primary state is never the all-zero fixed
// point of xoshiro. The chain's secondary key is w3. For a fixed seed,
// distinct chains get distinct keys x.
//
// # Primary stream and slow-path values
//
// Each chain has a primary stream, which advances a fixed number of times
// per element: once for a float32 element, twice for a float64 element,
// for every distribution. Because its consumption does not depend on the
// values drawn, a vector loop can advance all its lanes in lockstep
// without branching. The rare rejections of the normal sampler draw
// instead from values that depend only on the chain's key and on which
// of the chain's normal draws is being finished: draw z (z counts the
// chain's normal values, float32 and float64 alike, from 0) takes
//
//	v_m = mix(mix(2^16·z + m mod 2^16) + key),  m = 0, 1, 2, …
//
// in turn. No rejected draw waits for another, so vector code can finish
// any number of them at once, in any order.
//
// # Uniform and exponential
//
// With r the primary output (float32) or the 64-bit value from two primary
// outputs (float64):
//
//	Uniform32: float32(r>>8) * 2^-24, in [0, 1)
//	Uniform64: float64(r>>11) * 2^-53, in [0, 1)
//	Exp32:     float32(0 - log(1 - U)), U = float64(r>>8) * 2^-24
//	Exp64:     0 - log(1 - U),          U = float64(r>>11) * 2^-53
//
// The exponential is exact inversion of the distribution function: 1-U is
// computed exactly and lies in (0, 1], and subtracting from zero makes U =
// 0 give +0. The logarithm is the package's portable log, described below,
// not math.Log.
//
// # Normal
//
// The normal sampler is the ziggurat of G. Marsaglia and W. W. Tsang (2000)
// with 128 layers, r = 3.442619855899 and v = 9.91256303526217e-3. Its
// tables are computed once at initialisation by their recursion, in
// float64 with the portable exp and log:
//
//	x[127] = r, x[0] = v / f(r), f(x) = exp(-x²/2)
//	x[i] = sqrt(-2 log(v/x[i+1] + f(x[i+1])))  for i = 126, …, 1
//	w32[i] = float32(x[i] / 2^24)    w64[i] = x[i] / 2^51
//	k32[0] = uint32(r/x[0] * 2^24)   k64[0] = uint64(r/x[0] * 2^51)
//	k32[1] = k64[1] = 0
//	k32[i] = uint32(x[i-1]/x[i] * 2^24), k64[i] likewise, for i >= 2
//	F[0] = 1, F[i] = f(x[i]) for i >= 1
//
// Fast path, one primary draw per element (the only path that vector code
// needs to implement):
//
//	float32: r = next primary output
//	         i = r & 127;  u = int32(r) >> 7   (in [-2^24, 2^24))
//	         x = float32(u) * w32[i]; accept x if |u| < k32[i]
//	float64: r = uint64(lo) | uint64(hi)<<32 from the next two outputs
//	         i = r & 127;  u = int64(r) >> 12  (in [-2^51, 2^51))
//	         x = float64(u) * w64[i]; accept x if |u| < k64[i]
//
// |u| is compared as an unsigned integer. Both conversions of u are exact,
// and |u| < 2^51 lets a vector unit without a 64-bit integer conversion
// convert u exactly, for instance by adding and subtracting 1.5·2^52.
//
// Slow path, taken when the fast test fails, from the values v_m of the
// draw and in float64 arithmetic (exp and log being the portable ones
// described below), given x and i from the fast path:
//
//  1. If i = 0 (the base strip), sample Marsaglia's tail: repeat a =
//     -log(U1)/r, b = -log(U2) until 2b > a², with U1 and U2 uniform in (0,
//     1] as (float64(v>>11) + 1) * 2^-53 from the next two values v;
//     return r + a with the sign of x (x is never zero here).
//  2. Otherwise take U = float64(v>>11) * 2^-53 from the next value v and
//     return x if F[i] + round(U*(F[i-1]-F[i])) < exp(-x²/2), the product
//     rounded before the addition.
//  3. Otherwise apply the fast path to the next value v (its low 32 bits
//     for float32, all 64 for float64) and return its x if accepted; if
//     not, go back to step 1 with its x and i.
//
// For float32 the wedge test uses float64(x) and a wedge acceptance
// returns x itself; the tail returns float32 of the float64 result. The
// fast test fails for 2.76% of raw draws, and step 3 runs about 1.24
// times per 100 elements.
//
// A vector implementation writes x for every element and records the
// elements whose slow path it leaves unfinished, each with the candidate
// x and layer i at which it stopped and the number m of values it used;
// Go then finishes them from v_m on, in any order. The NEON code records
// every element that fails the fast test; the AVX2 and AVX-512 code run
// steps 2 and 3 once themselves (AVX-512 also one attempt of the tail),
// four and sixteen draws at a time, and record only the draws left
// unfinished.
//
// # Portability
//
// Every output is the same on every platform. All arithmetic is IEEE 754
// arithmetic whose result is defined exactly: no fused multiply-add (the
// code rounds products by explicit conversion where the compiler could
// otherwise fuse them), and neither math.Exp nor math.Log, whose last bit
// depends on the architecture and, on amd64, on the CPU. The exp and log
// used by the tables, the normal slow path and the exponential fills are
// instead polynomials evaluated in a fixed order, accurate to a few ulps:
//
//	log x: x = 2^e m with m in (1/√2, √2], taken from the bits of x
//	       s = (m-1)/(m+1)
//	       log x = e ln2Hi + (e ln2Lo + 2s P(s²)),  P(t) = Σ_{j=0..13} t^j/(2j+1)
//	exp x: k = floor(x/ln 2 + 1/2)
//	       t = (x - k ln2Hi) - k ln2Lo
//	       exp x = 2^k Q(t),  Q(t) = Σ_{n=0..13} t^n/n!
//
// where ln2Hi + ln2Lo splits ln 2 so that k ln2Hi is exact, and P and Q
// are evaluated by the Estrin scheme of poly13 with coefficients rounded
// once to float64. The golden values in testdata/golden.json pin the
// streams; changing them breaks the reproducibility of users' runs.
//
// # Checkpoints
//
// Streams.MarshalBinary encodes a batch's state, little-endian: the magic
// "TRNG", a uint32 version (2), the number of chains n as a uint64, and
// eight words per chain, each as n uint32 values in chain order: the
// primary state P0, P1, P2, P3, then the low and high words of the key and
// of the count of normal draws.
package rng
