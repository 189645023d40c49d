package diag

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var bg = context.Background()

func sameBits(a, b []Summary) bool {
	for i := range a {
		af, bf := a[i].fields(), b[i].fields()
		for j := range af {
			if math.Float64bits(*af[j].v) != math.Float64bits(*bf[j].v) {
				return false
			}
		}
	}
	return len(a) == len(b)
}

// tiedDraws returns AR(1) draws rounded to a grid, so that many tie.
func tiedDraws(chains, draws, dim int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 0))
	out := make([]float64, chains*draws*dim)
	for i := range out {
		out[i] = math.Round(4*r.NormFloat64()) / 4
	}
	return out
}

// TestWorkersDoNotChangeResults checks the results bit for bit for any
// number of workers, over every shape's paths: one draw, odd draws, one
// chain, many chains, ties, more dimensions than workers and fewer,
// scores in parts.
func TestWorkersDoNotChangeResults(t *testing.T) {
	for _, sh := range []struct{ chains, draws, dim int }{
		{3, 1, 2}, {1, 9, 1}, {5, 7, 3}, {600, 21, 2}, {70, 300, 1}, {2, 1000, 5},
		{4000, 51, 1}, {3, 70000, 1}, // scored in parts
	} {
		data := ar1Draws(sh.chains, sh.draws, sh.dim, 0.8, 3)
		ties := tiedDraws(sh.chains, sh.draws, sh.dim, 4)
		want32, err := Summarize(bg, data, sh.chains, sh.draws, sh.dim, Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		want64, err := Summarize(bg, ties, sh.chains, sh.draws, sh.dim, Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []int{2, 3, 8} {
			got32, _ := Summarize(bg, data, sh.chains, sh.draws, sh.dim, Options{Workers: w})
			got64, _ := Summarize(bg, ties, sh.chains, sh.draws, sh.dim, Options{Workers: w})
			if !sameBits(got32, want32) || !sameBits(got64, want64) {
				t.Errorf("%+v: %d workers differ from one", sh, w)
			}
		}
	}
}

// TestNoTable checks that scores computed as needed, without the table
// of scores, are the same.
func TestNoTable(t *testing.T) {
	defer func() { noTable = false }()
	for _, sh := range []struct{ chains, draws, dim int }{{4000, 51, 1}, {70, 30, 3}} {
		data := tiedDraws(sh.chains, sh.draws, sh.dim, 8)
		want, _ := Summarize(bg, data, sh.chains, sh.draws, sh.dim, Options{})
		noTable = true
		got, _ := Summarize(bg, data, sh.chains, sh.draws, sh.dim, Options{})
		noTable = false
		if !sameBits(got, want) {
			t.Errorf("%+v: %+v without the table, %+v with", sh, got, want)
		}
	}
}

// TestLagPaths checks the direct lag sums and the FFT against posterior
// alone: every lag by FFT, every lag by direct sums, and small stages.
func TestLagPaths(t *testing.T) {
	defer func(s []int) { lagStages = s }(lagStages)
	ref := readReference(t)
	for _, stages := range [][]int{nil, {1 << 30}, {2, 4, 6}} {
		lagStages = stages
		for name, rows := range ref {
			got := summarizeFile(t, name, 2)
			for _, row := range rows {
				g, w := got[row.dim], row.want
				for _, p := range [][2]float64{{g.ESSBulk, w.ESSBulk}, {g.ESSTail, w.ESSTail}, {g.MCSE, w.MCSE}} {
					if d := relDiff(p[0], p[1]); d > refTol && !strings.HasPrefix(name, "draws2") {
						t.Errorf("stages %v: %s/%d: %v, posterior %v", stages, name, row.dim, p[0], p[1])
					}
				}
			}
		}
	}
}

// TestLagSums compares the lag sums from gonum's FFT and from the
// indicators' bits with direct ones.
func TestLagSums(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 7, 63, 64, 65, 100, 128, 513} {
		x := make([]float64, n)
		for i := range x {
			x[i] = r.NormFloat64()
		}
		cs := newChainScratch(n)
		fft, direct := make([]float64, n), make([]float64, n)
		cs.fftLagSums(x, fft)
		lagSums(x, 0, n, direct)
		for k := range n {
			if math.Abs(fft[k]-direct[k]) > 1e-12*direct[0] {
				t.Errorf("n %d lag %d: FFT %v, direct %v", n, k, fft[k], direct[k])
			}
		}
		for _, q := range []float64{-10, -1.6, 0, 1.6, 10} {
			y := make([]float64, n)
			m, c := indicator(y, x, q)
			lagSums(y, 0, n, direct)
			for _, k0 := range []int{0, n / 3} {
				got := make([]float64, n)
				gm, gc := cs.indicatorLagSums(x, q, k0, n, got)
				if gm != m || gc != c {
					t.Errorf("n %d q %v: mean %v count %d, want %v %d", n, q, gm, gc, m, c)
				}
				for k := k0; k < n; k++ {
					if math.Abs(got[k-k0]-direct[k]) > 1e-13*float64(n) {
						t.Errorf("n %d q %v lag %d: bits %v, direct %v", n, q, k, got[k-k0], direct[k])
					}
				}
			}
		}
	}
}

// TestMiddleDrawLeftOut checks that split chains leave out the middle draw
// of an odd number: it moves the mean and the sd, not the bulk ESS.
func TestMiddleDrawLeftOut(t *testing.T) {
	const chains, draws = 4, 51
	data := ar1Draws(chains, draws, 1, 0.3, 5)
	a, err := Summarize(bg, data, chains, draws, 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	moved := slices.Clone(data)
	for c := range chains {
		moved[c*draws+draws/2] += 0.125 // keeps its place among the other draws
	}
	b, err := Summarize(bg, moved, chains, draws, 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a[0].Mean == b[0].Mean || a[0].SD == b[0].SD {
		t.Errorf("the middle draws did not move the mean and sd: %+v %+v", a[0], b[0])
	}
	if a[0].ESSBulk != b[0].ESSBulk {
		t.Errorf("the middle draws moved the bulk ESS: %v, %v", a[0].ESSBulk, b[0].ESSBulk)
	}
}

// TestNA checks NaN where posterior gives NA: constant draws, one draw,
// too few draws per chain for the ESS (6) or R-hat (4).
func TestNA(t *testing.T) {
	for _, c := range []struct {
		name                string
		chains, draws       int
		data                []float64
		sd, ess, tail, rhat bool // finite?
	}{
		{"constant", 4, 10, slices.Repeat([]float64{1.5}, 40), true, false, false, false},
		{"one draw", 1, 1, []float64{2}, false, false, false, false},
		{"one draw per chain", 3, 1, []float64{1, 2, 3}, true, false, false, false},
		{"3 draws", 2, 3, []float64{1, 4, 2, 3, 6, 5}, true, false, false, false},
		{"5 draws", 2, 5, []float64{1, 4, 2, 3, 6, 5, 9, 7, 8, 0}, true, false, false, true},
		{"6 draws", 2, 6, []float64{1, 4, 2, 3, 6, 5, 9, 7, 8, 0, 11, 10}, true, true, true, true},
	} {
		s, err := Summarize(bg, c.data, c.chains, c.draws, 1, Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		g := s[0]
		fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
		if fin(g.SD) != c.sd || fin(g.ESSBulk) != c.ess || fin(g.MCSE) != c.ess || fin(g.ESSTail) != c.tail || fin(g.Rhat) != c.rhat {
			t.Errorf("%s: %+v", c.name, g)
		}
		if !fin(g.Mean) || !fin(g.Q5) || !fin(g.Q50) || !fin(g.Q95) {
			t.Errorf("%s: %+v", c.name, g)
		}
	}
}

func TestRefusals(t *testing.T) {
	data := make([]float32, 2*3*4)
	data[1*3*4+2*4+3] = float32(math.NaN())
	_, err := Summarize(bg, data, 2, 3, 4, Options{})
	if err == nil || err.Error() != "diag: draw 2 of chain 1, dimension 3, is NaN" {
		t.Errorf("NaN: %v", err)
	}
	data[1*3*4+2*4+3] = float32(math.Inf(-1))
	if _, err := Summarize(bg, data, 2, 3, 4, Options{}); err == nil || !strings.Contains(err.Error(), "is -Inf") {
		t.Errorf("-Inf: %v", err)
	}
	if _, err := Summarize(bg, data, 2, 3, 5, Options{}); err == nil || !strings.HasPrefix(err.Error(), "diag: 24 values for shape [2, 3, 5]") {
		t.Errorf("length: %v", err)
	}
	if _, err := Summarize(bg, []float64{}, 0, 3, 1, Options{}); err == nil || !strings.HasPrefix(err.Error(), "diag: shape [0, 3, 1]") {
		t.Errorf("no chains: %v", err)
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if _, err := Summarize(ctx, make([]float64, 10), 2, 5, 1, Options{}); err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Errorf("canceled: %v", err)
	}
}

func TestSummaryJSON(t *testing.T) {
	s := Summary{Mean: 0.1, SD: math.NaN(), MCSE: 1e-300, Q5: -2, Q50: 0, Q95: 3.25, ESSBulk: 12345.678, ESSTail: math.NaN(), Rhat: math.Inf(1)}
	b, err := json.Marshal([]Summary{s})
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"mean":0.1,"sd":null,"mcse_mean":1e-300,"q5":-2,"q50":0,"q95":3.25,"ess_bulk":12345.678,"ess_tail":null,"rhat":null}]`
	if string(b) != want {
		t.Errorf("got %s\nwant %s", b, want)
	}
	var back []Summary
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	s.Rhat = math.NaN() // null reads back as NaN
	if !sameBits(back, []Summary{s}) {
		t.Errorf("round trip: %+v", back[0])
	}
}
