package models

import (
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/exp/constraints"
)

// modelCase is a model under test with an independent evaluation of its
// potential, written from the formula rather than from the demon.
type modelCase struct {
	name   string
	model  Model
	energy func(x []float64) float64
	// spread is the half-width of the box the test points are drawn from.
	spread float64
}

// must returns m, panicking on err, for fixtures that cannot fail.
func must[M any](m M, err error) M {
	if err != nil {
		panic(err)
	}
	return m
}

func modelCases(t testing.TB) []modelCase {
	gauss := must(NewGaussian(3, []float64{0.5, 2, 7}, []float64{1, -0.5, 0.25}))
	gauss1 := must(NewGaussian(1, nil, nil))
	coupled := must(NewRandomCoupled(5, 3))
	coupled2 := must(NewCoupled([][]float64{{2, -0.8}, {-0.8, 1}}))
	well := must(NewDoubleWell(3, 2, 1.5))
	well1 := must(NewDoubleWell(1, 1, 1))
	tilted := must(NewDoubleWell(2, 1.5, 0.8))
	tilted.Tilt = -0.7
	gmm := must(New("gmm", 4, 0))
	gmm3 := must(NewGMM(
		[]float64{1, 2, 3},
		[][]float64{{-2, 0}, {1, 1.5}, {0.5, -1}},
		[]float64{0.5, 1, 1.5}))

	gaussU := func(g *Gaussian) func([]float64) float64 {
		return func(x []float64) float64 {
			var u float64
			for k := range x {
				u += g.Kappa[k] / 2 * math.Pow(x[k]-g.Mean[k], 2)
			}
			return u
		}
	}
	coupledU := func(c *Coupled) func([]float64) float64 {
		return func(x []float64) float64 {
			var u float64
			for i := range x {
				for k := range x {
					u += x[i] * c.J.At(i, k) * x[k]
				}
			}
			return u / 2
		}
	}
	wellU := func(w *DoubleWell) func([]float64) float64 {
		return func(x []float64) float64 {
			var u float64
			for _, v := range x {
				u += w.Barrier*math.Pow(math.Pow(v/w.Width, 2)-1, 2) - w.Tilt*v/w.Width
			}
			return u
		}
	}
	gmmU := func(g *GMM) func([]float64) float64 {
		return func(x []float64) float64 {
			var total, p float64
			for _, w := range g.Weights {
				total += w
			}
			for j, mu := range g.Means {
				s2 := g.Sigma[j] * g.Sigma[j]
				var r2 float64
				for k := range x {
					r2 += (x[k] - mu[k]) * (x[k] - mu[k])
				}
				p += g.Weights[j] / total * math.Exp(-r2/(2*s2)) / math.Pow(2*math.Pi*s2, float64(len(x))/2)
			}
			return -math.Log(p)
		}
	}

	return []modelCase{
		{"gaussian/3", gauss, gaussU(gauss), 3},
		{"gaussian/1", gauss1, gaussU(gauss1), 3},
		{"coupled/5", coupled, coupledU(coupled), 2},
		{"coupled/2", coupled2, coupledU(coupled2), 2},
		{"double-well/3", well, wellU(well), 2.5},
		{"double-well/1", well1, wellU(well1), 2},
		{"double-well/tilted", tilted, wellU(tilted), 2},
		{"gmm/4", gmm, gmmU(gmm.(*GMM)), 3},
		{"gmm/2x3", gmm3, gmmU(gmm3), 3},
	}
}

// randomStates returns n chains of a dim-dimensional model, chain-major,
// uniform on [-spread, spread] and rounded to float32 so that both
// precisions see the same state.
func randomStates(rnd *rand.Rand, n, dim int, spread float64) [][]float64 {
	states := make([][]float64, n)
	for c := range states {
		states[c] = make([]float64, dim)
		for k := range states[c] {
			states[c][k] = float64(float32(spread * (2*rnd.Float64() - 1)))
		}
	}
	return states
}

// pack lays out the chosen chains dimension-major.
func pack[F constraints.Float](states [][]float64, chains []int) []F {
	n := len(chains)
	dim := len(states[0])
	x := make([]F, dim*n)
	for c, s := range chains {
		for k := range dim {
			x[k*n+c] = F(states[s][k])
		}
	}
	return x
}

func force[F constraints.Float](d Demon[F], x []float64) []float64 {
	f := make([]F, len(x))
	d.Force(0, convert[F](x), f, 1)
	out := make([]float64, len(f))
	for i, v := range f {
		out[i] = float64(v)
	}
	return out
}

func energy[F constraints.Float](d Demon[F], x []float64) float64 {
	u := make([]float64, 1)
	d.(Energy[F]).Energy(0, convert[F](x), u, 1)
	return u[0]
}

// Every demon implements Energy in both precisions.
var (
	_ Energy[float32] = (*gaussianDemon[float32])(nil)
	_ Energy[float64] = (*gaussianDemon[float64])(nil)
	_ Energy[float32] = (*coupledDemon[float32])(nil)
	_ Energy[float64] = (*coupledDemon[float64])(nil)
	_ Energy[float32] = (*wellDemon[float32])(nil)
	_ Energy[float64] = (*wellDemon[float64])(nil)
	_ Energy[float32] = (*gmmDemon[float32])(nil)
	_ Energy[float64] = (*gmmDemon[float64])(nil)
)

// gradStep is the step of the finite differences. The test points lie on
// the grid of 2^-12 within |x| < 4, so x ± gradStep needs 20 significant
// bits and is exact in float32 as in float64: both demons see the same
// points, and the step is exactly 2 gradStep.
const gradStep = 0x1p-17

// gridStates returns n chains of a dim-dimensional model, chain-major,
// uniform on [-spread, spread] and rounded to multiples of 2^-12.
func gridStates(rnd *rand.Rand, n, dim int, spread float64) [][]float64 {
	states := randomStates(rnd, n, dim, spread)
	for _, s := range states {
		for k, v := range s {
			s[k] = math.Round(v*0x1p12) * 0x1p-12
		}
	}
	return states
}

func TestForceIsMinusGradient(t *testing.T) {
	t.Parallel()
	// U is float64 in both precisions, so the central difference with step
	// h has truncation error h²|U'''|/6 and rounding error about
	// 2 eps |U| / (2h) with eps = 2^-53. At the test points |U'''| < 100 and
	// |U| < 60, which bounds the error of the quotient by fdErr ≈ 1.8e-9
	// for h = 2^-17.
	const (
		h     = gradStep
		fdErr = h*h/6*100 + 0x1p-53*60/h
	)
	// A float64 force is exact to a few eps of its terms (1e-14 here), far
	// below fdErr. A float32 force carries a few roundings of 2^-24 ≈ 6e-8
	// of its largest intermediate, below 50 at the test points (the double
	// well's cubic term at the edge of the box, the GMM's log densities),
	// so its error is below about 1e-5 of 1 + |f|, and fdErr adds nothing
	// that matters.
	const (
		tol64 = 2 * fdErr
		tol32 = 1e-5 + fdErr
	)
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, mc := range modelCases(t) {
		states := gridStates(rnd, 20, mc.model.Dim(), mc.spread)
		t.Run(mc.name+"/float64", func(t *testing.T) {
			checkGradient(t, mc.model.Demon64(1), states, tol64)
		})
		t.Run(mc.name+"/float32", func(t *testing.T) {
			checkGradient(t, mc.model.Demon32(1), states, tol32)
		})
	}
}

// checkGradient compares the force of d at each state with the central
// difference of d's own energy, to within tol (1 + |dU/dx|).
func checkGradient[F constraints.Float](t *testing.T, d Demon[F], states [][]float64, tol float64) {
	t.Helper()
	for _, x := range states {
		f := force(d, x)
		for k := range x {
			xp := append([]float64(nil), x...)
			xm := append([]float64(nil), x...)
			xp[k] += gradStep
			xm[k] -= gradStep
			if float64(F(xp[k])) != xp[k] || float64(F(xm[k])) != xm[k] {
				t.Fatalf("x[%d] = %v ± %v is not exact in %T", k, x[k], gradStep, F(0))
			}
			want := -(energy(d, xp) - energy(d, xm)) / (2 * gradStep)
			if math.Abs(f[k]-want) > tol*(1+math.Abs(want)) {
				t.Errorf("f[%d](%v) = %v, want -dU/dx = %v", k, x, f[k], want)
			}
		}
	}
}

func TestEnergy(t *testing.T) {
	t.Parallel()
	// Energies are float64 in both precisions, from the model's float64
	// parameters. The demon and the reference sum the same terms in
	// different orders and forms, so they agree to a few eps of the
	// largest term, at most 1 + |U|: 1e-13 leaves a wide margin over
	// eps = 2.2e-16. The states are float32 values, so both demons see the
	// same points and must give the same bits.
	const tol = 1e-13
	const n = 20
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, mc := range modelCases(t) {
		states := randomStates(rnd, n, mc.model.Dim(), mc.spread)
		chains := make([]int, n)
		for c := range chains {
			chains[c] = c
		}
		u64 := make([]float64, n)
		u32 := make([]float64, n)
		mc.model.Demon64(n).(Energy[float64]).Energy(0, pack[float64](states, chains), u64, n)
		mc.model.Demon32(n).(Energy[float32]).Energy(0, pack[float32](states, chains), u32, n)
		for c, x := range states {
			want := mc.energy(x)
			if got := u64[c]; math.Abs(got-want) > tol*(1+math.Abs(want)) {
				t.Errorf("%s: float64 U(%v) = %v, want %v", mc.name, x, got, want)
			}
			if math.Float64bits(u32[c]) != math.Float64bits(u64[c]) {
				t.Errorf("%s: float32 U(%v) = %v, want %v as in float64", mc.name, x, u32[c], u64[c])
			}
		}
	}
}

func TestBatchInvariance(t *testing.T) {
	t.Parallel()
	for _, mc := range modelCases(t) {
		t.Run(mc.name+"/float64", func(t *testing.T) {
			checkBatchInvariance(t, mc, mc.model.Demon64)
		})
		t.Run(mc.name+"/float32", func(t *testing.T) {
			checkBatchInvariance(t, mc, mc.model.Demon32)
		})
	}
}

// checkBatchInvariance evaluates 64 states as one batch, in batches of 7 at
// every offset so that each state takes several positions, and one at a
// time, with demons made for 64 and for exactly the batch size, and
// requires the same bits for each state every time.
func checkBatchInvariance[F constraints.Float](t *testing.T, mc modelCase, demon func(int) Demon[F]) {
	const total = 64
	dim := mc.model.Dim()
	rnd := rand.New(rand.NewPCG(5, 6))
	states := randomStates(rnd, total, dim, mc.spread)
	all := make([]int, total)
	for c := range all {
		all[c] = c
	}

	run := func(d Demon[F], chains []int) (f []F, u []float64) {
		n := len(chains)
		x := pack[F](states, chains)
		f = make([]F, dim*n)
		u = make([]float64, n)
		d.Force(0, x, f, n)
		d.(Energy[F]).Energy(0, x, u, n)
		return f, u
	}
	refF, refU := run(demon(total), all)
	same := func(a, b F) bool { return math.Float64bits(float64(a)) == math.Float64bits(float64(b)) }

	big := demon(total)
	for _, n := range []int{1, 7} {
		exact := demon(n)
		for start := 0; start+n <= total; start++ {
			chains := all[start : start+n]
			for _, d := range []Demon[F]{big, exact} {
				f, u := run(d, chains)
				for c, s := range chains {
					if math.Float64bits(u[c]) != math.Float64bits(refU[s]) {
						t.Fatalf("n=%d: U of state %d at position %d = %v, want %v as in n=%d", n, s, c, u[c], refU[s], total)
					}
					for k := range dim {
						if !same(f[k*n+c], refF[k*total+s]) {
							t.Fatalf("n=%d: f[%d] of state %d at position %d = %v, want %v as in n=%d",
								n, k, s, c, f[k*n+c], refF[k*total+s], total)
						}
					}
				}
			}
		}
	}
}

func TestDemonsDoNotAllocate(t *testing.T) {
	const n = 33
	rnd := rand.New(rand.NewPCG(7, 8))
	for _, mc := range modelCases(t) {
		dim := mc.model.Dim()
		states := randomStates(rnd, n, dim, mc.spread)
		chains := make([]int, n)
		for c := range chains {
			chains[c] = c
		}
		x64, f64, u64 := pack[float64](states, chains), make([]float64, dim*n), make([]float64, n)
		x32, f32, u32 := pack[float32](states, chains), make([]float32, dim*n), make([]float64, n)
		d64, d32 := mc.model.Demon64(n), mc.model.Demon32(n)
		e64, e32 := d64.(Energy[float64]), d32.(Energy[float32])
		for name, call := range map[string]func(){
			"Force64":  func() { d64.Force(0, x64, f64, n) },
			"Energy64": func() { e64.Energy(0, x64, u64, n) },
			"Force32":  func() { d32.Force(0, x32, f32, n) },
			"Energy32": func() { e32.Energy(0, x32, u32, n) },
		} {
			if allocs := testing.AllocsPerRun(20, call); allocs != 0 {
				t.Errorf("%s: %s allocates %v times per call", mc.name, name, allocs)
			}
		}
	}
}

func TestDemonPanics(t *testing.T) {
	t.Parallel()
	mustPanic := func(name string, fn func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		fn()
	}
	for _, mc := range modelCases(t) {
		dim := mc.model.Dim()
		d := mc.model.Demon64(4)
		mustPanic(mc.name+" short x", func() { d.Force(0, make([]float64, dim*4-1), make([]float64, dim*4), 4) })
		mustPanic(mc.name+" short f", func() { d.Force(0, make([]float64, dim*4), make([]float64, dim*4-1), 4) })
		mustPanic(mc.name+" short u", func() {
			d.(Energy[float64]).Energy(0, make([]float64, dim*4), make([]float64, 3), 4)
		})
		mustPanic(mc.name+" negative n", func() { mc.model.Demon32(-1) })
	}
	g := must(New("gmm", 2, 0))
	d := g.Demon64(4)
	mustPanic("gmm batch above capacity", func() { d.Force(0, make([]float64, 10), make([]float64, 10), 5) })
}

func BenchmarkForce(b *testing.B) {
	const n = 1024
	for _, mc := range modelCases(b) {
		dim := mc.model.Dim()
		states := randomStates(rand.New(rand.NewPCG(9, 10)), n, dim, mc.spread)
		chains := make([]int, n)
		for c := range chains {
			chains[c] = c
		}
		b.Run(mc.name+"/float64", func(b *testing.B) {
			x, f := pack[float64](states, chains), make([]float64, dim*n)
			d := mc.model.Demon64(n)
			for b.Loop() {
				d.Force(0, x, f, n)
			}
		})
		b.Run(mc.name+"/float32", func(b *testing.B) {
			x, f := pack[float32](states, chains), make([]float32, dim*n)
			d := mc.model.Demon32(n)
			for b.Loop() {
				d.Force(0, x, f, n)
			}
		})
	}
}
