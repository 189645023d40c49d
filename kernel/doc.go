// Package kernel holds the element-wise integrator steps that advance a
// shard of chains and the batched products a demon needs (LinearForce,
// DenseForce), over dimension-major structure-of-arrays slices: element
// k*n+c is dimension k of chain c in a shard of n chains, so vector lanes
// are chains and every per-dimension coefficient is a broadcast scalar.
//
// The generic Go functions in this package are the specification. Every
// product is rounded before it is added (no fused multiply-add): Go has no
// float32 FMA, and one operation order for both precisions lets assembly
// for any instruction set match the generic code bit for bit. The explicit
// conversions F(a*b) in the code forbid the compiler from fusing on
// targets where it otherwise would (arm64, GOAMD64=v3).
//
// The steps, for a diagonal mass m_k, friction gamma_k, temperature kT and
// step h, with xi a standard normal draw:
//
//	BAOAB (underdamped Langevin, exact O-step):
//	  B  p = p + (h/2) f          (twice when closing the previous step)
//	  A  x = x + (h/2m) p
//	  O  p = c1 p + c2 xi,  c1 = exp(-gamma h/m),  c2 = sqrt(kT m (1 - c1^2))
//	  A  x = x + (h/2m) p
//	  the force f(x) is then recomputed by the demon.
//
//	Euler-Maruyama / ULA (overdamped Langevin dx = f/gamma dt + sqrt(2 kT/gamma) dw):
//	  x = (x + a f) + s xi,  a = h/gamma,  s = sqrt(2 kT h/gamma)
//
//	Exact Ornstein-Uhlenbeck transition for U = kappa/2 (x - mu)^2:
//	  x = (mu + a (x - mu)) + s xi,  a = exp(-kappa h/gamma),  s = sqrt(kT/kappa (1 - a^2))
//
// Coefficients are computed once in float64 and rounded to the working
// precision.
//
// The assembly paths (package kernel/asm: AVX2 and AVX-512 on amd64, NEON
// on arm64) advance the whole vectors of each row and leave the row's last
// few elements to the generic code. Each call picks its path from the
// current ISA (ForceISA, THERMO_ISA). Every path matches the generic code
// bit for bit, except in which payload a NaN result carries when several
// inputs are NaN.
package kernel
