// Package models provides the potentials U(x) sampled by the thermo engine
// and, where they are known, the stationary moments of the Boltzmann density
//
//	p(x) ∝ exp(-U(x)/kT).
//
// Each model is a value type with exported parameters that implements
// Model. Positions are in units of length and U in the units of kT. The
// registry functions New and FromParams build a model by name with defaults
// or with parameters read from a configuration table, and Params writes them
// back in the same form.
//
// # Demons
//
// A model's demons evaluate the force f = -∇U, and through Energy the
// potential U, for a batch of n chains in float32 or float64. Batches are
// dimension-major: x[k*n+c] is dimension k of chain c, so the innermost loop
// of every demon runs over contiguous chains with the model's parameters
// held fixed. x and the output must not overlap. A demon allocates nothing
// per call; a model that needs scratch space sizes it when the demon is
// made, for at most the n given there. Energy writes U in float64 for
// either precision, from the model's float64 parameters, so a float32
// chain's U is the float64 chain's at the same point.
//
// The result for one chain depends only on that chain's state: every sum is
// taken in an order fixed by the model, never by the batch, so the force
// and energy of a chain are bit-identical whatever the batch size and the
// chain's position in it. The engine's determinism across shardings rests
// on this. Every product is rounded before it is added, so that no target
// fuses the two into one FMA, and elementary functions come from package
// rng rather than math: the bits are also the same on every architecture.
//
// # Models
//
// Gaussian is anisotropic and diagonal, with stiffness κ and mean μ:
//
//	U(x) = Σ_k κ_k/2 (x_k - μ_k)²,
//	f_k  = κ_k (μ_k - x_k),
//	E[x_k] = μ_k,  Var[x_k] = kT/κ_k.
//
// It implements Diagonal, for which the exact Ornstein-Uhlenbeck transition
// applies.
//
// Coupled is harmonic with a dense symmetric positive-definite matrix J:
//
//	U(x) = xᵀ J x / 2,
//	f_i  = -Σ_j J_ij x_j,
//	E[x] = 0,  Cov[x] = kT J⁻¹.
//
// DoubleWell is separable, with barrier B, width W and tilt T:
//
//	U(x) = Σ_k B ((x_k/W)² - 1)² - T x_k/W,
//	f_k  = -(4B/W) (x_k/W) ((x_k/W)² - 1) + T/W,
//
// with minima near x_k = ±W and a barrier of height B between them; a
// positive tilt lowers the well at +W. The mean (zero by symmetry without
// tilt) and the variance,
//
//	Var[x_k] = ∫ x² exp(-U_k/kT) dx / ∫ exp(-U_k/kT) dx - E[x_k]²,
//
// are computed by Gauss-Legendre quadrature.
//
// GMM is a mixture of K isotropic normal distributions with weights w,
// means μ_j and standard deviations σ_j:
//
//	U(x) = -log Σ_j w_j N(x; μ_j, σ_j² I),
//	f    = Σ_j r_j(x) (μ_j - x)/σ_j²,
//	r_j(x) = w_j N(x; μ_j, σ_j² I) / Σ_i w_i N(x; μ_i, σ_i² I),
//
// with the responsibilities r_j computed from the log densities by the
// log-sum-exp shift, so that they stay finite far from every mode. At
// kT = 1 the Boltzmann density is the mixture, with
//
//	E[x_k] = Σ_j w_j μ_jk,  Var[x_k] = Σ_j w_j (σ_j² + μ_jk²) - E[x_k]².
//
// # Models of one's own
//
// The least a user writes is a log density and its gradient at one point:
// NewDensity turns them into a Model whose demons also implement Energy,
// so every integrator, mala and hmc included, accepts it. For speed, a
// model implements Model itself with batched demons (Force over a whole
// dimension-major batch) and, for mala and hmc, Energy.
package models
