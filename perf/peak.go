package perf

import "time"

// The peak probes measure what one core can do at best: a loop of
// independent float32 fused multiply-adds, and of multiplies each followed
// by an add (the layer products round every product, so they use the
// latter), on the widest vectors the kernels use here, with twelve
// accumulators so that the latency of each operation is hidden. A
// multiply-add counts as two operations. Against them the products of the
// demons read as a share of the core's peak.

// peakIters is the number of loop iterations of one probe call.
const peakIters = 1 << 20

// peakWorkloads returns the probes of this build, none without assembly.
func peakWorkloads(sz size) []Workload {
	if peakProbe == nil {
		return nil
	}
	run := func(fused bool) float64 {
		lanes, f := peakProbe(fused)
		call := func() { f(peakIters) }
		ns := timeCalls(max(sz.target, 10*time.Millisecond), call)
		return peakIters * 12 * float64(lanes) * 2 / ns
	}
	return []Workload{
		{Name: "peak/fma/f32", Unit: GFLOPS, HigherIsBetter: true, Run: func(int) float64 { return run(true) }},
		{Name: "peak/mul-add/f32", Unit: GFLOPS, HigherIsBetter: true, Run: func(int) float64 { return run(false) }},
	}
}
