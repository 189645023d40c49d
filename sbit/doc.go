// Package sbit samples s-bit networks, the binary stochastic units of
// thermodynamic AI hardware (Coles et al., "Thermodynamic AI and the
// fluctuation frontier", 2023): Ising networks of n spins s_i = ±1 with
// couplings J (a graph.CSR) and fields h,
//
//	E(s) = -½ sᵀJs - hᵀs,    π(s) = exp(-βE(s))/Z,
//
// on the engine's shards, so that sharding, workers, determinism, sinks
// and checkpoints are the engine's. The state of a shard of N chains is
// its X, float32 or float64 holding ±1, unit-major as the s-modes'
// dimensions are: X[i*N+c] is spin i of chain c.
//
// The local field of spin i is h_i^loc = h_i + Σ_j J_ij s_j, and flipping
// it changes the energy by ΔE_i = 2 s_i h_i^loc. The samplers:
//
//   - Gibbs: the heat bath of Glauber (1963), s_i = +1 with probability
//     1/(1 + exp(-2β h_i^loc)), a colour class of the graph (spins with no
//     coupling between them) at a time, as a batch across the chains.
//   - Metropolis: single flips in a sequential sweep, accepted with
//     probability min(1, exp(-β ΔE_i)) (Metropolis et al. 1953).
//   - PBit: the continuous-time p-bit process of Camsari et al. ("Stochastic
//     p-bits for invertible logic", Phys. Rev. X 7, 031014, 2017), in which
//     each spin flips at rate r/(1 + exp(β ΔE_i)); the rates satisfy
//     detailed balance with π, since their ratio across a flip is
//     exp(-β ΔE_i). A step of length Dt is simulated exactly by
//     uniformisation (Jensen 1953): candidate events form a Poisson process
//     of rate n·r, drawn as sums of exponentials from the chain's stream;
//     each picks a spin uniformly and flips it with probability
//     1/(1 + exp(β ΔE_i)). The recorded state is that at the end of the
//     step, an exact sample of the process at that time.
//
// Gillespie's direct method (Gillespie 1977), the exact reference for
// small networks, and Uniformise, the stepper's path, run single paths
// and report every interval to a Visit; Occupancy turns those into
// time-weighted state occupancies. Boltzmann enumerates π for up to
// MaxExactSpins spins.
//
// One step of Gibbs or Metropolis is one sweep over the spins. They draw
// one uniform per spin and chain per sweep, by one rng.FillUniform over
// the shard in float64 (the uniform of spin i of chain c is element
// i*N+c), and PBit draws, chain by chain, what its path needs from the
// chain's own stream (rng.Streams.Chain); so every chain's path depends
// on the seed and its index alone, never on the workers or the shard
// size. Probabilities are computed in float64 with rng.Exp, and every
// product is rounded before it is added, so the samples are the same bits
// on every architecture. The steppers sample at β = Model.Beta / kT, kT
// being the engine's (1 in Config), so that a kT schedule anneals.
package sbit
