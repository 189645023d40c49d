package engine

import (
	"math"
	"testing"

	"github.com/thermoai/thermo/linalg"
	"github.com/thermoai/thermo/rng"
)

// testSDE is overdamped Langevin dynamics in the quadratic potential
// U = vᵀJv/2 - vᵀb at temperature kT: A = -J, B = b, Q = 2kT I, with J =
// I + G Gᵀ/d for a fixed random G. Its stationary law has mean J⁻¹b and
// covariance kT J⁻¹, which linalg.Lyapunov also gives.
func testSDE(d int, kT float64) *LinearSDE {
	ch := rng.NewChain(3, 0)
	g := make([]float64, d*d)
	for i := range g {
		g[i] = ch.Normal64()
	}
	sde := &LinearSDE{Dim: d, A: make([]float64, d*d), B: make([]float64, d), Q: make([]float64, d*d)}
	for i := range d {
		for j := range d {
			var s float64
			for k := range d {
				s += g[i*d+k] * g[j*d+k]
			}
			jij := s / float64(d)
			if i == j {
				jij++
			}
			sde.A[i*d+j] = -jij
		}
		sde.B[i] = 0.5 * float64(i%3-1)
		sde.Q[i*d+i] = 2 * kT
	}
	return sde
}

// moments returns the sample mean and covariance of draws laid out as
// samples are (chain, draw, dim), over the draws from index from on.
func moments(x []float64, chains, draws, d, from int) (mean, cov []float64, count int) {
	mean, cov = make([]float64, d), make([]float64, d*d)
	for c := range chains {
		for t := from; t < draws; t++ {
			v := x[(c*draws+t)*d : (c*draws+t+1)*d]
			for i := range d {
				mean[i] += v[i]
			}
			count++
		}
	}
	for i := range mean {
		mean[i] /= float64(count)
	}
	for c := range chains {
		for t := from; t < draws; t++ {
			v := x[(c*draws+t)*d : (c*draws+t+1)*d]
			for i := range d {
				for j := range d {
					cov[i*d+j] += (v[i] - mean[i]) * (v[j] - mean[j])
				}
			}
		}
	}
	for i := range cov {
		cov[i] /= float64(count - 1)
	}
	return mean, cov, count
}

// TestDenseOUStationary samples a 6-dimensional linear SDE with the exact
// dense OU step at a step of 3, far beyond any stable step of an Euler
// scheme, and compares the sample mean and covariance with the Lyapunov
// solution: covariance within 3% (relative Frobenius; the sampling error
// is about sqrt(d(d+1)/samples) = 0.7%), mean within 2% of the stationary
// standard deviation per dimension.
func TestDenseOUStationary(t *testing.T) {
	const d, kT = 6, 0.7
	sde := testSDE(d, kT)
	s, err := linalg.Lyapunov(sde.A, sde.Q, d)
	if err != nil {
		t.Fatal(err)
	}
	wantMean := stationaryMean(t, sde)
	cfg := testConfig(d, 4096)
	cfg.Dt, cfg.Steps, cfg.Burnin, cfg.Thin = 3, 400, 20, 2
	newStepper, err := NewDenseOU[float64](func(float64) *LinearSDE { return sde }, cfg.Dt, cfg.KT)
	if err != nil {
		t.Fatal(err)
	}
	_, x := runJobMem(t, cfg, Job[float64]{NewDemon: func(int) Demon[float64] { return nil }, NewStepper: newStepper})
	mean, cov, _ := moments(x, cfg.Chains, cfg.Draws(), d, 0)
	var num, den float64
	for i := range cov {
		num += (cov[i] - s[i]) * (cov[i] - s[i])
		den += s[i] * s[i]
	}
	rel := math.Sqrt(num / den)
	t.Logf("covariance error %.2f%% (relative Frobenius)", 100*rel)
	if rel > 0.03 {
		t.Errorf("covariance error %.2f%%, want under 3%%", 100*rel)
	}
	for i := range d {
		if e := math.Abs(mean[i]-wantMean[i]) / math.Sqrt(s[i*d+i]); e > 0.02 {
			t.Errorf("mean[%d] = %.4f, stationary %.4f: %.1f%% of the standard deviation", i, mean[i], wantMean[i], 100*e)
		}
	}
}

// TestDenseOUTransient checks the mean of the first steps, from x0 of mean
// zero, against the exact m(t) = ∫₀ᵗ e^{As} ds B, within 4 standard
// errors, in float32 and float64.
func TestDenseOUTransient(t *testing.T) {
	const d = 5
	sde := testSDE(d, 1)
	cfg := testConfig(d, 8192)
	cfg.Dt, cfg.Steps, cfg.Burnin, cfg.Thin = 0.1, 6, 0, 1
	newStepper, err := NewDenseOU[float64](func(float64) *LinearSDE { return sde }, cfg.Dt, cfg.KT)
	if err != nil {
		t.Fatal(err)
	}
	_, x := runJobMem(t, cfg, Job[float64]{NewDemon: func(int) Demon[float64] { return nil }, NewStepper: newStepper})
	draws := cfg.Draws()
	for step := 1; step <= draws; step++ {
		want := linalg.Forcing(sde.A, sde.B, d, float64(step)*cfg.Dt)
		for k := range d {
			var m, m2 float64
			for c := range cfg.Chains {
				v := x[(c*draws+step-1)*d+k]
				m += v
				m2 += v * v
			}
			m /= float64(cfg.Chains)
			se := math.Sqrt((m2/float64(cfg.Chains) - m*m) / float64(cfg.Chains))
			if math.Abs(m-want[k]) > 4*se {
				t.Errorf("step %d dim %d: mean %.4f, exact %.4f (SE %.4f)", step, k, m, want[k], se)
			}
		}
	}
}

// stationaryMean returns the m with A m + B = 0.
func stationaryMean(t *testing.T, sde *LinearSDE) []float64 {
	t.Helper()
	negB := make([]float64, sde.Dim)
	for i, b := range sde.B {
		negB[i] = -b
	}
	m, err := linalg.Solve(sde.A, negB, sde.Dim, 1)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
