package engine

import (
	"fmt"
	"math"
	"sync"

	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// MetropolisState is the per-shard state (Shard.State) of the built-in
// Metropolis steppers: per chain, the sum of the acceptance probabilities
// min(1, α) of its steps since the last barrier (Segment, which
// step-size adaptation reads and clears) and after burn-in (Post).
type MetropolisState struct {
	Segment, Post []float64
}

func newMetropolisState(n int) *MetropolisState {
	return &MetropolisState{Segment: make([]float64, n), Post: make([]float64, n)}
}

// metropolis holds what MALA and HMC share: their layout and initial
// state, and the scratch of the accept/reject step, done per chain in
// float64 from one exponential draw of the chain's own stream.
type metropolis[F kernel.Float] struct {
	burnin   int
	logA, e  []float64 // log α and the exponential draws, per chain
	accepted []bool
}

func (*metropolis[F]) Layout() Layout { return Layout{Force: true, Energy: true} }

func (*metropolis[F]) Init(sh *Shard[F], d Demon[F], c Clock) {
	d.Force(c.T, sh.X, sh.F, sh.N)
	energyOf(d).Energy(c.T, sh.X, sh.U, sh.N)
	sh.State = newMetropolisState(sh.N)
}

func (*metropolis[F]) Acceptance(sh *Shard[F]) []float64 {
	return sh.State.(*MetropolisState).Post
}

// decide accepts chain c when its exponential draw exceeds -log α, which
// happens with probability min(1, α); a NaN α (a proposal that left the
// finite numbers) is rejected. It records min(1, α) in st.
func (m *metropolis[F]) decide(streams *rng.Streams, st *MetropolisState, n, step int, meter *AcceptanceMeter) {
	e := reuse(&m.e, n)
	rng.FillExp64(e, streams)
	acc := reuse(&m.accepted, n)
	post := step >= m.burnin
	var total float64
	for c, la := range m.logA[:n] {
		acc[c] = e[c] > -la
		var a float64
		switch {
		case la >= 0:
			a = 1
		case la < 0:
			a = rng.Exp(la)
		}
		st.Segment[c] += a
		if post {
			st.Post[c] += a
		}
		total += a
	}
	meter.add(total, n)
}

// AcceptanceMeter follows the acceptance of a Metropolis run as it goes,
// for watching it: the mean acceptance probability over every proposal
// so far, burn-in included. Its value depends on timing, never the
// samples.
type AcceptanceMeter struct {
	mu        sync.Mutex
	sum       float64
	proposals int64
}

func (m *AcceptanceMeter) add(sum float64, n int) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.sum += sum
	m.proposals += int64(n)
	m.mu.Unlock()
}

// Rate returns the mean acceptance probability so far, and false before
// the first proposal.
func (m *AcceptanceMeter) Rate() (float64, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.proposals == 0 {
		return 0, false
	}
	return m.sum / float64(m.proposals), true
}

// keep copies the columns of src into dst of the chains c whose acc[c]
// is want.
func keep[F kernel.Float](dst, src []F, acc []bool, want bool, n int) {
	for k := 0; k*n < len(dst); k++ {
		d, s := dst[k*n:k*n+n], src[k*n:k*n+n]
		for c, ok := range acc[:n] {
			if ok == want {
				d[c] = s[c]
			}
		}
	}
}

func energyOf[F kernel.Float](d Demon[F]) Energy[F] {
	e, ok := d.(Energy[F])
	if !ok {
		panic(fmt.Sprintf("engine: demon %T has no Energy", d))
	}
	return e
}

// mala is the Metropolis-adjusted Langevin algorithm: an Euler-Maruyama
// proposal y = x + A f(x) + S ξ with A = dt/γ and S² = 2 kT dt/γ per
// dimension, accepted with probability
//
//	min(1, exp(-(U(y) - U(x))/kT) q(x|y) / q(y|x)),
//
// q(y|x) ∝ exp(-|y - x - A f(x)|² / (2 S²)). It samples exp(-U/kT)
// exactly at any step.
type mala[F kernel.Float] struct {
	metropolis[F]
	friction  []float64
	y, fy, xi []F
	uy        []float64
	key       coefKey
	coef      kernel.ULACoef[F]
}

func (s *mala[F]) Step(sh *Shard[F], d Demon[F], c Clock) int {
	n, m := sh.N, len(sh.X)
	if s.key.changed(c.Dt, c.KT) {
		s.coef.Set(c.Dt, c.KT, s.friction)
	}
	coef := &s.coef
	y, fy, xi := reuse(&s.y, m), reuse(&s.fy, m), reuse(&s.xi, m)
	uy := reuse(&s.uy, n)
	copy(y, sh.X)
	kernel.StepULANoise(y, sh.F, xi, sh.Streams, n, coef)
	d.Force(c.TEnd, y, fy, n)
	energyOf(d).Energy(c.TEnd, y, uy, n)

	la := reuse(&s.logA, n)
	for i := range la {
		la[i] = -(uy[i] - sh.U[i]) / c.KT
	}
	for k := range sh.Dim {
		a := float64(coef.A[k])
		inv := 1 / float64(2*float64(coef.S[k])*float64(coef.S[k]))
		x, fx := sh.X[k*n:k*n+n], sh.F[k*n:k*n+n]
		yk, fyk := y[k*n:k*n+n], fy[k*n:k*n+n]
		for i := range la {
			dy := float64(yk[i]) - float64(x[i])
			fwd := dy - float64(a*float64(fx[i]))   // y - x - A f(x)
			rev := -dy - float64(a*float64(fyk[i])) // x - y - A f(y)
			la[i] += float64((float64(fwd*fwd) - float64(rev*rev)) * inv)
		}
	}
	st := sh.State.(*MetropolisState)
	s.decide(sh.Streams, st, n, c.Step, sh.meter)
	keep(sh.X, y, s.accepted, true, n)
	keep(sh.F, fy, s.accepted, true, n)
	for i, ok := range s.accepted[:n] {
		if ok {
			sh.U[i] = uy[i]
		}
	}
	return -1
}

// hmc is Hamiltonian Monte Carlo: momenta p ~ N(0, kT M) drawn afresh,
// Leapfrog leapfrog steps of size h, and a Metropolis test of the change
// of H = U + pᵀM⁻¹p/2 at temperature kT, all per chain. The step of each
// proposal is dt (1 + jitter (2u - 1)) with u uniform, one u for all
// chains drawn from (seed, step) alone: a trajectory of fixed length
// comes back near its start on modes whose period divides it (measured on
// the coupled model: a bulk ESS 300 times smaller on its worst
// dimension), and jitter breaks that resonance (Neal 2011, sec. 5.4.2).
type hmc[F kernel.Float] struct {
	metropolis[F]
	mass      []float64
	leapfrog  int
	seed      uint64
	jitter    float64
	x0, f0, p []F
	k0, u1    []float64
	dtM       []F // h/m_k
	dtMFor    float64
}

// kinetic writes pᵀM⁻¹p/2 of each chain into k.
func (s *hmc[F]) kinetic(p []F, k []float64, n int) {
	clear(k)
	for d, m := range s.mass {
		inv := 1 / (2 * m)
		for c, v := range p[d*n : d*n+n] {
			k[c] += float64(float64(float64(v)*float64(v)) * inv)
		}
	}
}

func (s *hmc[F]) Step(sh *Shard[F], d Demon[F], c Clock) int {
	n, m := sh.N, len(sh.X)
	x0, f0, p := reuse(&s.x0, m), reuse(&s.f0, m), reuse(&s.p, m)
	k0, u1 := reuse(&s.k0, n), reuse(&s.u1, n)
	h := c.Dt
	if s.jitter > 0 {
		u := rng.NewStream(s.seed^jitterKey, uint64(c.Step))
		// Each product rounded on its own, so that no target fuses them.
		d := float64(2*u.Float64()) - 1
		h *= 1 + float64(s.jitter*d)
	}
	if s.dtM == nil || s.dtMFor != h {
		s.dtM = reuse(&s.dtM, len(s.mass))
		for k, mk := range s.mass {
			s.dtM[k] = F(h / mk)
		}
		s.dtMFor = h
	}
	copy(x0, sh.X)
	copy(f0, sh.F)
	rng.FillNormal(p, sh.Streams)
	scaleRows(p, n, func(k int) float64 { return math.Sqrt(c.KT * s.mass[k]) })
	s.kinetic(p, k0, n)

	half := F(h / 2)
	for range s.leapfrog {
		kernel.Kick(p, sh.F, half)
		for k, a := range s.dtM {
			x, pk := sh.X[k*n:k*n+n], p[k*n:k*n+n]
			for i := range x {
				x[i] = x[i] + F(a*pk[i])
			}
		}
		d.Force(c.T, sh.X, sh.F, n)
		kernel.Kick(p, sh.F, half)
	}
	energyOf(d).Energy(c.TEnd, sh.X, u1, n)
	k1 := reuse(&s.logA, n)
	s.kinetic(p, k1, n)
	la := k1
	for i := range la {
		h0 := sh.U[i] + k0[i]
		h1 := u1[i] + k1[i]
		la[i] = -(h1 - h0) / c.KT
	}
	st := sh.State.(*MetropolisState)
	s.decide(sh.Streams, st, n, c.Step, sh.meter)
	// Rejected chains go back to where they started.
	for i, ok := range s.accepted[:n] {
		if ok {
			sh.U[i] = u1[i]
		}
	}
	keep(sh.X, x0, s.accepted, false, n)
	keep(sh.F, f0, s.accepted, false, n)
	return -1
}

// jitterKey separates the stream of HMC's step jitter from the chains'
// streams of the same seed.
const jitterKey = 0x6a09e667f3bcc909

// DualAveraging adapts the step of a Metropolis stepper during burn-in by
// the dual averaging of Nesterov, as Hoffman and Gelman (2014, sec. 3.2)
// use it in NUTS: at each barrier, one per step during burn-in, it moves
// log dt against the gap between the target and the ensemble's mean
// acceptance probability over the last segment, and at the end of
// burn-in it fixes the step at the running average of log dt. One step
// for all chains, from a reduction in chain order, keeps the samples
// independent of workers and shards.
type DualAveraging[F kernel.Float] struct {
	Target float64
	Burnin int

	dt0                         float64
	mu, hbar, logEps, logEpsBar float64
	m, last                     int
}

// Constants of the adaptation, those of Stan and of Hoffman and Gelman.
const (
	daGamma = 0.05
	daT0    = 10
	daKappa = 0.75
)

// NewDualAveraging returns the adaptation of a run whose nominal step is
// dt, aiming at the mean acceptance probability target over burnin steps.
func NewDualAveraging[F kernel.Float](dt, target float64, burnin int) *DualAveraging[F] {
	l := rng.Log(dt)
	return &DualAveraging[F]{Target: target, Burnin: burnin, dt0: dt,
		mu: float64(rng.Log(10)) + l, logEps: l, logEpsBar: l}
}

// Next asks for a barrier after every step of burn-in.
func (a *DualAveraging[F]) Next(step int) int {
	if step < a.Burnin {
		return step + 1
	}
	return -1
}

// Barrier updates the step from the acceptance of the last segment.
func (a *DualAveraging[F]) Barrier(e *Ensemble[F]) error {
	if e.Step <= a.last || a.last >= a.Burnin {
		return nil
	}
	var sum float64
	var chains int
	for _, sh := range e.Shards {
		st, ok := sh.State.(*MetropolisState)
		if !ok {
			return fmt.Errorf("engine: step-size adaptation needs a Metropolis stepper, shard %d has state %T", sh.Index, sh.State)
		}
		for c, v := range st.Segment {
			sum += v
			st.Segment[c] = 0
		}
		chains += sh.N
	}
	steps := e.Step - a.last
	a.last = e.Step
	accept := sum / (float64(chains) * float64(steps))
	a.m++
	m := float64(a.m)
	eta := 1 / (m + daT0)
	a.hbar = float64((1-eta)*a.hbar) + float64(eta*(a.Target-accept))
	a.logEps = a.mu - float64(math.Sqrt(m)/daGamma*a.hbar)
	w := rng.Pow(m, -daKappa)
	a.logEpsBar = float64(w*a.logEps) + float64((1-w)*a.logEpsBar)
	logEps := a.logEps
	if e.Step >= a.Burnin {
		logEps = a.logEpsBar
	}
	e.StepScale = rng.Exp(logEps) / a.dt0
	return nil
}

// MarshalState encodes the shard's acceptance sums for a checkpoint.
func (*metropolis[F]) MarshalState(sh *Shard[F]) ([]byte, error) {
	st, ok := sh.State.(*MetropolisState)
	if !ok {
		return nil, fmt.Errorf("engine: shard %d has state %T, not a Metropolis state", sh.Index, sh.State)
	}
	w := &ckWriter{}
	w.f64s(st.Segment)
	w.f64s(st.Post)
	return w.b, nil
}

// UnmarshalState restores what MarshalState encoded.
func (*metropolis[F]) UnmarshalState(sh *Shard[F], data []byte) error {
	r := &ckReader{b: data}
	st := &MetropolisState{Segment: r.f64s(sh.N, "acceptance"), Post: r.f64s(sh.N, "acceptance")}
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%w: %d bytes past the acceptance sums", errCorrupt, len(r.b))
	}
	if r.err != nil {
		return r.err
	}
	sh.State = st
	return nil
}

// MarshalBinary encodes the adaptation's state for a checkpoint.
func (a *DualAveraging[F]) MarshalBinary() ([]byte, error) {
	w := &ckWriter{}
	for _, v := range []float64{a.Target, a.dt0, a.mu, a.hbar, a.logEps, a.logEpsBar} {
		w.f64(v)
	}
	for _, v := range []int{a.Burnin, a.m, a.last} {
		w.int(v)
	}
	return w.b, nil
}

// UnmarshalBinary restores what MarshalBinary encoded; the target, the
// burn-in and the initial step must be those of a.
func (a *DualAveraging[F]) UnmarshalBinary(data []byte) error {
	r := &ckReader{b: data}
	target, dt0 := r.f64(), r.f64()
	mu, hbar, logEps, logEpsBar := r.f64(), r.f64(), r.f64(), r.f64()
	burnin, m, last := r.int(), r.int(), r.int()
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%w: %d bytes past the adaptation", errCorrupt, len(r.b))
	}
	if r.err != nil {
		return r.err
	}
	if target != a.Target || dt0 != a.dt0 || burnin != a.Burnin {
		return fmt.Errorf("engine: checkpoint of an adaptation to %v over %d steps from dt %v, the run's is to %v over %d from %v",
			target, burnin, dt0, a.Target, a.Burnin, a.dt0)
	}
	a.mu, a.hbar, a.logEps, a.logEpsBar, a.m, a.last = mu, hbar, logEps, logEpsBar, m, last
	return nil
}
