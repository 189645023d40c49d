package rng

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/thermoai/thermo/internal/isa"
)

// The vector tests run the normal fills on every instruction-set path
// that can run here and compare them, bit for bit and state for state,
// with fillNormal32Chains and fillNormal64Chains over the whole block,
// which are the generic code whatever path is current.

// vectorChains is the largest chain count the exhaustive tests try:
// four vectors of the widest path (16 chains) and a few more.
const vectorChains = 4*16 + 5

var vectorRows = []int{0, 1, 2, 7, 33}

// guardWord fills the cells around the slices under test; the guard of
// a float slice is a NaN with this payload, which no fill produces.
const guardWord = 0x7fc0dead

const guardCells = 32

// guarded returns a slice of m elements in the middle of a larger one
// whose outer cells hold the guard, and a function that reports
// whether the guards are intact.
func guarded[T any](m int, g T) ([]T, func() bool) {
	buf := make([]T, m+2*guardCells)
	for i := range buf {
		buf[i] = g
	}
	ok := func() bool {
		for _, i := range [2]int{0, m + guardCells} {
			for _, v := range buf[i : i+guardCells] {
				if bitsOf(v) != bitsOf(g) {
					return false
				}
			}
		}
		return true
	}
	return buf[guardCells : guardCells+m : guardCells+m], ok
}

// bitsOf returns the bits of a float32, float64, uint32 or uint64, so
// that NaN guards compare equal to themselves.
func bitsOf(v any) uint64 {
	switch v := v.(type) {
	case float32:
		return uint64(math.Float32bits(v))
	case float64:
		return math.Float64bits(v)
	case uint32:
		return uint64(v)
	case uint64:
		return v
	}
	panic("bitsOf: unexpected type")
}

// guardedStreams returns NewStreams(seed, first, n) with each of its
// state slices between guard cells, and a function that reports
// whether the guards are intact.
func guardedStreams(seed, first uint64, n int) (*Streams, func() bool) {
	src := NewStreams(seed, first, n)
	var s Streams
	var checks []func() bool
	for j := range 4 {
		p, okp := guarded(n, uint32(guardWord))
		copy(p, src.p[j])
		s.p[j] = p
		checks = append(checks, okp)
	}
	key, okKey := guarded(n, uint64(guardWord))
	copy(key, src.key)
	s.key = key
	checks = append(checks, okKey)
	return &s, func() bool {
		for _, ok := range checks {
			if !ok() {
				return false
			}
		}
		return true
	}
}

// sameState reports whether a and b hold the same primary and
// secondary states.
func sameState(a, b *Streams) bool {
	if a.Len() != b.Len() {
		return false
	}
	for c := range a.Len() {
		if a.Chain(c) != b.Chain(c) {
			return false
		}
	}
	return true
}

// forEachPath runs f as a subtest with each path that can run here
// forced, the generic one included.
func forEachPath(t *testing.T, f func(t *testing.T)) {
	for _, p := range isa.Available() {
		t.Run(p.String(), func(t *testing.T) {
			defer isa.Force(p)()
			f(t)
		})
	}
}

// checkNormal32Vector fills rows rows of n chains twice in a row with
// FillNormal32 on the current path and with the generic code, and
// reports the first difference in values, states or guards.
func checkNormal32Vector(seed uint64, n, rows int) error {
	want := make([]float32, rows*n)
	ref := NewStreams(seed, 3, n)
	dst, dstOK := guarded(rows*n, math.Float32frombits(guardWord))
	s, stateOK := guardedStreams(seed, 3, n)
	for round := range 2 {
		fillNormal32Chains(want, ref, n, 0, n)
		ref.advance(rows)
		FillNormal32(dst, s)
		for j := range want {
			if math.Float32bits(dst[j]) != math.Float32bits(want[j]) {
				return fmt.Errorf("seed %d, %d chains, %d rows, round %d: element %d (row %d, chain %d) = %v, want %v",
					seed, n, rows, round, j, j/n, j%n, dst[j], want[j])
			}
		}
		if !sameState(s, ref) {
			return fmt.Errorf("seed %d, %d chains, %d rows, round %d: states differ from the generic fill", seed, n, rows, round)
		}
		if !dstOK() || !stateOK() {
			return fmt.Errorf("seed %d, %d chains, %d rows, round %d: write outside dst or the state slices", seed, n, rows, round)
		}
	}
	return nil
}

// checkNormal64Vector is the float64 counterpart of checkNormal32Vector.
func checkNormal64Vector(seed uint64, n, rows int) error {
	want := make([]float64, rows*n)
	ref := NewStreams(seed, 3, n)
	dst, dstOK := guarded(rows*n, math.Float64frombits(guardWord<<32|guardWord))
	s, stateOK := guardedStreams(seed, 3, n)
	for round := range 2 {
		fillNormal64Chains(want, ref, n, 0, n)
		ref.advance(rows)
		FillNormal64(dst, s)
		for j := range want {
			if math.Float64bits(dst[j]) != math.Float64bits(want[j]) {
				return fmt.Errorf("seed %d, %d chains, %d rows, round %d: element %d (row %d, chain %d) = %v, want %v",
					seed, n, rows, round, j, j/n, j%n, dst[j], want[j])
			}
		}
		if !sameState(s, ref) {
			return fmt.Errorf("seed %d, %d chains, %d rows, round %d: states differ from the generic fill", seed, n, rows, round)
		}
		if !dstOK() || !stateOK() {
			return fmt.Errorf("seed %d, %d chains, %d rows, round %d: write outside dst or the state slices", seed, n, rows, round)
		}
	}
	return nil
}

// largeShapes are (chains, rows) pairs large enough for the vector
// fills to split the block into several kernel calls (of 2^14 elements
// on amd64), with a remainder of chains for the generic code; rows of
// 4 KiB and 2 KiB, which the generic code takes eight rows at a time
// (fillRows), checked on the vector paths against it. The last
// two have the most rows the AVX-512 kernels list, and 64 more, which
// they leave to the generic code.
var largeShapes = [][2]int{{517, 33}, {32781, 1}, {1000, 100}, {1024, 20}, {512, 19}, {17, 1 << 16}, {16, 1<<16 + 64}}

func TestNormal32Vector(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, seed := range []uint64{1, 0x9e3779b97f4a7c15} {
			for _, rows := range vectorRows {
				for n := range vectorChains + 1 {
					if err := checkNormal32Vector(seed, n, rows); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		for _, sh := range largeShapes {
			if err := checkNormal32Vector(5, sh[0], sh[1]); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestNormal64Vector(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, seed := range []uint64{1, 0x9e3779b97f4a7c15} {
			for _, rows := range vectorRows {
				for n := range vectorChains + 1 {
					if err := checkNormal64Vector(seed, n, rows); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		for _, sh := range largeShapes {
			if err := checkNormal64Vector(5, sh[0], sh[1]); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestNormalVectorGolden checks the golden digests with the golden
// chains drawn inside a batch wide enough for every vector path: chains
// 0-3 of a batch of 35 chains take the vector code on every path.
func TestNormalVectorGolden(t *testing.T) {
	const n = 35
	want := computeGolden()
	forEachPath(t, func(t *testing.T) {
		x32 := make([]float32, n*goldenDigest)
		FillNormal32(x32, NewStreams(goldenSeed, 0, n))
		x64 := make([]float64, n*goldenDigest)
		FillNormal64(x64, NewStreams(goldenSeed, 0, n))
		g32 := make([]float32, 0, goldenChains*goldenDigest)
		g64 := make([]float64, 0, goldenChains*goldenDigest)
		for k := range goldenDigest {
			g32 = append(g32, x32[k*n:k*n+goldenChains]...)
			g64 = append(g64, x64[k*n:k*n+goldenChains]...)
		}
		if got := digest(g32); got != want.Digests["normal32"] {
			t.Errorf("normal32 digest %s, want %s", got, want.Digests["normal32"])
		}
		if got := digest(g64); got != want.Digests["normal64"] {
			t.Errorf("normal64 digest %s, want %s", got, want.Digests["normal64"])
		}
	})
}

// streamWithOutputs returns a state whose first output is lo or, if two
// is set, whose first two outputs are lo and hi. The first output,
// rotl(s0+s3, 7) + s0, fixes s3 given s0. With s1 = s0 ^ s3 the step
// leaves s0 = 0 and s3 = rotl(old s0, 11), so that the second output is
// rotl(old s0, 18), which fixes s0.
func streamWithOutputs(lo, hi uint32, two bool) Stream {
	if !two {
		return Stream{0, 1, 2, bits.RotateLeft32(lo, -7)}
	}
	s0 := bits.RotateLeft32(hi, -18)
	s3 := bits.RotateLeft32(lo-s0, -7) - s0
	return Stream{s0, s0 ^ s3, 1, s3}
}

// edgeValues returns, for every layer, values of u at and around the
// threshold k[i] and its negation, and the extremes of u, clamped to
// [-2^(bits-1), 2^(bits-1)).
func edgeValues[K uint32 | uint64](k *[zigLayers]K, bits int) (u []int64, layer []int) {
	lim := int64(1) << (bits - 1)
	for i := range zigLayers {
		ki := int64(k[i])
		for _, v := range []int64{ki - 1, ki, ki + 1, -(ki - 1), -ki, -(ki + 1), 0, -1, 1, lim - 1, -lim} {
			u = append(u, min(max(v, -lim), lim-1))
			layer = append(layer, i)
		}
	}
	return u, layer
}

// TestNormalVectorEdges gives the chains primary states whose first
// draws put u at the fast-path thresholds of every layer and at its
// extremes, and checks every path against the generic code.
func TestNormalVectorEdges(t *testing.T) {
	const rows = 3
	u32, l32 := edgeValues(&zigK32, 25)
	u64, l64 := edgeValues(&zigK64, 52)
	n32, n64 := len(u32)+5, len(u64)+7
	s32, s64 := NewStreams(17, 0, n32), NewStreams(18, 0, n64)
	for c := range u32 {
		r := uint32(u32[c])<<7 | uint32(l32[c])
		ch := s32.Chain(c)
		ch.P = streamWithOutputs(r, 0, false)
		s32.SetChain(c, ch)
		if x, _, i := normal32Fast(ch.P.Uint32()); i != uint32(l32[c]) || x != float32(u32[c])*zigW32[i] {
			t.Fatalf("crafted state of chain %d draws x = %v in layer %d, want u = %d in layer %d", c, x, i, u32[c], l32[c])
		}
	}
	for c := range u64 {
		// Bits 7-11 of r are not used by the sampler.
		r := uint64(u64[c])<<12 | 0xa80 | uint64(l64[c])
		ch := s64.Chain(c)
		ch.P = streamWithOutputs(uint32(r), uint32(r>>32), true)
		s64.SetChain(c, ch)
		if got := ch.P.Uint64(); got != r {
			t.Fatalf("crafted state of chain %d draws %#x, want %#x", c, got, r)
		}
	}
	ref32 := cloneStreams(s32)
	want32 := make([]float32, rows*n32)
	fillNormal32Chains(want32, ref32, n32, 0, n32)
	ref32.advance(rows)
	ref64 := cloneStreams(s64)
	want64 := make([]float64, rows*n64)
	fillNormal64Chains(want64, ref64, n64, 0, n64)
	ref64.advance(rows)
	forEachPath(t, func(t *testing.T) {
		got32 := make([]float32, rows*n32)
		g32 := cloneStreams(s32)
		FillNormal32(got32, g32)
		for j := range want32 {
			if math.Float32bits(got32[j]) != math.Float32bits(want32[j]) {
				t.Fatalf("float32 element %d (row %d, chain %d) = %v, want %v", j, j/n32, j%n32, got32[j], want32[j])
			}
		}
		if !sameState(g32, ref32) {
			t.Error("float32: states differ from the generic fill")
		}
		got64 := make([]float64, rows*n64)
		g64 := cloneStreams(s64)
		FillNormal64(got64, g64)
		for j := range want64 {
			if math.Float64bits(got64[j]) != math.Float64bits(want64[j]) {
				t.Fatalf("float64 element %d (row %d, chain %d) = %v, want %v", j, j/n64, j%n64, got64[j], want64[j])
			}
		}
		if !sameState(g64, ref64) {
			t.Error("float64: states differ from the generic fill")
		}
	})
}

// cloneStreams returns a copy of s that shares no memory with it.
func cloneStreams(s *Streams) *Streams {
	t := newStreams(s.Len())
	t.drawn = s.drawn
	for c := range s.Len() {
		t.SetChain(c, s.Chain(c))
	}
	return t
}

// The fuzz targets compare every path with the generic code for
// arbitrary seeds and block shapes.

func FuzzNormal32Vector(f *testing.F) {
	f.Add(uint64(1), uint16(16), uint8(1))
	f.Fuzz(func(t *testing.T, seed uint64, n uint16, rows uint8) {
		for _, p := range isa.Available() {
			restore := isa.Force(p)
			err := checkNormal32Vector(seed, int(n%600), int(rows%64))
			restore()
			if err != nil {
				t.Fatalf("%v: %v", p, err)
			}
		}
	})
}

func FuzzNormal64Vector(f *testing.F) {
	f.Add(uint64(1), uint16(16), uint8(1))
	f.Fuzz(func(t *testing.T, seed uint64, n uint16, rows uint8) {
		for _, p := range isa.Available() {
			restore := isa.Force(p)
			err := checkNormal64Vector(seed, int(n%600), int(rows%64))
			restore()
			if err != nil {
				t.Fatalf("%v: %v", p, err)
			}
		}
	})
}

// BenchmarkFillNormal32Path and BenchmarkFillNormal64Path time the
// fills of BenchmarkFillNormal32 and BenchmarkFillNormal64 on each path
// that can run here.

func BenchmarkFillNormal32Path(b *testing.B) {
	for _, p := range isa.Available() {
		b.Run(p.String(), func(b *testing.B) {
			defer isa.Force(p)()
			s := NewStreams(1, 0, benchChains)
			dst := make([]float32, benchDims*benchChains)
			for b.Loop() {
				FillNormal32(dst, s)
			}
			reportPerSample(b, len(dst))
		})
	}
}

func BenchmarkFillNormal64Path(b *testing.B) {
	for _, p := range isa.Available() {
		b.Run(p.String(), func(b *testing.B) {
			defer isa.Force(p)()
			s := NewStreams(1, 0, benchChains)
			dst := make([]float64, benchDims*benchChains)
			for b.Loop() {
				FillNormal64(dst, s)
			}
			reportPerSample(b, len(dst))
		})
	}
}

// slowClass is the branch that a slow path takes first.
type slowClass int

const (
	anyClass  slowClass = iota
	tailClass           // layer 0: the tail
	wedgeIn             // the wedge test accepts x
	retryOK             // the wedge test fails and the new draw passes the fast test
	retryBad            // ... and fails it in a layer i >= 1, once
	retryBad2           // ... twice in a row, which the AVX-512 code leaves to Go
	retryTail           // ... and fails it in layer 0
)

// classify returns the first branch of the slow path of the candidate x
// (a float32 or float64) in layer i drawing from a.
func classify(x float64, i uint32, is32 bool, a aux) slowClass {
	bad := 0
	for {
		if i == 0 {
			return tailClass
		}
		if zigBelow(x, uint(i), a.next()) {
			if bad > 0 {
				return retryBad
			}
			return wedgeIn
		}
		var ok bool
		if is32 {
			var x32 float32
			x32, ok, i = normal32Fast(uint32(a.next()))
			x = float64(x32)
		} else {
			var i64 uint64
			x, ok, i64 = normal64Fast(a.next())
			i = uint32(i64)
		}
		switch {
		case ok && bad == 0:
			return retryOK
		case ok:
			return retryBad
		case i == 0 && bad == 0:
			return retryTail
		case i == 0 || bad > 0:
			return retryBad2
		}
		bad++
	}
}

// rowSpec asks for a draw of a chain: accepted by the fast path, or
// rejected with its slow path starting with class.
type rowSpec struct {
	reject bool
	class  slowClass
}

var (
	pass = rowSpec{}
	fail = rowSpec{reject: true}
)

func failWith(c slowClass) rowSpec { return rowSpec{true, c} }

// findChain searches random states for one whose first draws follow
// spec: the primary state first, then the key.
func findChain(rng *rand.Rand, is32 bool, spec []rowSpec) Chain {
	random := func() Stream {
		for {
			s := Stream{rng.Uint32(), rng.Uint32(), rng.Uint32(), rng.Uint32()}
			if s != (Stream{}) {
				return s
			}
		}
	}
	type reject struct {
		x float64
		i uint32
		c slowClass
		k uint64
	}
	for {
		p := random()
		var rejects []reject
		match := func() bool {
			t := p
			for k, sp := range spec {
				var x float64
				var ok bool
				var i uint32
				if is32 {
					x32, ok32, i32 := normal32Fast(t.Uint32())
					x, ok, i = float64(x32), ok32, i32
				} else {
					var i64 uint64
					x, ok, i64 = normal64Fast(t.Uint64())
					i = uint32(i64)
				}
				if ok == sp.reject {
					return false
				}
				// Only the tail starts in layer 0.
				if sp.reject && sp.class != anyClass && (sp.class == tailClass) != (i == 0) {
					return false
				}
				if !ok {
					rejects = append(rejects, reject{x, i, sp.class, uint64(k)})
				}
			}
			return true
		}
		if !match() {
			continue
		}
		// Then the key, or else another primary state.
	next:
		for range 1 << 18 {
			key := rng.Uint64()
			for _, r := range rejects {
				if c := classify(r.x, r.i, is32, newAux(key, r.k, 0)); r.c != anyClass && c != r.c {
					continue next
				}
			}
			return Chain{P: p, Key: key}
		}
	}
}

// slowPathScenarios are the first draws asked of the chains of
// slowPathStreams, in turn: every branch of the slow path in the first
// row, several rejects of one chain, and rejects late in the block.
var slowPathScenarios = [][]rowSpec{
	{failWith(wedgeIn)},
	{failWith(retryOK)},
	{failWith(retryBad)},
	{failWith(retryTail)},
	{failWith(tailClass)},
	{failWith(retryBad), fail},
	{failWith(retryTail), failWith(wedgeIn)},
	{failWith(wedgeIn), fail},
	{failWith(tailClass), failWith(wedgeIn)},
	{failWith(retryOK), failWith(retryBad), fail},
	{pass, pass, pass, failWith(retryBad)},
	{pass, failWith(wedgeIn), failWith(retryOK), failWith(wedgeIn)},
	{failWith(retryBad2)},
	{pass, failWith(retryBad2), failWith(retryTail)},
	{pass, pass},
}

// slowPathStreams returns streams whose chains follow slowPathScenarios
// in turn, with five vectors of the widest path and a few chains more,
// and the number of rows the scenarios take. Most chains reject in the
// first row, so that vector code holds more than eight lanes at once.
func slowPathStreams(is32 bool) (*Streams, int) {
	const n = 5*16 + 3
	seed := uint64(31)
	if !is32 {
		seed = 32
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	s := NewStreams(seed, 0, n)
	rows := 0
	for c := range n {
		spec := slowPathScenarios[c%len(slowPathScenarios)]
		s.SetChain(c, findChain(rng, is32, spec))
		rows = max(rows, len(spec))
	}
	return s, rows
}

// TestNormalVectorSlowPaths checks every path against the generic code
// on the crafted states of slowPathStreams, for the rows of the
// scenarios and for longer fills that go on from them.
func TestNormalVectorSlowPaths(t *testing.T) {
	for _, is32 := range []bool{true, false} {
		s, rows := slowPathStreams(is32)
		n := s.Len()
		forEachPath(t, func(t *testing.T) {
			for _, rr := range []int{rows, 1, 9} {
				ref, got := cloneStreams(s), cloneStreams(s)
				for round := range 2 {
					if is32 {
						want, dst := make([]float32, rr*n), make([]float32, rr*n)
						fillNormal32Chains(want, ref, n, 0, n)
						ref.advance(rr)
						FillNormal32(dst, got)
						for j := range want {
							if math.Float32bits(dst[j]) != math.Float32bits(want[j]) {
								t.Fatalf("float32, %d rows, round %d: element %d (row %d, chain %d) = %v, want %v",
									rr, round, j, j/n, j%n, dst[j], want[j])
							}
						}
					} else {
						want, dst := make([]float64, rr*n), make([]float64, rr*n)
						fillNormal64Chains(want, ref, n, 0, n)
						ref.advance(rr)
						FillNormal64(dst, got)
						for j := range want {
							if math.Float64bits(dst[j]) != math.Float64bits(want[j]) {
								t.Fatalf("float64, %d rows, round %d: element %d (row %d, chain %d) = %v, want %v",
									rr, round, j, j/n, j%n, dst[j], want[j])
							}
						}
					}
					if !sameState(got, ref) {
						t.Fatalf("f32=%v, %d rows, round %d: states differ from the generic fill", is32, rr, round)
					}
				}
			}
		})
	}
}

// TestPortableExpPow2 checks that the power of two of portableExp gives
// math.Ldexp's result, bit for bit, over its whole domain.
func TestPortableExpPow2(t *testing.T) {
	ref := func(x float64) float64 {
		k := math.Floor(x/math.Ln2 + 0.5)
		r := (x - float64(k*ln2Hi)) - float64(k*ln2Lo)
		return math.Ldexp(poly13(r, &expCoef), int(k))
	}
	check := func(x float64) {
		if got, want := portableExp(x), ref(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("portableExp(%v) = %v, want %v", x, got, want)
		}
	}
	for x := -700.0; x < 700; x += 0.0137 {
		check(x)
		check(math.Nextafter(x, -1000))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1 << 20 {
		check(-0.5 * 16 * rng.Float64() * rng.Float64())
		check(1400*rng.Float64() - 700)
	}
}

// TestQuickExpHalfSq checks the bound that zigBelow and the vector
// kernels decide most wedge tests with: quickExpHalfSq is within a
// quarter of wedgeMargin of portableExp(-0.5*x*x), relative, for every
// candidate a wedge test can see (|x| < zigR < 3.5) and beyond, so that
// a draw outside the margin is decided as portableExp would decide it.
func TestQuickExpHalfSq(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	worst := 0.0
	const grid = 1 << 21
	for k := range 2 * grid {
		x := 4 * float64(k) / grid // a grid over [0, 8)
		if k%2 == 1 {
			x = 4 * r.Float64() * float64(1-2*r.IntN(2))
		}
		q := quickExpHalfSq(x)
		worst = max(worst, math.Abs(q-portableExp(-0.5*x*x))/q)
	}
	if worst > wedgeMargin/4 {
		t.Fatalf("quickExpHalfSq is within %.3g of portableExp, relative; the margin %g needs 4 times that", worst, wedgeMargin)
	}
	t.Logf("largest relative difference %.3g, margin %g", worst, wedgeMargin)
}
