// Package exactsum sums float64 values exactly, so that the result does not
// depend on the order or grouping of the additions. A sampler that splits its
// chains over workers, shards or processes and merges their totals later gets
// the same bits whatever the split, which a plain float64 sum cannot promise
// because floating-point addition is not associative.
//
// The accumulator is a fixed-point number wide enough for every float64
// (2^-1074 up to 2^1024) plus headroom, kept in int64 limbs that hold 32-bit
// digits. The spare 31 bits of each limb absorb the carries of up to 2^30
// additions, so Add touches three limbs and never propagates a carry; carries
// are settled lazily, before a limb could overflow, or when Merge, Float64 or
// MarshalBinary need a canonical value. Only integer operations are used, so
// results are the same on every architecture.
package exactsum

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
)

const (
	// digitBits is the width of the digit kept in each limb; the rest of the
	// int64 is room for unsettled carries.
	digitBits = 32
	digitMask = 1<<digitBits - 1

	// nDigits digits cover bit positions 0..2111 in units of 2^-1074: the
	// top mantissa bit of MaxFloat64 is at 2097, and the third limb Add
	// writes for it is digit 65.
	nDigits = 66
	// nLimbs adds one signed limb above the digits for the sign and for sums
	// beyond the float64 range, so that many large values can be added before
	// they cancel again.
	nLimbs = nDigits + 1
	top    = nDigits

	// addLimit bounds the additions between carry settlements: each Add puts
	// less than 2^32 into a limb, so a limb stays below addLimit*2^32 = 2^62.
	addLimit = 1 << 30
	// maxPending is what two unsettled accumulators may hold together in
	// Merge without a limb, plus the carry into it, reaching 2^63.
	maxPending = 1<<31 - 1
	// topLimit bounds the top limb at rest, so that Merge can add two of
	// them and a carry without overflowing; beyond it (|sum| >= 2^1099, about
	// 2^75 additions of MaxFloat64) the sum is no longer exact.
	topLimit = 1 << 61
)

// Acc is an exact sum of float64 values (a "superaccumulator"): the value of
// Float64 is the correctly rounded (round to nearest even) sum of everything
// added, whatever the order of Add and Merge calls. The zero value is an
// empty sum ready to use.
//
// Float64 and MarshalBinary only read the accumulator, so they may run
// concurrently with each other; Add, Merge, Reset and UnmarshalBinary need
// exclusive access.
type Acc struct {
	// limbs[i] for i < nDigits is a digit of weight 2^(32i-1074) with
	// unsettled carries; limbs[top] is signed, of weight 2^(32*nDigits-1074).
	limbs [nLimbs]int64
	// pending bounds the limbs: |limbs[i]| < pending*2^32 for i < nDigits.
	pending int64
	// invalid records a NaN or an infinity among the inputs, or a sum beyond
	// the capacity: no finite result means anything after either.
	invalid bool
}

// Add adds x to the sum. x must be finite: a NaN or an infinity makes Float64
// return NaN until Reset.
func (a *Acc) Add(x float64) {
	b := math.Float64bits(x)
	e := uint(b>>52) & 0x7ff
	m := b & (1<<52 - 1)
	if e == 0x7ff {
		a.invalid = true
		return
	}
	// A normal number is (2^52+m)*2^(e-1075) = (2^52+m) shifted to bit e-1
	// in units of 2^-1074; a subnormal is m at bit 0.
	if e != 0 {
		m |= 1 << 52
		e--
	}
	if a.pending >= addLimit {
		a.normalize()
	}
	a.pending++
	// e <= 2045, so the mask changes nothing but lets the compiler prove
	// i+2 in range and drop the bounds checks.
	i := (e >> 5) & 63
	sh := e & 31
	lo := int64(uint32(m << sh))
	mid := int64(uint32(m >> (32 - sh)))
	// Two shifts rather than m>>(64-sh): each stays below 64, so the
	// compiler needs no test for a shift by 64 when sh is 0.
	hi := int64(m >> 32 >> (32 - sh))
	// Negate without a branch: s is 0 or -1.
	s := int64(b) >> 63
	a.limbs[i] += (lo ^ s) - s
	a.limbs[i+1] += (mid ^ s) - s
	a.limbs[i+2] += (hi ^ s) - s
}

// Merge adds the sum held in b to a exactly. b is not modified; a.Merge(a)
// doubles a.
func (a *Acc) Merge(b *Acc) {
	if b.invalid {
		a.invalid = true
	}
	if a.pending+b.pending > maxPending {
		a.normalize()
	}
	for i := range a.limbs {
		a.limbs[i] += b.limbs[i]
	}
	// Settling at once keeps the top limb within topLimit for the next Merge.
	a.normalize()
}

// Float64 returns the sum rounded to the nearest float64, ties to even: ±Inf
// if it rounds beyond MaxFloat64, +0 if it is exactly zero, and NaN if a NaN
// or an infinity was added. It does not modify a.
func (a *Acc) Float64() float64 {
	if a.invalid {
		return math.NaN()
	}
	d := a.limbs
	if !carry(&d) {
		return math.NaN()
	}
	neg := d[top] < 0
	if neg {
		for i := range d {
			d[i] = -d[i]
		}
		carry(&d)
	}
	return math.Float64frombits(roundMagnitude(&d) | boolBit(neg)<<63)
}

// Reset empties the sum, including a recorded NaN or infinity.
func (a *Acc) Reset() {
	*a = Acc{}
}

// roundMagnitude returns the bits of the float64 nearest to the non-negative
// settled value in d.
func roundMagnitude(d *[nLimbs]int64) uint64 {
	const inf = 0x7ff << 52
	if d[top] != 0 {
		return inf // at least 2^1038
	}
	k := nDigits - 1
	for k >= 0 && d[k] == 0 {
		k--
	}
	if k < 0 {
		return 0
	}
	n := digitBits*k + bits.Len64(uint64(d[k]))
	// In units of 2^-1074 every float64 is a 53-bit integer shifted left by
	// s >= 0, with bits = s<<52 + mant; the same formula carries a mantissa
	// that rounds up to 2^53 into the exponent, and the exponent into Inf.
	s := max(n-53, 0)
	mant := window(d, s) & (1<<53 - 1)
	if s > 0 && bit(d, s-1) && (mant&1 == 1 || sticky(d, s-1)) {
		mant++
	}
	b := uint64(s)<<52 + mant
	if b >= inf {
		return inf
	}
	return b
}

// window returns bits lo..lo+63 of the settled value in d.
func window(d *[nLimbs]int64, lo int) uint64 {
	i, sh := lo/digitBits, uint(lo%digitBits)
	w := uint64(d[i]) >> sh
	if i+1 < nDigits {
		w |= uint64(d[i+1]) << (digitBits - sh)
	}
	if i+2 < nDigits {
		w |= uint64(d[i+2]) << (2*digitBits - sh)
	}
	return w
}

// bit reports whether bit p of the settled value in d is set.
func bit(d *[nLimbs]int64, p int) bool {
	return d[p/digitBits]>>(p%digitBits)&1 != 0
}

// sticky reports whether any of bits 0..p-1 of the settled value in d is set.
func sticky(d *[nLimbs]int64, p int) bool {
	i := p / digitBits
	if d[i]&(1<<(p%digitBits)-1) != 0 {
		return true
	}
	for _, v := range d[:i] {
		if v != 0 {
			return true
		}
	}
	return false
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// carry settles the carries of d in place, leaving every digit in
// [0, 2^32) and the sign in the top limb; the value is unchanged. It
// reports false if the top limb exceeds topLimit.
func carry(d *[nLimbs]int64) bool {
	var c int64
	for i := range nDigits {
		v := d[i] + c
		d[i] = v & digitMask
		c = v >> digitBits // floor, so negative values borrow
	}
	t := d[top] + c
	d[top] = t
	return -topLimit <= t && t <= topLimit
}

// normalize settles the carries of a. A sum beyond the capacity is recorded
// as invalid and cleared, which keeps the bounds Merge relies on.
func (a *Acc) normalize() {
	if !carry(&a.limbs) {
		a.limbs = [nLimbs]int64{}
		a.invalid = true
	}
	a.pending = 1
}

// The encoding is
//
//	magic "XSUM", version, flags, top limb (int64), first digit index,
//	digit count, digits (uint32 each)
//
// all big-endian, with the carries settled and zero digits trimmed from
// both ends, so that equal sums encode to equal bytes. A NaN sum keeps no
// digits: they can no longer affect any result.
const (
	magic      = "XSUM"
	version    = 1
	flagNaN    = 1
	headerSize = len(magic) + 1 + 1 + 8 + 1 + 1
)

// MarshalBinary encodes the sum canonically: accumulators holding equal sums
// encode to equal bytes, whatever the order of their additions. It does not
// modify a.
func (a *Acc) MarshalBinary() ([]byte, error) {
	var d [nLimbs]int64
	var flags byte
	if a.invalid {
		flags |= flagNaN
	} else {
		d = a.limbs
		if !carry(&d) {
			d = [nLimbs]int64{}
			flags |= flagNaN
		}
	}
	lo, hi := 0, nDigits
	for lo < hi && d[lo] == 0 {
		lo++
	}
	for hi > lo && d[hi-1] == 0 {
		hi--
	}
	if lo == hi {
		lo, hi = 0, 0
	}
	buf := make([]byte, 0, headerSize+4*(hi-lo))
	buf = append(buf, magic...)
	buf = append(buf, version, flags)
	buf = binary.BigEndian.AppendUint64(buf, uint64(d[top]))
	buf = append(buf, byte(lo), byte(hi-lo))
	for _, v := range d[lo:hi] {
		buf = binary.BigEndian.AppendUint32(buf, uint32(v))
	}
	return buf, nil
}

// UnmarshalBinary replaces a with the sum encoded by MarshalBinary. It
// refuses anything MarshalBinary would not have produced, leaving a
// unchanged.
func (a *Acc) UnmarshalBinary(data []byte) error {
	if len(data) < headerSize {
		return errors.New("exactsum: encoding too short")
	}
	if string(data[:len(magic)]) != magic {
		return errors.New("exactsum: not an exactsum encoding")
	}
	p := data[len(magic):]
	if p[0] != version {
		return fmt.Errorf("exactsum: unsupported encoding version %d", p[0])
	}
	flags := p[1]
	if flags&^flagNaN != 0 {
		return fmt.Errorf("exactsum: unknown flags %#x", flags)
	}
	t := int64(binary.BigEndian.Uint64(p[2:]))
	lo, n := int(p[10]), int(p[11])
	p = p[12:]
	if lo+n > nDigits {
		return fmt.Errorf("exactsum: digits %d..%d out of range", lo, lo+n)
	}
	if len(p) != 4*n {
		return fmt.Errorf("exactsum: %d bytes of digits, want %d", len(p), 4*n)
	}
	if t < -topLimit || t > topLimit {
		return errors.New("exactsum: sum out of range")
	}
	var d [nLimbs]int64
	d[top] = t
	for i := range n {
		d[lo+i] = int64(binary.BigEndian.Uint32(p[4*i:]))
	}
	if n == 0 && lo != 0 || n > 0 && (d[lo] == 0 || d[lo+n-1] == 0) {
		return errors.New("exactsum: digits not trimmed")
	}
	nan := flags&flagNaN != 0
	if nan && (n != 0 || t != 0) {
		return errors.New("exactsum: NaN sum with digits")
	}
	*a = Acc{limbs: d, pending: 1, invalid: nan}
	return nil
}
