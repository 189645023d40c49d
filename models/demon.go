package models

import (
	"golang.org/x/exp/constraints"

	"github.com/thermoai/thermo/engine"
)

// Demon is a model's batched force, the Maxwell's demon of the framework:
// given the positions of n chains it writes f = -grad_x U(t, x) for all of
// them at once. x and f are dimension-major, length Dim()*n: x[k*n+c] is
// dimension k of chain c. A Demon may keep scratch space and is not safe for
// concurrent use; the engine makes one per shard.
type Demon[F constraints.Float] interface {
	Force(t float64, x, f []F, n int)
}

// Energy is implemented by demons that also evaluate the potential U(t, x)
// of each of n chains into u (length n), in float64 whatever F, so that
// Metropolis tests of float32 chains lose nothing to rounding. x is
// dimension-major as for Force; U is in the units of kT.
type Energy[F constraints.Float] interface {
	Energy(t float64, x []F, u []float64, n int)
}

// Model is a potential U(x) together with what the engine and the reports
// need to know about it.
type Model interface {
	// Name is the registry name, e.g. "gaussian".
	Name() string
	// Dim is the number of s-modes (dimensions) of one chain.
	Dim() int
	// Params returns the parameters, written into run.json under "model".
	Params() map[string]any
	// Demon32 and Demon64 make a demon for batches of up to n chains.
	Demon32(n int) Demon[float32]
	Demon64(n int) Demon[float64]
}

// Reference is implemented by models whose stationary marginal moments
// under exp(-U/kT) are known exactly or by quadrature.
type Reference interface {
	// Moments returns the mean and the variance of each dimension at
	// temperature kT, or an error if the model cannot compute them there.
	Moments(kT float64) (mean, variance []float64, err error)
}

// Diagonal is implemented by linear models with a diagonal Hessian,
// U(x) = sum_k Stiffness[k]/2 (x_k - Center[k])^2, for which the exact
// Ornstein-Uhlenbeck transition applies.
type Diagonal interface {
	Stiffness() []float64
	Center() []float64
}

// Linear is implemented by models whose overdamped Langevin dynamics,
// dx = -(1/γ) ∇U dt + sqrt(2kT/γ) dw with friction γ per dimension, is a
// linear SDE dx = (A x + B) dt + C dw: a quadratic potential. The exact
// dense OU integrator (engine.NewDenseOU) steps it at any step size.
type Linear interface {
	LinearSDE(kT float64, friction []float64) *engine.LinearSDE
}
