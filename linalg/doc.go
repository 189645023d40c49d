// Package linalg is the small dense linear algebra of thermo's linear
// models: the matrix exponential, the exact discretisation of a linear
// stochastic differential equation over a step, Cholesky factors of its
// noise covariance, and the stationary covariance as a reference.
//
// # Matrices
//
// A matrix is a row-major []float64 of length n*n together with its order
// n: entry (i, j) is a[i*n+j]. Vectors are []float64 of length n. The
// functions never modify their arguments and return newly allocated
// results. They panic if a slice is shorter than its order requires.
//
// # The linear s-mode
//
// An s-mode of dimension n follows
//
//	dv = (A v + b) dt + C dw,
//
// with w a standard Wiener process. Over a step h the solution is, exactly,
//
//	v(t+h) = Φ v(t) + f + ξ,   ξ ~ N(0, Q_h),
//
// where, with the diffusion matrix Q = C Cᵀ,
//
//	Φ   = e^{Ah}                          (Expm, VanLoan)
//	f   = ∫₀^h e^{As} ds · b               (Forcing)
//	Q_h = ∫₀^h e^{As} Q e^{Aᵀs} ds          (VanLoan)
//
// and ξ is drawn as L z with z standard normal and L Lᵀ = Q_h (Cholesky,
// or CholeskyPSD, with diagonal pivoting, when C and so Q_h may be
// singular). Φ and Q_h come from one exponential of a block matrix (Van
// Loan 1978),
//
//	exp([[-A, Q], [0, Aᵀ]] h) = [[F11, F12], [0, F22]],   Φ = F22ᵀ,  Q_h = Φ F12,
//
// taken for h/2^k with ‖A‖₁ h/2^k ≤ 1 and doubled k times,
//
//	Q_{2h} = Q_h + Φ_h Q_h Φ_hᵀ,   Φ_{2h} = Φ_h²,
//
// and f from another,
//
//	exp([[A, b], [0, 0]] h) = [[Φ, f], [0, 1]].
//
// For a stable A (every eigenvalue with negative real part) the covariance
// tends to the stationary one, Q_h → S as h → ∞, where S solves the
// Lyapunov equation
//
//	A S + S Aᵀ + Q = 0        (Lyapunov),
//
// and the covariances of consecutive steps obey S - Φ S Φᵀ = Q_h.
//
// Every exponential is Expm's: scaling and squaring with the diagonal Padé
// approximants of degree m ≤ 13, after Higham (2005).
//
// # Portability
//
// Expm, VanLoan, Forcing, Cholesky, CholeskyPSD, Mul, MulVec, Transpose,
// Identity and Norm1 return the same bits on every architecture: they use only additions,
// multiplications, divisions and square roots, which IEEE 754 rounds
// exactly, in a fixed order, and every product is rounded explicitly
// (float64(x*y) + z) so that no compiler fuses it into a multiply-add, as
// Go does on arm64. They call no function of package math that differs
// between machines. Golden digests of their results in testdata pin this,
// checked on amd64 and under qemu-aarch64.
//
// Lyapunov is a reference for tests and diagnostics, built on gonum's
// LAPACK, and is not bit-for-bit portable.
package linalg
