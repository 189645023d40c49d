package rng

import (
	"math"
	"unsafe"

	"golang.org/x/exp/constraints"
)

// The fills write dimension-major blocks: with n = s.Len(), element
// k*n+c of dst is the k-th value drawn from chain c. The generic code
// runs chain by chain so that a chain's state stays in registers;
// because chains are independent, this gives the same result as a
// vector loop over k with chains in the lanes.

// chains returns s.Len(), panicking unless a block of m elements holds
// a whole number of values per chain.
func (s *Streams) chains(m int) int {
	n := s.Len()
	if n == 0 {
		if m != 0 {
			panic("rng: fill of non-empty slice from empty Streams")
		}
		return 0
	}
	if m%n != 0 {
		panic("rng: slice length is not a multiple of the number of chains")
	}
	return n
}

func (s *Streams) primary(c int) Stream {
	return Stream{s.p[0][c], s.p[1][c], s.p[2][c], s.p[3][c]}
}

func (s *Streams) setPrimary(c int, p Stream) {
	s.p[0][c], s.p[1][c], s.p[2][c], s.p[3][c] = p.s0, p.s1, p.s2, p.s3
}

// fixNormal32 finishes the float32 normal sample of chain c, draw z of
// the chain, whose slow path stopped at candidate x in layer i after m
// values of its source.
func (s *Streams) fixNormal32(x float32, i uint32, c int, z, m uint64) float32 {
	return normal32Slow(x, i, newAux(s.key[c], z, m))
}

// fixNormal64 is the float64 counterpart of fixNormal32.
func (s *Streams) fixNormal64(x float64, i uint64, c int, z, m uint64) float64 {
	return normal64Slow(x, i, newAux(s.key[c], z, m))
}

// FillNormal32 fills dst with standard normal values, one primary
// output per element. len(dst) must be a multiple of s.Len().
func FillNormal32(dst []float32, s *Streams) {
	n := s.chains(len(dst))
	if n == 0 {
		return
	}
	done := normal32Vector(dst, s, n)
	fillNormal32Chains(dst, s, n, done, n)
	s.advance(len(dst) / n)
}

// fillNormal32Chains is the generic FillNormal32 for chains [c0, c1) of
// a block of n chains, but for the count of normal draws, which the
// caller advances.
func fillNormal32Chains(dst []float32, s *Streams, n, c0, c1 int) {
	if c0 >= c1 {
		return
	}
	g := fillRows(n, 4, len(dst)/n)
	for r0 := 0; r0*n < len(dst); r0 += g {
		rows := dst[r0*n : min(r0+g, len(dst)/n)*n]
		for c := c0; c < c1; c++ {
			p, z := s.primary(c), s.drawn+uint64(r0)
			for j := uint(c); j < uint(len(rows)); j, z = j+uint(n), z+1 {
				var r uint32
				r, p = p.next()
				x, ok, i := normal32Fast(r)
				if !ok {
					x = s.fixNormal32(x, i, c, z, 0)
				}
				rows[j] = x
			}
			s.setPrimary(c, p)
		}
	}
}

// fillRows returns the number of rows the generic fills take a chain
// through before the next chain, for rows rows of n chains of size-byte
// elements. A chain's elements are a row apart; when a row is a
// multiple of 4 KiB they all fall in one set of the L1 cache, and more
// than its ways evict each other before the next chain writes beside
// them (16 rows of 1024 chains: 5.0 ns per float32 sample, against 2.7
// at 1000 chains). Then the fills go eight rows at a time, which costs a
// load and a store of the states per eight rows, and all rows at once
// otherwise.
func fillRows(n, size, rows int) int {
	if n*size%4096 == 0 {
		return min(rows, 8)
	}
	return max(rows, 1)
}

// FillNormal64 fills dst with standard normal values, two primary
// outputs per element. len(dst) must be a multiple of s.Len().
func FillNormal64(dst []float64, s *Streams) {
	n := s.chains(len(dst))
	if n == 0 {
		return
	}
	done := normal64Vector(dst, s, n)
	fillNormal64Chains(dst, s, n, done, n)
	s.advance(len(dst) / n)
}

// fillNormal64Chains is the float64 counterpart of fillNormal32Chains.
func fillNormal64Chains(dst []float64, s *Streams, n, c0, c1 int) {
	if c0 >= c1 {
		return
	}
	g := fillRows(n, 8, len(dst)/n)
	for r0 := 0; r0*n < len(dst); r0 += g {
		rows := dst[r0*n : min(r0+g, len(dst)/n)*n]
		for c := c0; c < c1; c++ {
			p, z := s.primary(c), s.drawn+uint64(r0)
			for j := uint(c); j < uint(len(rows)); j, z = j+uint(n), z+1 {
				var lo, hi uint32
				lo, p = p.next()
				hi, p = p.next()
				r := uint64(lo) | uint64(hi)<<32
				x, ok, i := normal64Fast(r)
				if !ok {
					x = s.fixNormal64(x, i, c, z, 0)
				}
				rows[j] = x
			}
			s.setPrimary(c, p)
		}
	}
}

// Vector fills advance the primary streams of whole vectors of chains
// and write a value to every element; the caller advances the counts of
// normal draws. For each element whose slow path they leave unfinished,
// they record its index in dst and its state: dst holds the candidate x
// at which the slow path stopped, either the raw draw that failed the
// fast test or a later draw of its slow path, and the record's state
// word holds its layer i in the low 8 bits and the number m of values of
// its source already used above them. The fix-ups then finish those
// elements, in any order, exactly as the generic code would have.

// rejects returns scratch for up to m reject records.
func (s *Streams) rejects(m int) (idx, layer []uint32) {
	if cap(s.rejIdx) < m {
		s.rejIdx, s.rejLayer = make([]uint32, m), make([]uint32, m)
	}
	return s.rejIdx[:m], s.rejLayer[:m]
}

// fixRejects32 finishes the recorded elements of a float32 fill of a
// block of n chains. A record that has used no values yet, the common
// case, gets its first attempt (the wedge test and a new draw) without a
// branch on the wedge test, whose outcome no predictor can guess: both
// values are drawn and the result selected. The rest goes on in
// normal32Slow. Row k of dst holds draw drawn + k of its chains.
func (s *Streams) fixRejects32(dst []float32, idx, state []uint32, n int, drawn uint64) {
	for r, j := range idx {
		k, c := int(j)/n, int(j)%n
		i, m := state[r]&0xff, uint64(state[r]>>8)
		a := newAux(s.key[c], drawn+uint64(k), m)
		x := dst[j]
		if i != 0 && m == 0 {
			below := zigBelow(float64(x), uint(i), a.next())
			y, ok, yi := normal32Fast(uint32(a.next()))
			bits := math.Float32bits(y)
			if below {
				bits = math.Float32bits(x)
			}
			if below || ok {
				dst[j] = math.Float32frombits(bits)
				continue
			}
			x, i = y, yi
		}
		dst[j] = normal32Slow(x, i, a)
	}
}

// fixRejects64 is the float64 counterpart of fixRejects32.
func (s *Streams) fixRejects64(dst []float64, idx, state []uint32, n int, drawn uint64) {
	for r, j := range idx {
		k, c := int(j)/n, int(j)%n
		i, m := uint64(state[r]&0xff), uint64(state[r]>>8)
		a := newAux(s.key[c], drawn+uint64(k), m)
		x := dst[j]
		if i != 0 && m == 0 {
			below := zigBelow(x, uint(i), a.next())
			y, ok, yi := normal64Fast(a.next())
			bits := math.Float64bits(y)
			if below {
				bits = math.Float64bits(x)
			}
			if below || ok {
				dst[j] = math.Float64frombits(bits)
				continue
			}
			x, i = y, yi
		}
		dst[j] = normal64Slow(x, i, a)
	}
}

// FillUniform32 fills dst with uniform values in [0, 1) with 24
// random bits, one primary output per element. len(dst) must be a
// multiple of s.Len().
func FillUniform32(dst []float32, s *Streams) {
	n := s.chains(len(dst))
	for c := range n {
		p := s.primary(c)
		for j := uint(c); j < uint(len(dst)); j += uint(n) {
			var r uint32
			r, p = p.next()
			dst[j] = uniform32(r)
		}
		s.setPrimary(c, p)
	}
}

// FillUniform64 fills dst with uniform values in [0, 1) with 53
// random bits, two primary outputs per element. len(dst) must be a
// multiple of s.Len().
func FillUniform64(dst []float64, s *Streams) {
	n := s.chains(len(dst))
	for c := range n {
		p := s.primary(c)
		for j := uint(c); j < uint(len(dst)); j += uint(n) {
			var lo, hi uint32
			lo, p = p.next()
			hi, p = p.next()
			r := uint64(lo) | uint64(hi)<<32
			dst[j] = uniform64(r)
		}
		s.setPrimary(c, p)
	}
}

// FillExp32 fills dst with standard exponential values by inversion,
// one primary output per element. len(dst) must be a multiple of
// s.Len().
func FillExp32(dst []float32, s *Streams) {
	n := s.chains(len(dst))
	for c := range n {
		p := s.primary(c)
		for j := uint(c); j < uint(len(dst)); j += uint(n) {
			var r uint32
			r, p = p.next()
			dst[j] = exp32(r)
		}
		s.setPrimary(c, p)
	}
}

// FillExp64 fills dst with standard exponential values by inversion,
// two primary outputs per element. len(dst) must be a multiple of
// s.Len().
func FillExp64(dst []float64, s *Streams) {
	n := s.chains(len(dst))
	for c := range n {
		p := s.primary(c)
		for j := uint(c); j < uint(len(dst)); j += uint(n) {
			var lo, hi uint32
			lo, p = p.next()
			hi, p = p.next()
			r := uint64(lo) | uint64(hi)<<32
			dst[j] = exp64(r)
		}
		s.setPrimary(c, p)
	}
}

// FillNormal calls FillNormal32 or FillNormal64 according to the
// size of F.
func FillNormal[F constraints.Float](dst []F, s *Streams) {
	switch d := any(dst).(type) {
	case []float32:
		FillNormal32(d, s)
	case []float64:
		FillNormal64(d, s)
	default:
		if is32[F]() {
			FillNormal32(as32(dst), s)
		} else {
			FillNormal64(as64(dst), s)
		}
	}
}

// FillUniform calls FillUniform32 or FillUniform64 according to the
// size of F.
func FillUniform[F constraints.Float](dst []F, s *Streams) {
	switch d := any(dst).(type) {
	case []float32:
		FillUniform32(d, s)
	case []float64:
		FillUniform64(d, s)
	default:
		if is32[F]() {
			FillUniform32(as32(dst), s)
		} else {
			FillUniform64(as64(dst), s)
		}
	}
}

// FillExp calls FillExp32 or FillExp64 according to the size of F.
func FillExp[F constraints.Float](dst []F, s *Streams) {
	switch d := any(dst).(type) {
	case []float32:
		FillExp32(d, s)
	case []float64:
		FillExp64(d, s)
	default:
		if is32[F]() {
			FillExp32(as32(dst), s)
		} else {
			FillExp64(as64(dst), s)
		}
	}
}

// The defaults of the type switches above serve named types such as
// type T float64, whose slices share the representation of the
// underlying type's.

func is32[F constraints.Float]() bool {
	var x F
	return unsafe.Sizeof(x) == 4
}

func as32[F constraints.Float](dst []F) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(dst))), len(dst))
}

func as64[F constraints.Float](dst []F) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(dst))), len(dst))
}
