package nn

import (
	"math"
	"testing"

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
