package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// The step benchmarks advance a shard of benchDims dimensions and n chains
// on every path that runs here, generic first, and report the time per
// element and, for the assembly paths, the speed-up over the generic code
// measured in the same run.
const benchDims = 4

var benchChains = []int{100, 4096, 65536}

// benchPaths runs step for every path, precision and chain count as
// BenchmarkX/path/f32/n=4096. step returns the function to time, set up
// for dim*n elements of the precision named.
func benchPaths(b *testing.B, step func(prec string, n int) func()) {
	generic := map[string]float64{}
	for _, i := range Available() {
		for _, prec := range []string{"f32", "f64"} {
			for _, n := range benchChains {
				key := fmt.Sprintf("%s/n=%d", prec, n)
				b.Run(i.String()+"/"+key, func(b *testing.B) {
					defer ForceISA(i)()
					run := step(prec, n)
					for b.Loop() {
						run()
					}
					ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N*benchDims*n)
					b.ReportMetric(ns, "ns/element")
					if i == Generic {
						generic[key] = ns
					} else if g := generic[key]; g > 0 {
						b.ReportMetric(g/ns, "x-generic")
					}
				})
			}
		}
	}
}

func normals[F float32 | float64](r *rand.Rand, n int) []F {
	v := make([]F, n)
	for i := range v {
		v[i] = F(r.NormFloat64())
	}
	return v
}

func benchMass() (mass, friction []float64) {
	mass, friction = make([]float64, benchDims), make([]float64, benchDims)
	for k := range mass {
		mass[k], friction[k] = 1+float64(k), 0.5
	}
	return mass, friction
}

func baoabBench[F float32 | float64](n int) func() {
	r := rand.New(rand.NewPCG(1, 2))
	mass, friction := benchMass()
	c := NewBAOABCoef[F](0.01, 1, mass, friction)
	x, p, f, xi := normals[F](r, benchDims*n), normals[F](r, benchDims*n), normals[F](r, benchDims*n), normals[F](r, benchDims*n)
	return func() { StepBAOAB(x, p, f, xi, n, c, true) }
}

func kickBench[F float32 | float64](n int) func() {
	r := rand.New(rand.NewPCG(1, 2))
	p, f := normals[F](r, benchDims*n), normals[F](r, benchDims*n)
	return func() { Kick(p, f, 0.005) }
}

func ulaBench[F float32 | float64](n int) func() {
	r := rand.New(rand.NewPCG(1, 2))
	_, friction := benchMass()
	c := NewULACoef[F](0.01, 1, friction)
	x, f, xi := normals[F](r, benchDims*n), normals[F](r, benchDims*n), normals[F](r, benchDims*n)
	return func() { StepULA(x, f, xi, n, c) }
}

func ouBench[F float32 | float64](n int) func() {
	r := rand.New(rand.NewPCG(1, 2))
	stiffness, friction := benchMass()
	c := NewOUCoef[F](0.01, 1, stiffness, make([]float64, benchDims), friction)
	x, xi := normals[F](r, benchDims*n), normals[F](r, benchDims*n)
	return func() { StepOU(x, xi, n, c) }
}

// byPrec picks the float32 or float64 set-up.
func byPrec(f32, f64 func(n int) func()) func(prec string, n int) func() {
	return func(prec string, n int) func() {
		if prec == "f32" {
			return f32(n)
		}
		return f64(n)
	}
}

func BenchmarkStepBAOAB(b *testing.B) {
	benchPaths(b, byPrec(baoabBench[float32], baoabBench[float64]))
}

func BenchmarkKick(b *testing.B) {
	benchPaths(b, byPrec(kickBench[float32], kickBench[float64]))
}

func BenchmarkStepULA(b *testing.B) {
	benchPaths(b, byPrec(ulaBench[float32], ulaBench[float64]))
}

func BenchmarkStepOU(b *testing.B) {
	benchPaths(b, byPrec(ouBench[float32], ouBench[float64]))
}
