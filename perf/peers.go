package perf

import (
	"math"
	"math/rand/v2"
	"runtime"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/rng"
)

// peers returns the workloads that do thermo's work the way a Go user
// would without it: the standard library's generators, a straightforward
// Langevin loop and gonum's BLAS.
func peers(sz size) []Workload {
	return []Workload{
		{Name: "peer/rand-v2/normfloat64", Unit: NsPerSample, Run: func(int) float64 {
			return randV2Normal(sz, rand.NewPCG(benchSeed, 2))
		}},
		{Name: "peer/rand-v2/normfloat64-chacha8", Unit: NsPerSample, Run: func(int) float64 {
			return randV2Normal(sz, rand.NewChaCha8([32]byte{benchSeed}))
		}},
		{Name: "peer/go-loop/baoab/f32", Unit: NsPerElementStep, Run: func(int) float64 {
			return goLoopBAOAB[float32](sz.baoabDims, sz.baoabChains, sz.baoabSteps)
		}},
		{Name: "peer/go-loop/baoab/f64", Unit: NsPerElementStep, Run: func(int) float64 {
			return goLoopBAOAB[float64](sz.baoabDims, sz.baoabChains, sz.baoabSteps)
		}},
		{Name: "peer/gonum/sgemm/d64", Unit: GFLOPS, HigherIsBetter: true, Run: func(workers int) float64 {
			return gonumForce(sz, workers)
		}},
	}
}

// randV2Normal fills as many values as the normal workloads, one call to
// NormFloat64 each.
func randV2Normal(sz size, src rand.Source) float64 {
	r := rand.New(src)
	dst := make([]float64, sz.normalDims*sz.normalChains)
	fill := func() {
		for i := range dst {
			dst[i] = r.NormFloat64()
		}
	}
	return timeCalls(sz.target, fill) / float64(len(dst))
}

// goChain is one chain of the plain Go loop, with its own slices as a
// chain type in user code would have.
type goChain[F kernel.Float] struct {
	x, p, f []F
}

// goLoopBAOAB integrates the harmonic workload of the baoab workloads with
// the same coefficients, chain by chain in one goroutine, drawing each
// noise value from math/rand/v2 as it is needed, and returns nanoseconds
// per element-step.
func goLoopBAOAB[F kernel.Float](dim, chains, steps int) float64 {
	r := rand.New(rand.NewPCG(benchSeed, 2))
	h, m, g := benchDt, benchMass, benchFriction
	halfH := F(h / 2)
	a := F(h / (2 * m))
	c1 := F(rng.Exp(-g * h / m))
	c2 := F(math.Sqrt(benchKT * m * -rng.Expm1(-2*g*h/m)))
	sigmaP := math.Sqrt(benchKT * m)

	force := func(x, f []F) {
		for k, v := range x {
			f[k] = -v
		}
	}
	cs := make([]goChain[F], chains)
	for i := range cs {
		c := goChain[F]{x: make([]F, dim), p: make([]F, dim), f: make([]F, dim)}
		for k := range dim {
			c.x[k] = F(r.NormFloat64())
			c.p[k] = F(sigmaP * r.NormFloat64())
		}
		force(c.x, c.f)
		cs[i] = c
	}
	step := func() {
		for i := range cs {
			c := &cs[i]
			for k := range c.x {
				c.p[k] += halfH * c.f[k]
				c.x[k] += a * c.p[k]
				c.p[k] = c1*c.p[k] + c2*F(r.NormFloat64())
				c.x[k] += a * c.p[k]
			}
			force(c.x, c.f)
			for k := range c.p {
				c.p[k] += halfH * c.f[k]
			}
		}
	}

	for range min(steps, 2) {
		step()
	}
	runtime.GC()
	start := time.Now()
	for range steps {
		step()
	}
	t := time.Since(start)
	return float64(t.Nanoseconds()) / (float64(chains) * float64(dim) * float64(steps))
}

// gonumForce computes the coupled demon's force f = -J x as one call to
// gonum's Sgemm, which runs on up to GOMAXPROCS goroutines; GOMAXPROCS is
// set to workers for the duration so that its thread count is comparable
// with the other workloads.
func gonumForce(sz size, workers int) float64 {
	if workers > 0 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(workers))
	}
	dim, n := sz.coupledDim, sz.coupledChains
	j := couplingMatrix(coupledModel(dim))
	// The dimension-major state is a row-major dim×n matrix.
	x := blas32.General{Rows: dim, Cols: n, Stride: n, Data: normalState(dim, n)}
	f := blas32.General{Rows: dim, Cols: n, Stride: n, Data: make([]float32, dim*n)}
	ns := timeCalls(sz.target, func() { blas32.Gemm(blas.NoTrans, blas.NoTrans, -1, j, x, 0, f) })
	return gemmFlops(dim, n) / ns
}

// couplingMatrix returns the J of a coupled model in float32, as the
// model's demon rounds it.
func couplingMatrix(m models.Model) blas32.General {
	dim := m.Dim()
	j := blas32.General{Rows: dim, Cols: dim, Stride: dim, Data: make([]float32, dim*dim)}
	for i, row := range m.Params()["J"].([][]float64) {
		for k, v := range row {
			j.Data[i*dim+k] = float32(v)
		}
	}
	return j
}
