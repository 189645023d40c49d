package engine

import (
	"math"
	"testing"

	"github.com/thermoai/thermo/linalg"
	"github.com/thermoai/thermo/rng"
)

// testSDE is overdamped Langevin dynamics in the quadratic potential
// U = vᵀJv/2 - vᵀb at temperature kT: A = -J, B = b, Q = 2kT I, with J =
// I + G Gᵀ/d for a fixed random G. Its stationary law has mean J⁻¹b and
// covariance kT J⁻¹, which linalg.Lyapunov also gives.
func testSDE(d int, kT float64) *LinearSDE {
	ch := rng.NewChain(3, 0)
	g := make([]float64, d*d)
	for i := range g {
		g[i] = ch.Normal64()
	}
	sde := &LinearSDE{Dim: d, A: make([]float64, d*d), B: make([]float64, d), Q: make([]float64, d*d)}
	for i := range d {
		for j := range d {
			var s float64
			for k := range d {
				s += g[i*d+k] * g[j*d+k]
			}
			jij := s / float64(d)
			if i == j {
				jij++
			}
			sde.A[i*d+j] = -jij
		}
		sde.B[i] = 0.5 * float64(i%3-1)
		sde.Q[i*d+i] = 2 * kT
	}
	return sde
}

// moments returns the sample mean and covariance of draws laid out as
// samples are (chain, draw, dim), over the draws from index from on.
func moments(x []float64, chains, draws, d, from int) (mean, cov []float64, count int) {
	mean, cov = make([]float64, d), make([]float64, d*d)
	for c := range chains {
		for t := from; t < draws; t++ {
			v := x[(c*draws+t)*d : (c*draws+t+1)*d]
			for i := range d {
				mean[i] += v[i]
			}
			count++
		}
	}
	for i := range mean {
		mean[i] /= float64(count)
	}
	for c := range chains {
		for t := from; t < draws; t++ {
			v := x[(c*draws+t)*d : (c*draws+t+1)*d]
			for i := range d {
				for j := range d {
					cov[i*d+j] += (v[i] - mean[i]) * (v[j] - mean[j])
				}
			}
		}
	}
	for i := range cov {
		cov[i] /= float64(count - 1)
	}
	return mean, cov, count
}

// TestDenseOUStationary samples a 6-dimensional linear SDE with the exact
// dense OU step at a step of 3, far beyond any stable step of an Euler
// scheme, and compares the sample mean and covariance with the Lyapunov
// solution: covariance within 3% (relative Frobenius; the sampling error
// is about sqrt(d(d+1)/samples) = 0.7%), mean within 2% of the stationary
// standard deviation per dimension.
func TestDenseOUStationary(t *testing.T) {
	const d, kT = 6, 0.7
	sde := testSDE(d, kT)
	s, err := linalg.Lyapunov(sde.A, sde.Q, d)
	if err != nil {
		t.Fatal(err)
	}
	// The stationary mean solves A m + B = 0.
	inv, err := invert(sde.A, d)
	if err != nil {
		t.Fatal(err)
	}
	wantMean := make([]float64, d)
	for i := range d {
		for k := range d {
			wantMean[i] -= inv[i*d+k] * sde.B[k]
		}
	}
	cfg := testConfig(d, 4096)
	cfg.Dt, cfg.Steps, cfg.Burnin, cfg.Thin = 3, 400, 20, 2
	newStepper, err := NewDenseOU[float64](func(float64) *LinearSDE { return sde }, cfg.Dt, cfg.KT)
	if err != nil {
		t.Fatal(err)
	}
	_, x := runJobMem(t, cfg, Job[float64]{NewDemon: func(int) Demon[float64] { return nil }, NewStepper: newStepper})
	mean, cov, _ := moments(x, cfg.Chains, cfg.Draws(), d, 0)
	var num, den float64
	for i := range cov {
		num += (cov[i] - s[i]) * (cov[i] - s[i])
		den += s[i] * s[i]
	}
	rel := math.Sqrt(num / den)
	t.Logf("covariance error %.2f%% (relative Frobenius)", 100*rel)
	if rel > 0.03 {
		t.Errorf("covariance error %.2f%%, want under 3%%", 100*rel)
	}
	for i := range d {
		if e := math.Abs(mean[i]-wantMean[i]) / math.Sqrt(s[i*d+i]); e > 0.02 {
			t.Errorf("mean[%d] = %.4f, stationary %.4f: %.1f%% of the standard deviation", i, mean[i], wantMean[i], 100*e)
		}
	}
}

// TestDenseOUTransient checks the mean of the first steps, from x0 of mean
// zero, against the exact m(t) = ∫₀ᵗ e^{As} ds B, within 4 standard
// errors, in float32 and float64.
func TestDenseOUTransient(t *testing.T) {
	const d = 5
	sde := testSDE(d, 1)
	cfg := testConfig(d, 8192)
	cfg.Dt, cfg.Steps, cfg.Burnin, cfg.Thin = 0.1, 6, 0, 1
	newStepper, err := NewDenseOU[float64](func(float64) *LinearSDE { return sde }, cfg.Dt, cfg.KT)
	if err != nil {
		t.Fatal(err)
	}
	_, x := runJobMem(t, cfg, Job[float64]{NewDemon: func(int) Demon[float64] { return nil }, NewStepper: newStepper})
	draws := cfg.Draws()
	for step := 1; step <= draws; step++ {
		want := linalg.Forcing(sde.A, sde.B, d, float64(step)*cfg.Dt)
		for k := range d {
			var m, m2 float64
			for c := range cfg.Chains {
				v := x[(c*draws+step-1)*d+k]
				m += v
				m2 += v * v
			}
			m /= float64(cfg.Chains)
			se := math.Sqrt((m2/float64(cfg.Chains) - m*m) / float64(cfg.Chains))
			if math.Abs(m-want[k]) > 4*se {
				t.Errorf("step %d dim %d: mean %.4f, exact %.4f (SE %.4f)", step, k, m, want[k], se)
			}
		}
	}
}

// invert returns the inverse of a by Gauss-Jordan elimination with partial
// pivoting, for the tests' small matrices.
func invert(a []float64, n int) ([]float64, error) {
	m := make([]float64, n*2*n)
	for i := range n {
		copy(m[i*2*n:], a[i*n:i*n+n])
		m[i*2*n+n+i] = 1
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r*2*n+c]) > math.Abs(m[p*2*n+c]) {
				p = r
			}
		}
		if m[p*2*n+c] == 0 {
			return nil, errSingular
		}
		for j := range 2 * n {
			m[c*2*n+j], m[p*2*n+j] = m[p*2*n+j], m[c*2*n+j]
		}
		piv := m[c*2*n+c]
		for j := range 2 * n {
			m[c*2*n+j] /= piv
		}
		for r := range n {
			if r == c {
				continue
			}
			f := m[r*2*n+c]
			for j := range 2 * n {
				m[r*2*n+j] -= f * m[c*2*n+j]
			}
		}
	}
	inv := make([]float64, n*n)
	for i := range n {
		copy(inv[i*n:i*n+n], m[i*2*n+n:i*2*n+2*n])
	}
	return inv, nil
}

var errSingular = errorString("singular matrix")

type errorString string

func (e errorString) Error() string { return string(e) }

// linearDemon is the drift A x + B of a linear SDE as a force.
type linearDemon struct{ sde *LinearSDE }

func (d linearDemon) Force(_ float64, x, f []float64, n int) {
	dim := d.sde.Dim
	for i := range dim {
		for c := range n {
			s := d.sde.B[i]
			for j := range dim {
				s += d.sde.A[i*dim+j] * x[j*n+c]
			}
			f[i*n+c] = s
		}
	}
}

// TestDenseOUAgreesWithEM runs the same SDE (noise 2kT I, so the engine's
// overdamped Euler-Maruyama with friction 1 is the same process) with the
// exact transition and with Euler-Maruyama at a small step, and checks
// that both covariances lie within 3% of the Lyapunov solution (Euler's
// bias at dt 0.01 is about 1% here), and within 3% of each other.
func TestDenseOUAgreesWithEM(t *testing.T) {
	const d, kT = 4, 1.0
	sde := testSDE(d, kT)
	s, err := linalg.Lyapunov(sde.A, sde.Q, d)
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(d, 2048)
	cfg.Dt, cfg.Steps, cfg.Burnin, cfg.Thin = 0.01, 3000, 1000, 20
	newStepper, err := NewDenseOU[float64](func(float64) *LinearSDE { return sde }, cfg.Dt, cfg.KT)
	if err != nil {
		t.Fatal(err)
	}
	demon := func(int) Demon[float64] { return linearDemon{sde} }
	_, exact := runJobMem(t, cfg, Job[float64]{NewDemon: demon, NewStepper: newStepper})
	cfg.Integrator = ULA
	_, em := runJobMem(t, cfg, Job[float64]{NewDemon: demon})
	_, covExact, _ := moments(exact, cfg.Chains, cfg.Draws(), d, 0)
	_, covEM, _ := moments(em, cfg.Chains, cfg.Draws(), d, 0)
	rel := func(a, b []float64) float64 {
		var num, den float64
		for i := range a {
			num += (a[i] - b[i]) * (a[i] - b[i])
			den += b[i] * b[i]
		}
		return math.Sqrt(num / den)
	}
	t.Logf("covariance against Lyapunov: exact %.2f%%, Euler-Maruyama %.2f%%; between them %.2f%%",
		100*rel(covExact, s), 100*rel(covEM, s), 100*rel(covEM, covExact))
	for name, e := range map[string]float64{"exact": rel(covExact, s), "Euler-Maruyama": rel(covEM, s), "between": rel(covEM, covExact)} {
		if e > 0.03 {
			t.Errorf("%s: covariance error %.2f%%, want under 3%%", name, 100*e)
		}
	}
}
