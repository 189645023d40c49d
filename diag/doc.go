// Package diag computes the convergence diagnostics of a run's samples,
// per dimension of an array [chains, draws, dim] (the layout of
// samples.npy), as the R package posterior's summarise_draws does: the
// reference implementation of Vehtari, Gelman, Simpson, Carpenter and
// Bürkner (2021), "Rank-normalization, folding, and localization: an
// improved R-hat for assessing convergence of MCMC", Bayesian Analysis
// 16(2).
//
// For one dimension, x holds C chains of N draws. Split chains cut each
// chain into its first and last n = floor(N/2) draws, leaving out the
// middle draw when N is odd, which gives M = 2C chains of n draws
// (posterior leaves N = 1 unsplit: M = C, n = 1).
//
//	mean, sd        over all C N draws (sd with the n-1 denominator)
//	q5, q50, q95    quantiles of type 7 (R's default): h = (S-1) p,
//	                q = x(floor h) + (h - floor h) (x(ceil h) - x(floor h))
//	z               normal scores of the S = M n split draws:
//	                z = Φ⁻¹((r - 3/8) / (S + 1/4)), r the rank, ties averaged
//	ess_bulk        ESS of z
//	ess_tail        min of the ESS of the indicators x <= q5 and x <= q95
//	mcse_mean       sd / sqrt(ESS of x)
//	rhat            max of the split R-hat of z and of the normal scores of
//	                |x - median(x)| (the folded draws)
//
// The split R-hat of M chains of n draws, with chain means m_j and
// variances s_j²: B = n var(m_j), W = mean(s_j²),
// R-hat = sqrt((B/W + n - 1) / n).
//
// The ESS of M chains of n draws, from the chains' autocovariances
// γ_j(t) = 1/n Σ_i (x_i - m_j)(x_{i+t} - m_j) averaged over the chains
// into γ(t): W = γ(0) n/(n-1), var⁺ = W (n-1)/n + var(m_j),
// ρ(t) = 1 - (W - γ(t)) / var⁺, summed by Geyer's initial positive
// sequence (pairs ρ(2k) + ρ(2k+1) while positive) made monotone
// (Geyer's initial monotone sequence), τ = -1 + 2 Σ_{t<T} ρ(t) + ρ(T),
// τ at least 1/log10(M n), ESS = M n / τ. The autocovariances at short
// lags are direct sums (for the indicators, counts of set bits), and all
// lags come from an FFT (gonum's dsp/fourier) once the truncation reaches
// past them: for well mixed chains the sequence stops after a few lags,
// and 64 lags by direct sums cost less than one FFT of a 1000-draw chain.
// The FFT and the sums differ from each other by rounding alone.
//
// The ranks come from one radix sort per dimension: the folded draws'
// order follows from it by merging outwards from the median. The work
// runs on Options.Workers goroutines, over dimensions, and within a
// dimension over chains and over parts of the ranks; it takes about 20
// bytes per draw of one dimension (24 for float64) per dimension at work.
//
// Where posterior returns NA, a Summary holds NaN (null in JSON): the
// ESS and the MCSE for fewer than 6 draws per chain (split chains under 3
// draws) or for draws that are constant (max - min below the float64
// epsilon, as posterior), the R-hat for fewer than 4 draws or constant
// draws, the sd for a single draw. One difference: for 2 or 3 draws per
// chain and several chains, posterior 1.4 to 1.7 returns a number for
// ess_tail (its split chains of one draw lose their matrix shape and are
// read transposed); diag returns NaN there. R-hat is +Inf, also null in
// JSON, when every split chain is constant but they differ.
//
// Non-finite draws are refused with an error: a run stops at the first
// NaN or Inf, so samples.npy holds none.
//
// The results do not depend on the number of workers: every sum over
// chains or draws runs in blocks of fixed size, reduced in order.
package diag
