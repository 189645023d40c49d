//go:build !(amd64 || arm64) || !gc || purego || noasm

package rng

// normal32Vector and normal64Vector fill the leading chains of a block
// with vector code and return how many they did; without assembly they
// leave every chain to the generic code.
func normal32Vector(dst []float32, s *Streams, n int) int { return 0 }

func normal64Vector(dst []float64, s *Streams, n int) int { return 0 }
