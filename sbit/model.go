package sbit

import (
	"errors"
	"fmt"
	"math"

	"github.com/thermoai/thermo/graph"
	"github.com/thermoai/thermo/rng"
)

// Model is an Ising network of J.N spins s_i = ±1 with couplings J (an
// undirected graph: J_ij is the weight of edge (i, j), 0 without one),
// fields H (nil or empty: no field) and inverse temperature Beta. Its
// energy is E(s) = -½ sᵀJs - hᵀs and its law exp(-βE(s))/Z.
type Model struct {
	J    *graph.CSR
	H    []float64
	Beta float64
}

// N returns the number of spins.
func (m *Model) N() int { return m.J.N }

// Validate returns an error naming the first problem of m: no graph,
// fields of the wrong length, a coupling, field or β that is not finite,
// or a negative β.
func (m *Model) Validate() error {
	switch {
	case m == nil || m.J == nil:
		return errors.New("sbit: a model needs a coupling graph")
	case len(m.H) != 0 && len(m.H) != m.J.N:
		return fmt.Errorf("sbit: %d fields for %d spins", len(m.H), m.J.N)
	case !(m.Beta >= 0) || math.IsInf(m.Beta, 1):
		return fmt.Errorf("sbit: beta must be non-negative and finite, got %v", m.Beta)
	}
	for e, w := range m.J.W {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return fmt.Errorf("sbit: coupling %d is %v", e, w)
		}
	}
	for i, h := range m.H {
		if math.IsNaN(h) || math.IsInf(h, 0) {
			return fmt.Errorf("sbit: field %d is %v", i, h)
		}
	}
	return nil
}

// field returns h_i (0 without fields).
func (m *Model) field(i int) float64 {
	if len(m.H) == 0 {
		return 0
	}
	return m.H[i]
}

// LocalField returns h_i^loc = h_i + Σ_j J_ij s_j, the neighbours added
// in the graph's order to h_i; the steppers compute it the same way, bit
// for bit. Flipping s_i changes the energy by ΔE_i = 2 s_i h_i^loc.
func (m *Model) LocalField(s []int8, i int) float64 {
	g := m.J
	loc := m.field(i)
	for e := g.RowPtr[i]; e < g.RowPtr[i+1]; e++ {
		loc += float64(g.W[e] * float64(s[g.Col[e]]))
	}
	return loc
}

// Energy returns E(s) = -½ sᵀJs - hᵀs = -Σ_{i<j} J_ij s_i s_j - Σ_i h_i s_i.
func (m *Model) Energy(s []int8) float64 {
	g := m.J
	var pair, field float64
	for i := range g.N {
		si := float64(s[i])
		for e := g.RowPtr[i]; e < g.RowPtr[i+1]; e++ {
			if j := int(g.Col[e]); j > i {
				pair += float64(float64(g.W[e]*si) * float64(s[j]))
			}
		}
		field += float64(m.field(i) * si)
	}
	return -pair - field
}

// StateIndex returns the index of s among the 2^n states: bit i is set
// when s_i = +1.
func StateIndex(s []int8) int {
	k := 0
	for i, v := range s {
		if v > 0 {
			k |= 1 << i
		}
	}
	return k
}

// SetState sets s to the state of index k (StateIndex's inverse).
func SetState(s []int8, k int) {
	for i := range s {
		s[i] = int8(2*((k>>i)&1) - 1)
	}
}

// MaxExactSpins bounds the networks that Boltzmann enumerates.
const MaxExactSpins = 24

// Boltzmann returns the exact law exp(-βE(s))/Z of m over its 2^n states,
// by state index, by enumerating them; n must be at most MaxExactSpins.
func (m *Model) Boltzmann() ([]float64, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	n := m.N()
	if n > MaxExactSpins {
		return nil, fmt.Errorf("sbit: %d spins are too many to enumerate (at most %d)", n, MaxExactSpins)
	}
	p := make([]float64, 1<<n)
	s := make([]int8, n)
	emin := math.Inf(1)
	for k := range p {
		SetState(s, k)
		p[k] = m.Energy(s)
		emin = min(emin, p[k])
	}
	var z float64
	for k, e := range p {
		p[k] = rng.Exp(float64(-m.Beta * (e - emin)))
		z += p[k]
	}
	for k := range p {
		p[k] /= z
	}
	return p, nil
}
