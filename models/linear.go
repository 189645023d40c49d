package models

import (
	"fmt"
	"slices"

	"golang.org/x/exp/constraints"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/linalg"
)

// LinearModel is a linear SDE given directly, dv = (A v + B) dt + C dw:
// s-mode hardware described by its matrices rather than its components.
// With -integrator ou it is stepped by its exact transition (Q = C Cᵀ, at
// any step); its demons give the drift A v + B as a force, so baoab and
// ula also run it, with the engine's own isotropic noise instead of C.
// kT scales the noise: the run's diffusion is kT·C Cᵀ.
type LinearModel struct {
	A [][]float64 // Dim×Dim drift, stable: every eigenvalue's real part negative
	B []float64   // drift offset
	C [][]float64 // Dim×Dim noise
}

// NewLinearModel checks a, b and c (shapes, finite values, a stable A, by
// the Lyapunov solver) and returns the model; an error names the field.
func NewLinearModel(a [][]float64, b []float64, c [][]float64) (*LinearModel, error) {
	d := len(a)
	if d == 0 {
		return nil, fmt.Errorf("models: A is empty")
	}
	for name, m := range map[string][][]float64{"A": a, "C": c} {
		if len(m) != d {
			return nil, fmt.Errorf("models: %s has %d rows, want %d", name, len(m), d)
		}
		for i, row := range m {
			if len(row) != d {
				return nil, fmt.Errorf("models: %s[%d] has %d values, want %d", name, i, len(row), d)
			}
			if err := checkFinite(fmt.Sprintf("%s[%d]", name, i), row); err != nil {
				return nil, err
			}
		}
	}
	if b == nil {
		b = make([]float64, d)
	}
	if len(b) != d {
		return nil, fmt.Errorf("models: B has length %d, want %d", len(b), d)
	}
	if err := checkFinite("B", b); err != nil {
		return nil, err
	}
	m := &LinearModel{A: cloneRows(a), B: slices.Clone(b), C: cloneRows(c)}
	sde := m.LinearSDE(1, nil)
	if _, err := linalg.Lyapunov(sde.A, sde.Q, d); err != nil {
		return nil, fmt.Errorf("models: A: %w", err)
	}
	return m, nil
}

func cloneRows(m [][]float64) [][]float64 {
	out := make([][]float64, len(m))
	for i, r := range m {
		out[i] = slices.Clone(r)
	}
	return out
}

func (*LinearModel) Name() string { return "linear" }

func (m *LinearModel) Dim() int { return len(m.A) }

// Params returns "A", "B" and "C".
func (m *LinearModel) Params() map[string]any {
	return map[string]any{"A": cloneRows(m.A), "B": slices.Clone(m.B), "C": cloneRows(m.C)}
}

// LinearSDE returns A, B and Q = kT·C Cᵀ (every product rounded); friction
// is not used.
func (m *LinearModel) LinearSDE(kT float64, _ []float64) *engine.LinearSDE {
	d := m.Dim()
	sde := &engine.LinearSDE{Dim: d, A: make([]float64, d*d), B: slices.Clone(m.B), Q: make([]float64, d*d)}
	for i := range d {
		copy(sde.A[i*d:], m.A[i])
		for j := range d {
			var s float64
			for k := range d {
				s += float64(m.C[i][k] * m.C[j][k])
			}
			sde.Q[i*d+j] = float64(kT * s)
		}
	}
	return sde
}

// Moments returns the stationary mean -A⁻¹B and the variances, the
// diagonal of the Lyapunov solution of A S + S Aᵀ + kT C Cᵀ = 0.
func (m *LinearModel) Moments(kT float64) (mean, variance []float64, err error) {
	d := m.Dim()
	sde := m.LinearSDE(kT, nil)
	s, err := linalg.Lyapunov(sde.A, sde.Q, d)
	if err != nil {
		return nil, nil, err
	}
	variance = make([]float64, d)
	for i := range d {
		variance[i] = s[i*d+i]
	}
	// The mean solves A m = -B.
	negB := make([]float64, d)
	for i, b := range m.B {
		negB[i] = -b
	}
	if mean, err = linalg.Solve(sde.A, negB, d, 1); err != nil {
		return nil, nil, err
	}
	return mean, variance, nil
}

// Demon32 and Demon64 give the drift A v + B as a force.
func (m *LinearModel) Demon32(n int) Demon[float32] { return newLinearModelDemon[float32](m) }
func (m *LinearModel) Demon64(n int) Demon[float64] { return newLinearModelDemon[float64](m) }

type linearModelDemon[F constraints.Float] struct {
	d    int
	a, b []F
}

func newLinearModelDemon[F constraints.Float](m *LinearModel) *linearModelDemon[F] {
	d := m.Dim()
	dm := &linearModelDemon[F]{d: d, a: make([]F, d*d), b: make([]F, d)}
	for i := range d {
		for j := range d {
			dm.a[i*d+j] = F(m.A[i][j])
		}
		dm.b[i] = F(m.B[i])
	}
	return dm
}

func (dm *linearModelDemon[F]) Force(_ float64, x, f []F, n int) {
	d := dm.d
	for i := range d {
		fi := f[i*n : i*n+n]
		for c := range fi {
			fi[c] = dm.b[i]
		}
		for j := range d {
			a := dm.a[i*d+j]
			xj := x[j*n : j*n+n]
			for c := range fi {
				fi[c] = fi[c] + F(a*xj[c])
			}
		}
	}
}
