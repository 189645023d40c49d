package diag

import (
	"math"
	"sync"
	"sync/atomic"
)

// Draws are sorted as keys: the bits of a float32 or float64, turned so
// that unsigned order is the order of the values (negatives flipped,
// positives with the sign bit set), -0 just below +0.

func key32(v float32) uint32 {
	b := math.Float32bits(v)
	if b>>31 != 0 {
		return ^b
	}
	return b | 1<<31
}

func key64(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

func value32(k uint32) float64 {
	if k>>31 != 0 {
		return float64(math.Float32frombits(k &^ (1 << 31)))
	}
	return float64(math.Float32frombits(^k))
}

func value64(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// sorted holds a dimension's draws in ascending order: their keys, and
// their indices alongside, or for float32 in the low half of each key.
type sorted struct {
	keys []uint64
	idx  []uint32 // nil: float32, packed into keys
}

func (s sorted) value(i int) float64 {
	if s.idx == nil {
		return value32(uint32(s.keys[i] >> 32))
	}
	return value64(s.keys[i])
}

func (s sorted) index(i int) uint32 {
	if s.idx == nil {
		return uint32(s.keys[i])
	}
	return s.idx[i]
}

const (
	radixBits    = 8
	radixBuckets = 1 << radixBits
)

// radixSort sorts keys by their bits from lo up, with the indices idx
// alongside unless nil, least significant digit first, using keys2 and
// idx2 as room; it returns the slices that hold the result.
// The input is cut into parts, one per worker: each pass counts the
// digits of every part, then each part moves its own keys, after those
// of the parts before it, so the sort is stable and its result does not
// depend on the number of parts.
func radixSort(keys, keys2 []uint64, idx, idx2 []uint32, lo int, counts [][radixBuckets]int) ([]uint64, []uint32) {
	n := len(keys)
	parts := len(counts)
	bounds := func(p int) (int, int) { return p * n / parts, (p + 1) * n / parts }
	for shift := lo; shift < 64; shift += radixBits {
		parallel(parts, parts, func(_, p int) {
			c := &counts[p]
			clear(c[:])
			lo, hi := bounds(p)
			for _, k := range keys[lo:hi] {
				c[(k>>shift)&(radixBuckets-1)]++
			}
		})
		if skipPass(counts, n) {
			continue
		}
		// Turn the counts into each part's first position per digit.
		pos := 0
		for d := range radixBuckets {
			for p := range parts {
				c := counts[p][d]
				counts[p][d] = pos
				pos += c
			}
		}
		parallel(parts, parts, func(_, p int) {
			c := &counts[p]
			lo, hi := bounds(p)
			if idx == nil {
				for _, k := range keys[lo:hi] {
					d := (k >> shift) & (radixBuckets - 1)
					keys2[c[d]] = k
					c[d]++
				}
				return
			}
			for i, k := range keys[lo:hi] {
				d := (k >> shift) & (radixBuckets - 1)
				j := c[d]
				c[d]++
				keys2[j] = k
				idx2[j] = idx[lo+i]
			}
		})
		keys, keys2 = keys2, keys
		idx, idx2 = idx2, idx
	}
	return keys, idx
}

// skipPass reports whether every key has the same digit.
func skipPass(counts [][radixBuckets]int, n int) bool {
	for d := range radixBuckets {
		t := 0
		for p := range counts {
			t += counts[p][d]
		}
		if t != 0 {
			return t == n
		}
	}
	return true
}

// parallel calls f(w, i) for every i in [0, n) on min(p, n) goroutines,
// w numbering the goroutine.
func parallel(p, n int, f func(w, i int)) {
	p = min(p, n)
	if p <= 1 {
		for i := range n {
			f(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range p {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(w, i)
			}
		}()
	}
	wg.Wait()
}
