package rng

import (
	"math/rand/v2"
	"testing"
)

// The fill benchmarks draw a block of benchDims dimensions for
// benchChains chains, the shape of one integrator shard.
const (
	benchDims   = 16
	benchChains = 1024
)

func reportPerSample(b *testing.B, perOp int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perOp), "ns/sample")
}

func BenchmarkFillNormal32(b *testing.B) {
	s := NewStreams(1, 0, benchChains)
	dst := make([]float32, benchDims*benchChains)
	for b.Loop() {
		FillNormal32(dst, s)
	}
	reportPerSample(b, len(dst))
}

func BenchmarkFillNormal64(b *testing.B) {
	s := NewStreams(1, 0, benchChains)
	dst := make([]float64, benchDims*benchChains)
	for b.Loop() {
		FillNormal64(dst, s)
	}
	reportPerSample(b, len(dst))
}

func BenchmarkFillUniform64(b *testing.B) {
	s := NewStreams(1, 0, benchChains)
	dst := make([]float64, benchDims*benchChains)
	for b.Loop() {
		FillUniform64(dst, s)
	}
	reportPerSample(b, len(dst))
}

func BenchmarkFillExp64(b *testing.B) {
	s := NewStreams(1, 0, benchChains)
	dst := make([]float64, benchDims*benchChains)
	for b.Loop() {
		FillExp64(dst, s)
	}
	reportPerSample(b, len(dst))
}

// The math/rand/v2 benchmarks fill a block of the same size with
// NormFloat64, for comparison.

func BenchmarkRandV2NormFloat64PCG(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	dst := make([]float64, benchDims*benchChains)
	for b.Loop() {
		for i := range dst {
			dst[i] = r.NormFloat64()
		}
	}
	reportPerSample(b, len(dst))
}

func BenchmarkRandV2NormFloat64ChaCha8(b *testing.B) {
	dst := make([]float64, benchDims*benchChains)
	for b.Loop() {
		for i := range dst {
			dst[i] = rand.NormFloat64()
		}
	}
	reportPerSample(b, len(dst))
}
