package nn

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/rng"
)

// gmm2 is the mixture of the training test: weights 0.3 and 0.7, means
// (-1.5, -1.5) and (1.5, 1.5), unit variances, in two dimensions.
var gmm2 = struct {
	w    [2]float64
	mu   [2]float64
	vari float64
}{[2]float64{0.3, 0.7}, [2]float64{-1.5, 1.5}, 1}

// sampleGMM draws n exact samples, dimension-major.
func sampleGMM(ch *rng.Chain, n int) []float64 {
	x := make([]float64, 2*n)
	for c := range n {
		j := 1
		if ch.Uniform64() < gmm2.w[0] {
			j = 0
		}
		for k := range 2 {
			x[k*n+c] = gmm2.mu[j] + math.Sqrt(gmm2.vari)*ch.Normal64()
		}
	}
	return x
}

// scoreSigma is the exact score of the mixture convolved with N(0, σ²I).
func scoreSigma(x [2]float64, sigma float64) [2]float64 {
	v := gmm2.vari + sigma*sigma
	var lw [2]float64
	for j := range 2 {
		d0, d1 := x[0]-gmm2.mu[j], x[1]-gmm2.mu[j]
		lw[j] = math.Log(gmm2.w[j]) - (d0*d0+d1*d1)/(2*v)
	}
	m := math.Max(lw[0], lw[1])
	p0, p1 := math.Exp(lw[0]-m), math.Exp(lw[1]-m)
	r0, r1 := p0/(p0+p1), p1/(p0+p1)
	var s [2]float64
	for k := range 2 {
		s[k] = (r0*(gmm2.mu[0]-x[k]) + r1*(gmm2.mu[1]-x[k])) / v
	}
	return s
}

// TestDSMGaussianMixture trains a small score network by denoising score
// matching on exact samples of a 2-D Gaussian mixture, and checks that its
// expected loss comes within 10% of the known minimum
// L* = ½(d - σ² E‖∇log p_σ‖²). The excess L - L* = ½σ² E‖s_θ - ∇log p_σ‖²
// is estimated on fresh samples with its standard error; the test asks
// that excess + 3 SE < 0.1 L*.
func TestDSMGaussianMixture(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a network")
	}
	const sigma = 0.5
	net, err := New[float64](Config{Dim: 2, Hidden: []int{48, 48}, Activation: SiLU, Head: Score}, 1)
	if err != nil {
		t.Fatal(err)
	}
	tr := &Trainer[float64]{Net: net, Loss: DSM[float64]{Sigma: sigma, Seed: 2}, Opt: &Adam{LR: 3e-3}, Workers: 2}
	data := rng.NewChain(3, 0)
	const n, updates = 512, 800
	for u := range updates {
		if u == updates/2 {
			tr.Opt.LR = 1e-3
		}
		if _, err := tr.Update(sampleGMM(&data, n), n, 0); err != nil {
			t.Fatal(err)
		}
	}
	// Evaluate on fresh samples: the minimum and the excess.
	const m = 20000
	x := sampleGMM(&data, m)
	noise := rng.NewChain(4, 0)
	xt := make([]float64, 2*m)
	for i := range xt {
		xt[i] = x[i] + sigma*noise.Normal64()
	}
	s := make([]float64, 2*m)
	d := NewDemon(net)
	d.Force(0, xt, s, m)
	var minSum, exSum, exSq float64
	for c := range m {
		star := scoreSigma([2]float64{xt[c], xt[m+c]}, sigma)
		minSum += star[0]*star[0] + star[1]*star[1]
		e0, e1 := s[c]-star[0], s[m+c]-star[1]
		ex := sigma * sigma * (e0*e0 + e1*e1) / 2
		exSum += ex
		exSq += ex * ex
	}
	lmin := (2 - sigma*sigma*minSum/m) / 2
	excess := exSum / m
	se := math.Sqrt((exSq/m - excess*excess) / m)
	first := tr.Losses[0]
	last := tr.Losses[len(tr.Losses)-1]
	t.Logf("L* = %.4f; training loss %.4f at the start, %.4f at the end; excess %.5f ± %.5f (%.2f%% of L*)",
		lmin, first, last, excess, se, 100*excess/lmin)
	if excess+3*se >= 0.1*lmin {
		t.Errorf("excess loss %.5f ± %.5f is not within 10%% of the minimum %.4f", excess, se, lmin)
	}
}

// TestTrainerDeterminism trains a score network in place, as an engine
// hook, on the chains of a Gaussian-mixture run, and checks that the
// trained weights and the samples are the same bits for any number of
// workers, trainer goroutines and shard sizes.
func TestTrainerDeterminism(t *testing.T) {
	model, err := models.New("gmm", 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers, shard, trainers int) (*MLP[float32], []float32) {
		net, err := New[float32](Config{Dim: 2, Hidden: []int{16, 16}, Activation: Tanh, Head: Score, Time: Time{Raw: true}}, 5)
		if err != nil {
			t.Fatal(err)
		}
		tr := &Trainer[float32]{Net: net, Loss: DSM[float32]{Sigma: 0.3, Seed: 9}, Opt: &Adam{LR: 1e-2},
			Start: 10, Every: 3, Workers: trainers}
		cfg := engine.Config{Dim: 2, Chains: 3*Chunk + 45, Seed: 7, Steps: 40, Burnin: 20, Thin: 5, Dt: 0.05, KT: 1,
			Mass: []float64{1, 1}, Friction: []float64{1, 1}, InitScale: 1, Workers: workers, ShardSize: shard}
		sink := &memSink{data: make([]float32, cfg.Chains*cfg.Draws()*2), draws: cfg.Draws()}
		// The chains feel the mixture's force plus the network's field,
		// so that every update changes the samples after it.
		newDemon := func(n int) engine.Demon[float32] {
			return &sumDemon{a: model.Demon32(n), b: NewDemon(net), tmp: make([]float32, 2*n)}
		}
		job := engine.Job[float32]{NewDemon: newDemon,
			Hooks: []engine.Hook[float32]{tr}, Sink: sink}
		if _, err := engine.RunJob(context.Background(), cfg, job); err != nil {
			t.Fatal(err)
		}
		if len(tr.Losses) != 11 { // steps 10, 13, ..., 40
			t.Fatalf("%d updates, want 11", len(tr.Losses))
		}
		return net, sink.data
	}
	want, wantX := run(1, 16, 1)
	for _, c := range [][3]int{{2, 48, 3}, {2, 0, 2}, {3, 112, 1}} {
		got, gotX := run(c[0], c[1], c[2])
		if !slices.Equal(gotX, wantX) {
			t.Errorf("workers %d, shard %d: the samples differ", c[0], c[1])
		}
		for l := range want.Layers {
			if !slices.Equal(got.Layers[l].W, want.Layers[l].W) || !slices.Equal(got.Layers[l].B, want.Layers[l].B) {
				t.Errorf("workers %d, shard %d, trainers %d: layer %d differs", c[0], c[1], c[2], l)
			}
		}
	}
}

type memSink struct {
	data  []float32
	draws int
}

func (s *memSink) WriteBlock(c0, n, d0, nd int, block []float32) error {
	for c := range n {
		copy(s.data[((c0+c)*s.draws+d0)*2:((c0+c)*s.draws+d0+nd)*2], block[c*nd*2:(c+1)*nd*2])
	}
	return nil
}

type sumDemon struct {
	a, b interface {
		Force(t float64, x, f []float32, n int)
	}
	tmp []float32
}

func (d *sumDemon) Force(t float64, x, f []float32, n int) {
	d.a.Force(t, x, f, n)
	d.b.Force(t, x, d.tmp, n)
	for i, v := range d.tmp[:len(x)] {
		f[i] += 0.1 * v
	}
}
