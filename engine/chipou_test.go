package engine

import (
	"math"
	"testing"

	"github.com/thermoai/thermo/linalg"
)

// TestChipOUFleet steps a fleet of chains, each with its own linear SDE
// (its drift scaled and its offset moved by its global index), and checks
// the ensemble against the mixture of the chains' own stationary laws:
// mean within 2% of the standard deviation, covariance within 3%
// (relative Frobenius), and each group of chains sharing an SDE at its
// own stationary mean within 5 standard errors.
func TestChipOUFleet(t *testing.T) {
	const d, groups = 3, 5
	base := testSDE(d, 1)
	sdeOf := func(chain uint64, kT float64) *LinearSDE {
		g := float64(chain % groups)
		s := &LinearSDE{Dim: d, A: make([]float64, d*d), B: make([]float64, d), Q: make([]float64, d*d)}
		for i := range s.A {
			s.A[i] = base.A[i] * (1 + 0.2*g)
			s.Q[i] = base.Q[i] * kT
		}
		for i := range s.B {
			s.B[i] = base.B[i] + 0.3*g
		}
		return s
	}
	type law struct{ mean, cov []float64 }
	laws := make([]law, groups)
	for g := range groups {
		s := sdeOf(uint64(g), 1)
		cov, err := linalg.Lyapunov(s.A, s.Q, d)
		if err != nil {
			t.Fatal(err)
		}
		laws[g] = law{stationaryMean(t, s), cov}
	}
	cfg := testConfig(d, 3000)
	cfg.Dt, cfg.Steps, cfg.Burnin, cfg.Thin = 1, 300, 20, 1
	newStepper, err := NewChipOU[float64](sdeOf, cfg.Dt, cfg.KT)
	if err != nil {
		t.Fatal(err)
	}
	_, x := runJobMem(t, cfg, Job[float64]{NewDemon: func(int) Demon[float64] { return nil }, NewStepper: newStepper})
	draws := cfg.Draws()
	// The mixture's moments.
	wantMean, wantCov := make([]float64, d), make([]float64, d*d)
	for c := range cfg.Chains {
		l := laws[c%groups]
		for i := range d {
			wantMean[i] += l.mean[i] / float64(cfg.Chains)
			for j := range d {
				wantCov[i*d+j] += (l.cov[i*d+j] + l.mean[i]*l.mean[j]) / float64(cfg.Chains)
			}
		}
	}
	for i := range d {
		for j := range d {
			wantCov[i*d+j] -= wantMean[i] * wantMean[j]
		}
	}
	mean, cov, _ := moments(x, cfg.Chains, draws, d, 0)
	var num, den float64
	for i := range cov {
		num += (cov[i] - wantCov[i]) * (cov[i] - wantCov[i])
		den += wantCov[i] * wantCov[i]
	}
	t.Logf("mixture covariance error %.2f%%", 100*math.Sqrt(num/den))
	if math.Sqrt(num/den) > 0.03 {
		t.Errorf("mixture covariance error %.2f%%, want under 3%%", 100*math.Sqrt(num/den))
	}
	for i := range d {
		if e := math.Abs(mean[i]-wantMean[i]) / math.Sqrt(wantCov[i*d+i]); e > 0.02 {
			t.Errorf("mean[%d] %.4f, mixture %.4f", i, mean[i], wantMean[i])
		}
	}
	// Each group at its own stationary mean.
	for g := range groups {
		for i := range d {
			var s, s2 float64
			var n int
			for c := g; c < cfg.Chains; c += groups {
				var m float64
				for t := range draws {
					m += x[(c*draws+t)*d+i]
				}
				m /= float64(draws)
				s += m
				s2 += m * m
				n++
			}
			m := s / float64(n)
			se := math.Sqrt((s2/float64(n) - m*m) / float64(n))
			if math.Abs(m-laws[g].mean[i]) > 5*se {
				t.Errorf("group %d dim %d: mean %.4f, its law's %.4f (SE %.4f)", g, i, m, laws[g].mean[i], se)
			}
		}
	}
}

// TestChipOUDeterminism: a fleet's samples do not depend on the workers or
// the shard size.
func TestChipOUDeterminism(t *testing.T) {
	const d = 3
	base := testSDE(d, 1)
	sdeOf := func(chain uint64, kT float64) *LinearSDE {
		s := *base
		s.A = append([]float64(nil), base.A...)
		s.A[0] *= 1 + 0.01*float64(chain%7)
		return &s
	}
	cfg := testConfig(d, 150)
	cfg.Dt, cfg.Steps, cfg.Burnin, cfg.Thin = 0.5, 30, 0, 3
	newStepper, err := NewChipOU[float32](sdeOf, cfg.Dt, cfg.KT)
	if err != nil {
		t.Fatal(err)
	}
	job := Job[float32]{NewDemon: func(int) Demon[float32] { return nil }, NewStepper: newStepper}
	cfg.Workers, cfg.ShardSize = 1, 16
	_, want := runJobMem(t, cfg, job)
	cfg.Workers, cfg.ShardSize = 2, 48
	_, got := runJobMem(t, cfg, job)
	for i := range want {
		if math.Float32bits(want[i]) != math.Float32bits(got[i]) {
			t.Fatalf("element %d: %v with 1 worker and shards of 16, %v with 2 and 48", i, want[i], got[i])
		}
	}
}
