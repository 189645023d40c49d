// Package maxcut states Max-Cut as an Ising problem and anneals it. The
// cut of an assignment s ∈ {±1}ⁿ of a weighted graph is
//
//	cut(s) = Σ_{i<j} w_ij (1 - s_i s_j)/2,
//
// so maximising it is minimising Σ_{i<j} w_ij s_i s_j, the energy
// E(s) = -½ sᵀJs of the Ising model with couplings J = -W and no field.
// Anneal is a plain single-thread simulated annealer, the reference that
// the s-bit engine is measured against.
package maxcut

import (
	"errors"
	"fmt"

	"github.com/thermoai/thermo/graph"
	"github.com/thermoai/thermo/rng"
)

// Cut returns the cut value of the assignment s (±1 per node) of g.
func Cut(g *graph.CSR, s []int8) (float64, error) {
	if len(s) != g.N {
		return 0, fmt.Errorf("maxcut: an assignment of %d nodes for a graph of %d", len(s), g.N)
	}
	var cut float64
	for i := range g.N {
		if s[i] != 1 && s[i] != -1 {
			return 0, fmt.Errorf("maxcut: node %d is assigned %d, want ±1", i, s[i])
		}
		for k := g.RowPtr[i]; k < g.RowPtr[i+1]; k++ {
			j := int(g.Col[k])
			if j > i && s[i] != s[j] {
				cut += g.W[k]
			}
		}
	}
	return cut, nil
}

// Schedule is a linear ramp of the inverse temperature from Beta0 to
// Beta1 over the sweeps of an anneal.
type Schedule struct {
	Beta0, Beta1 float64
	Sweeps       int
}

// At returns β at sweep k.
func (s Schedule) At(k int) float64 {
	if s.Sweeps <= 1 {
		return s.Beta1
	}
	return s.Beta0 + (s.Beta1-s.Beta0)*float64(k)/float64(s.Sweeps-1)
}

// Anneal runs single-spin Metropolis simulated annealing on the Max-Cut
// of g, one replica, sequential sweeps, from a random assignment drawn
// from seed, and returns the best assignment seen and its cut. It is
// written as a careful user would write it in plain Go (local fields kept
// up to date, one uniform per proposal), to serve as the peer of the s-bit
// engine; it also counts the proposals (spin-flip attempts) it made.
func Anneal(g *graph.CSR, sch Schedule, seed uint64) (best []int8, bestCut float64, flips int64, err error) {
	if g.N == 0 || sch.Sweeps < 1 {
		return nil, 0, 0, errors.New("maxcut: an anneal needs nodes and sweeps")
	}
	ch := rng.NewChain(seed, 0)
	s := make([]int8, g.N)
	for i := range s {
		s[i] = 1
		if ch.Uniform64() < 0.5 {
			s[i] = -1
		}
	}
	// field[i] = Σ_j w_ij s_j; flipping i changes the cut by s_i·field_i.
	field := make([]float64, g.N)
	for i := range g.N {
		for k := g.RowPtr[i]; k < g.RowPtr[i+1]; k++ {
			field[i] += g.W[k] * float64(s[g.Col[k]])
		}
	}
	cut, _ := Cut(g, s)
	best, bestCut = append([]int8(nil), s...), cut
	for k := range sch.Sweeps {
		beta := sch.At(k)
		for i := range g.N {
			gain := float64(s[i]) * field[i] // cut change if i flips
			flips++
			if gain < 0 && ch.Uniform64() >= rng.Exp(beta*gain) {
				continue
			}
			s[i] = -s[i]
			cut += gain
			d := 2 * float64(s[i])
			for e := g.RowPtr[i]; e < g.RowPtr[i+1]; e++ {
				field[g.Col[e]] += d * g.W[e]
			}
		}
		if cut > bestCut {
			bestCut = cut
			copy(best, s)
		}
	}
	// The running cut drifts by rounding over many flips; recount it.
	bestCut, err = Cut(g, best)
	return best, bestCut, flips, err
}
