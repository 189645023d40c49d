package models

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"gonum.org/v1/gonum/mat"

	"github.com/thermoai/thermo/linalg"
)

// randomRC returns a network of dim nodes with components drawn from seed:
// R and C in [0.5, 2), each pair of nodes coupled by a resistor in [1, 5)
// and by a capacitor in [0.1, 1), each with probability one half, and a
// bias current in [-1, 1) at every node.
func randomRC(dim int, seed uint64, noisy bool) *RC {
	rnd := rand.New(rand.NewPCG(seed, 1))
	// The conversion rounds the product, so the network is the same on
	// every architecture (arm64 would fuse it into a multiply-add).
	u := func(lo, hi float64) float64 { return lo + float64((hi-lo)*rnd.Float64()) }
	net := RC{R: make([]float64, dim), C: make([]float64, dim), Rc: zeroMatrix(dim), Cc: zeroMatrix(dim),
		T: 1.3, NoisyCoupling: noisy, Bias: make([]float64, dim)}
	for i := range dim {
		net.R[i], net.C[i], net.Bias[i] = u(0.5, 2), u(0.5, 2), u(-1, 1)
		for j := range i {
			if rnd.IntN(2) == 0 {
				net.Rc[i][j] = u(1, 5)
				net.Rc[j][i] = net.Rc[i][j]
			}
			if rnd.IntN(2) == 0 {
				net.Cc[i][j] = u(0.1, 1)
				net.Cc[j][i] = net.Cc[i][j]
			}
		}
	}
	return must(NewRC(net))
}

func frobenius(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

// relFrobenius returns ||got - want||_F / ||want||_F.
func relFrobenius(got, want []float64) float64 {
	var num, den float64
	for i := range want {
		num += (got[i] - want[i]) * (got[i] - want[i])
		den += want[i] * want[i]
	}
	return math.Sqrt(num / den)
}

// equilibrium returns kT T C_mat⁻¹, inverted by gonum independently of the
// model's own solves.
func equilibrium(t *testing.T, r *RC, kT float64) []float64 {
	t.Helper()
	dim := r.Dim()
	var inv mat.Dense
	if err := inv.Inverse(mat.NewDense(dim, dim, r.Capacitance())); err != nil {
		t.Fatal(err)
	}
	inv.Scale(kT*r.T, &inv)
	return inv.RawMatrix().Data
}

// TestRCEquipartition checks that a network whose resistors all carry
// Johnson noise is in thermal equilibrium, covariance kT T C_mat⁻¹
// whatever the resistors, and that one whose coupling resistors are
// silent is not.
func TestRCEquipartition(t *testing.T) {
	t.Parallel()
	nets := map[string]func(noisy bool) *RC{
		"ring/1":    func(noisy bool) *RC { r := must(NewRCRing(1)); r.NoisyCoupling = noisy; return r },
		"ring/2":    func(noisy bool) *RC { r := must(NewRCRing(2)); r.NoisyCoupling = noisy; return r },
		"ring/6":    func(noisy bool) *RC { r := must(NewRCRing(6)); r.NoisyCoupling = noisy; return r },
		"ring/9":    func(noisy bool) *RC { r := must(NewRCRing(9)); r.NoisyCoupling = noisy; return r },
		"random/7":  func(noisy bool) *RC { return randomRC(7, 1, noisy) },
		"random/12": func(noisy bool) *RC { return randomRC(12, 2, noisy) },
	}
	for name, net := range nets {
		for _, kT := range []float64{0.5, 1, 2.5} {
			r := net(true)
			cov, err := r.Covariance(kT)
			if err != nil {
				t.Fatal(err)
			}
			want := equilibrium(t, r, kT)
			if e := relFrobenius(cov, want); e > 1e-10 {
				t.Errorf("%s, kT %v, noisy coupling: Lyapunov covariance differs from kT T C_mat⁻¹ by %.3g (relative), want 1e-10", name, kT, e)
			}
			// The Lyapunov residual of the equilibrium covariance itself.
			d := r.Dim()
			sde := r.LinearSDE(kT, nil)
			as := linalg.Mul(sde.A, want, d)
			res := make([]float64, d*d)
			for i := range d {
				for j := range d {
					res[i*d+j] = as[i*d+j] + as[j*d+i] + sde.Q[i*d+j]
				}
			}
			if e := frobenius(res) / frobenius(sde.Q); e > 1e-12 {
				t.Errorf("%s, kT %v: A S + S Aᵀ + Q = %.3g relative to Q at S = kT T C_mat⁻¹", name, kT, e)
			}

			r = net(false)
			cov, err = r.Covariance(kT)
			if err != nil {
				t.Fatal(err)
			}
			e := relFrobenius(cov, equilibrium(t, r, kT))
			if r.Dim() == 1 {
				// A lone node has no coupling resistor to silence.
				if e > 1e-10 {
					t.Errorf("%s, kT %v: covariance differs from kT T / C by %.3g", name, kT, e)
				}
			} else if e < 0.01 {
				t.Errorf("%s, kT %v, silent coupling: covariance within %.3g of equilibrium, want out of equilibrium", name, kT, e)
			}
		}
	}
}

func TestRCMoments(t *testing.T) {
	t.Parallel()
	r := randomRC(6, 3, false)
	mean, variance, err := r.Moments(0.7)
	if err != nil {
		t.Fatal(err)
	}
	sde := r.LinearSDE(0.7, nil)
	// The operating point: A mean + B = 0, and G mean = b (Ohm's law).
	am := linalg.MulVec(sde.A, 6, mean)
	gm := linalg.MulVec(r.Conductance(), 6, mean)
	for i := range 6 {
		if math.Abs(am[i]+sde.B[i]) > 1e-13 || math.Abs(gm[i]-r.Bias[i]) > 1e-13 {
			t.Errorf("node %d: (A m + B) = %.3g, (G m - b) = %.3g, want 0", i, am[i]+sde.B[i], gm[i]-r.Bias[i])
		}
	}
	cov := must(r.Covariance(0.7))
	for i := range 6 {
		if variance[i] != cov[i*6+i] {
			t.Errorf("variance[%d] = %v, want the covariance's diagonal %v", i, variance[i], cov[i*6+i])
		}
	}
	// One node: v has mean b R, variance kT T / C, relaxation rate 1/(R C).
	one := must(NewRC(RC{R: []float64{2}, C: []float64{0.5}, T: 3, Bias: []float64{0.25}}))
	mean, variance, err = one.Moments(2)
	if err != nil {
		t.Fatal(err)
	}
	sde = one.LinearSDE(2, []float64{123})
	near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-15*math.Abs(want) }
	if !near(mean[0], 0.5) || !near(variance[0], 12) || !near(sde.A[0], -1) || !near(sde.B[0], 0.5) || !near(sde.Q[0], 24) {
		t.Errorf("one node: mean %v, variance %v, A %v, B %v, Q %v; want 0.5, 12, -1, 0.5, 24", mean, variance, sde.A, sde.B, sde.Q)
	}
	if _, _, err := one.Moments(0); err == nil || !strings.Contains(err.Error(), "kT") {
		t.Errorf("Moments(0): error %v, want one naming kT", err)
	}
}

// TestRCDemon checks the demons' force against A v + B, in both
// precisions and whatever the batch.
func TestRCDemon(t *testing.T) {
	t.Parallel()
	r := randomRC(5, 4, true)
	sde := r.LinearSDE(1, nil)
	rnd := rand.New(rand.NewPCG(5, 5))
	states := randomStates(rnd, 33, 5, 2)
	all := make([]int, len(states))
	for i := range all {
		all[i] = i
	}
	x64 := pack[float64](states, all)
	f64 := make([]float64, len(x64))
	r.Demon64(len(states)).Force(0, x64, f64, len(states))
	x32 := pack[float32](states, all)
	f32 := make([]float32, len(x32))
	r.Demon32(len(states)).Force(0, x32, f32, len(states))
	n := len(states)
	for c, s := range states {
		want := linalg.MulVec(sde.A, 5, s)
		for k := range 5 {
			want[k] += sde.B[k]
			if got := f64[k*n+c]; math.Abs(got-want[k]) > 1e-13 {
				t.Errorf("chain %d dim %d: f64 force %v, want %v", c, k, got, want[k])
			}
			if got := float64(f32[k*n+c]); math.Abs(got-want[k]) > 1e-5 {
				t.Errorf("chain %d dim %d: f32 force %v, want %v", c, k, got, want[k])
			}
		}
		one := force(r.Demon64(1), s)
		for k := range 5 {
			if one[k] != f64[k*n+c] {
				t.Errorf("chain %d dim %d: force alone %v, in a batch %v", c, k, one[k], f64[k*n+c])
			}
		}
	}
	if _, ok := r.Demon64(1).(Energy[float64]); ok {
		t.Error("the rc demon has an Energy, but its drift is not a gradient")
	}
}

// TestRCLinearSDEGolden pins the bits of the circuit's SDE, which the
// exact OU stepper's samples depend on: they must be the same on every
// architecture (CI runs this under qemu-aarch64).
func TestRCLinearSDEGolden(t *testing.T) {
	t.Parallel()
	h := sha256.New()
	for _, r := range []*RC{must(NewRCRing(6)), randomRC(7, 1, true), randomRC(7, 1, false)} {
		sde := r.LinearSDE(0.8, nil)
		for _, v := range [][]float64{sde.A, sde.B, sde.Q} {
			binary.Write(h, binary.LittleEndian, v)
		}
	}
	const want = "185e4ebfed3a06f0496c78ededcdfae33ac3071a0572897ff78ee40e97c73bd4"
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("digest of A, B, Q = %s, want %s", got, want)
	}
}

func TestNewRCErrors(t *testing.T) {
	t.Parallel()
	ok := func() RC {
		return RC{R: []float64{1, 2}, C: []float64{1, 1}, Rc: [][]float64{{0, 3}, {3, 0}},
			Cc: [][]float64{{0, 0.5}, {0.5, 0}}, T: 1, Bias: []float64{0, 1}}
	}
	if _, err := NewRC(ok()); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		change func(*RC)
		want   string
	}{
		{func(r *RC) { r.R = nil }, "R is empty"},
		{func(r *RC) { r.R[1] = 0 }, "R[1] = 0"},
		{func(r *RC) { r.R[0] = math.Inf(1) }, "R[0] = +Inf"},
		{func(r *RC) { r.C = r.C[:1] }, "C has length 1, want len(R) = 2"},
		{func(r *RC) { r.C[1] = -1 }, "C[1] = -1"},
		{func(r *RC) { r.C[0] = math.NaN() }, "C[0] = NaN"},
		{func(r *RC) { r.Rc = r.Rc[:1] }, "Rc has 1 rows"},
		{func(r *RC) { r.Rc[1] = []float64{3} }, "Rc row 1 has length 1"},
		{func(r *RC) { r.Rc[0][1] = -3 }, "Rc[0][1] = -3"},
		{func(r *RC) { r.Rc[1][0] = 4 }, "Rc is not symmetric: Rc[0][1] = 3 but Rc[1][0] = 4"},
		{func(r *RC) { r.Rc[1][1] = 1 }, "Rc[1][1] = 1, want 0"},
		{func(r *RC) { r.Cc[0][1], r.Cc[1][0] = math.NaN(), math.NaN() }, "Cc[0][1] = NaN"},
		{func(r *RC) { r.Cc[0][1], r.Cc[1][0] = math.Inf(1), math.Inf(1) }, "Cc[0][1] = +Inf"},
		{func(r *RC) { r.Cc[0][1] = 0 }, "Cc is not symmetric"},
		{func(r *RC) { r.T = 0 }, "T = 0"},
		{func(r *RC) { r.T = math.NaN() }, "T = NaN"},
		{func(r *RC) { r.Bias = []float64{1} }, "bias has length 1"},
		{func(r *RC) { r.Bias[1] = math.Inf(-1) }, "bias[1] = -Inf"},
		{func(r *RC) { r.C[0] = 1e-300; r.Cc[0][1], r.Cc[1][0] = 1, 1; r.C[1] = 1e-300 }, "capacitance matrix is not positive definite"},
	} {
		net := ok()
		test.change(&net)
		_, err := NewRC(net)
		if err == nil || !strings.HasPrefix(err.Error(), "models: ") || !strings.Contains(err.Error(), test.want) {
			t.Errorf("NewRC: error %v, want one containing %q", err, test.want)
		}
	}
	// NewRC copies its input.
	net := ok()
	r := must(NewRC(net))
	net.R[0], net.Rc[0][1] = 9, 9
	if r.R[0] != 1 || r.Rc[0][1] != 3 {
		t.Errorf("NewRC shares memory with its argument: R %v, Rc %v", r.R, r.Rc)
	}
	if _, err := NewRCRing(0); err == nil || !strings.Contains(err.Error(), "dim") {
		t.Errorf("NewRCRing(0): error %v, want one naming dim", err)
	}
}

// TestRCParams rebuilds networks from their recorded parameters in Go, TOML
// and JSON form, and checks FromParams's defaults and refusals.
func TestRCParams(t *testing.T) {
	t.Parallel()
	for _, r := range []*RC{must(NewRCRing(5)), randomRC(5, 6, false), randomRC(5, 7, true)} {
		want := r.Params()
		var buf bytes.Buffer
		if err := toml.NewEncoder(&buf).Encode(want); err != nil {
			t.Fatal(err)
		}
		var fromTOML map[string]any
		if _, err := toml.Decode(buf.String(), &fromTOML); err != nil {
			t.Fatal(err)
		}
		js, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON map[string]any
		if err := json.Unmarshal(js, &fromJSON); err != nil {
			t.Fatal(err)
		}
		for format, params := range map[string]map[string]any{"Go": want, "TOML": fromTOML, "JSON": fromJSON} {
			m, err := FromParams("rc", 5, 0, params)
			if err != nil {
				t.Fatalf("FromParams from %s: %v", format, err)
			}
			if !reflect.DeepEqual(m.Params(), want) {
				t.Errorf("FromParams from %s gives %v, want %v", format, m.Params(), want)
			}
			if !reflect.DeepEqual(m.(Linear).LinearSDE(1, nil), r.LinearSDE(1, nil)) {
				t.Errorf("FromParams from %s: a different SDE", format)
			}
		}
	}

	// Defaults: the ring, and no coupling of a kind when only the other
	// kind is given.
	m := must(FromParams("rc", 4, 0, nil)).(*RC)
	if !reflect.DeepEqual(m, must(NewRCRing(4))) {
		t.Errorf("FromParams(rc, 4) = %+v, want NewRCRing(4)", m)
	}
	m = must(FromParams("rc", 2, 0, map[string]any{"Rc": []any{[]any{int64(0), int64(5)}, []any{int64(5), int64(0)}},
		"R": 2.0, "C": []any{1.0, int64(3)}, "T": int64(2), "noisy_coupling": false, "bias": 0.5})).(*RC)
	wantRC := &RC{R: []float64{2, 2}, C: []float64{1, 3}, Rc: [][]float64{{0, 5}, {5, 0}}, Cc: zeroMatrix(2),
		T: 2, NoisyCoupling: false, Bias: []float64{0.5, 0.5}}
	if !reflect.DeepEqual(m, wantRC) {
		t.Errorf("FromParams(rc, 2, ...) = %+v, want %+v", m, wantRC)
	}

	for _, test := range []struct {
		params map[string]any
		want   string
	}{
		{map[string]any{"r": 1.0}, `unknown parameter "r" for model "rc"`},
		{map[string]any{"R": []any{1.0}}, "R has length 1, want dim = 2"},
		{map[string]any{"C": []any{1.0, -1.0}}, "C[1] = -1"},
		{map[string]any{"bias": []any{1.0, 2.0, 3.0}}, "bias has length 3"},
		{map[string]any{"Rc": 2.0}, `parameter "Rc" is float64`},
		{map[string]any{"Cc": [][]float64{{0}}}, "Cc has 1 rows, want dim = 2"},
		{map[string]any{"Cc": [][]float64{{0, 1}, {2, 0}}}, "Cc is not symmetric"},
		{map[string]any{"T": "hot"}, `parameter "T" is string`},
		{map[string]any{"T": -1.0}, "T = -1"},
		{map[string]any{"noisy_coupling": 1.0}, `parameter "noisy_coupling" is float64, want true or false`},
	} {
		_, err := FromParams("rc", 2, 0, test.params)
		if err == nil || !strings.HasPrefix(err.Error(), "models: ") || !strings.Contains(err.Error(), test.want) {
			t.Errorf("FromParams(rc, 2, 0, %v): error %v, want one containing %s", test.params, err, test.want)
		}
	}
}
