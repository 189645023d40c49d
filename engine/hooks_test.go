package engine

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
)

// harmonicE is harmonic with its energy, for the Metropolis steppers.
type harmonicE[F float32 | float64] struct{ harmonic[F] }

func (h harmonicE[F]) Energy(_ float64, x []F, u []float64, n int) {
	clear(u[:n])
	for k, kp := range h.kappa {
		for c := range n {
			v := float64(x[k*n+c])
			u[c] += float64(kp * v * v / 2)
		}
	}
}

func runJobMem[F float32 | float64](t *testing.T, cfg Config, job Job[F]) (*Result, []F) {
	t.Helper()
	sink := &memSink[F]{data: make([]F, cfg.Chains*cfg.Draws()*cfg.Dim), draws: cfg.Draws(), dim: cfg.Dim}
	job.Sink = sink
	res, err := RunJob(context.Background(), cfg, job)
	if err != nil {
		t.Fatal(err)
	}
	return res, sink.data
}

// TestMetropolisDeterminism: MALA and HMC adapt their step at a barrier
// after every burn-in step from a reduction over all chains; the samples
// and the adapted step must not depend on workers or shard size.
func TestMetropolisDeterminism(t *testing.T) {
	kappa := []float64{1, 2, 0.5}
	for _, integ := range []Integrator{MALA, HMC} {
		cfg := testConfig(3, 200)
		cfg.Integrator, cfg.Leapfrog, cfg.Adapt, cfg.Steps, cfg.Burnin = integ, 4, true, 120, 60
		job := Job[float64]{NewDemon: func(int) Demon[float64] { return harmonicE[float64]{harmonic[float64]{kappa}} }}
		cfg.Workers = 1
		want, wantX := runJobMem(t, cfg, job)
		if !want.Metropolis || want.StepSize == cfg.Dt || want.Acceptance <= 0 {
			t.Fatalf("%v: acceptance %v at step %v: no adaptation seen", integ, want.Acceptance, want.StepSize)
		}
		for _, w := range []int{2, 7} {
			for _, size := range []int{16, 48, 200} {
				cfg.Workers, cfg.ShardSize = w, size
				got, gotX := runJobMem(t, cfg, job)
				if !slices.Equal(gotX, wantX) || got.StepSize != want.StepSize || got.Acceptance != want.Acceptance {
					t.Fatalf("%v: workers=%d shard=%d: samples or step differ (step %v vs %v)", integ, w, size, got.StepSize, want.StepSize)
				}
			}
		}
	}
}

// TestMetropolisMoments checks MALA and HMC against N(0, kT/kappa) at a
// step far too large for ULA.
func TestMetropolisMoments(t *testing.T) {
	kappa := []float64{1, 9}
	for _, integ := range []Integrator{MALA, HMC} {
		cfg := testConfig(2, 1024)
		cfg.Integrator, cfg.Leapfrog, cfg.Adapt, cfg.KT = integ, 5, true, 0.7
		cfg.Steps, cfg.Burnin, cfg.Thin, cfg.Dt = 1500, 300, 5, 0.3
		job := Job[float64]{NewDemon: func(int) Demon[float64] { return harmonicE[float64]{harmonic[float64]{kappa}} }}
		res, _ := runJobMem(t, cfg, job)
		for k, kp := range kappa {
			want := cfg.KT / kp
			if st := res.Stats; math.Abs(st.Var[k]-want) > 5*st.VarSE[k] {
				t.Errorf("%v dim %d: var %.4f, want %.4f (5 SE = %.4f)", integ, k, st.Var[k], want, 5*st.VarSE[k])
			}
		}
		if math.Abs(res.Acceptance-cfg.Target()) > 0.05 {
			t.Errorf("%v: acceptance %.3f, target %.2f", integ, res.Acceptance, cfg.Target())
		}
	}
}

func TestMetropolisNeedsEnergy(t *testing.T) {
	cfg := testConfig(2, 32)
	cfg.Integrator, cfg.Leapfrog = HMC, 3
	_, err := Run(context.Background(), cfg, func(int) Demon[float64] { return harmonic[float64]{[]float64{1, 1}} }, nil)
	if err == nil || !strings.Contains(err.Error(), "energy") {
		t.Fatalf("got %v, want an error about the missing energy", err)
	}
}

// sumHook asks for a barrier every `every` steps and records, at each,
// the step and the sum of every chain's x in chain order.
type sumHook struct {
	every int
	steps []int
	sums  []float64
	t     *testing.T
}

func (h *sumHook) Next(step int) int { return step + h.every }

func (h *sumHook) Barrier(e *Ensemble[float64]) error {
	var s float64
	next := 0
	for i, sh := range e.Shards {
		if sh.Index != i || sh.Offset != next || sh.Step != e.Step {
			h.t.Errorf("shard %d: index %d, offset %d (want %d), step %d (want %d)", i, sh.Index, sh.Offset, next, sh.Step, e.Step)
		}
		next += sh.N
		for c := range sh.N {
			for k := range sh.Dim {
				s += sh.X[k*sh.N+c]
			}
		}
	}
	if next != e.Config.Chains {
		h.t.Errorf("shards cover %d chains, want %d", next, e.Config.Chains)
	}
	h.steps = append(h.steps, e.Step)
	h.sums = append(h.sums, s)
	return nil
}

// TestHooks checks when barriers fall, that the shards seen there are in
// chain order at one step, that a reduction in chain order gives the same
// bits for every worker count and shard size, and that a run with a hook
// writes the same samples as one without (shards resident or streamed).
func TestHooks(t *testing.T) {
	kappa := []float64{1, 2}
	newDemon := func(int) Demon[float64] { return harmonic[float64]{kappa} }
	cfg := testConfig(2, 150)
	cfg.Steps, cfg.Burnin, cfg.Thin = 50, 10, 3
	_, plain := runJobMem(t, cfg, Job[float64]{NewDemon: newDemon})
	var want *sumHook
	for _, w := range []int{1, 2, 3} {
		for _, size := range []int{16, 40, 150} {
			cfg.Workers, cfg.ShardSize = w, size
			h := &sumHook{every: 7, t: t}
			_, got := runJobMem(t, cfg, Job[float64]{NewDemon: newDemon, Hooks: []Hook[float64]{h}})
			if !slices.Equal(got, plain) {
				t.Fatalf("workers %d shard %d: samples with a hook differ from those without", w, size)
			}
			if !slices.Equal(h.steps, []int{7, 14, 21, 28, 35, 42, 49, 50}) {
				t.Fatalf("barriers at %v", h.steps)
			}
			if want == nil {
				want = h
			} else if !slices.Equal(h.sums, want.sums) {
				t.Fatalf("workers %d shard %d: sums in chain order differ", w, size)
			}
		}
	}
}

// clockStepper records the clocks it is given and moves nothing.
type clockStepper struct {
	mu     *sync.Mutex
	clocks map[int]Clock
}

func (s clockStepper) Layout() Layout                              { return Layout{} }
func (s clockStepper) Init(*Shard[float64], Demon[float64], Clock) {}
func (s clockStepper) Step(sh *Shard[float64], _ Demon[float64], c Clock) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clocks[c.Step] = c
	return -1
}

type scaleAt struct{ step int }

func (h scaleAt) Next(step int) int {
	if step < h.step {
		return h.step
	}
	return -1
}
func (h scaleAt) Barrier(e *Ensemble[float64]) error { e.StepScale = 2; return nil }

// binder records the shards it is bound to.
type binder struct {
	harmonic[float64]
	mu    *sync.Mutex
	bound map[uint64]int
}

func (b binder) Bind(first uint64, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.bound[first] = n
}

type linearSchedule struct{ from, to float64 }

func (s linearSchedule) At(t, T float64) float64 { return s.from + (s.to-s.from)*t/T }

// TestPluginStepper runs a stepper and a demon of the test's own: the
// clock carries the schedules and the hook's step scale, and the demon is
// bound to every shard with its global first chain.
func TestPluginStepper(t *testing.T) {
	cfg := testConfig(1, 100)
	cfg.Steps, cfg.Burnin, cfg.Thin, cfg.FirstChain, cfg.ShardSize = 10, 0, 1, 1000, 32
	cfg.KTSchedule = linearSchedule{2, 1}
	var mu sync.Mutex
	clocks := map[int]Clock{}
	bound := map[uint64]int{}
	demons := 0
	job := Job[float64]{
		NewDemon: func(int) Demon[float64] {
			mu.Lock()
			demons++
			mu.Unlock()
			return binder{harmonic[float64]{[]float64{1}}, &mu, bound}
		},
		NewStepper: func() Stepper[float64] { return clockStepper{&mu, clocks} },
		Hooks:      []Hook[float64]{scaleAt{5}},
	}
	cfg.Workers = 2
	runJobMem(t, cfg, job)
	if want := map[uint64]int{1000: 32, 1032: 32, 1064: 32, 1096: 4}; !mapsEqual(bound, want) {
		t.Errorf("bound to %v, want %v", bound, want)
	}
	if demons > cfg.Workers {
		t.Errorf("%d demons made for %d workers", demons, cfg.Workers)
	}
	for s := range cfg.Steps {
		c := clocks[s]
		dt := cfg.Dt
		if s >= 5 {
			dt *= 2
		}
		prev := 0.0
		if s > 0 {
			prev = cfg.Dt
			if s > 5 {
				prev *= 2
			}
		}
		kT := 2 - float64(s)/float64(cfg.Steps)
		if c.Step != s || c.Dt != dt || c.PrevDt != prev || math.Abs(c.KT-kT) > 1e-15 || c.T != float64(s)*cfg.Dt {
			t.Errorf("step %d: clock %+v, want dt %v, prev %v, kT %v", s, c, dt, prev, kT)
		}
	}
}

func mapsEqual(a, b map[uint64]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// alternating takes steps of 0.5 and 0.1 in turn.
type alternating struct{ dt float64 }

func (a alternating) At(t, T float64) float64 {
	if int(math.Round(t/a.dt))%2 == 0 {
		return 0.5
	}
	return 0.1
}

// TestBAOABStepSchedule: BAOAB samples a harmonic potential exactly at any
// step, also when the step changes from one step to the next, provided
// the closing kick of each step uses that step's own dt.
func TestBAOABStepSchedule(t *testing.T) {
	kappa := []float64{1, 4}
	cfg := testConfig(2, 2048)
	cfg.Steps, cfg.Burnin, cfg.Thin = 2000, 500, 10
	cfg.DtSchedule = alternating{cfg.Dt}
	res, _ := runMem[float64](t, cfg, kappa)
	for k, kp := range kappa {
		want := cfg.KT / kp
		if st := res.Stats; math.Abs(st.Var[k]-want) > 5*st.VarSE[k] {
			t.Errorf("dim %d: var %.4f, want %.4f (5 SE = %.4f)", k, st.Var[k], want, 5*st.VarSE[k])
		}
	}
}

// quartic is the double well U = (x² - 1)² in one dimension.
type quartic struct{}

func (quartic) Force(_ float64, x, f []float64, n int) {
	for i, v := range x[:n] {
		f[i] = -4 * v * (float64(v*v) - 1)
	}
}

func (quartic) Energy(_ float64, x []float64, u []float64, n int) {
	for i, v := range x[:n] {
		q := float64(v*v) - 1
		u[i] = q * q
	}
}

// TestMetropolisQuartic checks MALA and HMC on a non-Gaussian target, the
// double well at kT = 0.5 (variance 0.85211 by quadrature, see
// models.DoubleWell), from starts in the typical set, and that chains
// started far out in its quartic tails, where a step of 0.15 throws MALA's
// proposals far beyond the other well, are counted as stuck.
func TestMetropolisQuartic(t *testing.T) {
	const want = 0.852113 // models.DoubleWell{D: 1, Barrier: 1, Width: 1}.Moments(0.5)
	for _, integ := range []Integrator{MALA, HMC} {
		cfg := testConfig(1, 4096)
		cfg.Integrator, cfg.KT, cfg.Dt, cfg.Leapfrog, cfg.Jitter = integ, 0.5, 0.15, 4, 0.2
		cfg.Steps, cfg.Burnin, cfg.Thin, cfg.InitScale = 3000, 500, 5, 0.3
		job := Job[float64]{NewDemon: func(int) Demon[float64] { return quartic{} }}
		res, _ := runJobMem(t, cfg, job)
		st := res.Stats
		if math.Abs(st.Var[0]-want) > 5*st.VarSE[0] || res.Stuck != 0 {
			t.Errorf("%v: var %.4f, want %.4f (5 SE = %.4f); %d stuck chains", integ, st.Var[0], want, 5*st.VarSE[0], res.Stuck)
		}
	}
	cfg := testConfig(1, 4096)
	cfg.Integrator, cfg.KT, cfg.Dt, cfg.InitScale = MALA, 0.5, 0.15, 1.5
	cfg.Steps, cfg.Burnin, cfg.Thin = 1000, 200, 5
	res, _ := runJobMem(t, cfg, Job[float64]{NewDemon: func(int) Demon[float64] { return quartic{} }})
	if res.Stuck < 50 {
		t.Errorf("mala from far out: %d stuck chains counted, want the many that start beyond |x| = 2.4", res.Stuck)
	}
}

// TestNoAllocationPerStep: a run allocates per worker and per shard, never
// per step, with or without barriers and whatever the stepper, even when a
// schedule changes kT at every step.
func TestNoAllocationPerStep(t *testing.T) {
	kappa := []float64{1, 2}
	for _, integ := range []Integrator{BAOAB, ULA, MALA, HMC} {
		allocs := func(steps int) float64 {
			cfg := testConfig(2, 64)
			cfg.Integrator, cfg.Leapfrog, cfg.Adapt, cfg.Workers, cfg.ShardSize = integ, 3, true, 1, 32
			cfg.Steps, cfg.Burnin, cfg.Thin = steps, steps/2, steps/2
			cfg.KTSchedule = linearSchedule{2, 1}
			demon := harmonicE[float64]{harmonic[float64]{kappa}}
			return testing.AllocsPerRun(3, func() {
				if _, err := Run(context.Background(), cfg, func(int) Demon[float64] { return demon }, nil); err != nil {
					t.Fatal(err)
				}
			})
		}
		short, long := allocs(20), allocs(2000)
		// The burn-in barriers of MALA and HMC, one per step, cost a few
		// allocations each (the pool's goroutines, deques and task
		// function: 8 here); steps themselves cost none.
		per := (long - short) / (2000 - 20)
		limit := 0.01
		if integ == MALA || integ == HMC {
			limit = 6
		}
		t.Logf("%v: %.2f allocations per step", integ, per)
		if per > limit {
			t.Errorf("%v: %.0f allocations for 20 steps, %.0f for 2000: %.2f per step", integ, short, long, per)
		}
	}
}
