package insitu

import (
	"context"
	"testing"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/linalg"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/nn"
)

// chipProblem is a 4-node RC ring whose components are off by 20%
// (chip 0 of seed 5), asked to sample the law of the nominal ring.
func chipProblem(t testing.TB) (*Hardware, Target) {
	const d = 4
	nominal, err := models.NewRCRing(d)
	if err != nil {
		t.Fatal(err)
	}
	friction := []float64{1, 1, 1, 1}
	chip := nominal.Mismatched(0.2, 5, 0)
	want := nominal.LinearSDE(1, friction)
	cov, err := linalg.Lyapunov(want.A, want.Q, d)
	if err != nil {
		t.Fatal(err)
	}
	hw := &Hardware{SDE: func(kT float64) *engine.LinearSDE { return chip.LinearSDE(kT, friction) },
		Chains: 512, Steps: 60, Burnin: 20, Dt: 0.5, KT: 1, Workers: 1}
	return hw, Target{Mean: make([]float64, d), Cov: cov}
}

// TestSPSACorrection trains a linear correcting demon on the mismatched
// chip by SPSA from sample moments alone, and checks that the loss, on
// fresh runs of 4096 chains, falls at least tenfold.
func TestSPSACorrection(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a demon")
	}
	hw, target := chipProblem(t)
	const d = 4
	theta := make([]float64, d*d+d)
	loss := func(th []float64, seed uint64) (float64, error) {
		dm := &LinearDemon[float64]{Dim: d}
		dm.FromParams(th)
		mean, cov, err := hw.Moments(context.Background(), dm, seed)
		if err != nil {
			return 0, err
		}
		return target.MomentLoss(mean, cov), nil
	}
	eval := func(th []float64) float64 { return freshLoss(t, hw, target, th) }
	before := eval(theta)
	s := SPSA{A: 0.2, C: 0.05, Stability: 20, Iterations: 400, Seed: 7}
	if err := s.Minimize(theta, loss, nil); err != nil {
		t.Fatal(err)
	}
	after := eval(theta)
	t.Logf("moment loss before %.5f, after %.5f (%.1fx lower)", before, after, before/after)
	if after > before/10 {
		t.Errorf("loss %.5f before, %.5f after SPSA: less than 10x lower", before, after)
	}
}

// TestPathwiseCorrection trains the same correction through the
// simulation (forward-mode sensitivities and Adam) and checks the same
// tenfold fall of the loss on fresh runs of the black box.
func TestPathwiseCorrection(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a demon")
	}
	hw, target := chipProblem(t)
	const d = 4
	theta := make([]float64, d*d+d)
	eval := func(th []float64) float64 { return freshLoss(t, hw, target, th) }
	before := eval(theta)
	p := &Pathwise{SDE: hw.SDE(hw.KT), Dt: hw.Dt, Chains: 2048, Steps: 16, Seed: 3, Opt: &nn.Adam{LR: 0.02}}
	var first, last float64
	// 75 steps at a learning rate of 0.02, then 75 at 0.004.
	for phase, lr := range []float64{0.02, 0.004} {
		p.Opt.LR, p.Seed = lr, uint64(3+phase)
		if err := p.Train(theta, target, 75, func(k int, l float64) {
			if phase == 0 && k == 0 {
				first = l
			}
			last = l
		}); err != nil {
			t.Fatal(err)
		}
	}
	after := eval(theta)
	t.Logf("training loss %.5f -> %.5f; black-box loss before %.5f, after %.5f (%.1fx lower)", first, last, before, after, before/after)
	if after > before/10 {
		t.Errorf("loss %.5f before, %.5f after: less than 10x lower", before, after)
	}
}

// freshLoss is the moment loss of the corrected chip on a fresh run of
// 4096 chains, the measure of both tests.
func freshLoss(t *testing.T, hw *Hardware, target Target, theta []float64) float64 {
	t.Helper()
	big := *hw
	big.Chains, big.Steps, big.Burnin = 4096, 220, 20
	demon := &LinearDemon[float64]{Dim: len(target.Mean)}
	demon.FromParams(theta)
	mean, cov, err := big.Moments(context.Background(), demon, 12345)
	if err != nil {
		t.Fatal(err)
	}
	return target.MomentLoss(mean, cov)
}
