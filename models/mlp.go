package models

import (
	"fmt"

	"github.com/thermoai/thermo/nn"
)

// MLP is a trained network as a model: its potential U_θ(t, x) (a
// potential head, whose force is -∇ₓU_θ by a backward pass) or its vector
// field (a score head, which is the force itself). The network is read
// from a weights directory (see package nn) in both precisions.
type MLP struct {
	Weights string // the weights directory, as given
	Net32   *nn.MLP[float32]
	Net64   *nn.MLP[float64]
}

// LoadMLP reads the network saved in dir and checks that it takes dim
// coordinates.
func LoadMLP(dir string, dim int) (*MLP, error) {
	n64, err := nn.Load[float64](dir)
	if err != nil {
		return nil, fmt.Errorf("models: weights %s: %w", dir, err)
	}
	n32, err := nn.Load[float32](dir)
	if err != nil {
		return nil, fmt.Errorf("models: weights %s: %w", dir, err)
	}
	if n64.Dim != dim {
		return nil, fmt.Errorf("models: weights %s take dim %d, the run has dim %d", dir, n64.Dim, dim)
	}
	return &MLP{Weights: dir, Net32: n32, Net64: n64}, nil
}

// NewMLP wraps networks built in Go, in both precisions, as a model; they
// must have the same shape.
func NewMLP(n32 *nn.MLP[float32], n64 *nn.MLP[float64]) (*MLP, error) {
	if err := n32.Check(); err != nil {
		return nil, err
	}
	if err := n64.Check(); err != nil {
		return nil, err
	}
	if n32.Dim != n64.Dim || n32.Head != n64.Head || len(n32.Layers) != len(n64.Layers) {
		return nil, fmt.Errorf("models: the float32 and float64 networks differ in shape")
	}
	return &MLP{Net32: n32, Net64: n64}, nil
}

func (*MLP) Name() string { return "mlp" }

func (m *MLP) Dim() int { return m.Net64.Dim }

// Params returns the weights directory.
func (m *MLP) Params() map[string]any { return map[string]any{"weights": m.Weights} }

// Demon32 makes the network's demon; n is unused, the demon takes any
// number of chains a chunk at a time.
func (m *MLP) Demon32(n int) Demon[float32] { return nn.NewDemon(m.Net32) }

// Demon64 makes the network's demon in float64.
func (m *MLP) Demon64(n int) Demon[float64] { return nn.NewDemon(m.Net64) }
