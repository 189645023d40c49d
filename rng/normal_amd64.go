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

// normalSlab is the most rows a kernel call takes: the AVX-512 kernels
// look the first hash of a rejected draw's values, which depends only on
// its row, up in a table of 16 rows built at the start of their second
// pass, and list a draw as c + 2^16·k, its chain c and row k.
const normalSlab = 16

// normalChunkWidth returns the number of chains, a multiple of the
// vector width w, that one kernel call covers in a block of rows rows.
func normalChunkWidth(rows, w int) int {
	return max(w, normalChunk/rows&^(w-1))
}

// zigConst holds constants of the vector slow path, read by the
// assembly: -0.5, math.Ln2, 0.5, ln2Hi, ln2Lo and 2^-53, in that order.
var zigConst = [6]float64{-0.5, math.Ln2, 0.5, ln2Hi, ln2Lo, 0x1p-53}

// tailConst holds operands of pass C of the AVX-512 kernels, which
// samples the tail (see normal_amd64.s): 1023, the mantissa mask of a
// float64, and the bits of 1, √2, 0.5, zigR and of the sign.
var tailConst = [7]uint64{
	1023, 1<<52 - 1, math.Float64bits(1), math.Float64bits(math.Sqrt2),
	math.Float64bits(0.5), math.Float64bits(zigR), 1 << 63,
}

// slow4 holds the operands of the AVX2 slow path, each in the four
// 64-bit lanes of a Y register (C4(k) in normal_amd64.s is entry k):
//
//	0-5    zigConst
//	6      2^32 (float64)
//	7, 8   the low and high 32 bits of mix's first multiplier
//	9, 10  those of its second
//	11     2^32 - 1
//	12     127
//	13     1
//	14     0x200, the state bits of a record with two values used
//	15     the bits of 1.5·2^52, less 1023
//	16-29  expCoef
//	30     0, 1, 2, 3 (lane numbers)
//	31     the VPERMD indexes 0, 2, 4, 6, 1, 3, 5, 7 (32-bit)
//	32-42  expQuick
var slow4 = func() (t [43][4]uint64) {
	fill := func(k int, v uint64) {
		t[k] = [4]uint64{v, v, v, v}
	}
	for k, c := range zigConst {
		fill(k, math.Float64bits(c))
	}
	fill(6, math.Float64bits(0x1p32))
	fill(7, 0xbf58476d1ce4e5b9&0xffffffff)
	fill(8, 0xbf58476d1ce4e5b9>>32)
	fill(9, 0x94d049bb133111eb&0xffffffff)
	fill(10, 0x94d049bb133111eb>>32)
	fill(11, 1<<32-1)
	fill(12, 127)
	fill(13, 1)
	fill(14, 0x200)
	fill(15, 0x4338000000000000-1023)
	for k, c := range expCoef {
		fill(16+k, math.Float64bits(c))
	}
	for k, c := range expQuick {
		fill(32+k, math.Float64bits(c))
	}
	t[30] = [4]uint64{0, 1, 2, 3}
	t[31] = [4]uint64{2<<32 | 0, 6<<32 | 4, 3<<32 | 1, 7<<32 | 5}
	return t
}()

// normalScratch returns the length of the idx and layer scratch that a
// kernel call of rows rows and m chains needs: room for a record for
// every element, then for the list of the rejected draws, then (idx
// only) for the high words of their raw values, which the float64
// AVX-512 kernel lists (see normal_amd64.s), each with 16 spare
// entries.
func normalScratch(rows, m int) int {
	return 3*rows*m + 48
}

// normalWidth returns the vector width of the normal kernels of path, or
// 0 if it has none.
func normalWidth(path isa.ISA) int {
	switch path {
	case isa.AVX512:
		return 16
	case isa.AVX2:
		return 8
	}
	return 0
}

// normal32Vector fills the leading chains of a block of n chains with
// the vector code of the current ISA, finishes the elements it recorded
// in Go and returns how many chains it did: n rounded down to the
// vector width, or 0 if there is no vector path.
func normal32Vector(dst []float32, s *Streams, n int) int {
	path := normal32Family.Path()
	w := normalWidth(path)
	if w == 0 {
		return 0
	}
	done := n &^ (w - 1)
	// The reject records hold element indexes as uint32.
	if done == 0 || len(dst) == 0 || uint64(len(dst)) > math.MaxUint32 {
		return 0
	}
	rows := len(dst) / n
	step := min(normalChunkWidth(min(rows, normalSlab), w), done)
	idx, layer := s.rejects(normalScratch(min(rows, normalSlab), step))
	// The kernels take slabs of at most normalSlab rows.
	for r0 := 0; r0 < rows; r0 += normalSlab {
		slab, drawn := dst[r0*n:min(r0+normalSlab, rows)*n], s.drawn+uint64(r0)
		for c0 := 0; c0 < done; c0 += step {
			c1 := min(c0+step, done)
			p := [4][]uint32{s.p[0][c0:c1], s.p[1][c0:c1], s.p[2][c0:c1], s.p[3][c0:c1]}
			// Calling the kernels directly, not through a function
			// value, keeps dst from escaping.
			var nr int
			if path == isa.AVX512 {
				nr = normal32AVX512(slab, n, c0, &p, &s.key[c0], idx, layer, drawn)
			} else {
				nr = normal32AVX2(slab, n, c0, &p, &s.key[c0], idx, layer, drawn)
			}
			s.fixRejects32(slab, idx[:nr], layer[:nr], n, drawn)
		}
	}
	return done
}

// normal64Vector is the float64 counterpart of normal32Vector.
func normal64Vector(dst []float64, s *Streams, n int) int {
	path := normal64Family.Path()
	w := normalWidth(path)
	if w == 0 {
		return 0
	}
	done := n &^ (w - 1)
	// The reject records hold element indexes as uint32.
	if done == 0 || len(dst) == 0 || uint64(len(dst)) > math.MaxUint32 {
		return 0
	}
	rows := len(dst) / n
	step := min(normalChunkWidth(min(rows, normalSlab), w), done)
	idx, layer := s.rejects(normalScratch(min(rows, normalSlab), step))
	// The kernels take slabs of at most normalSlab rows.
	for r0 := 0; r0 < rows; r0 += normalSlab {
		slab, drawn := dst[r0*n:min(r0+normalSlab, rows)*n], s.drawn+uint64(r0)
		for c0 := 0; c0 < done; c0 += step {
			c1 := min(c0+step, done)
			p := [4][]uint32{s.p[0][c0:c1], s.p[1][c0:c1], s.p[2][c0:c1], s.p[3][c0:c1]}
			// Calling the kernels directly, not through a function
			// value, keeps dst from escaping.
			var nr int
			if path == isa.AVX512 {
				nr = normal64AVX512(slab, n, c0, &p, &s.key[c0], idx, layer, drawn)
			} else {
				nr = normal64AVX2(slab, n, c0, &p, &s.key[c0], idx, layer, drawn)
			}
			s.fixRejects64(slab, idx[:nr], layer[:nr], n, drawn)
		}
	}
	return done
}

// The kernels below draw the elements of chains [c0, c0+len(p[0])) of
// a block of n chains, all len(dst)/n rows (at most normalSlab for the
// AVX-512 kernels); p[0..3] are the primary
// states of those chains, key points to their keys and drawn is the
// count of normal values each has drawn (see Streams.State). len(p[0])
// must be a multiple of the kernel's vector width. They advance the
// primary states, write a value to every element, and append a record
// (element index, state) to idx and layer for every element they leave
// to the fix-ups, as described at fixRejects32; they return the number
// of records. idx and layer are also the kernels' scratch, of length
// normalScratch.
//
// The kernels run the fast path, then one attempt of the slow path of
// every rejected draw, all lanes in step, and record only the draws that
// reach the tail or fail the fast test again.

// normal32AVX512 is fillNormal32Chains for chains [c0, c0+len(p[0])),
// 16 chains at a time (eight at a time in the slow path), but for the
// records.
//
//go:noescape
func normal32AVX512(dst []float32, n, c0 int, p *[4][]uint32, key *uint64, idx, layer []uint32, drawn uint64) (nr int)

// normal32AVX2 is normal32AVX512 for AVX2, 8 chains at a time (four at a
// time in the slow path).
//
//go:noescape
func normal32AVX2(dst []float32, n, c0 int, p *[4][]uint32, key *uint64, idx, layer []uint32, drawn uint64) (nr int)

// normal64AVX512 is the float64 counterpart of normal32AVX512, each
// element taking two primary outputs:
//
//	var lo, hi uint32
//	lo, pc = pc.next()
//	hi, pc = pc.next()
//	x, ok, i := normal64Fast(uint64(lo) | uint64(hi)<<32)
//
//go:noescape
func normal64AVX512(dst []float64, n, c0 int, p *[4][]uint32, key *uint64, idx, layer []uint32, drawn uint64) (nr int)

// normal64AVX2 is the float64 counterpart of normal32AVX2.
//
//go:noescape
func normal64AVX2(dst []float64, n, c0 int, p *[4][]uint32, key *uint64, idx, layer []uint32, drawn uint64) (nr int)

// quickExp8 sets out to the bound of the AVX-512 wedge test,
// quickExpHalfSq, of the eight values of x, as the kernels compute it.
// It needs AVX-512F; it is there for the tests.
//
//go:noescape
func quickExp8(x, out *[8]float64)

// quickExp4 is quickExp8 for the AVX2 kernels, on four values. It needs
// AVX2 and FMA; it is there for the tests.
//
//go:noescape
func quickExp4(x, out *[4]float64)
