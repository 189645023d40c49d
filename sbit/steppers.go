package sbit

import (
	"fmt"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/graph"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// Sampler is an s-bit stepper of the engine: one step is one sweep over
// the spins of every chain of a shard (or, for PBit, one interval Dt of
// the continuous-time process). Copy returns a stepper that shares the
// model and has scratch memory of its own, for another worker.
type Sampler[F kernel.Float] interface {
	engine.Stepper[F]
	Copy() Sampler[F]
}

// NewJob returns the engine job that samples with s (one copy of it per
// worker) and writes the recorded states to sink, which may be nil. The
// job's demon does nothing: the steppers read the couplings themselves.
func NewJob[F kernel.Float](s Sampler[F], sink engine.Sink[F]) engine.Job[F] {
	return engine.Job[F]{
		NewDemon:   func(int) engine.Demon[F] { return noDemon[F]{} },
		NewStepper: func() engine.Stepper[F] { return s.Copy() },
		Sink:       sink,
	}
}

// Config returns an engine configuration for chains chains of an n-spin
// network, steps steps, every step recorded (Burnin 0, Thin 1), Dt 1 and
// kT 1. The steppers sample at β = Model.Beta / kT, so a kT schedule
// anneals. The initial state of each chain is random: s_i = +1 where the
// engine's initial normal draw is non-negative (with InitScale 0, every
// spin is +1).
func Config(n, chains, steps int, seed uint64) engine.Config {
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	return engine.Config{Dim: n, Chains: chains, Seed: seed, Steps: steps, Thin: 1,
		Dt: 1, KT: 1, InitScale: 1, Mass: ones, Friction: ones}
}

type noDemon[F kernel.Float] struct{}

func (noDemon[F]) Force(_ float64, _, f []F, _ int) { clear(f) }

// spins sets every element of x to ±1 by its sign (+1 for ±0).
func spins[F kernel.Float](x []F) {
	for k, v := range x {
		if v < 0 {
			x[k] = -1
		} else {
			x[k] = 1
		}
	}
}

// localFields sets loc[c] to the local field h_i + Σ_j J_ij s_j of spin i
// of each chain c of a shard of n chains (x unit-major, x[j*n+c]), adding
// the neighbours in the graph's order as Model.LocalField does.
func localFields[F kernel.Float](m *Model, x []F, n, i int, loc []float64) {
	g := m.J
	h := m.field(i)
	for c := range loc {
		loc[c] = h
	}
	for e := g.RowPtr[i]; e < g.RowPtr[i+1]; e++ {
		w, j := g.W[e], int(g.Col[e])
		row := x[j*n : j*n+n]
		for c, s := range row {
			loc[c] += float64(w * float64(s))
		}
	}
}

func reuse[T any](s *[]T, m int) []T {
	if cap(*s) < m {
		*s = make([]T, m)
	}
	return (*s)[:m]
}

func beta(m *Model, c engine.Clock) float64 {
	if c.KT == 1 {
		return m.Beta
	}
	return m.Beta / c.KT
}

// Gibbs is the heat-bath (Glauber) sampler in colour classes: the spins
// of one class have no coupling between them, so each class is updated
// as a batch across all chains, s_i = +1 with probability
// 1/(1 + exp(-2β h_i^loc)). A sweep visits the classes in order.
type Gibbs[F kernel.Float] struct {
	m       *Model
	classes [][]int
	u, loc  []float64
}

// NewGibbs returns the colour-class Gibbs sampler of m. colours is a
// proper colouring of m.J (graph.CheckColouring); nil colours it with
// graph.DSATUR.
func NewGibbs[F kernel.Float](m *Model, colours []int) (*Gibbs[F], error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if colours == nil {
		colours, _ = graph.DSATUR(m.J)
	}
	if err := graph.CheckColouring(m.J, colours); err != nil {
		return nil, fmt.Errorf("sbit: %w", err)
	}
	return &Gibbs[F]{m: m, classes: graph.Classes(colours)}, nil
}

// Classes returns the colour classes, in the order a sweep visits them.
func (g *Gibbs[F]) Classes() [][]int { return g.classes }

func (g *Gibbs[F]) Copy() Sampler[F]    { return &Gibbs[F]{m: g.m, classes: g.classes} }
func (*Gibbs[F]) Layout() engine.Layout { return engine.Layout{} }

func (*Gibbs[F]) Init(sh *engine.Shard[F], _ engine.Demon[F], _ engine.Clock) { spins(sh.X) }

// Step does one sweep. Spin i of chain c uses the uniform u[i*n+c] of
// one FillUniform over the shard, so a chain's draws come from its own
// stream alone, in float64 whatever F.
func (g *Gibbs[F]) Step(sh *engine.Shard[F], _ engine.Demon[F], c engine.Clock) int {
	n := sh.N
	b2 := -2 * beta(g.m, c)
	u := reuse(&g.u, len(sh.X))
	rng.FillUniform(u, sh.Streams)
	loc := reuse(&g.loc, n)
	for _, class := range g.classes {
		for _, i := range class {
			localFields(g.m, sh.X, n, i, loc)
			x, ui := sh.X[i*n:i*n+n], u[i*n:i*n+n]
			for c, h := range loc {
				if ui[c] < 1/(1+rng.Exp(float64(b2*h))) {
					x[c] = 1
				} else {
					x[c] = -1
				}
			}
		}
	}
	return -1
}

// Metropolis is the single-flip Metropolis sampler with a sequential
// sweep: spin i = 0, 1, …, n-1 of every chain flips with probability
// min(1, exp(-β ΔE_i)), ΔE_i = 2 s_i h_i^loc.
type Metropolis[F kernel.Float] struct {
	m      *Model
	u, loc []float64
}

// NewMetropolis returns the Metropolis sampler of m.
func NewMetropolis[F kernel.Float](m *Model) (*Metropolis[F], error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &Metropolis[F]{m: m}, nil
}

func (s *Metropolis[F]) Copy() Sampler[F]    { return &Metropolis[F]{m: s.m} }
func (*Metropolis[F]) Layout() engine.Layout { return engine.Layout{} }

func (*Metropolis[F]) Init(sh *engine.Shard[F], _ engine.Demon[F], _ engine.Clock) { spins(sh.X) }

// Step does one sweep, drawing its uniforms as Gibbs.Step does.
func (s *Metropolis[F]) Step(sh *engine.Shard[F], _ engine.Demon[F], c engine.Clock) int {
	n := sh.N
	b2 := -2 * beta(s.m, c)
	u := reuse(&s.u, len(sh.X))
	rng.FillUniform(u, sh.Streams)
	loc := reuse(&s.loc, n)
	for i := range sh.Dim {
		localFields(s.m, sh.X, n, i, loc)
		x, ui := sh.X[i*n:i*n+n], u[i*n:i*n+n]
		for c, h := range loc {
			// -β ΔE = -2β s_i h; s_i h is exact.
			a := float64(b2 * float64(float64(x[c])*h))
			if a >= 0 || ui[c] < rng.Exp(a) {
				x[c] = -x[c]
			}
		}
	}
	return -1
}

// PBit is the continuous-time p-bit process: each spin flips at rate
// r/(1 + exp(β ΔE_i)). A step advances every chain by the clock's Dt,
// exactly, by uniformisation (Uniformise); the recorded state is the one
// at the end of the step. Each chain draws what it needs from its own
// stream, a number of values that depends on its own path only.
type PBit[F kernel.Float] struct {
	m    *Model
	rate float64
	s    []int8
}

// NewPBit returns the continuous-time sampler of m with flip rate r per
// spin (the rate of a spin whose flip leaves the energy unchanged is r/2).
func NewPBit[F kernel.Float](m *Model, r float64) (*PBit[F], error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if !(r > 0) || r > 1e300 {
		return nil, fmt.Errorf("sbit: the flip rate must be positive and finite, got %v", r)
	}
	return &PBit[F]{m: m, rate: r}, nil
}

func (p *PBit[F]) Copy() Sampler[F]    { return &PBit[F]{m: p.m, rate: p.rate} }
func (*PBit[F]) Layout() engine.Layout { return engine.Layout{} }

func (*PBit[F]) Init(sh *engine.Shard[F], _ engine.Demon[F], _ engine.Clock) { spins(sh.X) }

func (p *PBit[F]) Step(sh *engine.Shard[F], _ engine.Demon[F], c engine.Clock) int {
	n, dim := sh.N, sh.Dim
	s := reuse(&p.s, dim)
	b := beta(p.m, c)
	for ci := range n {
		for i := range dim {
			s[i] = int8(sh.X[i*n+ci])
		}
		ch := sh.Streams.Chain(ci)
		uniformise(p.m, b, p.rate, c.Dt, &ch, s, nil)
		sh.Streams.SetChain(ci, ch)
		for i, v := range s {
			sh.X[i*n+ci] = F(v)
		}
	}
	return -1
}
