//go:build gc && !purego && !noasm

package rng

import (
	"math"

	"github.com/thermoai/thermo/internal/isa"
)

func init() {
	isa.Register(isa.NEON, "normal/f32", "normal/f64")
}

// neonChains is the number of chains the NEON loops advance together:
// four 32-bit state words fill a 128-bit register.
const neonChains = 4

// normalChunk is the number of elements of dst that one call of an
// assembly loop covers before its rejects are finished in Go. It
// bounds the reject scratch, which must have room for a record for
// every element of a call, and keeps the elements the fix-ups revisit
// in cache.
const normalChunk = 1 << 14

// neonStep returns the number of chains, a multiple of neonChains, that
// one call of an assembly loop covers in a block of rows rows.
func neonStep(rows int) int {
	return max(neonChains, normalChunk/rows&^(neonChains-1))
}

// neonFits reports whether a block of m elements has work for the
// vector loops when v chains are vectorised. The reject records hold
// element indices as uint32, so larger blocks take the generic path.
func neonFits(m, v int) bool {
	return v > 0 && m > 0 && uint64(m) <= math.MaxUint32
}

// normal32Vector and normal64Vector fill the leading chains of a block
// with vector code and return how many they did. The NEON loops take
// the chains in groups of four, a column of normalChunk elements or
// so at a time, and leave the last n%4 chains to the generic code.
func normal32Vector(dst []float32, s *Streams, n int) int {
	v := n &^ (neonChains - 1)
	if !neonFits(len(dst), v) || normal32Family.Path() != isa.NEON {
		return 0
	}
	rows := len(dst) / n
	step := neonStep(rows)
	idx, layer := s.rejects(rows * min(step, v))
	for c0 := 0; c0 < v; c0 += step {
		c1 := min(c0+step, v)
		nr := normal32NEON(&dst[0], n, c0, (c1-c0)/neonChains, rows,
			&s.p[0][c0], &s.p[1][c0], &s.p[2][c0], &s.p[3][c0], &idx[0], &layer[0])
		s.fixRejects32(dst, idx[:nr], layer[:nr], n, s.drawn)
	}
	return v
}

func normal64Vector(dst []float64, s *Streams, n int) int {
	v := n &^ (neonChains - 1)
	if !neonFits(len(dst), v) || normal64Family.Path() != isa.NEON {
		return 0
	}
	rows := len(dst) / n
	step := neonStep(rows)
	idx, layer := s.rejects(rows * min(step, v))
	for c0 := 0; c0 < v; c0 += step {
		c1 := min(c0+step, v)
		nr := normal64NEON(&dst[0], n, c0, (c1-c0)/neonChains, rows,
			&s.p[0][c0], &s.p[1][c0], &s.p[2][c0], &s.p[3][c0], &idx[0], &layer[0])
		s.fixRejects64(dst, idx[:nr], layer[:nr], n, s.drawn)
	}
	return v
}

// normal32NEON is the vector loop of FillNormal32 for the 4*blocks
// chains from c0 of a block of n chains and rows rows at dst. p0, p1,
// p2 and p3 point to the primary state words s0, s1, s2 and s3 of
// chain c0, and p[l] below is the state of chain l. It advances those
// states, stores every candidate x, accepted or not, and records the
// elements whose fast test failed, in draw order, for the fix-up by
// fixRejects32. It returns the number of records:
//
//	for c := c0; c < c0+4*blocks; c += 4 {
//		for k := range rows {
//			for l := c; l < c+4; l++ {
//				j := k*n + l
//				r, p[l] = p[l].next()
//				x, ok, i := normal32Fast(r)
//				dst[j] = x
//				if !ok {
//					idx[nr], layer[nr] = uint32(j), i
//					nr++
//				}
//			}
//		}
//	}
//
// The records are thus ordered by group of four chains, then row, then
// lane; for each chain they are in the order of its draws. blocks and
// rows must be at least 1, and idx and layer must have room for
// rows*4*blocks records.
//
//go:noescape
func normal32NEON(dst *float32, n, c0, blocks, rows int, p0, p1, p2, p3, idx, layer *uint32) (nr int)

// normal64NEON is the float64 counterpart of normal32NEON: each
// element takes two outputs of its chain's primary stream,
//
//	lo, p[l] = p[l].next()
//	hi, p[l] = p[l].next()
//	x, ok, i := normal64Fast(uint64(lo) | uint64(hi)<<32)
//
// and is recorded as for normal32NEON if the fast test fails.
//
//go:noescape
func normal64NEON(dst *float64, n, c0, blocks, rows int, p0, p1, p2, p3, idx, layer *uint32) (nr int)
