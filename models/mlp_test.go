package models

import (
	"math"
	"strings"
	"testing"

	"github.com/thermoai/thermo/nn"
)

// TestMLPModel saves a potential network, builds the "mlp" model from its
// directory, and checks its demons against the network's, its recorded
// parameters, and the errors for a missing or mismatched network.
func TestMLPModel(t *testing.T) {
	net, err := nn.New[float64](nn.Config{Dim: 3, Hidden: []int{8}, Activation: nn.Tanh}, 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := nn.Save(dir, net); err != nil {
		t.Fatal(err)
	}
	m, err := FromParams("mlp", 3, 0, map[string]any{"weights": dir})
	if err != nil {
		t.Fatal(err)
	}
	if m.Params()["weights"] != dir || m.Dim() != 3 {
		t.Errorf("params %v, dim %d", m.Params(), m.Dim())
	}
	x := []float64{0.1, -0.4, 0.3, 1, 2, -1}
	f, g := make([]float64, 6), make([]float64, 6)
	m.Demon64(2).Force(0, x, f, 2)
	nn.NewDemon(net).Force(0, x, g, 2)
	for i := range f {
		if math.Float64bits(f[i]) != math.Float64bits(g[i]) {
			t.Fatalf("force %d: model %v, network %v", i, f[i], g[i])
		}
	}
	if _, ok := m.Demon32(2).(Energy[float32]); !ok {
		t.Error("a potential network's demon has no Energy")
	}
	if _, err := FromParams("mlp", 4, 0, map[string]any{"weights": dir}); err == nil || !strings.Contains(err.Error(), "dim 3") {
		t.Errorf("dim mismatch: %v", err)
	}
	if _, err := New("mlp", 3, 0); err == nil || !strings.Contains(err.Error(), "params.weights") {
		t.Errorf("no weights: %v", err)
	}
}
