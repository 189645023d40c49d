package rng

import "testing"

func BenchmarkTmpU64OneChain(b *testing.B) {
	s := NewStreams(1, 0, 1)
	dst := make([]float64, benchDims*benchChains)
	for b.Loop() {
		FillUniform64(dst, s)
	}
	reportPerSample(b, len(dst))
}
func BenchmarkTmpN64OneChain(b *testing.B) {
	s := NewStreams(1, 0, 1)
	dst := make([]float64, benchDims*benchChains)
	for b.Loop() {
		FillNormal64(dst, s)
	}
	reportPerSample(b, len(dst))
}
func BenchmarkTmpN64Odd(b *testing.B) {
	s := NewStreams(1, 0, 1000)
	dst := make([]float64, benchDims*1000)
	for b.Loop() {
		FillNormal64(dst, s)
	}
	reportPerSample(b, len(dst))
}
