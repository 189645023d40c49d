package engine

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/thermoai/thermo/kernel"
)

// harmonic is U = sum_k kappa_k x_k^2 / 2.
type harmonic[F float32 | float64] struct{ kappa []float64 }

func (h harmonic[F]) Force(_ float64, x, f []F, n int) {
	for k, kp := range h.kappa {
		s := F(-kp)
		for i := k * n; i < (k+1)*n; i++ {
			f[i] = s * x[i]
		}
	}
}

// memSink keeps the samples as [chains][draws][dim].
type memSink[F float32 | float64] struct {
	mu                 sync.Mutex
	data               []F
	draws, dim, writes int
}

func (m *memSink[F]) WriteBlock(c0, n, d0, nd int, block []F) error {
	m.mu.Lock()
	m.writes++
	m.mu.Unlock()
	row := nd * m.dim
	for c := range n {
		copy(m.data[((c0+c)*m.draws+d0)*m.dim:], block[c*row:(c+1)*row])
	}
	return nil
}

func testConfig(dim, chains int) Config {
	ones := func() []float64 {
		v := make([]float64, dim)
		for i := range v {
			v[i] = 1
		}
		return v
	}
	return Config{Dim: dim, Chains: chains, Seed: 7, Steps: 300, Burnin: 100, Thin: 10,
		Dt: 0.05, KT: 1, Mass: ones(), Friction: ones(), InitScale: 1}
}

func runMem[F float32 | float64](t *testing.T, cfg Config, kappa []float64) (*Result, []F) {
	t.Helper()
	sink := &memSink[F]{data: make([]F, cfg.Chains*cfg.Draws()*cfg.Dim), draws: cfg.Draws(), dim: cfg.Dim}
	res, err := Run(context.Background(), cfg, func(int) Demon[F] { return harmonic[F]{kappa} }, sink)
	if err != nil {
		t.Fatal(err)
	}
	return res, sink.data
}

// TestDeterminism is the contract: the samples depend on the spec and the
// seed, never on the number of workers or the shard size.
func TestDeterminism(t *testing.T) {
	for _, integ := range []Integrator{BAOAB, ULA, OU} {
		cfg := testConfig(3, 200)
		cfg.Integrator = integ
		kappa := []float64{1, 2, 0.5}
		cfg.Stiffness, cfg.Center = kappa, []float64{0, 1, -1}
		cfg.Workers, cfg.ShardSize = 1, 0
		wantRes, want := runMem[float32](t, cfg, kappa)
		for _, w := range []int{1, 2, 7} {
			for _, size := range []int{16, 48, 50, 200} {
				cfg.Workers, cfg.ShardSize = w, size
				res, got := runMem[float32](t, cfg, kappa)
				if !slices.Equal(got, want) {
					t.Fatalf("%v: workers=%d shard=%d: samples differ from workers=1", integ, w, size)
				}
				if !reflect.DeepEqual(res.Stats, wantRes.Stats) {
					t.Fatalf("%v: workers=%d shard=%d: summary differs from workers=1", integ, w, size)
				}
			}
		}
		// A run of chains 50..149 alone reproduces those chains.
		part := cfg
		part.Chains, part.FirstChain, part.Workers, part.ShardSize = 100, 50, 2, 32
		_, got := runMem[float32](t, part, kappa)
		per := cfg.Draws() * cfg.Dim
		if !slices.Equal(got, want[50*per:150*per]) {
			t.Fatalf("%v: chains 50..149 run alone differ", integ)
		}
	}
}

func TestHarmonicMoments(t *testing.T) {
	// BAOAB and the exact OU transition sample N(0, kT/kappa) exactly in x.
	kappa := []float64{1, 4}
	for _, integ := range []Integrator{BAOAB, OU} {
		cfg := testConfig(2, 2048)
		cfg.Integrator, cfg.Steps, cfg.Burnin, cfg.KT = integ, 2000, 500, 1.5
		cfg.Stiffness, cfg.Center = kappa, []float64{0, 0}
		res, _ := runMem[float64](t, cfg, kappa)
		st := res.Stats
		for k, kp := range kappa {
			if math.Abs(st.Mean[k]) > 5*st.MeanSE[k] {
				t.Errorf("%v dim %d: mean %.4f, want 0 (5 SE = %.4f)", integ, k, st.Mean[k], 5*st.MeanSE[k])
			}
			want := cfg.KT / kp
			if math.Abs(st.Var[k]-want) > 5*st.VarSE[k] {
				t.Errorf("%v dim %d: var %.4f, want %.4f (5 SE = %.4f)", integ, k, st.Var[k], want, 5*st.VarSE[k])
			}
			if st.VarSE[k] <= 0 || st.VarSE[k] > 0.05*want {
				t.Errorf("%v dim %d: implausible VarSE %v", integ, k, st.VarSE[k])
			}
		}
	}
}

type exploding struct{}

func (exploding) Force(t float64, x, f []float64, n int) {
	for i := range f {
		f[i] = 0
	}
	if t > 0.52 { // from step 11 on (t = 0.55); chain 37 only
		f[37] = math.Inf(1)
	}
}

func TestNonFiniteNamesChainAndStep(t *testing.T) {
	cfg := testConfig(2, 64)
	cfg.ShardSize = 64
	_, err := Run(context.Background(), cfg, func(int) Demon[float64] { return exploding{} }, nil)
	var nf *NonFiniteError
	if !errors.As(err, &nf) {
		t.Fatalf("got %v, want a NonFiniteError", err)
	}
	// The force after step 11 is infinite; step 12's kick makes x infinite.
	if nf.Chain != 37 || nf.Step != 12 || nf.Dim != 0 {
		t.Errorf("got chain %d dim %d step %d, want chain 37 dim 0 step 12: %v", nf.Chain, nf.Dim, nf.Step, err)
	}
}

func TestCancel(t *testing.T) {
	cfg := testConfig(2, 64)
	cfg.Steps, cfg.Burnin = 1_000_000, 0
	ctx, cancel := context.WithCancel(context.Background())
	var progress atomic.Int64
	cfg.Progress = &progress
	go func() {
		for progress.Load() < 1000 {
		}
		cancel()
	}()
	_, err := Run(ctx, cfg, func(int) Demon[float64] { return harmonic[float64]{[]float64{1, 1}} }, nil)
	if !errors.Is(err, ErrStopped) {
		t.Fatalf("got %v, want ErrStopped", err)
	}
}

func TestValidate(t *testing.T) {
	for field, mutate := range map[string]func(*Config){
		"dim":      func(c *Config) { c.Dim = 0 },
		"chains":   func(c *Config) { c.Chains = 0 },
		"dt":       func(c *Config) { c.Dt = math.NaN() },
		"kT":       func(c *Config) { c.KT = -1 },
		"burnin":   func(c *Config) { c.Burnin = c.Steps },
		"thin":     func(c *Config) { c.Thin = 0 },
		"mass":     func(c *Config) { c.Mass = c.Mass[:1] },
		"friction": func(c *Config) { c.Friction[1] = 0 },
	} {
		cfg := testConfig(2, 8)
		mutate(&cfg)
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("%s: got %v, want an error naming %s", field, err, field)
		}
	}
}

// linear is the force kappa_k (mu_k - x_k), told to the engine through
// DiagonalLinear when diag is set and computed by Force otherwise.
type linear[F float32 | float64] struct {
	kappa, mu []F
	diag      bool
}

func (l linear[F]) Force(_ float64, x, f []F, n int) { kernel.LinearForce(f, x, n, l.kappa, l.mu) }

type diagLinear[F float32 | float64] struct{ linear[F] }

func (l diagLinear[F]) DiagonalLinear() (kappa, mu []F) { return l.kappa, l.mu }

func (l linear[F]) demon() Demon[F] {
	if l.diag {
		return diagLinear[F]{l}
	}
	return l
}

func runLinear[F float32 | float64](cfg Config, kappa, mu []float64, diag bool) ([]F, error) {
	l := linear[F]{diag: diag}
	for k := range kappa {
		l.kappa, l.mu = append(l.kappa, F(kappa[k])), append(l.mu, F(mu[k]))
	}
	sink := &memSink[F]{data: make([]F, cfg.Chains*cfg.Draws()*cfg.Dim), draws: cfg.Draws(), dim: cfg.Dim}
	_, err := Run(context.Background(), cfg, func(int) Demon[F] { return l.demon() }, sink)
	return sink.data, err
}

func testDiagonalLinear[F float32 | float64](t *testing.T) {
	kappa, mu := []float64{1, 2.5, 0.5}, []float64{0.5, -1, 2}
	for _, integ := range []Integrator{BAOAB, ULA} {
		for _, size := range []int{16, 64, 72, 200} {
			cfg := testConfig(3, 200)
			cfg.Integrator, cfg.Workers, cfg.ShardSize = integ, 2, size
			want, err := runLinear[F](cfg, kappa, mu, false)
			if err != nil {
				t.Fatal(err)
			}
			got, err := runLinear[F](cfg, kappa, mu, true)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%v, shard %d: samples with the force in the step differ from those with Force", integ, size)
			}
		}
		// An unstable step (kappa dt far above 2 for ULA, kappa dt^2 far
		// above 4 for BAOAB) overflows: both ways name the same chain,
		// dimension and step.
		cfg := testConfig(3, 64)
		cfg.Integrator, cfg.ShardSize = integ, 64
		stiff := []float64{1, 1e4, 1}
		_, errWant := runLinear[F](cfg, stiff, mu, false)
		_, errGot := runLinear[F](cfg, stiff, mu, true)
		var nf *NonFiniteError
		if !errors.As(errWant, &nf) || errGot == nil || errGot.Error() != errWant.Error() {
			t.Fatalf("%v: got %v, want %v", integ, errGot, errWant)
		}
	}
}

// TestDiagonalLinear checks that a demon that tells its linear diagonal
// force to the engine gets the same samples, bit for bit, as one that
// computes it in Force.
func TestDiagonalLinear(t *testing.T) {
	t.Run("f32", testDiagonalLinear[float32])
	t.Run("f64", testDiagonalLinear[float64])
}

// TestSummarizeChains: the summary of a run remade from the chain moments
// of its pieces, each run alone with its FirstChain, equals the run's own.
func TestSummarizeChains(t *testing.T) {
	kappa := []float64{1, 2, 0.5}
	cfg := testConfig(3, 203)
	cfg.KeepChainMoments = true
	want, _ := runMem[float64](t, cfg, kappa)
	var mean, vari []float64
	for _, piece := range [][2]int{{0, 50}, {50, 101}, {101, 203}} {
		c := cfg
		c.FirstChain, c.Chains, c.ShardSize = uint64(piece[0]), piece[1]-piece[0], 16
		res, _ := runMem[float64](t, c, kappa)
		mean, vari = append(mean, res.ChainMean...), append(vari, res.ChainVar...)
	}
	got, err := SummarizeChains(mean, vari, cfg.Dim, cfg.Draws())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want.Stats) {
		t.Fatalf("summary from the pieces %+v, of the run %+v", got, want.Stats)
	}
}
