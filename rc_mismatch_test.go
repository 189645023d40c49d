package thermo_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/thermoai/thermo"
	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/linalg"
	"github.com/thermoai/thermo/models"
)

// stationaryLaw returns the mean -A⁻¹B and the Lyapunov covariance of an
// SDE.
func stationaryLaw(t *testing.T, sde *engine.LinearSDE) (mean, cov []float64) {
	t.Helper()
	cov, err := linalg.Lyapunov(sde.A, sde.Q, sde.Dim)
	if err != nil {
		t.Fatal(err)
	}
	negB := make([]float64, sde.Dim)
	for i, b := range sde.B {
		negB[i] = -b
	}
	if mean, err = linalg.Solve(sde.A, negB, sde.Dim, 1); err != nil {
		t.Fatal(err)
	}
	return mean, cov
}

// checkLaw compares samples' moments with a law: the covariance within
// 3% (relative Frobenius), each mean within 2% of its standard deviation.
func checkLaw(t *testing.T, name string, mean, cov, wantMean, wantCov []float64) {
	t.Helper()
	d := len(mean)
	if e := relFrobenius(cov, wantCov); e > 0.03 {
		t.Errorf("%s: covariance error %.2f%%, want under 3%%", name, 100*e)
	}
	for i := range d {
		if e := math.Abs(mean[i]-wantMean[i]) / math.Sqrt(wantCov[i*d+i]); e > 0.02 {
			t.Errorf("%s: mean[%d] %.4f, want %.4f", name, i, mean[i], wantMean[i])
		}
	}
}

func relFrobenius(got, want []float64) float64 {
	var num, den float64
	for i := range got {
		num += (got[i] - want[i]) * (got[i] - want[i])
		den += want[i] * want[i]
	}
	return math.Sqrt(num / den)
}

// TestRCMismatch runs the default 6-node network with 5% component
// mismatch, one chip for all chains and then a chip per chain, with the
// exact transition at dt 3 (the run), and checks the samples
// against the laws they should follow: one chip's Lyapunov covariance
// (whose A differs from the nominal one), and the mixture of 4096 chips'
// laws, each chip drawn again here from its chain's index. Tolerances as
// TestRCCircuit: 3% (relative Frobenius) and 2% of a standard deviation.
func TestRCMismatch(t *testing.T) {
	const d = 6
	spec := thermo.DefaultSpec()
	spec.Model, spec.Dim, spec.Integrator, spec.Precision = "rc", d, "ou", "f64"
	spec.Dt, spec.Chains, spec.Steps, spec.Burnin, spec.Thin = 3, 4096, 400, 20, 2
	spec.Mismatch = 0.05
	nominal, err := models.NewRCRing(d)
	if err != nil {
		t.Fatal(err)
	}
	friction := []float64{1, 1, 1, 1, 1, 1}
	lawOf := func(chip uint64) (mean, cov []float64) {
		return stationaryLaw(t, nominal.Mismatched(spec.Mismatch, spec.Seed, chip).LinearSDE(spec.KT, friction))
	}

	for _, per := range []string{"chip", "chain"} {
		spec.MismatchPer = per
		res, err := thermo.Run(context.Background(), spec, thermo.Options{Keep: true, NoDiag: true})
		if err != nil {
			t.Fatal(err)
		}
		mean, cov := sampleMoments(res.Samples64)
		wantMean, wantCov := make([]float64, d), make([]float64, d*d)
		if per == "chip" {
			wantMean, wantCov = lawOf(0)
			nomA := nominal.LinearSDE(spec.KT, friction).A
			chipA := nominal.Mismatched(spec.Mismatch, spec.Seed, 0).LinearSDE(spec.KT, friction).A
			if e := relFrobenius(chipA, nomA); e < 0.01 {
				t.Errorf("the mismatched chip's A is within %.2g of the nominal one", e)
			}
		} else {
			n := float64(spec.Chains)
			for c := range spec.Chains {
				m, s := lawOf(uint64(c))
				for i := range d {
					wantMean[i] += m[i] / n
					for j := range d {
						wantCov[i*d+j] += (s[i*d+j] + m[i]*m[j]) / n
					}
				}
			}
			for i := range d {
				for j := range d {
					wantCov[i*d+j] -= wantMean[i] * wantMean[j]
				}
			}
		}
		t.Logf("mismatch per %s: covariance error %.3f%%", per, 100*relFrobenius(cov, wantCov))
		checkLaw(t, "per "+per, mean, cov, wantMean, wantCov)
	}
}

// TestMismatchRefused: the chip flags are refused, each naming itself,
// where they do not apply.
func TestMismatchRefused(t *testing.T) {
	for _, c := range []struct {
		model, integ, per string
		m                 float64
		want              string
	}{
		{"gaussian", "ou", "", 0.05, "-mismatch"},
		{"rc", "ou", "", 0.4, "-mismatch must be in"},
		{"rc", "ou", "wafer", 0.05, "-mismatch-per"},
		{"rc", "baoab", "chain", 0.05, "-mismatch-per chain needs -integrator ou"},
	} {
		spec := thermo.DefaultSpec()
		spec.Model, spec.Dim, spec.Integrator, spec.MismatchPer, spec.Mismatch = c.model, 3, c.integ, c.per, c.m
		if _, err := thermo.Run(context.Background(), spec, thermo.Options{}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one containing %q", c, err, c.want)
		}
	}
}

// TestRCDriftAndNoise adds the drift offsets and the extra noise of the
// paper's eqs. 15-17 to the default ring and checks the samples against
// the Lyapunov law of the SDE they make, which differs from the ideal
// ring's (3% and 2%, as above).
func TestRCDriftAndNoise(t *testing.T) {
	const d = 4
	spec := thermo.DefaultSpec()
	spec.Model, spec.Dim, spec.Integrator, spec.Precision = "rc", d, "ou", "f64"
	spec.Dt, spec.Chains, spec.Steps, spec.Burnin, spec.Thin = 3, 4096, 300, 20, 2
	spec.Params = map[string]any{"drift": []any{0.2, 0.0, -0.1, 0.05}, "extra_noise": []any{0.5, 0.0, 0.3, 0.0}}
	m, err := models.FromParams("rc", d, 0, spec.Params)
	if err != nil {
		t.Fatal(err)
	}
	friction := []float64{1, 1, 1, 1}
	sde := m.(models.Linear).LinearSDE(spec.KT, friction)
	ideal, _ := models.NewRCRing(d)
	if e := relFrobenius(sde.Q, ideal.LinearSDE(spec.KT, friction).Q); e < 0.01 {
		t.Fatalf("the extra noise left Q within %.2g of the ideal ring's", e)
	}
	wantMean, cov := stationaryLaw(t, sde)
	res, err := thermo.Run(context.Background(), spec, thermo.Options{Keep: true, NoDiag: true})
	if err != nil {
		t.Fatal(err)
	}
	mean, got := sampleMoments(res.Samples64)
	checkLaw(t, spec.Model, mean, got, wantMean, cov)
}

// TestLinearModel samples a linear SDE given by its matrices (a
// non-symmetric A, a correlated C and an offset B) with the exact
// transition at dt 2 and checks it against its Lyapunov law (3%, 2%).
func TestLinearModel(t *testing.T) {
	const d = 3
	spec := thermo.DefaultSpec()
	spec.Model, spec.Dim, spec.Integrator, spec.Precision = "linear", d, "ou", "f64"
	spec.Dt, spec.Chains, spec.Steps, spec.Burnin, spec.Thin = 2, 4096, 300, 20, 2
	spec.Params = map[string]any{
		"A": [][]float64{{-1, 0.8, 0}, {-0.3, -2, 0.2}, {0, 0.5, -1.5}},
		"B": []float64{0.5, 0, -1},
		"C": [][]float64{{1, 0, 0}, {0.5, 1, 0}, {0, 0.3, 2}},
	}
	m, err := models.FromParams("linear", d, 0, spec.Params)
	if err != nil {
		t.Fatal(err)
	}
	sde := m.(models.Linear).LinearSDE(spec.KT, nil)
	wantMean, cov := stationaryLaw(t, sde)
	res, err := thermo.Run(context.Background(), spec, thermo.Options{Keep: true, NoDiag: true})
	if err != nil {
		t.Fatal(err)
	}
	mean, got := sampleMoments(res.Samples64)
	checkLaw(t, spec.Model, mean, got, wantMean, cov)
	for i := range d {
		if math.Abs(res.ExactVar[i]-cov[i*d+i]) > 1e-12 {
			t.Errorf("exact variance %d: %v, Lyapunov %v", i, res.ExactVar[i], cov[i*d+i])
		}
	}
	if _, err := models.FromParams("linear", d, 0, map[string]any{"A": [][]float64{{1, 0, 0}, {0, -1, 0}, {0, 0, -1}}, "C": [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}); err == nil || !strings.Contains(err.Error(), "A") {
		t.Errorf("an unstable A: %v", err)
	}
}
