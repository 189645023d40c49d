package sbit

import (
	"fmt"
	"math/bits"

	"github.com/thermoai/thermo/rng"
)

// Visit is told the state s of a continuous-time path and the time dur
// it stays there, interval after interval; s must not be kept or changed.
type Visit func(s []int8, dur float64)

// flipProb returns 1/(1 + exp(β ΔE_i)), ΔE_i = 2 s_i h_i^loc: the chance
// that a candidate event at spin i flips it, the p-bit's rate over r.
func flipProb(m *Model, b float64, s []int8, i int) float64 {
	de := float64(2 * float64(float64(s[i])*m.LocalField(s, i)))
	return 1 / (1 + rng.Exp(float64(b*de)))
}

// uintn returns a uniform integer in [0, n), n > 0, by Lemire's method
// (multiply, reject the few values of a short last interval).
func uintn(ch *rng.Chain, n uint64) uint64 {
	hi, lo := bits.Mul64(ch.P.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(ch.P.Uint64(), n)
		}
	}
	return hi
}

// Uniformise advances s along the continuous-time p-bit process of m,
// each spin flipping at rate r/(1 + exp(β ΔE_i)), for time t, exactly,
// by uniformisation: candidate events come at the times of a Poisson
// process of rate n·r (sums of exponentials from ch), each picks a spin
// uniformly and flips it with probability 1/(1 + exp(β ΔE_i)). visit,
// if not nil, is told every interval of the path. It returns the number
// of candidate events. The PBit stepper takes every step with it.
func Uniformise(m *Model, r, t float64, s []int8, ch *rng.Chain, visit Visit) (int, error) {
	if err := checkPath(m, r, t, s); err != nil {
		return 0, err
	}
	return uniformise(m, m.Beta, r, t, ch, s, visit), nil
}

func checkPath(m *Model, r, t float64, s []int8) error {
	if err := m.Validate(); err != nil {
		return err
	}
	switch {
	case len(s) != m.N():
		return fmt.Errorf("sbit: a state of %d spins for a model of %d", len(s), m.N())
	case !(r > 0) || r > 1e300:
		return fmt.Errorf("sbit: the flip rate must be positive and finite, got %v", r)
	case !(t >= 0) || t > 1e300:
		return fmt.Errorf("sbit: the time must be non-negative and finite, got %v", t)
	}
	for i, v := range s {
		if v != 1 && v != -1 {
			return fmt.Errorf("sbit: spin %d is %d, want ±1", i, v)
		}
	}
	return nil
}

func uniformise(m *Model, b, r, t float64, ch *rng.Chain, s []int8, visit Visit) int {
	n := len(s)
	lam := float64(float64(n) * r)
	now, events := 0.0, 0
	for {
		next := now + ch.Exp64()/lam
		if next > t {
			if visit != nil && t > now {
				visit(s, t-now)
			}
			return events
		}
		if visit != nil && next > now {
			visit(s, next-now)
		}
		now = next
		events++
		i := int(uintn(ch, uint64(n)))
		if ch.Uniform64() < flipProb(m, b, s, i) {
			s[i] = -s[i]
		}
	}
}

// Gillespie advances s along the continuous-time p-bit process of m for
// time t by Gillespie's direct method: with rates a_i = r/(1 + exp(β ΔE_i))
// and A = Σ_i a_i, the next flip comes after an exponential time of rate A
// and is spin i with probability a_i/A. Every event recomputes every rate
// (O(n·degree)), so it is a reference for small networks. visit, if not
// nil, is told every interval of the path. It returns the number of flips.
func Gillespie(m *Model, r, t float64, s []int8, ch *rng.Chain, visit Visit) (int, error) {
	if err := checkPath(m, r, t, s); err != nil {
		return 0, err
	}
	n := len(s)
	a := make([]float64, n)
	now, flips := 0.0, 0
	for {
		var total float64
		for i := range n {
			a[i] = float64(r * flipProb(m, m.Beta, s, i))
			total += a[i]
		}
		next := now + ch.Exp64()/total // +Inf when nothing can flip
		if next > t {
			if visit != nil && t > now {
				visit(s, t-now)
			}
			return flips, nil
		}
		if visit != nil && next > now {
			visit(s, next-now)
		}
		now = next
		target := float64(ch.Uniform64() * total)
		k, acc := -1, 0.0
		for i, ai := range a {
			if ai == 0 {
				continue
			}
			k = i // the last spin with a rate takes what rounding leaves
			if acc += ai; target < acc {
				break
			}
		}
		s[k] = -s[k]
		flips++
	}
}

// Occupancy accumulates the time a path spends in each state of a small
// network, by state index (StateIndex). Its Visit method is a Visit.
type Occupancy struct {
	Time  []float64
	Total float64
}

// NewOccupancy returns an empty occupancy of the 2^n states of n spins.
func NewOccupancy(n int) *Occupancy {
	if n < 0 || n > MaxExactSpins {
		panic(fmt.Sprintf("sbit: an occupancy of %d spins", n))
	}
	return &Occupancy{Time: make([]float64, 1<<n)}
}

// Visit adds dur to the time of state s.
func (o *Occupancy) Visit(s []int8, dur float64) {
	o.Time[StateIndex(s)] += dur
	o.Total += dur
}

// Fractions returns the fraction of the total time spent in each state.
func (o *Occupancy) Fractions() []float64 {
	f := make([]float64, len(o.Time))
	if o.Total > 0 {
		for k, v := range o.Time {
			f[k] = v / o.Total
		}
	}
	return f
}

// Reset empties o.
func (o *Occupancy) Reset() {
	clear(o.Time)
	o.Total = 0
}
