//go:build gc && !purego && !noasm

package perf

import "github.com/klauspost/cpuid/v2"

//go:noescape
func peakFMA512(iters int)

//go:noescape
func peakMulAdd512(iters int)

//go:noescape
func peakFMA256(iters int)

//go:noescape
func peakMulAdd256(iters int)

// peakProbe returns the float32 lanes and the loop of the probe: AVX-512
// where the core has it, else AVX2 with FMA3, else none.
var peakProbe = func() func(fused bool) (int, func(int)) {
	switch {
	case cpuid.CPU.Supports(cpuid.AVX512F):
		return func(fused bool) (int, func(int)) {
			if fused {
				return 16, peakFMA512
			}
			return 16, peakMulAdd512
		}
	case cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3):
		return func(fused bool) (int, func(int)) {
			if fused {
				return 8, peakFMA256
			}
			return 8, peakMulAdd256
		}
	}
	return nil
}()
