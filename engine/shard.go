package engine

import (
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// Shard is a block of consecutive chains stepped together. Between
// segments it owns their whole state, so that a run can stop at a barrier
// and go on (a checkpoint is its bytes) and ensemble hooks can read it.
// Vectors are dimension-major: X[k*N+c] is dimension k of chain c.
type Shard[F kernel.Float] struct {
	Index  int    // position of the shard in the run; shards are in chain order
	Offset int    // index within the run of the shard's chain 0
	First  uint64 // global index of the shard's chain 0, from which its streams come
	N, Dim int

	Step int // steps done

	X []F       // positions, Dim*N
	P []F       // momenta, Dim*N; nil unless the stepper's Layout asks for them
	F []F       // the force at X, Dim*N; nil unless asked for
	U []float64 // the energy at X, N; nil unless asked for

	Streams *rng.Streams // one stream per chain
	// State is the stepper's own per-shard state (acceptance counts, a
	// demon's delay line ...), created by its Init.
	State any

	lastDt    float64 // the step of the previous step, for steppers that split kicks
	drawsDone int     // draws written so far
	stats     *chainStats
	meter     *AcceptanceMeter
	live      bool // initialised, or restored from a checkpoint
}

// Layout says which of a shard's vectors a stepper uses beyond X.
type Layout struct {
	Momentum, Force, Energy bool
}

// Clock tells a stepper where the step it is asked for lies.
type Clock struct {
	Step int     // steps done before this one
	T    float64 // nominal time at the start of the step, Step × Config.Dt
	TEnd float64 // nominal time at its end, (Step+1) × Config.Dt
	// Dt is the step: Config.Dt or its schedule at T, times the scale an
	// ensemble hook (step-size adaptation) may have set. PrevDt is that
	// of the previous step, 0 before the first.
	Dt, PrevDt float64
	KT         float64 // temperature at T
}

// Stepper is an integrator over shards. The engine makes one per worker
// (so a stepper may keep scratch memory and coefficients) and hands it
// the shards that worker runs, one after the other.
type Stepper[F kernel.Float] interface {
	// Layout says which of the shard's vectors the stepper uses.
	Layout() Layout
	// Init completes the initial state of a new shard, whose X already
	// holds x0 ~ N(0, InitScale²) from its streams: momenta, the first
	// force, energies, State. c is the clock of step 0.
	Init(sh *Shard[F], d Demon[F], c Clock)
	// Step advances sh by one step. It returns the index in sh.X of an
	// element that became NaN or infinite, or -1.
	Step(sh *Shard[F], d Demon[F], c Clock) int
}

// Binder is implemented by demons that need to know which chains they are
// given: Bind is called before the steps of each shard with the global
// index of its chain 0 and its number of chains, so that per-chain
// parameters (a simulated chip's component errors) can be drawn from the
// chain index alone. A demon is made per worker, for shards of up to the
// size it was made for, and is bound to each of that worker's shards in
// turn.
type Binder interface {
	Bind(first uint64, n int)
}

// Energy is implemented by demons that also evaluate the potential
// U(t, x) of each of n chains into u (length n), in float64 whatever F.
// MALA and HMC need it.
type Energy[F kernel.Float] interface {
	Energy(t float64, x []F, u []float64, n int)
}

// Metropolis is implemented by steppers with an accept/reject step. It
// returns, per chain of the shard, the sum of the acceptance probabilities
// of its steps after burn-in.
type Metropolis[F kernel.Float] interface {
	Acceptance(sh *Shard[F]) []float64
}

// Ensemble is what a hook sees at a barrier: every shard of the run, in
// chain order, all at the same step.
type Ensemble[F kernel.Float] struct {
	Config *Config
	Shards []*Shard[F]
	Step   int // steps done by every shard
	// StepScale multiplies the step of every later step. A hook may
	// change it (step-size adaptation); it starts at 1.
	StepScale float64
}

// Hook is an ensemble step run at barriers between segments: step-size
// adaptation, checkpoints, a training update, replica exchange. Hooks run
// one after the other in the order given, with no shard running; a hook
// that reduces over chains does so in chain order, so that its result
// does not depend on the workers or the shard size.
type Hook[F kernel.Float] interface {
	// Next returns the step count after step at which the hook wants its
	// next barrier, or -1 for none. It is called at the start of the run
	// (step 0) and after each barrier.
	Next(step int) int
	// Barrier runs the hook.
	Barrier(e *Ensemble[F]) error
}
