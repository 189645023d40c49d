package nn

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thermoai/thermo/rng"
)

// near reports whether a and b agree to rel relative to the larger, with
// an absolute floor abs for values that are nearly zero.
func near(a, b, rel, abs float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))+abs
}

func randomState(dim, n int, seed uint64) []float64 {
	x := make([]float64, dim*n)
	ch := rng.NewChain(seed, 0)
	for i := range x {
		x[i] = ch.Normal64()
	}
	return x
}

var shapes = []struct {
	dim    int
	hidden []int
	act    Activation
	time   Time
}{
	{1, []int{3}, Tanh, Time{}},
	{2, []int{5, 4}, SiLU, Time{Raw: true}},
	{3, []int{17}, Softplus, Time{Frequencies: 2}},
	{5, []int{8, 7, 6}, Tanh, Time{Raw: true, Frequencies: 3, Period: 2}},
	{4, []int{9, 9}, SiLU, Time{}},
	{2, nil, Identity, Time{}},
}

// TestForceFiniteDifferences checks the force of potential networks, by
// their hand-written backward pass, against central differences of their
// energy, in float64.
func TestForceFiniteDifferences(t *testing.T) {
	for i, s := range shapes {
		t.Run(fmt.Sprintf("%d/%v", i, s.act), func(t *testing.T) {
			m, err := New[float64](Config{Dim: s.dim, Hidden: s.hidden, Activation: s.act, Head: Potential, Time: s.time}, uint64(i+1))
			if err != nil {
				t.Fatal(err)
			}
			randomBiases(m, uint64(i))
			const n = 7
			x := randomState(s.dim, n, uint64(10+i))
			f := make([]float64, s.dim*n)
			d := NewDemon(m).(*PotentialDemon[float64])
			tm := 0.3
			d.Force(tm, x, f, n)
			u := make([]float64, n)
			up, um := make([]float64, n), make([]float64, n)
			d.Energy(tm, x, u, n)
			const h = 1e-5
			for k := range s.dim {
				xp := append([]float64(nil), x...)
				xm := append([]float64(nil), x...)
				for c := range n {
					xp[k*n+c] += h
					xm[k*n+c] -= h
				}
				d.Energy(tm, xp, up, n)
				d.Energy(tm, xm, um, n)
				for c := range n {
					fd := -(up[c] - um[c]) / (2 * h)
					if !near(f[k*n+c], fd, 1e-6, 1e-9) {
						t.Errorf("force[%d, chain %d] = %.12g, finite differences %.12g", k, c, f[k*n+c], fd)
					}
				}
			}
		})
	}
}

func randomBiases(m *MLP[float64], seed uint64) {
	ch := rng.NewChain(seed, 99)
	for _, l := range m.Layers {
		for i := range l.B {
			l.B[i] = 0.5 * ch.Normal64()
		}
	}
	m.Changed()
}

// TestParamGradFiniteDifferences checks the parameter gradients of the
// backward pass against central differences of L = Σ r·output for a
// fixed random r, for both heads, in float64.
func TestParamGradFiniteDifferences(t *testing.T) {
	for i, s := range shapes {
		for _, head := range []Head{Potential, Score} {
			t.Run(fmt.Sprintf("%d/%v/%v", i, s.act, head), func(t *testing.T) {
				m, err := New[float64](Config{Dim: s.dim, Hidden: s.hidden, Activation: s.act, Head: head, Time: s.time}, uint64(i+1))
				if err != nil {
					t.Fatal(err)
				}
				randomBiases(m, uint64(i))
				const n = 19
				x := randomState(s.dim, n, uint64(20+i))
				ts := make([]float64, n)
				for c := range ts {
					ts[c] = 0.1 * float64(c)
				}
				out := m.outputs()
				r := randomState(out, n, uint64(30+i))
				loss := func() float64 {
					ws := newWorkspace(m, 64)
					ws.load(x, n, 0, n, 0, ts)
					y := ws.forward(n, false)
					var s float64
					for j := range r {
						s += r[j] * y[j]
					}
					return s
				}
				ws := newWorkspace(m, 64)
				ws.transpose()
				ws.load(x, n, 0, n, 0, ts)
				ws.forward(n, true)
				g := NewGradients(m)
				ws.backward(append([]float64(nil), r...), n, g)
				const h = 1e-6
				check := func(name string, p []float64, grad []float64) {
					for j := range p {
						v := p[j]
						p[j] = v + h
						lp := loss()
						p[j] = v - h
						lm := loss()
						p[j] = v
						fd := (lp - lm) / (2 * h)
						if !near(grad[j], fd, 1e-6, 1e-8) {
							t.Errorf("%s[%d]: gradient %.12g, finite differences %.12g", name, j, grad[j], fd)
						}
					}
				}
				for l := range m.Layers {
					check(fmt.Sprintf("layer %d W", l), m.Layers[l].W, g.W[l])
					check(fmt.Sprintf("layer %d B", l), m.Layers[l].B, g.B[l])
				}
			})
		}
	}
}

// TestForceChunks checks that a demon's force on a chain does not depend
// on how many chains it is given at once, in float32 and float64.
func TestForceChunks(t *testing.T) {
	m, err := New[float32](Config{Dim: 3, Hidden: []int{20, 20}, Activation: SiLU, Time: Time{Raw: true, Frequencies: 1}}, 4)
	if err != nil {
		t.Fatal(err)
	}
	const n = 2*Chunk + 37
	x64 := randomState(3, n, 5)
	x := make([]float32, len(x64))
	for i, v := range x64 {
		x[i] = float32(v)
	}
	d := NewDemon(m)
	all := make([]float32, 3*n)
	d.Force(0.25, x, all, n)
	for _, c := range []int{0, 5, Chunk, n - 1} {
		one := make([]float32, 3)
		d.Force(0.25, []float32{x[c], x[n+c], x[2*n+c]}, one, 1)
		for k := range 3 {
			if math.Float32bits(one[k]) != math.Float32bits(all[k*n+c]) {
				t.Errorf("chain %d dim %d: alone %v, in a batch %v", c, k, one[k], all[k*n+c])
			}
		}
	}
}

// TestSaveLoad saves a network, loads it back and checks that the forces
// are the same bits, in both precisions; and that a tensor of the wrong
// shape is refused, named.
func TestSaveLoad(t *testing.T) {
	m, err := New[float32](Config{Dim: 3, Hidden: []int{11, 6}, Activation: Softplus, Time: Time{Raw: true, Frequencies: 2}}, 8)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Save(dir, m); err != nil {
		t.Fatal(err)
	}
	back, err := Load[float32](dir)
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	x64 := randomState(3, n, 1)
	x := make([]float32, len(x64))
	for i, v := range x64 {
		x[i] = float32(v)
	}
	f1, f2 := make([]float32, 3*n), make([]float32, 3*n)
	NewDemon(m).Force(0.7, x, f1, n)
	NewDemon(back).Force(0.7, x, f2, n)
	for i := range f1 {
		if math.Float32bits(f1[i]) != math.Float32bits(f2[i]) {
			t.Fatalf("force %d: saved %v, loaded %v", i, f1[i], f2[i])
		}
	}
	if _, err := Load[float64](dir); err != nil {
		t.Errorf("loading float32 weights as float64: %v", err)
	}

	other, _ := New[float32](Config{Dim: 3, Hidden: []int{12, 6}, Activation: Softplus, Time: Time{Raw: true, Frequencies: 2}}, 8)
	odir := t.TempDir()
	if err := Save(odir, other); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(odir, "layer1.weight.npy"))
	os.WriteFile(filepath.Join(dir, "layer1.weight.npy"), b, 0o644)
	_, err = Load[float32](dir)
	if err == nil || !strings.Contains(err.Error(), "layer 1 weight") {
		t.Errorf("a weight of the wrong shape: got %v, want an error naming layer 1 weight", err)
	}
}
