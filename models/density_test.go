package models

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/exp/constraints"
)

// standardNormal returns log p and its gradient for N(0, I), with the
// terms rounded before they are summed, as Gaussian's Energy does.
func standardNormal() (func([]float64) float64, func(x, grad []float64)) {
	logp := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s -= float64(0.5 * v * v)
		}
		return s
	}
	grad := func(x, grad []float64) {
		for k, v := range x {
			grad[k] = -v
		}
	}
	return logp, grad
}

// banana returns a non-separable density in dim >= 2 whose gradient
// accumulates into grad, which is right only if grad arrives zeroed.
func banana() (func([]float64) float64, func(x, grad []float64)) {
	const b = 0.7
	logp := func(x []float64) float64 {
		s := float64(-0.5 * x[0] * x[0])
		for k := 1; k < len(x); k++ {
			r := x[k] - float64(b*x[k-1]*x[k-1]) + b
			s -= float64(0.5 * r * r)
		}
		return s
	}
	grad := func(x, grad []float64) {
		grad[0] += -x[0]
		for k := 1; k < len(x); k++ {
			r := x[k] - float64(b*x[k-1]*x[k-1]) + b
			grad[k] += -r
			grad[k-1] += float64(2*b*x[k-1]) * r
		}
	}
	return logp, grad
}

// densityBatch returns the dimension-major batch of states (state c is
// chain c) in precision F.
func densityBatch[F constraints.Float](states [][]float64) []F {
	n, dim := len(states), len(states[0])
	x := make([]F, dim*n)
	for c, s := range states {
		for k, v := range s {
			x[k*n+c] = F(v)
		}
	}
	return x
}

func densityStates(n, dim int) [][]float64 {
	rnd := rand.New(rand.NewPCG(11, 12))
	states := make([][]float64, n)
	for c := range states {
		states[c] = make([]float64, dim)
		for k := range states[c] {
			states[c][k] = 2 * rnd.NormFloat64()
		}
	}
	return states
}

func TestDensityMatchesGaussian(t *testing.T) {
	t.Parallel()
	const dim, n = 3, 37
	logp, grad := standardNormal()
	d, err := NewDensity("", dim, logp, grad)
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewGaussian(dim, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	states := densityStates(n, dim)
	t.Run("f64", func(t *testing.T) { compareDemons(t, d.Demon64(n), g.Demon64(n), states) })
	t.Run("f32", func(t *testing.T) { compareDemons(t, d.Demon32(n), g.Demon32(n), states) })
}

// compareDemons checks that got's force and energy equal want's on states
// to within a relative 1e-15.
func compareDemons[F constraints.Float](t *testing.T, got, want Demon[F], states [][]float64) {
	n, dim := len(states), len(states[0])
	x := densityBatch[F](states)
	fGot, fWant := make([]F, dim*n), make([]F, dim*n)
	uGot, uWant := make([]float64, n), make([]float64, n)
	got.Force(0, x, fGot, n)
	want.Force(0, x, fWant, n)
	got.(Energy[F]).Energy(0, x, uGot, n)
	want.(Energy[F]).Energy(0, x, uWant, n)
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-15*math.Max(1, math.Abs(b)) }
	for i := range fGot {
		if !close(float64(fGot[i]), float64(fWant[i])) {
			t.Errorf("f[%d] = %v, want %v", i, fGot[i], fWant[i])
		}
	}
	for c := range uGot {
		if !close(uGot[c], uWant[c]) {
			t.Errorf("u[%d] = %v, want %v", c, uGot[c], uWant[c])
		}
	}
}

func TestDensityBatchInvariance(t *testing.T) {
	t.Parallel()
	const dim, n = 4, 29
	logp, grad := banana()
	d, err := NewDensity("banana", dim, logp, grad)
	if err != nil {
		t.Fatal(err)
	}
	states := densityStates(n, dim)
	t.Run("f64", func(t *testing.T) { checkDensityBatch(t, d.Demon64, states) })
	t.Run("f32", func(t *testing.T) { checkDensityBatch(t, d.Demon32, states) })
}

// checkDensityBatch checks that each chain's force and energy alone, by a
// new demon, have the bits they have in the batch of all states, where the
// demon's scratch holds the previous chain's values.
func checkDensityBatch[F constraints.Float](t *testing.T, demon func(int) Demon[F], states [][]float64) {
	n, dim := len(states), len(states[0])
	d := demon(n)
	x := densityBatch[F](states)
	f, u := make([]F, dim*n), make([]float64, n)
	d.Force(0, x, f, n)
	d.(Energy[F]).Energy(0, x, u, n)
	for c, s := range states {
		one := demon(1)
		x1 := densityBatch[F]([][]float64{s})
		f1, u1 := make([]F, dim), make([]float64, 1)
		one.Force(0, x1, f1, 1)
		one.(Energy[F]).Energy(0, x1, u1, 1)
		for k := range dim {
			if math.Float64bits(float64(f1[k])) != math.Float64bits(float64(f[k*n+c])) {
				t.Errorf("chain %d: f[%d] alone = %v, in the batch %v", c, k, f1[k], f[k*n+c])
			}
		}
		if math.Float64bits(u1[0]) != math.Float64bits(u[c]) {
			t.Errorf("chain %d: u alone = %v, in the batch %v", c, u1[0], u[c])
		}
	}
}

func TestDensityDoesNotAllocate(t *testing.T) {
	const dim, n = 3, 16
	logp, grad := banana()
	m, err := NewDensity("", dim, logp, grad)
	if err != nil {
		t.Fatal(err)
	}
	d := m.Demon64(n)
	e := d.(Energy[float64])
	x := densityBatch[float64](densityStates(n, dim))
	f, u := make([]float64, dim*n), make([]float64, n)
	if a := testing.AllocsPerRun(10, func() { d.Force(0, x, f, n) }); a != 0 {
		t.Errorf("Force allocates %v times a call", a)
	}
	if a := testing.AllocsPerRun(10, func() { e.Energy(0, x, u, n) }); a != 0 {
		t.Errorf("Energy allocates %v times a call", a)
	}
}

func TestNewDensity(t *testing.T) {
	t.Parallel()
	logp, grad := standardNormal()
	for _, tc := range []struct {
		name string
		dim  int
		logp func([]float64) float64
		grad func(x, grad []float64)
		want string
	}{
		{"dim 0", 0, logp, grad, "dim must be at least 1"},
		{"dim -1", -1, logp, grad, "dim must be at least 1"},
		{"nil logp", 2, nil, grad, "log density"},
		{"nil grad", 2, logp, nil, "gradient"},
	} {
		_, err := NewDensity("x", tc.dim, tc.logp, tc.grad)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "models: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q, want one starting with \"models: \" and mentioning %q", tc.name, err, tc.want)
		}
	}

	d, err := NewDensity("", 2, logp, grad)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name() != "density" || d.Dim() != 2 || len(d.Params()) != 0 || d.Params() == nil {
		t.Errorf("Name, Dim, Params = %q, %d, %v; want \"density\", 2, an empty map", d.Name(), d.Dim(), d.Params())
	}
	d.Label, d.Values = "mine", map[string]any{"b": 1.0}
	p := d.Params()
	p["b"] = 2.0
	if d.Name() != "mine" || d.Values["b"] != 1.0 {
		t.Errorf("Name = %q, Values[b] = %v after writing into Params; want \"mine\", 1", d.Name(), d.Values["b"])
	}

	var m Model = Density{D: 2, LogDensity: logp} // no Grad
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "models: ") {
			t.Errorf("Demon64 of a Density without Grad: panic %v, want one starting with \"models: \"", r)
		}
	}()
	m.Demon64(1)
}
