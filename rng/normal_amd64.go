//go:build gc && !purego && !noasm

package rng

import (
	"math"

	"github.com/thermoai/thermo/internal/isa"
)

func init() {
	isa.Register(isa.AVX512, "normal/f32", "normal/f64")
	isa.Register(isa.AVX2, "normal/f32", "normal/f64")
}

// compressLUT[m] lists, one per nibble from the lowest, the positions of
// the set bits of the 8-bit mask m in increasing order. The AVX2 kernels
// use it as the VPERMD indexes that move the lanes selected by m to the
// front of a vector, which AVX-512 does with VPCOMPRESSD.
var compressLUT = func() (t [256]uint32) {
	for m := range t {
		k := 0
		for b := range 8 {
			if m>>b&1 != 0 {
				t[m] |= uint32(b) << (4 * k)
				k++
			}
		}
	}
	return t
}()

// normalChunk is the number of elements of dst that one call of an
// assembly kernel covers before its rejects are finished in Go. It
// bounds the reject scratch, which must hold a record for every element
// of a call, and keeps the elements the fix-ups revisit in cache.
const normalChunk = 1 << 14

// normalChunkWidth returns the number of chains, a multiple of the
// vector width w, that one kernel call covers in a block of rows rows.
func normalChunkWidth(rows, w int) int {
	return max(w, normalChunk/rows&^(w-1))
}

// normal32Vector fills the leading chains of a block of n chains with
// the vector fast path of the current ISA, finishes the rejected
// elements in Go and returns how many chains it did: n rounded down to
// the vector width, or 0 if there is no vector path.
func normal32Vector(dst []float32, s *Streams, n int) int {
	var w int
	path := isa.For("normal/f32")
	switch path {
	case isa.AVX512:
		w = 16
	case isa.AVX2:
		w = 8
	default:
		return 0
	}
	done := n &^ (w - 1)
	// The reject records hold element indexes as uint32.
	if done == 0 || len(dst) == 0 || uint64(len(dst)) > math.MaxUint32 {
		return 0
	}
	rows := len(dst) / n
	step := min(normalChunkWidth(rows, w), done)
	idx, layer := s.rejects(rows * step)
	for c0 := 0; c0 < done; c0 += step {
		c1 := min(c0+step, done)
		p := [4][]uint32{s.p[0][c0:c1], s.p[1][c0:c1], s.p[2][c0:c1], s.p[3][c0:c1]}
		var nr int
		if path == isa.AVX512 {
			nr = normal32AVX512(dst, n, c0, &p, idx, layer)
		} else {
			nr = normal32AVX2(dst, n, c0, &p, idx, layer)
		}
		s.fixRejects32(dst, idx[:nr], layer[:nr], n)
	}
	return done
}

// normal64Vector is the float64 counterpart of normal32Vector.
func normal64Vector(dst []float64, s *Streams, n int) int {
	var w int
	path := isa.For("normal/f64")
	switch path {
	case isa.AVX512:
		w = 16
	case isa.AVX2:
		w = 8
	default:
		return 0
	}
	done := n &^ (w - 1)
	if done == 0 || len(dst) == 0 || uint64(len(dst)) > math.MaxUint32 {
		return 0
	}
	rows := len(dst) / n
	step := min(normalChunkWidth(rows, w), done)
	idx, layer := s.rejects(rows * step)
	for c0 := 0; c0 < done; c0 += step {
		c1 := min(c0+step, done)
		p := [4][]uint32{s.p[0][c0:c1], s.p[1][c0:c1], s.p[2][c0:c1], s.p[3][c0:c1]}
		var nr int
		if path == isa.AVX512 {
			nr = normal64AVX512(dst, n, c0, &p, idx, layer)
		} else {
			nr = normal64AVX2(dst, n, c0, &p, idx, layer)
		}
		s.fixRejects64(dst, idx[:nr], layer[:nr], n)
	}
	return done
}

// The kernels below run the fast path of the ziggurat for the chains
// [c0, c0+len(p[0])) of a block of n chains, all len(dst)/n rows, the
// primary states of those chains being p[0..3]. len(p[0]) must be a
// multiple of the kernel's vector width. They write x for every
// element, accepted or not, advance the states, and append a record
// (element index, layer) to idx and layer for every element whose fast
// test failed, ordered by vector of chains, then row, then lane; they
// return the number of records. idx and layer must have room for
// len(p[0])*len(dst)/n records, one per element: the kernels store
// whole vectors of records, past the last one but never past the room
// of the elements done.

// normal32AVX512 is the fast path of fillNormal32Chains, 16 chains at a
// time:
//
//	for c := c0; c < c0+len(p[0]); c++ {
//		q := Stream{p[0][c-c0], p[1][c-c0], p[2][c-c0], p[3][c-c0]}
//		for j := c; j < len(dst); j += n {
//			var r uint32
//			r, q = q.next()
//			x, ok, i := normal32Fast(r)
//			dst[j] = x
//			if !ok {
//				idx[nr], layer[nr] = uint32(j), i
//				nr++
//			}
//		}
//		p[0][c-c0], p[1][c-c0], p[2][c-c0], p[3][c-c0] = q.s0, q.s1, q.s2, q.s3
//	}
//
// with the records ordered as described above.
//
//go:noescape
func normal32AVX512(dst []float32, n, c0 int, p *[4][]uint32, idx, layer []uint32) (nr int)

// normal32AVX2 is normal32AVX512 for AVX2, 8 chains at a time.
//
//go:noescape
func normal32AVX2(dst []float32, n, c0 int, p *[4][]uint32, idx, layer []uint32) (nr int)

// normal64AVX512 is the fast path of fillNormal64Chains, 16 chains at a
// time:
//
//	for c := c0; c < c0+len(p[0]); c++ {
//		q := Stream{p[0][c-c0], p[1][c-c0], p[2][c-c0], p[3][c-c0]}
//		for j := c; j < len(dst); j += n {
//			var lo, hi uint32
//			lo, q = q.next()
//			hi, q = q.next()
//			x, ok, i := normal64Fast(uint64(lo) | uint64(hi)<<32)
//			dst[j] = x
//			if !ok {
//				idx[nr], layer[nr] = uint32(j), uint32(i)
//				nr++
//			}
//		}
//		p[0][c-c0], p[1][c-c0], p[2][c-c0], p[3][c-c0] = q.s0, q.s1, q.s2, q.s3
//	}
//
// with the records ordered as described above.
//
//go:noescape
func normal64AVX512(dst []float64, n, c0 int, p *[4][]uint32, idx, layer []uint32) (nr int)

// normal64AVX2 is normal64AVX512 for AVX2, 8 chains at a time.
//
//go:noescape
func normal64AVX2(dst []float64, n, c0 int, p *[4][]uint32, idx, layer []uint32) (nr int)
