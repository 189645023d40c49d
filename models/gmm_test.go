package models

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// drawMixture draws n points from g by direct sampling: a component by
// weight, then a normal point around its mean.
func drawMixture(g *GMM, n int, rnd *rand.Rand) (points [][]float64, labels []int) {
	var total float64
	for _, w := range g.Weights {
		total += w
	}
	points = make([][]float64, n)
	labels = make([]int, n)
	for i := range points {
		u := rnd.Float64() * total
		j := 0
		for ; j < len(g.Weights)-1 && u >= g.Weights[j]; j++ {
			u -= g.Weights[j]
		}
		labels[i] = j
		points[i] = make([]float64, g.Dim())
		for k := range points[i] {
			points[i][k] = g.Means[j][k] + g.Sigma[j]*rnd.NormFloat64()
		}
	}
	return points, labels
}

func TestGMMMomentsMonteCarlo(t *testing.T) {
	t.Parallel()
	const n = 200000
	rnd := rand.New(rand.NewPCG(11, 12))
	for _, g := range []*GMM{
		must(New("gmm", 3, 0)).(*GMM),
		must(NewGMM([]float64{1, 2, 3}, [][]float64{{-2, 0}, {1, 1.5}, {0.5, -1}}, []float64{0.5, 1, 1.5})),
	} {
		mean, variance, err := g.Moments(1)
		if err != nil {
			t.Fatal(err)
		}
		points, _ := drawMixture(g, n, rnd)
		for k := range g.Dim() {
			var s1 float64
			for _, p := range points {
				s1 += p[k]
			}
			m := s1 / n
			var s2, s4 float64
			for _, p := range points {
				d := (p[k] - m) * (p[k] - m)
				s2 += d
				s4 += d * d
			}
			v := s2 / (n - 1)
			seMean := math.Sqrt(v / n)
			seVar := math.Sqrt((s4/n - v*v) / n)
			if math.Abs(m-mean[k]) > 5*seMean {
				t.Errorf("mean[%d] = %v, Monte Carlo %v ± %v", k, mean[k], m, seMean)
			}
			if math.Abs(v-variance[k]) > 5*seVar {
				t.Errorf("variance[%d] = %v, Monte Carlo %v ± %v", k, variance[k], v, seVar)
			}
		}
	}
}

func TestGMMMomentsOnlyAtUnitTemperature(t *testing.T) {
	t.Parallel()
	g := must(New("gmm", 2, 0)).(*GMM)
	for _, kT := range []float64{0.5, 2, math.NaN()} {
		if _, _, err := g.Moments(kT); err == nil || !strings.Contains(err.Error(), "kT = 1") {
			t.Errorf("Moments(%v): error %v, want one saying only kT = 1", kT, err)
		}
	}
}

func TestGMMAssignRecoversWeights(t *testing.T) {
	t.Parallel()
	// In 8 dimensions the default modes are 3√8 ≈ 8.5 sigma apart, so a
	// point is assigned to the component it was drawn from except with
	// probability below 1e-4.
	const n = 20000
	g := must(New("gmm", 8, 0)).(*GMM)
	points, labels := drawMixture(g, n, rand.New(rand.NewPCG(13, 14)))
	counts := make([]int, len(g.Weights))
	var wrong int
	for i, p := range points {
		j := g.Assign(p)
		counts[j]++
		if j != labels[i] {
			wrong++
		}
	}
	if wrong > n/1000 {
		t.Errorf("%d of %d points assigned to a component they were not drawn from", wrong, n)
	}
	for j, w := range g.Weights {
		frac := float64(counts[j]) / n
		if se := math.Sqrt(w * (1 - w) / n); math.Abs(frac-w) > 5*se {
			t.Errorf("component %d: fraction %v assigned, want weight %v ± %v", j, frac, w, se)
		}
	}
}

func TestGMMFarFromModes(t *testing.T) {
	t.Parallel()
	// Far from the modes every density underflows, but the log-sum-exp
	// shift keeps the force finite: the widest component dominates and
	// f → (μ - x)/σ² for it.
	g := must(NewGMM([]float64{1, 2, 3}, [][]float64{{-2, 0}, {1, 1.5}, {0.5, -1}}, []float64{0.5, 1, 1.5}))
	x := []float64{300, -400}
	want := []float64{(0.5 - x[0]) / 2.25, (-1 - x[1]) / 2.25}
	for name, f := range map[string][]float64{
		"float64": force(g.Demon64(1), x),
		"float32": force(g.Demon32(1), x),
	} {
		for k := range f {
			if math.Abs(f[k]-want[k]) > 1e-5*math.Abs(want[k]) {
				t.Errorf("%s: f[%d] = %v, want %v", name, k, f[k], want[k])
			}
		}
	}
	for name, u := range map[string]float64{
		"float64": energy(g.Demon64(1), x),
		"float32": energy(g.Demon32(1), x),
	} {
		if math.IsInf(u, 0) || math.IsNaN(u) || u < 1e4 {
			t.Errorf("%s: U = %v far from the modes, want large and finite", name, u)
		}
	}
}

func TestNewGMM(t *testing.T) {
	t.Parallel()
	means := [][]float64{{0, 1}, {2, 3}}
	g, err := NewGMM([]float64{1, 1}, means, []float64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	means[0][0] = 9
	if g.Means[0][0] != 0 {
		t.Error("NewGMM does not copy means")
	}
	if g.Dim() != 2 {
		t.Errorf("Dim() = %d, want 2", g.Dim())
	}

	for _, test := range []struct {
		weights []float64
		means   [][]float64
		sigma   []float64
		field   string
	}{
		{nil, nil, nil, "means"},
		{[]float64{1}, [][]float64{{}}, []float64{1}, "means[0]"},
		{[]float64{1, 1}, [][]float64{{0, 0}, {1}}, []float64{1, 1}, "means[1]"},
		{[]float64{1, 1}, [][]float64{{0}, {math.NaN()}}, []float64{1, 1}, "means[1]"},
		{[]float64{1}, [][]float64{{0}, {1}}, []float64{1, 1}, "weights"},
		{[]float64{1, 0}, [][]float64{{0}, {1}}, []float64{1, 1}, "weights"},
		{[]float64{1, 1}, [][]float64{{0}, {1}}, []float64{1}, "sigma"},
		{[]float64{1, 1}, [][]float64{{0}, {1}}, []float64{1, -1}, "sigma"},
	} {
		_, err := NewGMM(test.weights, test.means, test.sigma)
		if err == nil || !strings.HasPrefix(err.Error(), "models: ") || !strings.Contains(err.Error(), test.field) {
			t.Errorf("NewGMM(%v, %v, %v): error %v, want one naming %s",
				test.weights, test.means, test.sigma, err, test.field)
		}
	}
}
