package sbit

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/graph"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// randomModel returns a network of n spins on a random graph (each pair
// an edge with probability pEdge): half the couplings ±1, half uniform
// in (-1, 1), fields uniform in (-0.5, 0.5).
func randomModel(t testing.TB, n int, pEdge, beta float64, seed uint64) *Model {
	t.Helper()
	ch := rng.NewChain(seed, 1<<40)
	var edges []graph.Edge
	for i := range n {
		for j := i + 1; j < n; j++ {
			if ch.Uniform64() >= pEdge {
				continue
			}
			w := 2*ch.Uniform64() - 1
			if ch.Uniform64() < 0.5 {
				w = math.Copysign(1, w)
			}
			edges = append(edges, graph.Edge{I: i, J: j, W: w})
		}
	}
	g, err := graph.FromEdges(n, edges)
	if err != nil {
		t.Fatal(err)
	}
	h := make([]float64, n)
	for i := range h {
		h[i] = ch.Uniform64() - 0.5
	}
	return &Model{J: g, H: h, Beta: beta}
}

// memSink keeps the samples as [chains][draws][dim].
type memSink[F kernel.Float] struct {
	mu          sync.Mutex
	data        []F
	draws, dim  int
	blocksTaken int
}

func newMemSink[F kernel.Float](cfg engine.Config) *memSink[F] {
	return &memSink[F]{data: make([]F, cfg.Chains*cfg.Draws()*cfg.Dim), draws: cfg.Draws(), dim: cfg.Dim}
}

func (m *memSink[F]) WriteBlock(c0, n, d0, nd int, block []F) error {
	m.mu.Lock()
	m.blocksTaken++
	m.mu.Unlock()
	row := nd * m.dim
	for c := range n {
		copy(m.data[((c0+c)*m.draws+d0)*m.dim:], block[c*row:(c+1)*row])
	}
	return nil
}

// counts returns how often each state occurs among the recorded draws.
func counts[F kernel.Float](data []F, n int) []float64 {
	cnt := make([]float64, 1<<n)
	s := make([]int8, n)
	for k := 0; k < len(data); k += n {
		for i := range n {
			s[i] = int8(data[k+i])
		}
		cnt[StateIndex(s)]++
	}
	return cnt
}

// chiSquareQuantile returns the q-quantile (z its normal quantile) of the
// chi-square law of df degrees of freedom by Wilson and Hilferty's cube
// root approximation.
func chiSquareQuantile(df int, z float64) float64 {
	k := float64(df)
	a := 2 / (9 * k)
	return k * math.Pow(1-a+z*math.Sqrt(a), 3)
}

// fQuantile returns the quantile (z its normal quantile) of the F law of
// (d1, d2) degrees of freedom by Paulson's approximation, the cube-root
// approximation of Wilson and Hilferty applied to a ratio: with
// y = F^(1/3), (a y - b)/sqrt(A y² + B) is about standard normal, a
// quadratic in y.
func fQuantile(d1, d2 int, z float64) float64 {
	A, B := 2/(9*float64(d2)), 2/(9*float64(d1))
	a, b := 1-A, 1-B
	qa := a*a - z*z*A
	y := (a*b + math.Sqrt(a*a*b*b-qa*(b*b-z*z*B))) / qa
	return y * y * y
}

// z999 is the 0.999 quantile of the standard normal law.
const z999 = 3.090232306167813

// pool groups the states into bins: each state whose expected count
// (p·total) is at least minExpected has a bin of its own, the others
// share the last. It returns the bin of each state and the bins' number.
func pool(p []float64, total, minExpected float64) (bin []int, nb int) {
	bin = make([]int, len(p))
	var rest float64
	for k, v := range p {
		if v*total >= minExpected {
			bin[k] = nb
			nb++
		} else {
			bin[k] = -1
			rest += v
		}
	}
	if rest > 0 {
		for k := range bin {
			if bin[k] < 0 {
				bin[k] = nb
			}
		}
		nb++
	}
	return bin, nb
}

// pearson returns Pearson's statistic of the counts against the law p, with
// states of expected count below 5 pooled, and its degrees of freedom.
func pearson(cnt, p []float64) (stat float64, df int) {
	var total float64
	for _, c := range cnt {
		total += c
	}
	bin, nb := pool(p, total, 5)
	obs, exp := make([]float64, nb), make([]float64, nb)
	for k := range p {
		obs[bin[k]] += cnt[k]
		exp[bin[k]] += p[k] * total
	}
	for b := range obs {
		d := obs[b] - exp[b]
		stat += d * d / exp[b]
	}
	return stat, nb - 1
}

// samplerCase runs chains independent chains of a sampler through the
// engine for steps steps and keeps each chain's last state only: the
// draws are then independent, and Pearson's test applies as it stands.
func checkSampler[F kernel.Float](t *testing.T, name string, m *Model, s Sampler[F], steps int, dt float64) []float64 {
	t.Helper()
	chains := 100000
	if testing.Short() {
		chains = 12000
	}
	cfg := Config(m.N(), chains, steps, 11)
	cfg.Burnin = steps - 1
	cfg.Dt = dt
	sink := newMemSink[F](cfg)
	if _, err := engine.RunJob(context.Background(), cfg, NewJob(s, sink)); err != nil {
		t.Fatal(err)
	}
	p, err := m.Boltzmann()
	if err != nil {
		t.Fatal(err)
	}
	cnt := counts(sink.data, m.N())
	stat, df := pearson(cnt, p)
	limit := chiSquareQuantile(df, z999)
	t.Logf("%s: %d chains, chi-square %.1f on %d degrees of freedom, 0.999 quantile %.1f", name, chains, stat, df, limit)
	if stat > limit {
		t.Errorf("%s: chi-square %.1f above the 0.999 quantile %.1f of %d degrees of freedom", name, stat, limit, df)
	}
	return cnt
}

// TestSamplersExact: on a random network of 10 spins, the last states of
// many chains of the Gibbs, Metropolis and continuous-time samplers follow
// exp(-βE)/Z, by Pearson's chi-square test over the 1024 states.
func TestSamplersExact(t *testing.T) {
	m := randomModel(t, 10, 0.35, 0.6, 3)
	t.Logf("%d spins, %d edges", m.N(), m.J.Edges())
	g, err := NewGibbs[float32](m, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("gibbs: %d colour classes", len(g.Classes()))
	cnt := checkSampler[float32](t, "gibbs", m, g, 100, 1)
	// The test's power: the same samples against the law at a β 10% off
	// must fail it.
	off := *m
	off.Beta *= 1.1
	pOff, err := off.Boltzmann()
	if err != nil {
		t.Fatal(err)
	}
	stat, df := pearson(cnt, pOff)
	t.Logf("gibbs against the law at 1.1 β: chi-square %.1f on %d degrees of freedom", stat, df)
	if !testing.Short() && stat < chiSquareQuantile(df, z999) {
		t.Errorf("gibbs: chi-square %.1f against the law at 1.1 β is below the 0.999 quantile", stat)
	}
	mh, err := NewMetropolis[float64](m)
	if err != nil {
		t.Fatal(err)
	}
	checkSampler[float64](t, "metropolis", m, mh, 100, 1)
	pb, err := NewPBit[float32](m, 1)
	if err != nil {
		t.Fatal(err)
	}
	// 50 steps of Dt = 1: about 50 candidate events per spin.
	checkSampler[float32](t, "pbit", m, pb, 50, 1)
}

// hotelling returns Hotelling's T² of the mean of the vectors v (M rows of
// p) against mu, with the sample covariance of the rows, by Cholesky.
func hotelling(t *testing.T, v [][]float64, mu []float64) float64 {
	t.Helper()
	M, p := len(v), len(mu)
	mean := make([]float64, p)
	for _, r := range v {
		for k := range p {
			mean[k] += r[k]
		}
	}
	for k := range mean {
		mean[k] /= float64(M)
	}
	S := make([]float64, p*p)
	d := make([]float64, p)
	for _, r := range v {
		for k := range p {
			d[k] = r[k] - mean[k]
		}
		for i := range p {
			di := d[i]
			row := S[i*p : i*p+i+1]
			for j := range row {
				row[j] += di * d[j]
			}
		}
	}
	for i := range p {
		for j := 0; j <= i; j++ {
			S[i*p+j] /= float64(M - 1)
		}
	}
	// Cholesky S = L Lᵀ in the lower triangle.
	for j := range p {
		s := S[j*p+j]
		for k := range j {
			s -= S[j*p+k] * S[j*p+k]
		}
		if !(s > 0) {
			t.Fatalf("hotelling: the covariance is singular at %d", j)
		}
		S[j*p+j] = math.Sqrt(s)
		for i := j + 1; i < p; i++ {
			s := S[i*p+j]
			for k := range j {
				s -= S[i*p+k] * S[j*p+k]
			}
			S[i*p+j] = s / S[j*p+j]
		}
	}
	// T² = M |L⁻¹ (mean - mu)|².
	y := make([]float64, p)
	var t2 float64
	for i := range p {
		s := mean[i] - mu[i]
		for k := range i {
			s -= S[i*p+k] * y[k]
		}
		y[i] = s / S[i*p+i]
		t2 += y[i] * y[i]
	}
	return float64(M) * t2
}

// checkOccupancy runs M independent paths of a continuous-time process
// from states drawn from exp(-βE)/Z (so that no burn-in is needed: a
// path started at stationarity stays there), each for time T, and tests the
// mean of their time-weighted occupancies against exp(-βE)/Z. The
// occupancy of one path has no multinomial law, so the test is Hotelling's
// T² with the covariance estimated from the paths (independent and alike,
// so the mean is asymptotically normal), rare states pooled into one bin
// and the last bin dropped; (M-p) T²/(p(M-1)) is then F(p, M-p).
func checkOccupancy(t *testing.T, name string, m *Model, path func(s []int8, t float64, ch *rng.Chain, v Visit) error) {
	t.Helper()
	M, T := 20000, 20.0
	if testing.Short() {
		M = 3000
	}
	n := m.N()
	pi, err := m.Boltzmann()
	if err != nil {
		t.Fatal(err)
	}
	bin, nb := pool(pi, 1, 0.002)
	p := nb - 1
	mu := make([]float64, nb)
	for k, v := range pi {
		mu[bin[k]] += v
	}
	occ := NewOccupancy(n)
	s := make([]int8, n)
	rows := make([][]float64, M)
	for c := range M {
		ch := rng.NewChain(21, uint64(c))
		SetState(s, drawState(pi, ch.Uniform64()))
		occ.Reset()
		if err := path(s, T, &ch, occ.Visit); err != nil {
			t.Fatal(err)
		}
		if math.Abs(occ.Total-T) > 1e-9*T {
			t.Fatalf("%s: path %d covers time %v, want %v", name, c, occ.Total, T)
		}
		r := make([]float64, nb)
		for k, f := range occ.Fractions() {
			r[bin[k]] += f
		}
		rows[c] = r[:p]
	}
	t2 := hotelling(t, rows, mu[:p])
	stat := t2 * float64(M-p) / float64(M-1)
	limit := float64(p) * fQuantile(p, M-p, z999)
	t.Logf("%s: %d paths of time %v, %d bins: (M-p)/(M-1) T² = %.1f, 0.999 quantile %.1f (chi-square %.1f)",
		name, M, T, nb, stat, limit, chiSquareQuantile(p, z999))
	if stat > limit {
		t.Errorf("%s: (M-p)/(M-1) T² = %.1f above the 0.999 quantile %.1f of p·F(%d, %d)", name, stat, limit, p, M-p)
	}
}

// drawState returns the state of cumulative probability u under p.
func drawState(p []float64, u float64) int {
	var acc float64
	for k, v := range p {
		if acc += v; u < acc {
			return k
		}
	}
	return len(p) - 1
}

// TestContinuousTimeExact: the time-weighted occupancies of paths of the
// continuous-time p-bit process, by uniformisation and by Gillespie's
// direct method, follow exp(-βE)/Z on a random network of 7 spins.
func TestContinuousTimeExact(t *testing.T) {
	m := randomModel(t, 7, 0.5, 0.7, 5)
	t.Logf("%d spins, %d edges", m.N(), m.J.Edges())
	const r = 1.5
	checkOccupancy(t, "uniformise", m, func(s []int8, T float64, ch *rng.Chain, v Visit) error {
		_, err := Uniformise(m, r, T, s, ch, v)
		return err
	})
	checkOccupancy(t, "gillespie", m, func(s []int8, T float64, ch *rng.Chain, v Visit) error {
		_, err := Gillespie(m, r, T, s, ch, v)
		return err
	})
}

// TestQuantiles checks the approximate quantiles against tabulated values.
func TestQuantiles(t *testing.T) {
	for _, c := range []struct {
		df   int
		want float64
	}{{10, 29.588}, {100, 149.449}, {1000, 1143.917}} {
		if got := chiSquareQuantile(c.df, z999); math.Abs(got-c.want) > 0.01*c.want {
			t.Errorf("chi-square 0.999 quantile of %d: %v, want %v", c.df, got, c.want)
		}
	}
	for _, c := range []struct {
		d1, d2 int
		want   float64
	}{{10, 1000, 2.9909}, {100, 20000, 1.4964}, {47, 19953, 1.7617}} {
		if got := fQuantile(c.d1, c.d2, z999); math.Abs(got-c.want) > 0.01*c.want {
			t.Errorf("F 0.999 quantile of (%d, %d): %v, want %v", c.d1, c.d2, got, c.want)
		}
	}
}
