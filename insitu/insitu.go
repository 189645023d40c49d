// Package insitu corrects simulated thermodynamic hardware in place (the
// in-situ error correction of Coles et al., sec. 7.3): a demon's
// parameters are trained on the hardware as it is, mismatched components
// and all, from a loss computed from the chains' samples alone. The
// hardware is a black box: the trainer sees only samples, never its
// matrices. SPSA (simultaneous perturbation stochastic approximation) is
// the black-box optimiser.
package insitu

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/output"
	"github.com/thermoai/thermo/rng"
)

// LinearDemon is the force f = K v + b on each chain: a correction that a
// digital controller adds to linear hardware, with its Dim×Dim gain K
// (row-major) and offset b as the trained parameters, in that order
// (Params).
type LinearDemon[F kernel.Float] struct {
	Dim  int
	K, B []float64
}

// FromParams sets K and B from theta (Dim·Dim + Dim values).
func (d *LinearDemon[F]) FromParams(theta []float64) {
	n := d.Dim * d.Dim
	d.K, d.B = append(d.K[:0], theta[:n]...), append(d.B[:0], theta[n:n+d.Dim]...)
}

// Force writes K x + b for the n chains of the dimension-major x, every
// product rounded before it is added, j ascending.
func (d *LinearDemon[F]) Force(_ float64, x, f []F, n int) {
	dim := d.Dim
	for i := range dim {
		fi := f[i*n : i*n+n]
		b := F(d.B[i])
		for c := range fi {
			fi[c] = b
		}
		for j := range dim {
			k := F(d.K[i*dim+j])
			xj := x[j*n : j*n+n]
			for c := range fi {
				fi[c] = fi[c] + F(k*xj[c])
			}
		}
	}
}

// Target is the law the corrected hardware should sample: a mean and a
// Dim×Dim covariance.
type Target struct {
	Mean, Cov []float64
}

// MomentLoss is the distance of samples' moments from t's:
//
//	‖Ĉ - Σ‖²_F / ‖Σ‖²_F + ‖μ̂ - μ‖² / tr Σ,
//
// zero when they agree, of order 1 when they are unrelated.
func (t Target) MomentLoss(mean, cov []float64) float64 {
	var num, den, dm, tr float64
	d := len(t.Mean)
	for i := range cov {
		num += (cov[i] - t.Cov[i]) * (cov[i] - t.Cov[i])
		den += t.Cov[i] * t.Cov[i]
	}
	for i := range d {
		dm += (mean[i] - t.Mean[i]) * (mean[i] - t.Mean[i])
		tr += t.Cov[i*d+i]
	}
	return num/den + dm/tr
}

// Hardware runs a demon on simulated linear hardware and returns the
// moments of its samples: the black box the correction is trained on.
type Hardware struct {
	// SDE is the hardware at temperature kT (a mismatched chip).
	SDE func(kT float64) *engine.LinearSDE
	// The run: chains, steps, burn-in, the step and the temperature.
	Chains, Steps, Burnin int
	Dt, KT                float64
	Workers               int
}

// Moments runs the hardware with the demon's force kicked in after each
// exact step (engine.NewSplitOU) from the seed, and returns the mean and
// covariance of every recorded draw of every chain.
func (h *Hardware) Moments(ctx context.Context, demon engine.Demon[float64], seed uint64) (mean, cov []float64, err error) {
	sde := h.SDE(h.KT)
	d := sde.Dim
	if h.Chains < 2 || h.Steps <= h.Burnin {
		return nil, nil, errors.New("insitu: a run needs at least 2 chains and steps after burn-in")
	}
	cfg := engine.Config{Dim: d, Chains: h.Chains, Seed: seed, Steps: h.Steps, Burnin: h.Burnin, Thin: 1,
		Dt: h.Dt, KT: h.KT, Mass: ones(d), Friction: ones(d), InitScale: 1, Workers: h.Workers}
	newStepper, err := engine.NewSplitOU[float64](h.SDE, h.Dt, h.KT)
	if err != nil {
		return nil, nil, err
	}
	s := output.NewSamples[float64](h.Chains, cfg.Draws(), d)
	job := engine.Job[float64]{NewDemon: func(int) engine.Demon[float64] { return demon }, NewStepper: newStepper, Sink: s}
	if _, err := engine.RunJob(ctx, cfg, job); err != nil {
		return nil, nil, err
	}
	mean, cov = make([]float64, d), make([]float64, d*d)
	n := float64(len(s.Data) / d)
	for i := 0; i < len(s.Data); i += d {
		for a, v := range s.Data[i : i+d] {
			mean[a] += v
		}
	}
	for a := range mean {
		mean[a] /= n
	}
	for i := 0; i < len(s.Data); i += d {
		v := s.Data[i : i+d]
		for a := range d {
			for b := range d {
				cov[a*d+b] += (v[a] - mean[a]) * (v[b] - mean[b])
			}
		}
	}
	for i := range cov {
		cov[i] /= n - 1
	}
	return mean, cov, nil
}

func ones(d int) []float64 {
	v := make([]float64, d)
	for i := range v {
		v[i] = 1
	}
	return v
}

// SPSA minimises a noisy loss of many parameters from two evaluations per
// iteration (Spall 1992; the gains of Spall 1998): at iteration k, with
// a_k = A/(k+1+Stability)^α and c_k = C/(k+1)^γ and Δ a vector of random
// signs,
//
//	θ ← θ - a_k (L(θ + c_k Δ) - L(θ - c_k Δ)) / (2 c_k) · Δ.
//
// Both evaluations of an iteration get the same seed (common random
// numbers), which cancels most of the sampling noise from their
// difference. Zero Alpha and Gamma take Spall's 0.602 and 0.101.
type SPSA struct {
	A, C, Stability float64
	Alpha, Gamma    float64
	Iterations      int
	Seed            uint64
}

// Minimize runs the iterations from theta (changed in place) on loss,
// which is given the parameters and the seed of the iteration's
// evaluations. each, if not nil, is called after every iteration with
// the two losses' mean.
func (s SPSA) Minimize(theta []float64, loss func(theta []float64, seed uint64) (float64, error), each func(k int, l float64)) error {
	if s.Alpha == 0 {
		s.Alpha = 0.602
	}
	if s.Gamma == 0 {
		s.Gamma = 0.101
	}
	if !(s.A > 0) || !(s.C > 0) || s.Iterations < 1 {
		return fmt.Errorf("insitu: SPSA needs positive gains A and C and iterations, got %v, %v, %d", s.A, s.C, s.Iterations)
	}
	plus, minus := make([]float64, len(theta)), make([]float64, len(theta))
	delta := make([]float64, len(theta))
	for k := range s.Iterations {
		ak := s.A / rng.Pow(float64(k+1)+s.Stability, s.Alpha)
		ck := s.C / rng.Pow(float64(k+1), s.Gamma)
		ch := rng.NewChain(s.Seed, uint64(k))
		for i := range delta {
			delta[i] = 1
			if ch.P.Uint32()&1 == 1 {
				delta[i] = -1
			}
			plus[i] = theta[i] + ck*delta[i]
			minus[i] = theta[i] - ck*delta[i]
		}
		seed := ch.P.Uint64()
		lp, err := loss(plus, seed)
		if err != nil {
			return err
		}
		lm, err := loss(minus, seed)
		if err != nil {
			return err
		}
		if math.IsNaN(lp) || math.IsNaN(lm) {
			return fmt.Errorf("insitu: the loss at iteration %d is NaN", k)
		}
		g := (lp - lm) / (2 * ck)
		for i := range theta {
			theta[i] -= ak * g * delta[i]
		}
		if each != nil {
			each(k, (lp+lm)/2)
		}
	}
	return nil
}
