package rng

import (
	"encoding/binary"
	"math/bits"
)

// Stream is a single xoshiro128++ generator. It is the scalar
// counterpart of one lane of Streams: NewStream(seed, c) produces
// exactly the primary stream of chain c.
//
// The zero Stream is not usable; its state is all zero and it would
// return zero forever. A *Stream is a math/rand/v2.Source.
type Stream struct {
	s0, s1, s2, s3 uint32
}

// NewStream returns the primary stream of the given chain for seed.
func NewStream(seed, chain uint64) Stream {
	p, _ := seedChain(seed, chain)
	return p
}

// Uint32 returns the next 32-bit output of the generator.
func (s *Stream) Uint32() uint32 {
	r, t := s.next()
	*s = t
	return r
}

// next returns the next output and the advanced state. Loops that
// carry the state as a value through next keep it in registers.
func (s Stream) next() (uint32, Stream) {
	r := bits.RotateLeft32(s.s0+s.s3, 7) + s.s0
	t := s.s1 << 9
	s.s2 ^= s.s0
	s.s3 ^= s.s1
	s.s1 ^= s.s2
	s.s0 ^= s.s3
	s.s2 ^= t
	s.s3 = bits.RotateLeft32(s.s3, 11)
	return r, s
}

// Uint64 returns a 64-bit value built from the next two 32-bit
// outputs, the first forming the low word. This is the same pairing
// the float64 fills use.
func (s *Stream) Uint64() uint64 {
	lo, t := s.next()
	hi, t := t.next()
	*s = t
	return uint64(lo) | uint64(hi)<<32
}

// Float64 returns a uniform value in [0, 1) with 53 random bits,
// taken from Uint64 exactly as FillUniform64 does.
func (s *Stream) Float64() float64 {
	return uniform64(s.Uint64())
}

// Float32 returns a uniform value in [0, 1) with 24 random bits,
// taken from one Uint32 exactly as FillUniform32 does.
func (s *Stream) Float32() float32 {
	return uniform32(s.Uint32())
}

// Read fills p with the raw 32-bit outputs of the stream, each
// written little-endian. It always returns len(p), nil.
//
// When len(p) is not a multiple of 4 the unused bytes of the last
// output are discarded, so consecutive reads form one continuous
// byte stream only if every read length is a multiple of 4.
func (s *Stream) Read(p []byte) (int, error) {
	n := len(p)
	for len(p) >= 4 {
		binary.LittleEndian.PutUint32(p, s.Uint32())
		p = p[4:]
	}
	if len(p) > 0 {
		var b [4]byte
		binary.LittleEndian.PutUint32(b[:], s.Uint32())
		copy(p, b[:])
	}
	return n, nil
}

// Chain is the complete random state of one chain: its primary stream
// P, which advances a fixed number of times per sample, the key of the
// values that feed the rare rejections of the normal sampler, and Pos,
// the number of normal values the chain has drawn, which tells those
// values apart.
type Chain struct {
	P        Stream
	Key, Pos uint64
}

// NewChain returns the state of the given chain for seed, identical
// to the state NewStreams gives that chain.
func NewChain(seed, chain uint64) Chain {
	p, key := seedChain(seed, chain)
	return Chain{P: p, Key: key}
}

// Normal64 returns a standard normal value, drawn exactly as
// FillNormal64 draws one element for this chain.
func (c *Chain) Normal64() float64 {
	x, ok, i := normal64Fast(c.P.Uint64())
	z := c.Pos
	c.Pos++
	if ok {
		return x
	}
	return normal64Slow(x, i, newAux(c.Key, z, 0))
}

// Normal32 returns a standard normal value, drawn exactly as
// FillNormal32 draws one element for this chain.
func (c *Chain) Normal32() float32 {
	x, ok, i := normal32Fast(c.P.Uint32())
	z := c.Pos
	c.Pos++
	if ok {
		return x
	}
	return normal32Slow(x, i, newAux(c.Key, z, 0))
}

// Uniform64 returns a uniform value in [0, 1), drawn exactly as
// FillUniform64 draws one element for this chain.
func (c *Chain) Uniform64() float64 { return c.P.Float64() }

// Uniform32 returns a uniform value in [0, 1), drawn exactly as
// FillUniform32 draws one element for this chain.
func (c *Chain) Uniform32() float32 { return c.P.Float32() }

// Exp64 returns a standard exponential value, drawn exactly as
// FillExp64 draws one element for this chain.
func (c *Chain) Exp64() float64 { return exp64(c.P.Uint64()) }

// Exp32 returns a standard exponential value, drawn exactly as
// FillExp32 draws one element for this chain.
func (c *Chain) Exp32() float32 { return exp32(c.P.Uint32()) }

const golden64 = 0x9e3779b97f4a7c15

// mix64 is the SplitMix64 output finaliser (Stafford's Mix13 variant,
// as used by Steele, Lea and Flood). It is a bijection on uint64 with
// mix64(0) == 0.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// seedChain derives the primary state and the secondary key of a chain
// from the seed and the global chain index alone; see the package
// documentation for the exact derivation.
func seedChain(seed, chain uint64) (p Stream, key uint64) {
	x := mix64(seed) ^ mix64(chain+golden64)
	var w [3]uint64
	for j := range w {
		x += golden64
		w[j] = mix64(x)
	}
	p = Stream{uint32(w[0]), uint32(w[0] >> 32), uint32(w[1]), uint32(w[1] >> 32)}
	// Two consecutive SplitMix64 outputs come from distinct inputs of
	// a bijection that fixes only zero, so they cannot both be zero.
	// The guard keeps the non-zero invariant local all the same.
	p.fixZero()
	return p, w[2]
}

// fixZero replaces the all-zero state, a fixed point of xoshiro.
func (s *Stream) fixZero() {
	if s.s0|s.s1|s.s2|s.s3 == 0 {
		s.s0 = 1
	}
}
