// Package perf measures the throughput of thermo's random number fills,
// integrator, engine and demons, and of the code a Go user would otherwise
// write for the same work (the peers), so that the two can be compared on
// the same machine in the same run.
//
// Every workload is a fixed problem; a repetition warms it up, times it once
// and returns its value in the workload's unit. Bench keeps the best of
// several repetitions, which estimates what the hardware can do with the
// least interference from the rest of the system.
package perf

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"time"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/rng"
)

// Units of the workloads.
const (
	NsPerSample      = "ns/sample"
	NsPerElementStep = "ns/element-step"
	GFLOPS           = "GFLOP/s"
)

// MinReps is the smallest number of repetitions Bench makes of a workload.
const MinReps = 5

// Result is one measured workload.
type Result struct {
	Name  string  `json:"name"`
	Unit  string  `json:"unit"`
	Value float64 `json:"value"`
}

// Workload is a named benchmark. Run makes one repetition, a warm-up
// followed by a timed run, and returns its value in Unit. workers is the
// number of threads a workload that can use several may use, all of them
// (GOMAXPROCS) when it is less than one; one-worker workloads ignore it.
type Workload struct {
	Name, Unit     string
	HigherIsBetter bool
	Run            func(workers int) float64
}

// Workloads returns thermo's workloads followed by those of its peers,
// whose names begin with "peer/".
func Workloads() []Workload {
	return workloads(fullSize)
}

// Bench runs the workloads whose names match filter, all of them if filter
// is nil, reps times each, at least MinReps, and returns the best value of
// each: the least for a time per unit of work, the greatest for a rate.
// If each is not nil it is called with each result as soon as it is known,
// so that a long run can report progress.
func Bench(filter *regexp.Regexp, workers, reps int, each func(Result)) []Result {
	return BenchWorkloads(Workloads(), filter, workers, reps, each)
}

// BenchWorkloads is Bench over the workloads ws.
func BenchWorkloads(ws []Workload, filter *regexp.Regexp, workers, reps int, each func(Result)) []Result {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	reps = max(reps, MinReps)
	var results []Result
	for _, w := range ws {
		if filter != nil && !filter.MatchString(w.Name) {
			continue
		}
		best := w.Run(workers)
		for range reps - 1 {
			v := w.Run(workers)
			if w.HigherIsBetter == (v > best) {
				best = v
			}
		}
		r := Result{Name: w.Name, Unit: w.Unit, Value: best}
		results = append(results, r)
		if each != nil {
			each(r)
		}
	}
	return results
}

// size is the scale of the workloads. The names of the workloads describe
// fullSize; the tests run a smaller one.
type size struct {
	target time.Duration // timed span of the workloads that repeat a call

	normalDims, normalChains int

	baoabDims, baoabChains, baoabSteps int
	allChains                          int

	coupledDim, coupledChains, coupledSteps int

	mlpChains int
}

var fullSize = size{
	target:     50 * time.Millisecond,
	normalDims: 16, normalChains: 1024,
	baoabDims: 16, baoabChains: 4096, baoabSteps: 200,
	allChains:  65536,
	coupledDim: 64, coupledChains: 4096, coupledSteps: 20,
	mlpChains: mlpChains,
}

// The Langevin parameters of the BAOAB workloads, stable for the stiffest
// coupled model (eigenvalues of J up to about 5).
const (
	benchDt       = 0.05
	benchFriction = 1.0
	benchMass     = 1.0
	benchKT       = 1.0
	benchSeed     = 1
)

func workloads(sz size) []Workload {
	ws := []Workload{
		{Name: "normal/f32", Unit: NsPerSample, Run: func(int) float64 { return fillNormal[float32](sz) }},
		{Name: "normal/f64", Unit: NsPerSample, Run: func(int) float64 { return fillNormal[float64](sz) }},
		{Name: "baoab/f32", Unit: NsPerElementStep, Run: func(int) float64 {
			return baoabHarmonic[float32](sz.baoabDims, sz.baoabChains, sz.baoabSteps, 1)
		}},
		{Name: "baoab/f64", Unit: NsPerElementStep, Run: func(int) float64 {
			return baoabHarmonic[float64](sz.baoabDims, sz.baoabChains, sz.baoabSteps, 1)
		}},
		{Name: "baoab/f32/all-workers", Unit: NsPerElementStep, Run: func(workers int) float64 {
			return baoabHarmonic[float32](sz.baoabDims, sz.allChains, sz.baoabSteps, workers)
		}},
		{Name: "coupled/f32/d64", Unit: NsPerElementStep, Run: func(int) float64 { return baoabCoupled(sz) }},
		{Name: "coupled/f32/d64/demon-share", Unit: Percent, Run: func(int) float64 { return coupledDemonShare(sz) }},
		{Name: "ou/dense/f32/d64", Unit: NsPerElementStep, Run: func(int) float64 { return ouDense(sz) }},
		{Name: "demon/gemm/f32/d64", Unit: GFLOPS, HigherIsBetter: true, Run: func(int) float64 { return coupledForce(sz) }},
		{Name: "demon/gemm/f64/d64", Unit: GFLOPS, HigherIsBetter: true, Run: func(int) float64 { return gemm64(sz) }},
		{Name: "demon/mlp/f32", Unit: UsPerChain, Run: func(int) float64 { return mlpForce(sz) }},
		{Name: "demon/mlp/f32/products", Unit: GFLOPS, HigherIsBetter: true, Run: func(int) float64 { return mlpProducts(sz) }},
		{Name: "demon/mlp-train/f32", Unit: UsPerChain, Run: func(int) float64 { return mlpTrain(sz) }},
	}
	ws = append(ws, peakWorkloads(sz)...)
	return append(ws, peers(sz)...)
}

// repeat calls f for at least d and returns the time taken and the number
// of calls. Reading the clock once per call costs far less than the calls
// it is used for.
func repeat(d time.Duration, f func()) (time.Duration, int) {
	start := time.Now()
	for calls := 1; ; calls++ {
		f()
		if t := time.Since(start); t >= d {
			return t, calls
		}
	}
}

// timeCalls warms f up for a tenth of d, then times calls to it for d and
// returns the time per call in nanoseconds.
func timeCalls(d time.Duration, f func()) float64 {
	repeat(d/10, f)
	// Garbage left by setting up the workload is collected now rather than
	// during the timed calls.
	runtime.GC()
	t, calls := repeat(d, f)
	return float64(t.Nanoseconds()) / float64(calls)
}

func fillNormal[F kernel.Float](sz size) float64 {
	n := sz.normalChains
	s := rng.NewStreams(benchSeed, 0, n)
	dst := make([]F, sz.normalDims*n)
	return timeCalls(sz.target, func() { rng.FillNormal(dst, s) }) / float64(len(dst))
}

// engineConfig returns the engine configuration of a BAOAB run that
// records only its last step, so that the run is almost all stepping.
func engineConfig(dim, chains, steps, workers int) engine.Config {
	mass := make([]float64, dim)
	friction := make([]float64, dim)
	for k := range dim {
		mass[k], friction[k] = benchMass, benchFriction
	}
	return engine.Config{
		Dim: dim, Chains: chains, Seed: benchSeed,
		Steps: steps, Burnin: steps - 1, Thin: 1,
		Dt: benchDt, KT: benchKT, Mass: mass, Friction: friction,
		InitScale: 1, Integrator: engine.BAOAB, Workers: workers,
	}
}

// timeEngine runs cfg once for a few steps to warm up, then times a full
// run and returns nanoseconds per element-step. The time includes the run's
// set-up, the initial state and force of every shard, since a user of the
// engine pays for it too; over the steps of a workload it is a few percent
// at most.
func timeEngine[F kernel.Float](cfg engine.Config, newDemon func(n int) engine.Demon[F]) float64 {
	ctx := context.Background()
	warm := cfg
	warm.Steps = min(cfg.Steps, 2)
	warm.Burnin = warm.Steps - 1
	if _, err := engine.Run(ctx, warm, newDemon, nil); err != nil {
		panic(fmt.Sprintf("perf: %v", err))
	}
	runtime.GC()
	start := time.Now()
	if _, err := engine.Run(ctx, cfg, newDemon, nil); err != nil {
		panic(fmt.Sprintf("perf: %v", err))
	}
	t := time.Since(start)
	return float64(t.Nanoseconds()) / (float64(cfg.Chains) * float64(cfg.Dim) * float64(cfg.Steps))
}

// baoabHarmonic times BAOAB on U(x) = |x|²/2, the gaussian model with
// its default unit stiffness: the cheapest force there is, so that the run
// measures the integrator and the engine.
func baoabHarmonic[F kernel.Float](dim, chains, steps, workers int) float64 {
	m, err := models.New("gaussian", dim, benchSeed)
	if err != nil {
		panic(fmt.Sprintf("perf: %v", err))
	}
	cfg := engineConfig(dim, chains, steps, workers)
	return timeEngine(cfg, func(n int) engine.Demon[F] {
		var zero F
		if _, ok := any(zero).(float32); ok {
			return any(m.Demon32(n)).(engine.Demon[F])
		}
		return any(m.Demon64(n)).(engine.Demon[F])
	})
}

func coupledModel(dim int) models.Model {
	m, err := models.New("coupled", dim, benchSeed)
	if err != nil {
		panic(fmt.Sprintf("perf: %v", err))
	}
	return m
}

func baoabCoupled(sz size) float64 {
	m := coupledModel(sz.coupledDim)
	cfg := engineConfig(sz.coupledDim, sz.coupledChains, sz.coupledSteps, 1)
	return timeEngine(cfg, func(n int) engine.Demon[float32] { return m.Demon32(n) })
}

// gemmFlops is the number of floating-point operations of the product of a
// dim×dim matrix with a dim×n one.
func gemmFlops(dim, n int) float64 {
	return 2 * float64(dim) * float64(dim) * float64(n)
}

// normalState returns dim*n standard normal float32 values, a typical state
// for the force workloads.
func normalState(dim, n int) []float32 {
	x := make([]float32, dim*n)
	rng.FillNormal32(x, rng.NewStreams(benchSeed, 0, n))
	return x
}

func coupledForce(sz size) float64 {
	dim, n := sz.coupledDim, sz.coupledChains
	d := coupledModel(dim).Demon32(n)
	x := normalState(dim, n)
	f := make([]float32, dim*n)
	ns := timeCalls(sz.target, func() { d.Force(0, x, f, n) })
	return gemmFlops(dim, n) / ns
}
