package tla

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomSPD returns A = G Gᵀ/d + I for a standard normal d×d G, and a
// standard normal b, from a fixed seed.
func randomSPD(d int, seed uint64) (a, b []float64) {
	r := rand.New(rand.NewPCG(seed, 2))
	g := make([]float64, d*d)
	for i := range g {
		g[i] = r.NormFloat64()
	}
	a = make([]float64, d*d)
	for i := range d {
		for j := range d {
			s := 0.0
			for k := range d {
				s += g[i*d+k] * g[j*d+k]
			}
			a[i*d+j] = s / float64(d)
		}
		a[i*d+i]++
	}
	b = make([]float64, d)
	for i := range b {
		b[i] = r.NormFloat64()
	}
	return a, b
}

// TestErrorFalls checks, for d = 4 and 16, that the errors of x and A⁻¹
// fall as 1/√(chains·time): sixteen times the time cuts them by at least
// two (four expected), and each is within five times of StandardError's
// prediction either way.
func TestErrorFalls(t *testing.T) {
	for _, d := range []int{4, 16} {
		a, b := randomSPD(d, uint64(d))
		var prev [2]float64
		for i, steps := range []int{250, 4000} {
			opts := Options{Chains: 64, Steps: steps, Seed: 3, Inverse: true}
			sol, err := Solve(context.Background(), a, b, d, opts)
			if err != nil {
				t.Fatal(err)
			}
			px, pinv, err := StandardError(a, b, d, sol.Chains, sol.Steps, sol.Dt, sol.KT)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("d=%d T=%.0f dt=%.3f burnin=%d: error x %.2e (predicted %.2e), A⁻¹ %.2e (predicted %.2e)",
				d, sol.SimulatedTime, sol.Dt, sol.Burnin, sol.ErrorX, px, sol.ErrorInv, pinv)
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"x", sol.ErrorX, px}, {"A⁻¹", sol.ErrorInv, pinv}} {
				if r := c.got / c.want; !(r < 5 && r > 0.2) {
					t.Errorf("d=%d T=%v: error of %s %.3g is %.2f times the predicted %.3g", d, sol.SimulatedTime, c.name, c.got, r, c.want)
				}
			}
			if i == 1 {
				if prev[0] < 2*sol.ErrorX || prev[1] < 2*sol.ErrorInv {
					t.Errorf("d=%d: 16 times the time took the errors from %.3g, %.3g to %.3g, %.3g: want at least a halving",
						d, prev[0], prev[1], sol.ErrorX, sol.ErrorInv)
				}
			}
			prev = [2]float64{sol.ErrorX, sol.ErrorInv}
		}
	}
}

// TestPredictionHasPower checks that the errors are not merely below a
// loose bound: over eight seeds the mean square error of x is within
// a factor 2 of the predicted one, for d = 8.
func TestPredictionHasPower(t *testing.T) {
	const d = 8
	a, b := randomSPD(d, 11)
	var sx, sinv float64
	const seeds = 8
	var px, pinv float64
	for seed := range uint64(seeds) {
		sol, err := Solve(context.Background(), a, b, d, Options{Chains: 32, Steps: 500, Seed: seed, Inverse: true})
		if err != nil {
			t.Fatal(err)
		}
		sx += sol.ErrorX * sol.ErrorX / seeds
		sinv += sol.ErrorInv * sol.ErrorInv / seeds
		px, pinv, _ = StandardError(a, b, d, sol.Chains, sol.Steps, sol.Dt, sol.KT)
	}
	t.Logf("rms error x %.3g (predicted %.3g), A⁻¹ %.3g (predicted %.3g)", math.Sqrt(sx), px, math.Sqrt(sinv), pinv)
	for _, r := range []float64{sx / (px * px), sinv / (pinv * pinv)} {
		if !(r > 0.5 && r < 2) {
			t.Errorf("mean square error over %d seeds is %.2f times the predicted", seeds, r)
		}
	}
}

// TestWorkers checks that one worker and two give the same bits.
func TestWorkers(t *testing.T) {
	const d = 16
	a, b := randomSPD(d, 5)
	var sols [2]*Solution
	for i, w := range []int{1, 2} {
		// 200 chains: shards of 32, the last one short.
		sol, err := Solve(context.Background(), a, b, d, Options{Chains: 200, Steps: 300, Seed: 9, Workers: w, Inverse: true})
		if err != nil {
			t.Fatal(err)
		}
		sols[i] = sol
	}
	for _, p := range []struct {
		name string
		x, y []float64
	}{{"x", sols[0].X, sols[1].X}, {"inverse", sols[0].Inv, sols[1].Inv}} {
		for i := range p.x {
			if math.Float64bits(p.x[i]) != math.Float64bits(p.y[i]) {
				t.Fatalf("%s[%d]: %v with one worker, %v with two", p.name, i, p.x[i], p.y[i])
			}
		}
	}
}

// TestExactSolution checks the estimate against the exact solution of a
// diagonal system at a small error, and the defaults.
func TestExactSolution(t *testing.T) {
	a := []float64{2, 0, 0, 0, 1, 0, 0, 0, 4}
	b := []float64{1, -2, 8}
	sol, err := Solve(context.Background(), a, b, 3, Options{Chains: 256, Steps: 4000, Seed: 1, Inverse: true, KT: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.5, -2, 2}
	for i, w := range want {
		if math.Abs(sol.Exact[i]-w) > 1e-12 {
			t.Fatalf("exact x[%d] = %v, want %v", i, sol.Exact[i], w)
		}
	}
	if math.Abs(sol.Dt-0.25) > 1e-6 {
		t.Errorf("default dt %v, want 1/λ_max = 0.25", sol.Dt)
	}
	if want := int(math.Ceil(16 / (1 * sol.Dt))); sol.Burnin != want {
		t.Errorf("default burn-in %d, want %d", sol.Burnin, want)
	}
	if sol.SimulatedTime != 4000*sol.Dt {
		t.Errorf("simulated time %v, want %v", sol.SimulatedTime, 4000*sol.Dt)
	}
	px, pinv, _ := StandardError(a, b, 3, sol.Chains, sol.Steps, sol.Dt, sol.KT)
	if sol.ErrorX > 5*px || sol.ErrorInv > 5*pinv {
		t.Errorf("errors %.3g, %.3g; predicted %.3g, %.3g", sol.ErrorX, sol.ErrorInv, px, pinv)
	}
	for i := range 3 {
		for j := range 3 {
			w := 0.0
			if i == j {
				w = 1 / a[i*3+i]
			}
			if math.Abs(sol.Inv[i*3+j]-w) > 0.02 {
				t.Errorf("inverse[%d,%d] = %.4f, want %v", i, j, sol.Inv[i*3+j], w)
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	nan := math.NaN()
	for _, c := range []struct {
		a, b []float64
		d    int
		opts Options
		want string
	}{
		{[]float64{1, 0, 0}, []float64{1, 1}, 2, Options{}, "A has 3 elements"},
		{[]float64{1, 0, 0, 1}, []float64{1}, 2, Options{}, "b has 1 elements"},
		{[]float64{1, 0.5, 0.4, 1}, []float64{1, 1}, 2, Options{}, "not symmetric"},
		{[]float64{1, 2, 2, 1}, []float64{1, 1}, 2, Options{}, "not positive definite"},
		{[]float64{1, nan, nan, 1}, []float64{1, 1}, 2, Options{}, "A[0,1] is NaN"},
		{[]float64{1, 0, 0, 1}, []float64{1, math.Inf(1)}, 2, Options{}, "b[1] is +Inf"},
		{[]float64{1, 0, 0, 1}, []float64{1, 1}, 2, Options{Dt: -1}, "dt"},
		{[]float64{1, 0, 0, 1}, []float64{1, 1}, 2, Options{Chains: -1}, "chains"},
	} {
		_, err := Solve(ctx, c.a, c.b, c.d, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Solve(%v, %v): error %v, want one naming %q", c.a, c.b, err, c.want)
		}
	}
}

func TestLambda(t *testing.T) {
	a, _ := randomSPD(16, 4)
	lmax := LambdaMax(a, 16)
	lmin, err := LambdaMin(a, 16)
	if err != nil {
		t.Fatal(err)
	}
	// Gershgorin's bound and the diagonal bracket the extremes.
	if !(lmax > 1 && lmin >= 1-1e-9 && lmin < lmax) {
		t.Errorf("λ_min %v, λ_max %v: A = G Gᵀ/d + I has eigenvalues above 1", lmin, lmax)
	}
}
