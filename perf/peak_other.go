//go:build !amd64 || !gc || purego || noasm

package perf

// peakProbe is nil: this build has no probe of the core's peak.
var peakProbe func(fused bool) (int, func(int))
