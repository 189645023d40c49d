package hardware

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/models"
)

// recorder is a demon that keeps a copy of every state it is given and
// returns the force -x, or force if set.
type recorder[F kernel.Float] struct {
	inputs [][]F
	times  []float64
	force  []F
}

func (r *recorder[F]) Force(t float64, x, f []F, n int) {
	r.inputs = append(r.inputs, slices.Clone(x[:len(f)]))
	r.times = append(r.times, t)
	for i := range f {
		if r.force != nil {
			f[i] = r.force[i]
		} else {
			f[i] = -x[i]
		}
	}
}

func randState[F kernel.Float](r *rand.Rand, m int, lo, hi float64) []F {
	x := make([]F, m)
	for i := range x {
		x[i] = F(lo + (hi-lo)*r.Float64())
	}
	return x
}

func mustWrap[F kernel.Float](t *testing.T, cfg Config, inner engine.Demon[F]) *Digital[F] {
	t.Helper()
	d, err := Wrap(cfg, inner)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func coupled(t *testing.T, dim int) models.Model {
	t.Helper()
	m, err := models.New("coupled", dim, 5)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestIdeal: with no imperfection the digital demon returns exactly the
// force of the demon it wraps.
func TestIdeal(t *testing.T) {
	testIdeal[float32](t, func(m models.Model, n int) engine.Demon[float32] { return m.Demon32(n) })
	testIdeal[float64](t, func(m models.Model, n int) engine.Demon[float64] { return m.Demon64(n) })
}

func testIdeal[F kernel.Float](t *testing.T, demon func(models.Model, int) engine.Demon[F]) {
	const dim, n, dt = 3, 20, 0.1
	m := coupled(t, dim)
	r := rand.New(rand.NewPCG(1, 2))
	for _, hold := range []int{0, 1} {
		d := mustWrap(t, Config{Dt: dt, Hold: hold}, demon(m, n))
		ref := demon(m, n)
		for s := range 30 {
			x := randState[F](r, dim*n, -3, 3)
			f, g := make([]F, dim*n), make([]F, dim*n)
			d.Force(float64(s)*dt, x, f, n)
			ref.Force(float64(s)*dt, x, g, n)
			for i := range f {
				if math.Float64bits(float64(f[i])) != math.Float64bits(float64(g[i])) {
					t.Fatalf("hold %d step %d element %d: digital %v, inner %v", hold, s, i, f[i], g[i])
				}
			}
		}
	}
}

// TestQuantisation: the ADC's and the DAC's error is at most half an LSB
// inside the range, and their outputs are on the grid of levels.
func TestQuantisation(t *testing.T) {
	testQuantisation[float32](t)
	testQuantisation[float64](t)
}

func testQuantisation[F kernel.Float](t *testing.T) {
	const dim, n = 2, 500
	r := rand.New(rand.NewPCG(3, 4))
	for _, fs := range []float64{2, 3} {
		for _, bits := range []int{1, 4, 8, 12} {
			q := Converter{Bits: bits, FullScale: fs}
			lsb := q.LSB()
			// The rounding of F and of the product c·LSB.
			eps := 4 * fs * 0x1p-52
			if _, ok := any(F(0)).(float32); ok {
				eps = 4 * fs * 0x1p-23
			}
			onGrid := func(v float64) bool {
				c := v / lsb
				return math.Abs(c-math.Round(c)) <= eps/lsb
			}

			rec := &recorder[F]{}
			d := mustWrap(t, Config{Dt: 1, ADC: ADC{Converter: q}}, rec)
			x := randState[F](r, dim*n, -fs, fs-lsb/2)
			f := make([]F, dim*n)
			d.Force(0, x, f, n)
			for i, v := range rec.inputs[0] {
				if e := math.Abs(float64(v) - float64(x[i])); e > lsb/2+eps || !onGrid(float64(v)) {
					t.Fatalf("ADC fs %v bits %d: %v reads as %v (error %v, LSB %v)", fs, bits, x[i], v, e, lsb)
				}
			}

			// Dither of one LSB: error at most one LSB.
			rec = &recorder[F]{}
			d = mustWrap(t, Config{Dt: 1, Seed: 9, ADC: ADC{Converter: q, Dither: true}}, rec)
			x = randState[F](r, dim*n, -fs+lsb/2, fs-lsb)
			d.Force(0, x, f, n)
			for i, v := range rec.inputs[0] {
				if e := math.Abs(float64(v) - float64(x[i])); e > lsb+eps || !onGrid(float64(v)) {
					t.Fatalf("dithered ADC fs %v bits %d: %v reads as %v (error %v, LSB %v)", fs, bits, x[i], v, e, lsb)
				}
			}

			// DAC.
			g := randState[F](r, dim*n, -fs, fs-lsb/2)
			rec = &recorder[F]{force: g}
			d = mustWrap(t, Config{Dt: 1, DAC: q}, rec)
			d.Force(0, x, f, n)
			for i, v := range f {
				if e := math.Abs(float64(v) - float64(g[i])); e > lsb/2+eps || !onGrid(float64(v)) {
					t.Fatalf("DAC fs %v bits %d: %v comes out as %v (error %v, LSB %v)", fs, bits, g[i], v, e, lsb)
				}
			}
		}
	}
}

// TestDitherUnbiased: a uniform dither of one LSB makes the mean reading
// of a constant equal to the constant, where without dither it is the
// nearest level.
func TestDitherUnbiased(t *testing.T) {
	const n = 1 << 14
	q := Converter{Bits: 4, FullScale: 4} // LSB 0.5
	x := make([]float64, n)
	for i := range x {
		x[i] = 0.3 * q.LSB()
	}
	mean := func(dither bool) float64 {
		rec := &recorder[float64]{}
		d := mustWrap(t, Config{Dt: 1, Seed: 1, ADC: ADC{Converter: q, Dither: dither}}, rec)
		d.Force(0, x, make([]float64, n), n)
		var s float64
		for _, v := range rec.inputs[0] {
			s += v
		}
		return s / n
	}
	if m := mean(false); m != 0 {
		t.Errorf("undithered mean reading of 0.3 LSB is %v, want the level 0", m)
	}
	// A reading is 0 or one LSB: the sd of the mean is LSB·sqrt(0.21/n).
	if m, want := mean(true), x[0]; math.Abs(m-want) > 5*q.LSB()*math.Sqrt(0.21/n) {
		t.Errorf("dithered mean reading %v, want %v", m, want)
	}
}

// TestNoise: the measurement noise has the standard deviation asked for
// and depends on the chain's global index and the step only.
func TestNoise(t *testing.T) {
	const n, sd = 1 << 14, 0.5
	rec := &recorder[float64]{}
	d := mustWrap(t, Config{Dt: 0.5, Seed: 3, ADC: ADC{NoiseSD: sd}}, rec)
	x := make([]float64, n)
	d.Force(1, x, make([]float64, n), n)
	var s, s2 float64
	for _, v := range rec.inputs[0] {
		s += v
		s2 += v * v
	}
	mean, v := s/n, s2/n-(s/n)*(s/n)
	if math.Abs(mean) > 5*sd/math.Sqrt(n) || math.Abs(math.Sqrt(v)/sd-1) > 5/math.Sqrt(2*n) {
		t.Errorf("noise mean %v sd %v, want 0 and %v", mean, math.Sqrt(v), sd)
	}
	// The next step draws afresh.
	d.Force(1.5, x, make([]float64, n), n)
	if slices.Equal(rec.inputs[0], rec.inputs[1]) {
		t.Error("steps 2 and 3 drew the same noise")
	}
}

// TestClipping: the converters clip to their full scale; NaN passes.
func TestClipping(t *testing.T) {
	inf := math.Inf(1)
	x := []float64{-5, -1, 0.5, 1, 7, inf, -inf, 0.99}
	for _, c := range []struct {
		q    Converter
		want []float64
	}{
		{Converter{FullScale: 1}, []float64{-1, -1, 0.5, 1, 1, 1, -1, 0.99}},
		{Converter{Bits: 3, FullScale: 1}, []float64{-1, -1, 0.5, 0.75, 0.75, 0.75, -1, 0.75}},
	} {
		rec := &recorder[float64]{}
		d := mustWrap(t, Config{Dt: 1, ADC: ADC{Converter: c.q}}, rec)
		f := make([]float64, len(x))
		d.Force(0, x, f, len(x))
		if !slices.Equal(rec.inputs[0], c.want) {
			t.Errorf("ADC %+v reads %v as %v, want %v", c.q, x, rec.inputs[0], c.want)
		}
		rec = &recorder[float64]{force: x}
		d = mustWrap(t, Config{Dt: 1, DAC: c.q}, rec)
		d.Force(0, make([]float64, len(x)), f, len(x))
		if !slices.Equal(f, c.want) {
			t.Errorf("DAC %+v turns %v into %v, want %v", c.q, x, f, c.want)
		}
	}
	rec := &recorder[float64]{}
	d := mustWrap(t, Config{Dt: 1, ADC: ADC{Converter: Converter{Bits: 3, FullScale: 1}}}, rec)
	d.Force(0, []float64{math.NaN()}, make([]float64, 1), 1)
	if !math.IsNaN(rec.inputs[0][0]) {
		t.Errorf("NaN reads as %v", rec.inputs[0][0])
	}
}

// stepState is a state that tells its step, shard and element apart.
func stepState(s int, shard float64, m int) []float64 {
	x := make([]float64, m)
	for i := range x {
		x[i] = float64(s) + shard + float64(i)/1024
	}
	return x
}

// TestLatency: the wrapped demon sees the state of exactly Latency steps
// before (x_0 before step Latency), per shard, whichever demon of the
// factory serves the shard.
func TestLatency(t *testing.T) {
	const dim, n, dt = 2, 16, 0.25
	for _, k := range []int{0, 1, 2, 5} {
		var recs []*recorder[float64]
		var mu sync.Mutex
		factory, err := New(Config{Dt: dt, Latency: k}, func(int) engine.Demon[float64] {
			mu.Lock()
			defer mu.Unlock()
			r := &recorder[float64]{}
			recs = append(recs, r)
			return r
		})
		if err != nil {
			t.Fatal(err)
		}
		w1, w2 := factory(n), factory(n)
		f := make([]float64, dim*n)
		run := func(d engine.Demon[float64], first uint64, from, to int) {
			d.(engine.Binder).Bind(first, n)
			for s := from; s < to; s++ {
				d.Force(float64(s)*dt, stepState(s, float64(first)*100, dim*n), f, n)
			}
		}
		// Worker 1 runs shard A to step 6 and shard B to step 6; worker 2
		// takes A on to step 12 (a shard moving between workers at a
		// barrier).
		run(w1, 0, 0, 7)
		run(w1, 16, 0, 7)
		run(w2, 0, 7, 13)
		check := func(inputs [][]float64, first uint64, from, to int) {
			for s := from; s < to; s++ {
				want := stepState(max(0, s-k), float64(first)*100, dim*n)
				if got := inputs[s-from]; !slices.Equal(got, want) {
					t.Fatalf("latency %d, shard %d, step %d: demon saw %v, want state of step %d", k, first, s, got[:2], max(0, s-k))
				}
			}
		}
		check(recs[0].inputs[:7], 0, 0, 7)
		check(recs[0].inputs[7:], 16, 0, 7)
		check(recs[1].inputs, 0, 7, 13)
	}
}

// TestHold: with Hold h a force is computed at the multiples of h only and
// held in between; with latency it comes from the state Latency steps
// before the step it is computed at.
func TestHold(t *testing.T) {
	const n, dt = 4, 0.5
	for _, c := range []struct{ hold, latency int }{{3, 0}, {3, 2}, {5, 1}} {
		rec := &recorder[float64]{}
		d := mustWrap(t, Config{Dt: dt, Hold: c.hold, Latency: c.latency, DAC: Converter{Bits: 12, FullScale: 64}}, rec)
		var forces [][]float64
		for s := range 20 {
			f := make([]float64, n)
			d.Force(float64(s)*dt, stepState(s, 0, n), f, n)
			forces = append(forces, f)
		}
		calls := 0
		for s := range 20 {
			if s%c.hold != 0 {
				if !slices.Equal(forces[s], forces[s-1]) {
					t.Fatalf("%+v: force changed at step %d", c, s)
				}
				continue
			}
			want := stepState(max(0, s-c.latency), 0, n)
			if !slices.Equal(rec.inputs[calls], want) {
				t.Fatalf("%+v: force of step %d from %v, want state of step %d", c, s, rec.inputs[calls], s-c.latency)
			}
			if rec.times[calls] != float64(s)*dt {
				t.Fatalf("%+v: inner demon asked at t=%v, want %v", c, rec.times[calls], float64(s)*dt)
			}
			calls++
		}
		if calls != len(rec.inputs) {
			t.Errorf("%+v: %d forces computed, want %d", c, len(rec.inputs), calls)
		}
	}
}

// TestShardIndependence: a chain's readings (noise, dither, delay) are the
// same whatever shard it is read in.
func TestShardIndependence(t *testing.T) {
	const dim, chains, dt = 3, 48, 0.1
	cfg := Config{Seed: 11, Dt: dt, Latency: 1, ADC: ADC{Converter: Converter{Bits: 6, FullScale: 4}, NoiseSD: 0.1, Dither: true}}
	states := make([][]float64, 10) // [step] chain-major [chains][dim]
	r := rand.New(rand.NewPCG(5, 6))
	for s := range states {
		states[s] = randState[float64](r, chains*dim, -3, 3)
	}
	read := func(size int) [][]float64 { // [step] chain-major readings
		out := make([][]float64, len(states))
		for s := range out {
			out[s] = make([]float64, chains*dim)
		}
		for c0 := 0; c0 < chains; c0 += size {
			rec := &recorder[float64]{}
			d := mustWrap(t, cfg, rec)
			d.Bind(uint64(c0), size)
			x, f := make([]float64, dim*size), make([]float64, dim*size)
			for s := range states {
				for c := range size {
					for k := range dim {
						x[k*size+c] = states[s][(c0+c)*dim+k]
					}
				}
				d.Force(float64(s)*dt, x, f, size)
				for c := range size {
					for k := range dim {
						out[s][(c0+c)*dim+k] = rec.inputs[s][k*size+c]
					}
				}
			}
		}
		return out
	}
	want := read(chains)
	for _, size := range []int{16, 24} {
		got := read(size)
		for s := range got {
			if !slices.Equal(got[s], want[s]) {
				t.Fatalf("shards of %d: readings at step %d differ from one shard's", size, s)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []Config{
		{},
		{Dt: 1, ADC: ADC{Converter: Converter{Bits: 8}}},
		{Dt: 1, ADC: ADC{Converter: Converter{Bits: 33, FullScale: 1}}},
		{Dt: 1, ADC: ADC{Dither: true}},
		{Dt: 1, ADC: ADC{NoiseSD: -1}},
		{Dt: 1, DAC: Converter{FullScale: math.NaN()}},
		{Dt: 1, Latency: -1},
		{Dt: 1, Hold: -2},
	} {
		if err := c.Validate(); err == nil {
			t.Errorf("%+v: no error", c)
		}
	}
}

// memSink keeps the samples as [chains][draws][dim].
type memSink[F kernel.Float] struct {
	data       []F
	draws, dim int
}

func (m *memSink[F]) WriteBlock(c0, n, d0, nd int, block []F) error {
	row := nd * m.dim
	for c := range n {
		copy(m.data[((c0+c)*m.draws+d0)*m.dim:], block[c*row:(c+1)*row])
	}
	return nil
}

// barrierEvery asks for a barrier every n steps, so that the run keeps its
// shards resident and they may change workers between segments.
type barrierEvery[F kernel.Float] int

func (h barrierEvery[F]) Next(step int) int                 { return step + int(h) }
func (h barrierEvery[F]) Barrier(*engine.Ensemble[F]) error { return nil }

func engineConfig(dim, chains int) engine.Config {
	ones := make([]float64, dim)
	for i := range ones {
		ones[i] = 1
	}
	return engine.Config{Dim: dim, Chains: chains, Seed: 7, Steps: 300, Burnin: 100, Thin: 5,
		Dt: 0.05, KT: 1, Mass: ones, Friction: ones, InitScale: 1, Integrator: engine.BAOAB}
}

func runDigital[F kernel.Float](t *testing.T, cfg engine.Config, hw Config, inner func(n int) engine.Demon[F], hooks bool) (*engine.Result, []F, func(int) engine.Demon[F]) {
	t.Helper()
	factory, err := New(hw, inner)
	if err != nil {
		t.Fatal(err)
	}
	sink := &memSink[F]{data: make([]F, cfg.Chains*cfg.Draws()*cfg.Dim), draws: cfg.Draws(), dim: cfg.Dim}
	job := engine.Job[F]{NewDemon: factory, Sink: sink}
	if hooks {
		job.Hooks = []engine.Hook[F]{barrierEvery[F](37)}
	}
	res, err := engine.RunJob(context.Background(), cfg, job)
	if err != nil {
		t.Fatal(err)
	}
	return res, sink.data, factory
}

// TestEngineDeterminism: a run with a digital demon gives the same bits
// with 1 and 2 workers and shards of 16 and 48 chains, streaming or
// resident, and releases its lines.
func TestEngineDeterminism(t *testing.T) {
	m := coupled(t, 4)
	testEngineDeterminism(t, m.Demon32, "c08e36b8636a9dff09cf6b8a3d08ca590626facfd39ffb6127354a010edbfcd6")
	testEngineDeterminism(t, m.Demon64, "862f8be91f6ed35dfebe612911ab61e7d512d98a40c6b907f18561aaee10ae54")
}

// digest is the SHA-256 of the samples' little-endian bytes.
func digest[F kernel.Float](x []F) string {
	h := sha256.New()
	var b [8]byte
	for _, v := range x {
		if f, ok := any(v).(float32); ok {
			binary.LittleEndian.PutUint32(b[:4], math.Float32bits(f))
			h.Write(b[:4])
		} else {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(float64(v)))
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// testEngineDeterminism also pins the samples' digest, the same on every
// architecture and kernel path.
func testEngineDeterminism[F kernel.Float, D engine.Demon[F]](t *testing.T, demon func(int) D, golden string) {
	cfg := engineConfig(4, 96)
	inner := func(n int) engine.Demon[F] { return demon(n) }
	hw := Config{Seed: cfg.Seed, Dt: cfg.Dt, Steps: cfg.Steps, Latency: 2, Hold: 2,
		ADC: ADC{Converter: Converter{Bits: 8, FullScale: 4}, NoiseSD: 0.05, Dither: true},
		DAC: Converter{Bits: 10, FullScale: 8}}
	var want []F
	var wantRes *engine.Result
	for _, hooks := range []bool{false, true} {
		for _, w := range []int{1, 2} {
			for _, size := range []int{16, 48} {
				c := cfg
				c.Workers, c.ShardSize = w, size
				res, got, factory := runDigital(t, c, hw, inner, hooks)
				if n := factory(16).(*Digital[F]).Lines(); n != 0 {
					t.Errorf("workers %d shards %d hooks %v: %d lines left", w, size, hooks, n)
				}
				if want == nil {
					want, wantRes = got, res
					continue
				}
				if !slices.Equal(got, want) {
					t.Fatalf("workers %d shards %d hooks %v: samples differ", w, size, hooks)
				}
				if !slices.Equal(res.Stats.Var, wantRes.Stats.Var) || !slices.Equal(res.Stats.Mean, wantRes.Stats.Mean) {
					t.Fatalf("workers %d shards %d hooks %v: summary differs", w, size, hooks)
				}
			}
		}
	}
	if got := digest(want); got != golden {
		t.Errorf("samples' digest %s, want %s", got, golden)
	}
	// The imperfections do change the samples.
	_, ideal, _ := runDigital(t, cfg, Config{Dt: cfg.Dt}, inner, false)
	if slices.Equal(ideal, want) {
		t.Error("the digital demon's samples are the ideal ones")
	}
	// And the ideal digital demon is the plain demon.
	plain := &memSink[F]{data: make([]F, len(ideal)), draws: cfg.Draws(), dim: cfg.Dim}
	if _, err := engine.Run(context.Background(), cfg, inner, plain); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ideal, plain.data) {
		t.Error("the ideal digital demon's samples differ from the plain demon's")
	}
}
