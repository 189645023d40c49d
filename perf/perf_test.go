package perf

import (
	"math"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/thermoai/thermo/kernel"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// BenchmarkWorkloads reports the best value of each workload over b.N
// repetitions, as Bench does, in the workload's unit. Threaded workloads
// use GOMAXPROCS threads, so -cpu sets their worker count. Each of thermo's workloads runs once per kernel path usable here, as
// BenchmarkWorkloads/avx512/normal/f32; the peers run once.
func BenchmarkWorkloads(b *testing.B) {
	for _, w := range Workloads() {
		if strings.HasPrefix(w.Name, "peer/") {
			b.Run(w.Name, func(b *testing.B) { benchWorkload(b, w) })
			continue
		}
		for _, path := range kernel.Available() {
			b.Run(path.String()+"/"+w.Name, func(b *testing.B) {
				defer kernel.ForceISA(path)()
				benchWorkload(b, w)
			})
		}
	}
}

func benchWorkload(b *testing.B, w Workload) {
	best := math.NaN()
	for b.Loop() {
		v := w.Run(runtime.GOMAXPROCS(0))
		if math.IsNaN(best) || w.HigherIsBetter == (v > best) {
			best = v
		}
	}
	b.ReportMetric(best, w.Unit)
	// A repetition includes its set-up and warm-up, so its wall time says
	// nothing about the workload.
	b.ReportMetric(0, "ns/op")
}

// testSize keeps every workload to milliseconds.
var testSize = size{
	target:     2 * time.Millisecond,
	normalDims: 16, normalChains: 1024,
	baoabDims: 16, baoabChains: 256, baoabSteps: 4,
	allChains:  1024,
	coupledDim: 64, coupledChains: 256, coupledSteps: 2,
	mlpChains: 64,
}

// contract lists the workload names and units that scripts and recorded
// results rely on, in the order of Workloads.
var contract = []struct{ name, unit string }{
	{"normal/f32", NsPerSample},
	{"normal/f64", NsPerSample},
	{"baoab/f32", NsPerElementStep},
	{"baoab/f64", NsPerElementStep},
	{"baoab/f32/all-workers", NsPerElementStep},
	{"coupled/f32/d64", NsPerElementStep},
	{"coupled/f32/d64/demon-share", Percent},
	{"ou/dense/f32/d64", NsPerElementStep},
	{"demon/gemm/f32/d64", GFLOPS},
	{"demon/gemm/f64/d64", GFLOPS},
	{"demon/mlp/f32", UsPerChain},
	{"demon/mlp/f32/products", GFLOPS},
	{"demon/mlp-train/f32", UsPerChain},
	{"peak/fma/f32", GFLOPS}, // builds with a peak probe only
	{"peak/mul-add/f32", GFLOPS},
	{"peer/rand-v2/normfloat64", NsPerSample},
	{"peer/rand-v2/normfloat64-chacha8", NsPerSample},
	{"peer/go-loop/baoab/f32", NsPerElementStep},
	{"peer/go-loop/baoab/f64", NsPerElementStep},
	{"peer/gonum/sgemm/d64", GFLOPS},
}

func TestWorkloadNames(t *testing.T) {
	ws := Workloads()
	contract := contract
	if peakProbe == nil {
		contract = slices.DeleteFunc(slices.Clone(contract), func(c struct{ name, unit string }) bool {
			return strings.HasPrefix(c.name, "peak/")
		})
	}
	if len(ws) != len(contract) {
		t.Fatalf("got %d workloads, want %d", len(ws), len(contract))
	}
	seen := make(map[string]bool)
	peer := false
	for i, w := range ws {
		if w.Name != contract[i].name || w.Unit != contract[i].unit {
			t.Errorf("workload %d is %q in %q, want %q in %q", i, w.Name, w.Unit, contract[i].name, contract[i].unit)
		}
		if seen[w.Name] {
			t.Errorf("workload %q appears twice", w.Name)
		}
		seen[w.Name] = true
		if w.HigherIsBetter != (w.Unit == GFLOPS) {
			t.Errorf("%s: HigherIsBetter = %t for unit %q", w.Name, w.HigherIsBetter, w.Unit)
		}
		isPeer := strings.HasPrefix(w.Name, "peer/")
		if peer && !isPeer {
			t.Errorf("%s follows a peer workload", w.Name)
		}
		peer = peer || isPeer
		if w.Run == nil {
			t.Errorf("%s has no Run", w.Name)
		}
	}
}

func TestWorkloadsRun(t *testing.T) {
	ws := workloads(testSize)
	if len(ws) != len(Workloads()) {
		t.Fatalf("test size has %d workloads, full size %d", len(ws), len(Workloads()))
	}
	for _, w := range ws {
		v := w.Run(2)
		if !(v > 0) || math.IsInf(v, 1) {
			t.Errorf("%s = %v %s, want a positive finite value", w.Name, v, w.Unit)
		}
	}
}

func TestBench(t *testing.T) {
	seq := func(vs ...float64) func(int) float64 {
		i := 0
		return func(int) float64 {
			v := vs[i%len(vs)]
			i++
			return v
		}
	}
	var calls int
	count := func(run func(int) float64) func(int) float64 {
		return func(w int) float64 { calls++; return run(w) }
	}
	ws := []Workload{
		{Name: "time", Unit: NsPerSample, Run: count(seq(3, 1, 4, 1.5, 9, 2))},
		{Name: "rate", Unit: GFLOPS, HigherIsBetter: true, Run: count(seq(3, 1, 4, 1.5, 9, 2))},
		{Name: "skipped", Unit: NsPerSample, Run: func(int) float64 { panic("filtered workload ran") }},
	}
	var reported []Result
	got := BenchWorkloads(ws, regexp.MustCompile("^(time|rate)$"), 0, 1, func(r Result) { reported = append(reported, r) })
	// With reps raised to MinReps, the sixth value is never drawn.
	want := []Result{{"time", NsPerSample, 1}, {"rate", GFLOPS, 9}}
	if !slices.Equal(got, want) {
		t.Errorf("bench = %v, want %v", got, want)
	}
	if !slices.Equal(reported, want) {
		t.Errorf("reported %v, want %v", reported, want)
	}
	if calls != 2*MinReps {
		t.Errorf("%d repetitions, want %d", calls, 2*MinReps)
	}
}

// TestGonumSameProduct checks that the gonum peer computes the coupled
// demon's force, so that the two rates compare the same work.
func TestGonumSameProduct(t *testing.T) {
	const dim, n = 64, 48
	m := coupledModel(dim)
	x := normalState(dim, n)
	want := make([]float32, dim*n)
	m.Demon32(n).Force(0, x, want, n)

	got := make([]float32, dim*n)
	blas32.Gemm(blas.NoTrans, blas.NoTrans, -1,
		couplingMatrix(m), blas32.General{Rows: dim, Cols: n, Stride: n, Data: x},
		0, blas32.General{Rows: dim, Cols: n, Stride: n, Data: got})
	for i := range want {
		// Sums of 64 products of order one, in different orders.
		if d := math.Abs(float64(got[i] - want[i])); d > 1e-4*(1+math.Abs(float64(want[i]))) {
			t.Fatalf("element %d: gonum %v, demon %v", i, got[i], want[i])
		}
	}
}
