package rng

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// The statistical tests use fixed seeds, so they are deterministic;
// their tolerances are nevertheless set at 5 standard errors computed
// from the sample, so that a correct generator with another seed would
// fail them with probability below about 10^-6.

const (
	statSeed   = 20260215
	statChains = 1000
)

// statDims returns the number of draws per chain, for 10^7 draws in
// all (10^6 in short mode).
func statDims() int {
	if testing.Short() {
		return 1000
	}
	return 10000
}

// moments returns the sample mean, variance and fourth central moment
// of x.
func moments(x []float64) (mean, variance, m4 float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		d := (v - mean) * (v - mean)
		variance += d
		m4 += d * d
	}
	n := float64(len(x))
	return mean, variance / n, m4 / n
}

// checkMoments checks the mean and variance of x against the given
// values, with standard errors sqrt(var/n) for the mean and
// sqrt((m4 - var²)/n) for the variance.
func checkMoments(t *testing.T, name string, x []float64, wantMean, wantVar float64) {
	t.Helper()
	n := float64(len(x))
	mean, v, m4 := moments(x)
	if se := math.Sqrt(v / n); math.Abs(mean-wantMean) > 5*se {
		t.Errorf("%s: mean %.6g, want %g ± %.3g (5 SE)", name, mean, wantMean, 5*se)
	}
	if se := math.Sqrt((m4 - v*v) / n); math.Abs(v-wantVar) > 5*se {
		t.Errorf("%s: variance %.6g, want %g ± %.3g (5 SE)", name, v, wantVar, 5*se)
	}
}

// checkProportion checks that k successes in n trials are within 5
// binomial standard errors of probability p.
func checkProportion(t *testing.T, name string, k, n int, p float64) {
	t.Helper()
	got := float64(k) / float64(n)
	if se := math.Sqrt(p * (1 - p) / float64(n)); math.Abs(got-p) > 5*se {
		t.Errorf("%s: %.6g (%d of %d), want %.6g ± %.3g (5 SE)", name, got, k, n, p, 5*se)
	}
}

// ksCritical is the critical value of sqrt(n)·D for the one-sample
// Kolmogorov-Smirnov statistic D at significance 2·exp(-2·2.75²) ≈
// 5.4e-7, about the two-sided probability of a 5 SE normal deviation.
// It is the asymptotic value; with n >= 10^5 the finite-sample
// correction is negligible.
const ksCritical = 2.75

// checkKS checks the sorted sample x against the continuous CDF cdf.
func checkKS(t *testing.T, name string, x []float64, cdf func(float64) float64) {
	t.Helper()
	n := float64(len(x))
	var d float64
	for i, v := range x {
		f := cdf(v)
		d = max(d, float64(i+1)/n-f, f-float64(i)/n)
	}
	if limit := ksCritical / math.Sqrt(n); d > limit {
		t.Errorf("%s: Kolmogorov-Smirnov D = %.3g exceeds %.3g", name, d, limit)
	}
}

func normalCDF(x float64) float64 {
	return 0.5 * math.Erfc(-x/math.Sqrt2)
}

// zigCounts tallies the paths the normal sampler takes.
type zigCounts struct {
	samples  int
	fastFail int // first raw draw failed the fast test
	retries  int // new draws of the slow path after a wedge rejection
}

// replayNormal64 draws one float64 normal value for ch step by step
// from the sampler's parts, counting the paths taken. It must agree
// with normal64Slow.
func replayNormal64(ch *Chain, n *zigCounts) float64 {
	n.samples++
	x, ok, i := normal64Fast(ch.P.Uint64())
	a := newAux(ch.Key, ch.Pos, 0)
	ch.Pos++
	if ok {
		return x
	}
	n.fastFail++
	for {
		if i == 0 {
			return zigTail(x < 0, &a)
		}
		if zigBelow(x, uint(i), a.next()) {
			return x
		}
		n.retries++
		x, ok, i = normal64Fast(a.next())
		if ok {
			return x
		}
	}
}

// replayNormal32 is the float32 counterpart of replayNormal64.
func replayNormal32(ch *Chain, n *zigCounts) float32 {
	n.samples++
	x, ok, i := normal32Fast(ch.P.Uint32())
	a := newAux(ch.Key, ch.Pos, 0)
	ch.Pos++
	if ok {
		return x
	}
	n.fastFail++
	for {
		if i == 0 {
			return float32(zigTail(x < 0, &a))
		}
		if zigBelow(float64(x), uint(i), a.next()) {
			return x
		}
		n.retries++
		x, ok, i = normal32Fast(uint32(a.next()))
		if ok {
			return x
		}
	}
}

// fastFailProb returns the exact probability that a raw draw fails the
// fast test, from the thresholds k: of the 2^bits values of u, the
// 2k-1 with |u| < k pass.
func fastFailProb[K uint32 | uint64](k *[zigLayers]K, bits int) float64 {
	var pass float64
	for _, ki := range k {
		if ki > 0 {
			pass += float64(2*ki - 1)
		}
	}
	return 1 - pass/(zigLayers*math.Ldexp(1, bits))
}

// checkNormal runs the checks common to both precisions on the draws x
// (in dimension-major order, statChains chains) and the path counts.
func checkNormal(t *testing.T, x []float64, n zigCounts, pFastFail float64) {
	t.Helper()
	checkMoments(t, "normal", x, 0, 1)
	for _, c := range []float64{2, 3, 4} {
		k := 0
		for _, v := range x {
			if math.Abs(v) > c {
				k++
			}
		}
		checkProportion(t, fmt.Sprintf("normal P(|z| > %g)", c), k, len(x), math.Erfc(c/math.Sqrt2))
	}

	checkProportion(t, "fast path failures", n.fastFail, n.samples, pFastFail)
	// Each raw draw is accepted with probability a, the area under the
	// half-normal density over the total area of the 128 layers, so
	// the retries per sample are geometric with mean 1/a - 1.
	a := math.Sqrt(math.Pi/2) / (zigLayers * zigV)
	want := 1/a - 1
	got := float64(n.retries) / float64(n.samples)
	if se := math.Sqrt((1 - a) / (a * a) / float64(n.samples)); math.Abs(got-want) > 5*se {
		t.Errorf("retries per sample %.5g, want %.5g ± %.3g (5 SE)", got, want, 5*se)
	}
	t.Logf("fast path failures %.4f%% (exact %.4f%%), retries per sample %.4f%% (theory %.4f%%)",
		100*float64(n.fastFail)/float64(n.samples), 100*pFastFail, 100*got, 100*want)

	s := slices.Clone(x)
	slices.Sort(s)
	checkKS(t, "normal", s, normalCDF)
}

func TestNormal32Stats(t *testing.T) {
	dims := statDims()
	x := make([]float32, statChains*dims)
	FillNormal32(x, NewStreams(statSeed, 0, statChains))

	// Replaying every chain through the sampler's parts checks the
	// fill against them value for value and counts the slow paths.
	var n zigCounts
	for c := range statChains {
		ch := NewChain(statSeed, uint64(c))
		for k := range dims {
			want := replayNormal32(&ch, &n)
			if got := x[k*statChains+c]; math.Float32bits(got) != math.Float32bits(want) {
				t.Fatalf("chain %d draw %d: fill %v, replay %v", c, k, got, want)
			}
		}
	}
	checkNormal(t, widen(x), n, fastFailProb(&zigK32, 25))
}

func TestNormal64Stats(t *testing.T) {
	dims := statDims()
	x := make([]float64, statChains*dims)
	FillNormal64(x, NewStreams(statSeed, 0, statChains))

	var n zigCounts
	for c := range statChains {
		ch := NewChain(statSeed, uint64(c))
		for k := range dims {
			want := replayNormal64(&ch, &n)
			if got := x[k*statChains+c]; math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("chain %d draw %d: fill %v, replay %v", c, k, got, want)
			}
		}
	}
	checkNormal(t, x, n, fastFailProb(&zigK64, 52))
}

// TestNormalTail checks the tail sampler alone, which the tests above
// reach too rarely to test its shape: given |z| > r, the normal
// distribution has CDF 1 - erfc(z/√2)/erfc(r/√2).
func TestNormalTail(t *testing.T) {
	n := 200000
	if testing.Short() {
		n = 20000
	}
	key := NewChain(statSeed, 1<<40).Key
	x := make([]float64, n)
	neg := 0
	for i := range x {
		a := newAux(key, uint64(i), 0)
		v := zigTail(i%2 == 1, &a)
		if v < 0 {
			neg++
			v = -v
		}
		if v <= zigR {
			t.Fatalf("tail value %v not beyond r = %v", v, zigR)
		}
		x[i] = v
	}
	if neg != n/2 {
		t.Errorf("%d negative tail values, want %d", neg, n/2)
	}
	slices.Sort(x)
	tr := math.Erfc(zigR / math.Sqrt2)
	checkKS(t, "tail", x, func(z float64) float64 { return 1 - math.Erfc(z/math.Sqrt2)/tr })
}

func TestUniformStats(t *testing.T) {
	dims := statDims()
	s := NewStreams(statSeed, 0, statChains)
	x32 := make([]float32, statChains*dims)
	FillUniform32(x32, s)
	for _, v := range x32 {
		if v < 0 || v >= 1 || v != float32(math.Ldexp(math.Floor(math.Ldexp(float64(v), 24)), -24)) {
			t.Fatalf("FillUniform32 value %v not a multiple of 2^-24 in [0, 1)", v)
		}
	}
	checkMoments(t, "uniform32", widen(x32), 0.5, 1.0/12)

	x64 := make([]float64, statChains*dims)
	FillUniform64(x64, s)
	for _, v := range x64 {
		if v < 0 || v >= 1 {
			t.Fatalf("FillUniform64 value %v out of [0, 1)", v)
		}
	}
	checkMoments(t, "uniform64", x64, 0.5, 1.0/12)
	slices.Sort(x64)
	checkKS(t, "uniform64", x64, func(u float64) float64 { return u })
}

func TestExpStats(t *testing.T) {
	dims := statDims()
	s := NewStreams(statSeed, 0, statChains)
	x32 := make([]float32, statChains*dims)
	FillExp32(x32, s)
	for _, v := range x32 {
		if !(v >= 0) || math.IsInf(float64(v), 0) {
			t.Fatalf("FillExp32 value %v not finite and non-negative", v)
		}
	}
	checkMoments(t, "exp32", widen(x32), 1, 1)

	x64 := make([]float64, statChains*dims)
	FillExp64(x64, s)
	for _, v := range x64 {
		if !(v >= 0) || math.IsInf(v, 0) {
			t.Fatalf("FillExp64 value %v not finite and non-negative", v)
		}
	}
	checkMoments(t, "exp64", x64, 1, 1)
	slices.Sort(x64)
	checkKS(t, "exp64", x64, func(x float64) float64 { return -math.Expm1(-x) })
}

// correlation returns the sample correlation of x and y, whose
// standard error is 1/sqrt(len(x)) when they are independent.
func correlation(x, y []float64) float64 {
	mx, vx, _ := moments(x)
	my, vy, _ := moments(y)
	var sxy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
	}
	return sxy / float64(len(x)) / math.Sqrt(vx*vy)
}

// The seeding must decorrelate chains whose indices or seeds differ by
// one. Many chains with few draws each stress the first draws, where
// a weak derivation would show.
func TestNeighbourCorrelation(t *testing.T) {
	const chains, dims = 1 << 16, 16
	a := make([]float64, chains*dims)
	FillUniform64(a, NewStreams(statSeed, 0, chains))

	var x, y []float64
	for k := range dims {
		for c := range chains - 1 {
			x = append(x, a[k*chains+c])
			y = append(y, a[k*chains+c+1])
		}
	}
	if r, se := correlation(x, y), 1/math.Sqrt(float64(len(x))); math.Abs(r) > 5*se {
		t.Errorf("chains c and c+1: correlation %.3g, want 0 ± %.3g (5 SE)", r, 5*se)
	}

	b := make([]float64, chains*dims)
	FillUniform64(b, NewStreams(statSeed+1, 0, chains))
	if r, se := correlation(a, b), 1/math.Sqrt(float64(len(a))); math.Abs(r) > 5*se {
		t.Errorf("seeds s and s+1: correlation %.3g, want 0 ± %.3g (5 SE)", r, 5*se)
	}

	// The primary stream of a chain and the values of its slow paths
	// must not be related, nor the slow-path values of neighbouring
	// chains, nor consecutive values of one slow path.
	x, y = x[:0], y[:0]
	var u, v, w []float64
	for c := range uint64(chains) {
		ch, next := NewChain(statSeed, c), NewChain(statSeed, c+1)
		for k := range uint64(dims) {
			a, b := newAux(ch.Key, k, 0), newAux(next.Key, k, 0)
			x = append(x, ch.P.Float64())
			y = append(y, uniform64(a.next()))
			u = append(u, uniform64(b.next()))
			v = append(v, y[len(y)-1])
			w = append(w, uniform64(a.next()))
		}
	}
	for _, p := range []struct {
		name string
		a, b []float64
	}{{"primary and slow path", x, y}, {"slow paths of chains c and c+1", v, u}, {"values m and m+1 of a slow path", v, w}} {
		if r, se := correlation(p.a, p.b), 1/math.Sqrt(float64(len(p.a))); math.Abs(r) > 5*se {
			t.Errorf("%s: correlation %.3g, want 0 ± %.3g (5 SE)", p.name, r, 5*se)
		}
	}
}

func TestPortableMath(t *testing.T) {
	// portableExp and portableLog must be accurate as well as
	// deterministic: relative error within a few ulps of math's.
	const tol = 4 * 0x1p-52
	for x := -30.0; x <= 30; x += 0.00123 {
		if got, want := portableExp(x), math.Exp(x); math.Abs(got-want) > tol*want {
			t.Errorf("portableExp(%v) = %v, want %v", x, got, want)
		}
	}
	check := func(x float64) {
		t.Helper()
		got, want := portableLog(x), math.Log(x)
		if math.Abs(got-want) > tol*math.Abs(want) {
			t.Errorf("portableLog(%v) = %v, want %v", x, got, want)
		}
	}
	for x := 0x1p-60; x <= 1e6; x *= 1.000371 {
		check(x)
	}
	// The exponential fills take the logarithm of 1-U, close to 1.
	for k := 1.0; k < 1<<20; k *= 1.01 {
		check(1 - math.Floor(k)*0x1p-53)
		check(1 + math.Floor(k)*0x1p-52)
	}
	if v := portableLog(1); v != 0 || math.Signbit(v) {
		t.Errorf("portableLog(1) = %v, want +0", v)
	}
}

func TestZigguratTables(t *testing.T) {
	// Layer areas: every layer, and the base strip with its tail, has
	// area zigV.
	x := func(i int) float64 { return zigW64[i] * 0x1p51 }
	f := func(x float64) float64 { return math.Exp(-x * x / 2) }
	base := zigR*f(zigR) + math.Sqrt(math.Pi/2)*math.Erfc(zigR/math.Sqrt2)
	if math.Abs(base-zigV) > 1e-9 {
		t.Errorf("base strip area %v, want %v", base, zigV)
	}
	if got := x(0) * f(zigR); math.Abs(got-zigV) > 1e-15 {
		t.Errorf("base strip width × f(r) = %v, want %v", got, zigV)
	}
	for i := 1; i < zigLayers; i++ {
		area := x(i) * (zigF[i-1] - zigF[i])
		if math.Abs(area-zigV) > 1e-9 {
			t.Errorf("layer %d area %v, want %v", i, area, zigV)
		}
	}
	for i := range zigLayers {
		if zigW32[i] != float32(zigW64[i]*0x1p27) {
			t.Errorf("zigW32[%d] = %v, want float32 of %v", i, zigW32[i], zigW64[i]*0x1p27)
		}
		if zigK32[i] >= 1<<24 || zigK64[i] >= 1<<51 {
			t.Errorf("threshold %d out of range: %d, %d", i, zigK32[i], zigK64[i])
		}
	}
}
