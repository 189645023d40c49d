package thermo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/thermoai/thermo"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/schedule"
	"gonum.org/v1/gonum/mat"
)

// covError returns the relative Frobenius distance between the second
// moment of the samples and want, ||S - want||_F / ||want||_F. The target
// has mean zero, so the second moment is the covariance.
func covError(s thermo.Result, want *mat.SymDense) float64 {
	x := s.Samples64
	d := x.Dim
	acc := make([]float64, d*d)
	for i := 0; i < len(x.Data); i += d {
		v := x.Data[i : i+d]
		for a := range d {
			for b := range d {
				acc[a*d+b] += v[a] * v[b]
			}
		}
	}
	n := float64(len(x.Data) / d)
	var num, den float64
	for a := range d {
		for b := range d {
			w := want.At(a, b)
			num += (acc[a*d+b]/n - w) * (acc[a*d+b]/n - w)
			den += w * w
		}
	}
	return math.Sqrt(num / den)
}

// TestExactSamplersCoupled samples the coupled model in 32 dimensions at
// kT = 0.5 with MALA and HMC, whose step adapts during burn-in, and
// checks their covariance against kT J⁻¹. The tolerance, 3% in relative
// Frobenius norm, is about 3 times the sampling error sqrt(d/N_eff) of
// these runs (N ≈ 250000 draws, a few correlated per chain); with 16384
// chains HMC's error falls to 0.48%, as sqrt(d/N) = 0.44% predicts. ULA at
// MALA's adapted step is visibly biased, as theory says (its stationary
// covariance is kT J⁻¹ (I - dt J/2)⁻¹); BAOAB is not: for a Gaussian
// target its positions are exact at any stable step (Leimkuhler and
// Matthews 2013), which the test checks too.
func TestExactSamplersCoupled(t *testing.T) {
	if testing.Short() {
		t.Skip("a few seconds of sampling")
	}
	base := thermo.DefaultSpec()
	base.Model, base.Dim, base.KT, base.Precision = "coupled", 32, 0.5, "f64"
	base.Chains, base.Seed = 2048, 3
	m, err := models.New("coupled", base.Dim, base.Seed)
	if err != nil {
		t.Fatal(err)
	}
	want := m.(*models.Coupled).Covariance(base.KT)
	sample := func(integ string, steps, burnin, thin int, dt float64) thermo.Result {
		s := base
		s.Integrator, s.Steps, s.Burnin, s.Thin, s.Dt = integ, steps, burnin, thin, dt
		return *run(t, s)
	}

	hmc := sample("hmc", 400, 150, 2, 0.2)
	if e := covError(hmc, want); e > 0.03 {
		t.Errorf("hmc: covariance off by %.2f%% (relative Frobenius), want at most 3%%", 100*e)
	}
	if math.Abs(hmc.Acceptance-0.8) > 0.05 {
		t.Errorf("hmc: acceptance %.3f after adaptation, want 0.8 ± 0.05", hmc.Acceptance)
	}
	mala := sample("mala", 3000, 1000, 20, 0.1)
	if e := covError(mala, want); e > 0.03 {
		t.Errorf("mala: covariance off by %.2f%%, want at most 3%%", 100*e)
	}
	if math.Abs(mala.Acceptance-0.57) > 0.05 {
		t.Errorf("mala: acceptance %.3f after adaptation, want 0.57 ± 0.05", mala.Acceptance)
	}
	ula := sample("ula", 3000, 1000, 20, mala.StepSize)
	if e := covError(ula, want); e < 0.1 {
		t.Errorf("ula at mala's step %.3g: covariance off by only %.2f%%; expected a visible bias", mala.StepSize, 100*e)
	}
	baoab := sample("baoab", 3000, 1000, 20, mala.StepSize)
	if e := covError(baoab, want); e > 0.03 {
		t.Errorf("baoab at %.3g: covariance off by %.2f%%; exact for Gaussians", mala.StepSize, 100*e)
	}
	t.Logf("dt: hmc %.3g (acceptance %.3f), mala %.3g (%.3f); covariance error: hmc %.2f%%, mala %.2f%%, ula %.2f%%, baoab %.2f%%",
		hmc.StepSize, hmc.Acceptance, mala.StepSize, mala.Acceptance,
		100*covError(hmc, want), 100*covError(mala, want), 100*covError(ula, want), 100*covError(baoab, want))
}

// TestRunJSONIndependentOfWorkers checks that run.json, bar its
// "performance" section, has the same bytes for every number of workers
// and shard size, with and without barriers (MALA adapts at one after
// every burn-in step).
func TestRunJSONIndependentOfWorkers(t *testing.T) {
	for _, integ := range []string{"baoab", "mala", "hmc"} {
		var want []byte
		for _, ws := range [][2]int{{1, 0}, {2, 0}, {2, 16}, {1, 48}, {2, 50}, {3, 7}} {
			s := thermo.DefaultSpec()
			s.Model, s.Dim, s.Chains, s.Integrator = "double-well", 3, 200, integ
			s.Steps, s.Burnin, s.Thin, s.Leapfrog = 60, 20, 2, 3
			s.Workers, s.ShardSize = ws[0], ws[1]
			dir := t.TempDir()
			if _, err := thermo.Run(context.Background(), s, thermo.Options{Out: dir}); err != nil {
				t.Fatal(err)
			}
			got := withoutPerformance(t, filepath.Join(dir, "run.json"))
			if want == nil {
				want = got
				continue
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: run.json with workers %d, shard size %d differs from workers 1:\n%s\n---\n%s", integ, ws[0], ws[1], got, want)
			}
		}
	}
}

func withoutPerformance(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["performance"]; !ok {
		t.Fatal("run.json has no performance section")
	}
	delete(m, "performance")
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAnnealTiltedDoubleWell anneals a tilted double well (the lower well
// at x = +1 is 2·tilt = 1 below the other) geometrically from kT = 3 to
// 0.05: at least 99% of the chains must end in the lower well. A quench,
// kT = 0.05 throughout, traps far more of them in the upper one, which
// shows that the schedule is what does it.
func TestAnnealTiltedDoubleWell(t *testing.T) {
	lower := func(anneal string) (float64, *thermo.Result) {
		s := thermo.DefaultSpec()
		s.Model, s.Dim, s.Chains, s.Dt = "double-well", 1, 4096, 0.05
		s.Steps, s.Burnin, s.Thin = 40000, 39999, 1
		s.Params = map[string]any{"barrier": 1.0, "tilt": 0.5}
		k, err := schedule.Parse(anneal)
		if err != nil {
			t.Fatal(err)
		}
		s.Schedule.KT = &k
		res := run(t, s)
		var in int
		for _, x := range res.Samples32.Data {
			if x > 0 {
				in++
			}
		}
		return float64(in) / float64(len(res.Samples32.Data)), res
	}
	frac, res := lower("geometric:3:0.05")
	if frac < 0.99 {
		t.Errorf("annealed: %.4f of the chains in the lower well, want at least 0.99", frac)
	}
	if res.ExactMean != nil {
		t.Error("annealed run reports exact moments of one temperature")
	}
	quench, res := lower("0.05")
	if quench > 0.9 {
		t.Errorf("quenched: %.4f in the lower well; the test cannot tell an anneal from none", quench)
	}
	if res.ExactMean == nil {
		t.Error("a constant schedule drops the exact moments")
	}
	t.Logf("lower well: annealed %.4f, quenched %.4f", frac, quench)
}
