package thermo_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/thermoai/thermo"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/output"
)

// chainMeans returns, for each chain, the mean over its draws of g applied
// to each draw, together with the mean and standard error over chains.
// Chains are independent, so the spread of their means is an honest
// standard error whatever the autocorrelation within a chain.
func chainMeans(s *output.Samples[float64], g func(x []float64) float64) (mean, se float64) {
	var sum, sum2 float64
	for c := range s.Chains {
		var m float64
		for d := range s.Draws {
			off := (c*s.Draws + d) * s.Dim
			m += g(s.Data[off : off+s.Dim])
		}
		m /= float64(s.Draws)
		sum += m
		sum2 += m * m
	}
	n := float64(s.Chains)
	mean = sum / n
	return mean, math.Sqrt((sum2/n - mean*mean) / (n - 1))
}

func run(t *testing.T, spec thermo.Spec) *thermo.Result {
	t.Helper()
	res, err := thermo.Run(context.Background(), spec, thermo.Options{Keep: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCoupledCovariance(t *testing.T) {
	spec := thermo.DefaultSpec()
	spec.Model, spec.Dim, spec.Chains, spec.Precision = "coupled", 4, 2048, "f64"
	spec.Steps, spec.Burnin, spec.KT, spec.Seed = 3000, 500, 0.8, 11
	res := run(t, spec)
	m, err := models.New("coupled", spec.Dim, spec.Seed)
	if err != nil {
		t.Fatal(err)
	}
	cov := m.(*models.Coupled).Covariance(spec.KT)
	for i := range spec.Dim {
		for j := range i + 1 {
			got, se := chainMeans(res.Samples64, func(x []float64) float64 { return x[i] * x[j] })
			if want := cov.At(i, j); math.Abs(got-want) > 5*se {
				t.Errorf("cov[%d][%d] = %.4f, want kT J^-1 = %.4f (5 SE = %.4f)", i, j, got, want, 5*se)
			}
		}
	}
}

func TestDoubleWellMoments(t *testing.T) {
	for _, kT := range []float64{0.5, 1} {
		spec := thermo.DefaultSpec()
		spec.Model, spec.Dim, spec.Chains, spec.KT = "double-well", 2, 4096, kT
		spec.Steps, spec.Burnin, spec.Dt, spec.Precision = 4000, 1000, 0.02, "f64"
		res := run(t, spec)
		for k := range spec.Dim {
			if d := math.Abs(res.Var[k] - res.ExactVar[k]); d > 5*res.VarSE[k] {
				t.Errorf("kT %v dim %d: var %.4f, quadrature %.4f (5 SE = %.4f)", kT, k, res.Var[k], res.ExactVar[k], 5*res.VarSE[k])
			}
			if math.Abs(res.Mean[k]) > 5*res.MeanSE[k] {
				t.Errorf("kT %v dim %d: mean %.4f, want 0 (5 SE = %.4f)", kT, k, res.Mean[k], 5*res.MeanSE[k])
			}
		}
	}
}

// TestGMMWeights recovers the mixture weights: under the mixture the mean
// responsibility of component j is exactly its weight.
func TestGMMWeights(t *testing.T) {
	spec := thermo.DefaultSpec()
	spec.Model, spec.Dim, spec.Chains, spec.Precision = "gmm", 2, 4096, "f64"
	spec.Steps, spec.Burnin = 4000, 1000
	res := run(t, spec)
	m, _ := models.New("gmm", spec.Dim, spec.Seed)
	g := m.(*models.GMM)
	var total float64
	for _, w := range g.Weights {
		total += w
	}
	resp := func(j int) func(x []float64) float64 {
		return func(x []float64) float64 {
			var num, den float64
			for i, mu := range g.Means {
				var r2 float64
				for k := range x {
					r2 += (x[k] - mu[k]) * (x[k] - mu[k])
				}
				s := g.Sigma[i]
				p := g.Weights[i] * math.Exp(-r2/(2*s*s)) / math.Pow(s, float64(len(x)))
				den += p
				if i == j {
					num = p
				}
			}
			return num / den
		}
	}
	for j, w := range g.Weights {
		got, se := chainMeans(res.Samples64, resp(j))
		if want := w / total; math.Abs(got-want) > 5*se {
			t.Errorf("weight %d: recovered %.4f, want %.4f (5 SE = %.4f)", j, got, want, 5*se)
		}
	}
}

func TestIntegratorsAndPrecisions(t *testing.T) {
	for _, integ := range []string{"baoab", "ula", "em", "ou"} {
		for _, prec := range []string{"f32", "f64"} {
			spec := thermo.DefaultSpec()
			spec.Integrator, spec.Precision, spec.Dt = integ, prec, 0.01
			spec.Params = map[string]any{"stiffness": 2.0}
			res := run(t, spec)
			for k := range spec.Dim {
				// ULA's stationary variance is biased by a factor
				// 1/(1 - h kappa/(2 gamma)), about 1% here; BAOAB and OU are exact.
				want := res.ExactVar[k]
				if integ == "ula" || integ == "em" {
					want /= 1 - spec.Dt*2/(2*spec.Friction)
				}
				if math.Abs(res.Var[k]-want) > 5*res.VarSE[k] {
					t.Errorf("%s %s dim %d: var %.4f, want %.4f (5 SE = %.4f)", integ, prec, k, res.Var[k], want, 5*res.VarSE[k])
				}
			}
		}
	}
}

func TestValidateNamesField(t *testing.T) {
	for field, mutate := range map[string]func(*thermo.Spec){
		"-model":      func(s *thermo.Spec) { s.Model = "nope" },
		"-dt":         func(s *thermo.Spec) { s.Dt = math.NaN() },
		"-chains":     func(s *thermo.Spec) { s.Chains = 0 },
		"-precision":  func(s *thermo.Spec) { s.Precision = "f16" },
		"-integrator": func(s *thermo.Spec) { s.Integrator = "leapfrog" },
		"-mass":       func(s *thermo.Spec) { s.Mass = math.Inf(1) },
		"-kT":         func(s *thermo.Spec) { s.KT = 0 },
	} {
		s := thermo.DefaultSpec()
		mutate(&s)
		if _, err := s.Validate(); err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("%s: got %v", field, err)
		}
	}
	s := thermo.DefaultSpec()
	s.Params = map[string]any{"stifness": 1.0}
	if _, err := s.Validate(); err == nil || !strings.Contains(err.Error(), "stifness") {
		t.Errorf("misspelt model parameter: got %v", err)
	}
}

func TestRunModelOwnModel(t *testing.T) {
	g, err := models.NewGaussian(3, []float64{1, 3, 9}, []float64{0.5, 0, -0.5})
	if err != nil {
		t.Fatal(err)
	}
	spec := thermo.DefaultSpec()
	spec.Dim, spec.Chains = 3, 2048
	res, err := thermo.RunModel(context.Background(), spec, g, thermo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for k := range 3 {
		if math.Abs(res.Mean[k]-g.Mean[k]) > 5*res.MeanSE[k] || math.Abs(res.Var[k]-1/g.Kappa[k]) > 5*res.VarSE[k] {
			t.Errorf("dim %d: mean %.4f var %.4f, want %.4f and %.4f", k, res.Mean[k], res.Var[k], g.Mean[k], 1/g.Kappa[k])
		}
	}
	spec.Dim = 4
	if _, err := thermo.RunModel(context.Background(), spec, g, thermo.Options{}); err == nil || !strings.Contains(err.Error(), "-dim") {
		t.Errorf("dimension mismatch: got %v", err)
	}
}

// TestDeterminismAcrossISA is the contract across kernel paths: every
// path that can run here writes the same samples as the generic code.
func TestDeterminismAcrossISA(t *testing.T) {
	for _, integ := range []string{"baoab", "ula", "ou"} {
		for _, prec := range []string{"f32", "f64"} {
			spec := thermo.DefaultSpec()
			spec.Integrator, spec.Precision, spec.Chains, spec.Dim = integ, prec, 333, 5
			spec.Steps, spec.Burnin, spec.Thin = 200, 50, 5
			var want *thermo.Result
			for _, i := range kernel.Available() {
				restore := kernel.ForceISA(i)
				got := run(t, spec)
				restore()
				if want == nil {
					want = got // generic comes first
					continue
				}
				if !sameSamples(got, want) {
					t.Errorf("%s %s: path %v writes different samples from generic", integ, prec, i)
				}
			}
		}
	}
}

func sameSamples(a, b *thermo.Result) bool {
	if a.Samples32 != nil {
		return slices.Equal(a.Samples32.Data, b.Samples32.Data)
	}
	return slices.Equal(a.Samples64.Data, b.Samples64.Data)
}
