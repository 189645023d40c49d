package diag

import (
	"math"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Draws are sorted as keys: the bits of a float32 or float64, turned so
// that unsigned order is the order of the values (negatives flipped,
// positives with the sign bit set), -0 just below +0.

func keyOf[K uint32 | uint64](v float64) K {
	var k K
	if unsafe.Sizeof(k) == 4 {
		b := math.Float32bits(float32(v))
		if b>>31 != 0 {
			return K(^b)
		}
		return K(b | 1<<31)
	}
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return K(^b)
	}
	return K(b | 1<<63)
}

func valueOf[K uint32 | uint64](k K) float64 {
	if unsafe.Sizeof(k) == 4 {
		b := uint32(k)
		if b>>31 != 0 {
			return float64(math.Float32frombits(b &^ (1 << 31)))
		}
		return float64(math.Float32frombits(^b))
	}
	b := uint64(k)
	if b>>63 != 0 {
		return math.Float64frombits(b &^ (1 << 63))
	}
	return math.Float64frombits(^b)
}

const (
	radixBits    = 8
	radixBuckets = 1 << radixBits
)

// radixSort sorts keys with their indices, least significant digit first,
// using keys2 and idx2 as room; it returns the slices that hold the result.
// The input is cut into parts, one per worker: each pass counts the
// digits of every part, then each part moves its own draws, after those
// of the parts before it, so the sort is stable and its result does not
// depend on the number of parts.
func radixSort[K uint32 | uint64](keys, keys2 []K, idx, idx2 []uint32, counts [][radixBuckets]int) ([]K, []uint32) {
	n := len(keys)
	parts := len(counts)
	bounds := func(p int) (int, int) { return p * n / parts, (p + 1) * n / parts }
	bits := int(unsafe.Sizeof(keys[0])) * 8
	for shift := 0; shift < bits; shift += radixBits {
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
