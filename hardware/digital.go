// Package hardware models the digital Maxwell's demon of Coles et al.,
// "Thermodynamic AI and the Fluctuation Frontier" (2023), sections 6.1 and
// 8.4: a digital controller that reads the analog s-modes through an
// analog-to-digital converter, computes the force, and drives the s-modes
// back through a digital-to-analog converter. Digital wraps any demon of
// the engine with the imperfections of that loop:
//
//   - the ADC on the state: Gaussian measurement noise added before the
//     converter, optional uniform dither of one LSB, clipping to
//     [-FullScale, FullScale] and rounding to Bits bits;
//   - latency: the force applied at step s is computed from the state
//     measured at step s-Latency;
//   - zero-order hold: a new force is computed every Hold steps and held
//     in between;
//   - the DAC on the force: clipping and rounding to its own Bits bits.
//
// The wrapped demon sees the quantised, delayed state; the engine sees the
// DAC's output.
//
// # Steps
//
// A demon's Force is given the nominal time t of the state it is asked
// about, and the built-in steppers give t = s·Config.Dt for the state
// after step s (Init asks for step 0, each step of BAOAB and ULA for the
// state at its end, whatever a dt schedule or step-size adaptation does
// to the actual step). Digital recovers s as round(t / Config.Dt), with
// Config.Dt the run's nominal step: counting calls instead would break
// as soon as a stepper calls Force more than once per step, and the step
// is what the noise is drawn from. A second call at the same step (a
// stepper that evaluates a trial state) replaces that step's measurement;
// so Digital is meant for steppers that call Force once per step, BAOAB
// and ULA. It has no Energy, so MALA and HMC refuse it.
//
// # Determinism
//
// The measurement noise and the dither of chain c at step s are drawn
// from rng.NewChain(seed_s, c), seed_s a hash of (Config.Seed, s), with c
// the chain's global index: they depend on the seed, the chain and the
// step only. The delay lines and the held forces are kept per shard, keyed
// by the global index of the shard's first chain, in a store shared by all
// the demons of one factory (New): a worker's demon serves many shards in
// turn, and with barriers (hooks, checkpoints) a shard may move from one
// worker to another between segments, so the state cannot live in the
// demon. A shard's line is started at its step 0 (the first force, from
// the stepper's Init) and filled with the measurement of x_0, so that
// before step Latency the force comes from x_0, as from a controller that
// powers up holding its first reading. The samples therefore do not
// depend on the number of workers or the shard size.
//
// A line that is not followed step by step (a run resumed from a
// checkpoint, whose first force is at a step s > 0 with no line) is
// restarted from the measurement at s, so a resumed run differs from an
// uninterrupted one when Latency or Hold is more than one; checkpoints do
// not save the lines.
package hardware

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// Converter is an ideal-or-not converter between analog values and codes:
// values are clipped to [-FullScale, FullScale] and rounded to the nearest
// of 2^Bits two's-complement levels k·LSB, k in [-2^(Bits-1),
// 2^(Bits-1)-1], LSB = FullScale / 2^(Bits-1) (halves away from zero). The
// largest level is FullScale - LSB, so values in (FullScale - LSB/2,
// FullScale] go to it. Bits 0 is no rounding; FullScale 0 is no clipping
// and needs Bits 0.
type Converter struct {
	Bits      int
	FullScale float64
}

// LSB returns the converter's step, FullScale / 2^(Bits-1), or 0 for an
// ideal one.
func (q Converter) LSB() float64 {
	if q.Bits == 0 {
		return 0
	}
	return q.FullScale / float64(uint64(1)<<(q.Bits-1))
}

// Ideal reports whether the converter passes every value unchanged.
func (q Converter) Ideal() bool { return q.Bits == 0 && q.FullScale == 0 }

func (q Converter) validate(name string) error {
	switch {
	case q.Bits < 0 || q.Bits > 32:
		return fmt.Errorf("hardware: %s bits must be in [0, 32], got %d", name, q.Bits)
	case !(q.FullScale >= 0) || math.IsInf(q.FullScale, 1):
		return fmt.Errorf("hardware: %s full scale must be non-negative and finite, got %v", name, q.FullScale)
	case q.Bits > 0 && q.FullScale == 0:
		return fmt.Errorf("hardware: %s with %d bits needs a full scale", name, q.Bits)
	}
	return nil
}

// quantizer is a Converter with its constants worked out.
type quantizer struct {
	fs, lsb  float64
	lo, hi   float64 // the extreme codes
	clip, rd bool
}

func (q Converter) quantizer() quantizer {
	z := quantizer{fs: q.FullScale, clip: q.FullScale > 0, rd: q.Bits > 0}
	if z.rd {
		half := float64(uint64(1) << (q.Bits - 1))
		z.lsb = q.FullScale / half
		z.lo, z.hi = -half, half-1
	}
	return z
}

// apply clips and rounds v. NaN stays NaN, so that the engine still
// reports a state that blew up.
func (z *quantizer) apply(v float64) float64 {
	if z.clip {
		if v > z.fs {
			v = z.fs
		} else if v < -z.fs {
			v = -z.fs
		}
	}
	if !z.rd {
		return v
	}
	c := math.Round(v / z.lsb)
	if c > z.hi {
		c = z.hi
	} else if c < z.lo {
		c = z.lo
	}
	return c * z.lsb
}

// ADC is the converter on the state, with what comes before it.
type ADC struct {
	Converter
	// NoiseSD is the standard deviation of the Gaussian measurement noise
	// added to each element before the converter, in units of the state.
	NoiseSD float64
	// Dither adds a uniform value in [-LSB/2, LSB/2) to each element
	// before the converter (after the noise), non-subtractive dither of
	// one LSB. It needs Bits > 0.
	Dither bool
}

// Ideal reports whether the ADC passes the state unchanged.
func (a ADC) Ideal() bool { return a.Converter.Ideal() && a.NoiseSD == 0 && !a.Dither }

// Config describes a digital demon.
type Config struct {
	// Seed seeds the measurement noise and the dither. Any value does;
	// the run's seed is a natural choice (the streams are hashed apart
	// from the engine's).
	Seed uint64
	// Dt is the run's nominal step, engine.Config.Dt: the demon asked for
	// the force at time t computes that of step round(t/Dt).
	Dt float64

	ADC ADC       // on the state
	DAC Converter // on the force

	// Latency is the number of steps between a measurement and the force
	// computed from it: the force applied after step s comes from the
	// state measured at step s-Latency (x_0 before step Latency).
	Latency int
	// Hold is the number of steps a force is held (zero-order hold): a new
	// force is computed at the steps that are multiples of Hold and kept
	// until the next. 0 and 1 compute one every step.
	Hold int
	// Steps, if set, is the run's step count: a shard's line is released
	// after its force at step Steps, so that a run holds lines for the
	// shards in flight only. Otherwise each shard's line stays until the
	// factory is dropped.
	Steps int
}

// Validate checks the configuration.
func (c *Config) Validate() error {
	if err := c.ADC.validate("ADC"); err != nil {
		return err
	}
	if err := c.DAC.validate("DAC"); err != nil {
		return err
	}
	switch {
	case !(c.Dt > 0) || math.IsInf(c.Dt, 1):
		return fmt.Errorf("hardware: dt must be positive and finite, got %v", c.Dt)
	case !(c.ADC.NoiseSD >= 0) || math.IsInf(c.ADC.NoiseSD, 1):
		return fmt.Errorf("hardware: ADC noise must be non-negative and finite, got %v", c.ADC.NoiseSD)
	case c.ADC.Dither && c.ADC.Bits == 0:
		return errors.New("hardware: ADC dither needs bits")
	case c.Latency < 0 || c.Latency > 1<<16:
		return fmt.Errorf("hardware: latency must be in [0, 65536] steps, got %d", c.Latency)
	case c.Hold < 0 || c.Hold > 1<<30:
		return fmt.Errorf("hardware: hold must be in [0, 2^30] steps, got %d", c.Hold)
	case c.Steps < 0:
		return fmt.Errorf("hardware: steps must be non-negative, got %d", c.Steps)
	}
	return nil
}

// line is what Digital keeps of one shard between its steps.
type line[F kernel.Float] struct {
	n, dim int
	// ring[j mod (Latency+1)] holds the measurement of step j, for the
	// Latency+1 steps up to last.
	ring [][]F
	last int // step of the newest measurement; -1 before the first
	held []F // the DAC output computed at heldAt
	// heldAt is the step whose force held holds; -1 for none.
	heldAt int
}

// store holds the lines of the shards of a run, keyed by their first
// chain. Each shard is run by one worker at a time, so a line is only
// looked up under the lock.
type store[F kernel.Float] struct {
	mu    sync.Mutex
	lines map[uint64]*line[F]
}

func (s *store[F]) get(first uint64) *line[F] {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.lines[first]
	if l == nil {
		l = &line[F]{last: -1, heldAt: -1}
		s.lines[first] = l
	}
	return l
}

func (s *store[F]) drop(first uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.lines, first)
}

func (s *store[F]) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.lines)
}

// Digital is a demon seen through a digital controller. It implements
// engine.Demon and engine.Binder (and passes Bind on to the demon it
// wraps). Like every demon it is not safe for concurrent use.
type Digital[F kernel.Float] struct {
	cfg      Config
	inner    engine.Demon[F]
	store    *store[F]
	adc, dac quantizer
	hold     int
	key      uint64 // hash of the seed, for the per-step streams

	first uint64 // global index of the bound shard's chain 0
	n     int    // its chains; 0 when not bound
	cur   *line[F]
	in    []F // the state the inner demon sees, when not a ring entry
	z, u  []float64
}

// New returns a demon factory for engine.Job.NewDemon: the demon made for
// shards of up to n chains wraps newInner(n). All the demons of the
// factory share the per-shard delay lines, so use one factory per run.
func New[F kernel.Float](cfg Config, newInner func(n int) engine.Demon[F]) (func(n int) engine.Demon[F], error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if newInner == nil {
		return nil, errors.New("hardware: no demon to wrap")
	}
	st := &store[F]{lines: map[uint64]*line[F]{}}
	return func(n int) engine.Demon[F] { return newDigital(cfg, newInner(n), st) }, nil
}

// Wrap returns a single digital demon around inner, with its own delay
// lines: what New's demons are, for use outside a run of the engine.
// Unless bound (Bind) it serves chains 0..n-1.
func Wrap[F kernel.Float](cfg Config, inner engine.Demon[F]) (*Digital[F], error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if inner == nil {
		return nil, errors.New("hardware: no demon to wrap")
	}
	return newDigital(cfg, inner, &store[F]{lines: map[uint64]*line[F]{}}), nil
}

func newDigital[F kernel.Float](cfg Config, inner engine.Demon[F], st *store[F]) *Digital[F] {
	return &Digital[F]{cfg: cfg, inner: inner, store: st, adc: cfg.ADC.quantizer(), dac: cfg.DAC.quantizer(),
		hold: max(1, cfg.Hold), key: mix64(cfg.Seed ^ 0x6469676974616c21)}
}

// Inner returns the wrapped demon.
func (d *Digital[F]) Inner() engine.Demon[F] { return d.inner }

// Lines returns the number of shards whose delay lines the demon's store
// holds.
func (d *Digital[F]) Lines() int { return d.store.len() }

// Bind binds the demon to the shard whose chain 0 has the global index
// first, of n chains, and passes the call on to the wrapped demon.
func (d *Digital[F]) Bind(first uint64, n int) {
	d.first, d.n = first, n
	d.cur = d.store.get(first)
	if b, ok := d.inner.(engine.Binder); ok {
		b.Bind(first, n)
	}
}

// Step returns the step of nominal time t.
func (d *Digital[F]) Step(t float64) int {
	s := math.Round(t / d.cfg.Dt)
	if !(s >= 0) {
		return 0
	}
	return int(s)
}

// Force writes into f the DAC's output for the step of time t, computed
// by the wrapped demon from the ADC's reading of the state Latency steps
// before (see the package documentation).
func (d *Digital[F]) Force(t float64, x, f []F, n int) {
	if d.cur == nil || d.n != n {
		// Not bound, or bound to a different batch: chains 0..n-1.
		d.Bind(d.first, n)
	}
	l := d.cur
	dim := len(x) / n
	s := d.Step(t)
	k := d.cfg.Latency
	if l.dim != dim || l.n != n || len(l.ring) != k+1 {
		l.n, l.dim = n, dim
		l.ring = make([][]F, k+1)
		for i := range l.ring {
			l.ring[i] = make([]F, dim*n)
		}
		l.last, l.heldAt = -1, -1
	}
	slot := l.ring[s%(k+1)]
	d.measure(slot, x, n, s)
	if l.last < 0 || s == 0 || (s != l.last && s != l.last+1) {
		// A new line (step 0), or one that was not followed: every
		// earlier step reads as this one.
		for _, r := range l.ring {
			if &r[0] != &slot[0] {
				copy(r, slot)
			}
		}
		l.heldAt = -1
	}
	l.last = s
	if l.heldAt >= 0 && s%d.hold != 0 && s-l.heldAt < d.hold {
		copy(f[:dim*n], l.held)
	} else {
		in := l.ring[(s+1)%(k+1)] // the measurement of step s-k
		d.inner.Force(t, in, f, n)
		if !d.cfg.DAC.Ideal() {
			for i, v := range f[:dim*n] {
				f[i] = F(d.dac.apply(float64(v)))
			}
		}
		if d.hold > 1 {
			if len(l.held) != dim*n {
				l.held = make([]F, dim*n)
			}
			copy(l.held, f[:dim*n])
			l.heldAt = s
		}
	}
	if d.cfg.Steps > 0 && s >= d.cfg.Steps {
		d.store.drop(d.first)
		d.cur = nil
	}
}

// measure writes the ADC's reading of x at step s into m.
func (d *Digital[F]) measure(m, x []F, n, s int) {
	dim := len(x) / n
	m, x = m[:dim*n], x[:dim*n]
	a := &d.cfg.ADC
	if a.Ideal() {
		copy(m, x)
		return
	}
	noisy := a.NoiseSD > 0
	if noisy || a.Dither {
		d.draw(n, dim, s)
	}
	for i, v := range x {
		w := float64(v)
		if noisy {
			// The conversions round each product, so that no target
			// fuses it with the addition.
			w += float64(a.NoiseSD * d.z[i])
		}
		if a.Dither {
			w += float64((d.u[i] - 0.5) * d.adc.lsb)
		}
		m[i] = F(d.adc.apply(w))
	}
}

// draw fills d.z with standard normals (noise) and d.u with uniforms on
// [0, 1) (dither), dimension-major, from each chain's stream of step s:
// for each chain the dim normals in dimension order, then the dim
// uniforms.
func (d *Digital[F]) draw(n, dim, s int) {
	a := &d.cfg.ADC
	if cap(d.z) < dim*n {
		d.z, d.u = make([]float64, dim*n), make([]float64, dim*n)
	}
	d.z, d.u = d.z[:dim*n], d.u[:dim*n]
	seed := mix64(d.key + uint64(s)*golden64)
	for c := range n {
		ch := rng.NewChain(seed, d.first+uint64(c))
		if a.NoiseSD > 0 {
			for k := range dim {
				d.z[k*n+c] = ch.Normal64()
			}
		}
		if a.Dither {
			for k := range dim {
				d.u[k*n+c] = ch.Uniform64()
			}
		}
	}
}

const golden64 = 0x9e3779b97f4a7c15

// mix64 is the SplitMix64 finaliser.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
