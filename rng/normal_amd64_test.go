//go:build gc && !purego && !noasm

package rng

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/thermoai/thermo/internal/isa"
)

// The tests in this file call the assembly kernels directly, so that
// they can check the reject records themselves, not only the finished
// fills.

type kernel32 = func(dst []float32, n, c0 int, p *[4][]uint32, key *uint64, idx, layer []uint32, drawn uint64) int
type kernel64 = func(dst []float64, n, c0 int, p *[4][]uint32, key *uint64, idx, layer []uint32, drawn uint64) int

var normalKernels = []struct {
	path  isa.ISA
	width int
	f32   kernel32
	f64   kernel64
}{
	{isa.AVX2, 8, normal32AVX2, normal64AVX2},
	{isa.AVX512, 16, normal32AVX512, normal64AVX512},
}

// record is one reject record: an element index and its layer.
type record struct{ j, i uint32 }

// kernelRun is what a kernel call wrote.
type kernelRun struct {
	dst32   []float32
	dst64   []float64
	p       [4][]uint32 // primary states of chains [c0, c0+m) after the call
	key     []uint64    // their keys
	records []record
}

// runKernel runs f32, or f64 if f32 is nil, the kernel of path, over
// chains [c0, c0+m) of a block of s.Len() chains and rows rows, the
// states being those of s (which it leaves alone), with guarded dst,
// state and scratch slices, and returns what it wrote.
func runKernel(t *testing.T, path isa.ISA, f32 kernel32, f64 kernel64, s *Streams, rows, c0, m int) kernelRun {
	t.Helper()
	n := s.Len()
	var p [4][]uint32
	var checks []func() bool
	for j := range 4 {
		pj, okp := guarded(m, uint32(guardWord))
		copy(pj, s.p[j][c0:c0+m])
		p[j] = pj
		checks = append(checks, okp)
	}
	key, okKey := guarded(m, uint64(guardWord))
	copy(key, s.key[c0:c0+m])
	checks = append(checks, okKey)
	// The scratch holds exactly what the kernels' contract asks for.
	scratch := normalScratch(rows, m)
	idx, okIdx := guarded(scratch, uint32(guardWord))
	layer, okLayer := guarded(scratch, uint32(guardWord))
	checks = append(checks, okIdx, okLayer)
	var run kernelRun
	var nr int
	if f32 != nil {
		dst, ok := guarded(rows*n, math.Float32frombits(guardWord))
		nr = f32(dst, n, c0, &p, &key[0], idx, layer, s.drawn)
		run.dst32 = dst
		checks = append(checks, ok)
	} else {
		dst, ok := guarded(rows*n, math.Float64frombits(guardWord<<32|guardWord))
		nr = f64(dst, n, c0, &p, &key[0], idx, layer, s.drawn)
		run.dst64 = dst
		checks = append(checks, ok)
	}
	for _, ok := range checks {
		if !ok() {
			t.Fatalf("%d chains, %d rows, chains [%d, %d): write outside the slices", n, rows, c0, c0+m)
		}
	}
	if nr < 0 || nr > rows*m {
		t.Fatalf("%d chains, %d rows, chains [%d, %d): %d records", n, rows, c0, c0+m, nr)
	}
	run.p, run.key = p, key
	for r := range nr {
		run.records = append(run.records, record{idx[r], layer[r]})
	}
	return run
}

// wantKernel computes what the kernel of path must produce for chains
// [c0, c0+m) of s over rows rows, with the scalar code: the values (NaN
// guards elsewhere), the states and the records in their order.
func wantKernel(path isa.ISA, is32 bool, s *Streams, rows, c0, m int) kernelRun {
	s = cloneStreams(s)
	n := s.Len()
	var run kernelRun
	if is32 {
		run.dst32 = make([]float32, rows*n)
		for j := range run.dst32 {
			run.dst32[j] = math.Float32frombits(guardWord)
		}
	} else {
		run.dst64 = make([]float64, rows*n)
		for j := range run.dst64 {
			run.dst64[j] = math.Float64frombits(guardWord<<32 | guardWord)
		}
	}
	if path == isa.AVX512 {
		modelKernel(&run, s, rows, c0, m, 16, 16)
		modelTails(&run, s)
	} else {
		modelKernel(&run, s, rows, c0, m, 8, 4)
	}
	for j := range 4 {
		run.p[j] = s.p[j][c0 : c0+m]
	}
	run.key = s.key[c0 : c0+m]
	return run
}

// draw draws element j of chain c of s by the fast path, writing its
// candidate to run, and returns its layer, whether it was accepted and
// whether a kernel whose fast test compares only the high words of |u|
// and k[i] (the float64 AVX-512 one, if hiOnly) lists it.
func (run *kernelRun) draw(s *Streams, c, j int, hiOnly bool) (i uint32, ok, listed bool) {
	p := s.primary(c)
	if run.dst32 != nil {
		var r uint32
		r, p = p.next()
		run.dst32[j], ok, i = normal32Fast(r)
		listed = !ok
	} else {
		r := p.Uint64()
		var i64 uint64
		run.dst64[j], ok, i64 = normal64Fast(r)
		i = uint32(i64)
		u := int64(r) >> 12
		listed = !ok || hiOnly && uint64(max(u, -u))>>32 >= zigK64[i]>>32
	}
	s.setPrimary(c, p)
	return i, ok, listed
}

// modelKernel is the kernel of vector width w for the m chains from c0,
// as normal_amd64.s describes it: pass A lists the rejected draws by
// vector of chains, row and lane; pass B takes them batch at a time,
// records those in layer 0, runs one attempt of the slow path of the
// others and records those whose new draw fails the fast test: on AVX2
// in a second round, on AVX-512 (w = 16) in one round, in lane order.
func modelKernel(run *kernelRun, s *Streams, rows, c0, m, w, batch int) {
	n := s.Len()
	type reject struct {
		j, c, k int
		i       uint32
		ok      bool // listed though it passes the fast test
	}
	var list []reject
	for v := c0; v < c0+m; v += w {
		for k := range rows {
			for c := v; c < v+w; c++ {
				j := k*n + c
				if i, ok, listed := run.draw(s, c, j, w == 16); listed {
					list = append(list, reject{j: j, c: c, k: k, i: i, ok: ok})
				}
			}
		}
	}
	record := func(r reject, used uint32) {
		run.records = append(run.records, record{uint32(r.j), r.i | used<<8})
	}
	for b := 0; b < len(list); b += batch {
		batch := list[b:min(b+batch, len(list))]
		// AVX2 records a batch's draws in layer 0 first; AVX-512 records
		// them with the failed retries, in lane order.
		for _, r := range batch {
			if r.i == 0 && !r.ok && w != 16 {
				record(r, 0)
			}
		}
		for _, r := range batch {
			if r.i == 0 && !r.ok && w == 16 {
				record(r, 0)
			}
			if r.i == 0 || r.ok {
				continue
			}
			src := newAux(s.key[r.c], s.drawn+uint64(r.k), 0)
			if run.dst32 != nil {
				if zigBelow(float64(run.dst32[r.j]), uint(r.i), src.next()) {
					continue
				}
				var ok bool
				run.dst32[r.j], ok, r.i = normal32Fast(uint32(src.next()))
				if !ok {
					record(r, 2)
				}
			} else {
				if zigBelow(run.dst64[r.j], uint(r.i), src.next()) {
					continue
				}
				var ok bool
				var i uint64
				run.dst64[r.j], ok, i = normal64Fast(src.next())
				if r.i = uint32(i); !ok {
					record(r, 2)
				}
			}
		}
	}
}

// modelTails is pass C of the AVX-512 kernels: one attempt of the tail
// for the records in layer 0, which are dropped if it succeeds and kept
// with two more values used if not.
func modelTails(run *kernelRun, s *Streams) {
	n := s.Len()
	kept := run.records[:0]
	for _, r := range run.records {
		i, used := r.i&0xff, uint64(r.i>>8)
		if i != 0 {
			kept = append(kept, r)
			continue
		}
		c, k := int(r.j)%n, int(r.j)/n
		src := newAux(s.key[c], s.drawn+uint64(k), used)
		a := -portableLog(uniformOpen64(src.next())) / zigR
		b := -portableLog(uniformOpen64(src.next()))
		if !(b+b > a*a) {
			kept = append(kept, record{r.j, r.i + 2<<8})
			continue
		}
		if run.dst32 != nil {
			v := zigR + a
			if run.dst32[r.j] < 0 {
				v = -v
			}
			run.dst32[r.j] = float32(v)
		} else {
			v := zigR + a
			if run.dst64[r.j] < 0 {
				v = -v
			}
			run.dst64[r.j] = v
		}
	}
	run.records = kept
}

func compareKernel(got, want kernelRun) error {
	for j := range want.dst32 {
		if math.Float32bits(got.dst32[j]) != math.Float32bits(want.dst32[j]) {
			return fmt.Errorf("element %d = %v, want %v", j, got.dst32[j], want.dst32[j])
		}
	}
	for j := range want.dst64 {
		if math.Float64bits(got.dst64[j]) != math.Float64bits(want.dst64[j]) {
			return fmt.Errorf("element %d = %v, want %v", j, got.dst64[j], want.dst64[j])
		}
	}
	for j := range 4 {
		for c := range want.p[j] {
			if got.p[j][c] != want.p[j][c] {
				return fmt.Errorf("primary state word %d of chain %d = %#x, want %#x", j, c, got.p[j][c], want.p[j][c])
			}
			if got.key[c] != want.key[c] {
				return fmt.Errorf("key of chain %d = %#x, want %#x", c, got.key[c], want.key[c])
			}
		}
	}
	if len(got.records) != len(want.records) {
		return fmt.Errorf("%d reject records, want %d", len(got.records), len(want.records))
	}
	for r := range want.records {
		if got.records[r] != want.records[r] {
			return fmt.Errorf("reject record %d = %v, want %v", r, got.records[r], want.records[r])
		}
	}
	return nil
}

// forEachKernel runs f as a subtest for each kernel that can run here,
// float32 and float64.
func forEachKernel(t *testing.T, f func(t *testing.T, path isa.ISA, w int, f32 kernel32, f64 kernel64)) {
	for _, k := range normalKernels {
		if isa.Check(k.path) != nil {
			t.Logf("%v: not available here", k.path)
			continue
		}
		t.Run(fmt.Sprintf("%v/f32", k.path), func(t *testing.T) { f(t, k.path, k.width, k.f32, nil) })
		t.Run(fmt.Sprintf("%v/f64", k.path), func(t *testing.T) { f(t, k.path, k.width, nil, k.f64) })
	}
}

// slabRows returns the rows of a kernel call of path for a test of
// rows rows: the AVX-512 kernels take at most normalSlab.
func slabRows(path isa.ISA, rows int) int {
	if path == isa.AVX512 {
		return min(rows, normalSlab)
	}
	return rows
}

// TestNormalKernels checks the output, states and reject records of the
// kernels, for whole blocks and for sub-ranges of chains, against the
// scalar code.
func TestNormalKernels(t *testing.T) {
	forEachKernel(t, func(t *testing.T, path isa.ISA, w int, f32 kernel32, f64 kernel64) {
		for _, sh := range []struct{ n, rows, c0, m int }{
			{w, 1, 0, w},
			{w, 5, 0, w},
			{w + 3, 9, 0, w},
			{3*w + 1, 4, w, 2 * w},
			{4 * w, 40, 0, 4 * w},
			{4*w + 5, 17, 2 * w, w},
			{64*w + 7, 3, 5 * w, 50 * w},
			{2 * w, 300, 0, 2 * w},
		} {
			rows := slabRows(path, sh.rows)
			s := NewStreams(77, 0, sh.n)
			// Chains that have drawn before, past 2^32 values for
			// some shapes.
			s.advance(sh.rows * (1 << 31))
			got := runKernel(t, path, f32, f64, s, rows, sh.c0, sh.m)
			want := wantKernel(path, f32 != nil, s, rows, sh.c0, sh.m)
			if err := compareKernel(got, want); err != nil {
				t.Fatalf("%d chains, %d rows, chains [%d, %d): %v", sh.n, rows, sh.c0, sh.c0+sh.m, err)
			}
		}
	})
}

// TestNormalKernelSlowPaths runs the kernels on the crafted states of
// slowPathStreams, whose first rows take every branch of the slow path,
// and compares them with the scalar code, records included.
func TestNormalKernelSlowPaths(t *testing.T) {
	forEachKernel(t, func(t *testing.T, path isa.ISA, w int, f32 kernel32, f64 kernel64) {
		s, rows := slowPathStreams(f32 != nil)
		if rows > slabRows(path, rows) {
			t.Fatalf("the scenarios take %d rows, more than a kernel call of %v", rows, path)
		}
		m := s.Len() &^ (w - 1)
		got := runKernel(t, path, f32, f64, s, rows, 0, m)
		want := wantKernel(path, f32 != nil, s, rows, 0, m)
		if err := compareKernel(got, want); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d records for %d elements", len(got.records), rows*m)
	})
}

// TestNormalKernelRejectRate checks the kernels against the scalar code,
// records included, over a large block: this is the test of the reject
// bookkeeping at scale. It logs how many draws the kernels leave to Go
// against the rate at which draws fail the fast test.
func TestNormalKernelRejectRate(t *testing.T) {
	forEachKernel(t, func(t *testing.T, path isa.ISA, w int, f32 kernel32, f64 kernel64) {
		n, rows := 1024, 500
		if path == isa.AVX512 {
			n, rows = 32000, normalSlab
		}
		p := fastFailProb(&zigK64, 52)
		if f32 != nil {
			p = fastFailProb(&zigK32, 25)
		}
		s := NewStreams(2026, 0, n)
		got := runKernel(t, path, f32, f64, s, rows, 0, n)
		want := wantKernel(path, f32 != nil, s, rows, 0, n)
		if err := compareKernel(got, want); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d reject records in %d elements (%.4f%%; fast test failures %.4f%%)",
			len(got.records), n*rows, 100*float64(len(got.records))/float64(n*rows), 100*p)
	})
}

// TestChainOffsets checks the arithmetic of SLOWBATCH in
// normal_amd64.s, which finds the row k and the chain offset c of an
// element index j = k·n + c0 + c without an integer division, at its
// edges: c = 0, where the float64 quotient may fall just below k, and c
// = n-1, where it may round up to k+1, for n up to 2^32-1.
func TestChainOffsets(t *testing.T) {
	split := func(j, c0, n uint64) (k, c uint64) {
		u := j - c0
		k = uint64(math.Floor(float64(u) * (1 / float64(n))))
		c = u - k*n
		if int64(c) < 0 {
			k, c = k-1, c+n
		}
		if c >= n {
			k, c = k+1, c-n
		}
		return k, c
	}
	for _, n := range []uint64{1, 2, 3, 16, 17, 1000, 1<<16 + 1, 3 << 20, 1<<31 - 1, 1 << 31, 1<<32 - 1} {
		rows := min((1<<32-1)/n, 1<<20)
		for _, k := range []uint64{0, 1, 2, rows / 2, rows - 1} {
			if k >= rows {
				continue
			}
			for _, c := range []uint64{0, 1, n / 2, n - 1} {
				c0 := min(c, 5)
				j := k*n + c
				if gk, gc := split(j, c0, n); gk != k || gc != c-c0 {
					t.Fatalf("n %d, c0 %d: element %d has row %d and chain offset %d, want %d and %d", n, c0, j, gk, gc, k, c-c0)
				}
			}
		}
	}
}

// BenchmarkNormalKernel times the assembly kernels alone, without the
// fix-ups, on the block of BenchmarkFillNormal32; BenchmarkNormalFixups
// times the fix-ups of the records each kernel leaves for such a block
// alone, per sample of the block and per record. Together they split
// the time of the vector fills.
func BenchmarkNormalKernel(b *testing.B) {
	for _, k := range normalKernels {
		if isa.Check(k.path) != nil {
			continue
		}
		s := NewStreams(1, 0, benchChains)
		idx, layer := s.rejects(normalScratch(benchDims, benchChains))
		b.Run(fmt.Sprintf("%v/f32", k.path), func(b *testing.B) {
			dst := make([]float32, benchDims*benchChains)
			for b.Loop() {
				k.f32(dst, benchChains, 0, &s.p, &s.key[0], idx, layer, s.drawn)
			}
			reportPerSample(b, len(dst))
		})
		b.Run(fmt.Sprintf("%v/f64", k.path), func(b *testing.B) {
			dst := make([]float64, benchDims*benchChains)
			for b.Loop() {
				k.f64(dst, benchChains, 0, &s.p, &s.key[0], idx, layer, s.drawn)
			}
			reportPerSample(b, len(dst))
		})
	}
}

func BenchmarkNormalFixups(b *testing.B) {
	for _, k := range normalKernels {
		for _, is32 := range []bool{true, false} {
			name := fmt.Sprintf("%v/f64", k.path)
			if is32 {
				name = fmt.Sprintf("%v/f32", k.path)
			}
			b.Run(name, func(b *testing.B) {
				s := NewStreams(1, 0, benchChains)
				want := wantKernel(k.path, is32, s, benchDims, 0, benchChains)
				idx, layer := s.rejects(benchDims * benchChains)
				for r, rec := range want.records {
					idx[r], layer[r] = rec.j, rec.i
				}
				nr := len(want.records)
				// The secondary states evolve from one fix-up to the
				// next, which leaves the cost of a record the same.
				dst32 := make([]float32, benchDims*benchChains)
				dst64 := make([]float64, benchDims*benchChains)
				for b.Loop() {
					// Only the recorded elements need their candidates back.
					if is32 {
						for _, j := range idx[:nr] {
							dst32[j] = want.dst32[j]
						}
						s.fixRejects32(dst32, idx[:nr], layer[:nr], benchChains, s.drawn)
					} else {
						for _, j := range idx[:nr] {
							dst64[j] = want.dst64[j]
						}
						s.fixRejects64(dst64, idx[:nr], layer[:nr], benchChains, s.drawn)
					}
				}
				reportPerSample(b, benchDims*benchChains)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*max(nr, 1)), "ns/record")
			})
		}
	}
}

// TestQuickExpKernels checks that the kernels compute quickExpHalfSq,
// the bound of their wedge tests, bit for bit, over the candidates a
// wedge test can see (|x| < zigR < 3.5) and beyond.
func TestQuickExpKernels(t *testing.T) {
	if isa.Check(isa.AVX512) != nil {
		t.Skip("no AVX-512")
	}
	avx2 := isa.Check(isa.AVX2) == nil
	r := rand.New(rand.NewPCG(3, 4))
	var x, got [8]float64
	for k := 0; k < 1<<17; k++ {
		for j := range x {
			if k%2 == 0 {
				x[j] = 4 * float64(k*8+j) / (8 << 17) // a grid over [0, 4)
			} else {
				x[j] = 4 * r.Float64() * float64(1-2*r.IntN(2))
			}
		}
		quickExp8(&x, &got)
		if avx2 {
			var x4, got4 [4]float64
			for h := range 2 {
				copy(x4[:], x[4*h:])
				quickExp4(&x4, &got4)
				for j := range got4 {
					if math.Float64bits(got4[j]) != math.Float64bits(got[4*h+j]) {
						t.Fatalf("AVX2 bound at %v = %v, AVX-512 %v", x4[j], got4[j], got[4*h+j])
					}
				}
			}
		}
		for j, v := range x {
			if want := quickExpHalfSq(v); math.Float64bits(got[j]) != math.Float64bits(want) {
				t.Fatalf("kernel bound at %v = %v, Go %v", v, got[j], want)
			}
		}
	}
}

// TestWedgeExactPath runs the vector fills with bounds that decide
// nothing, so that every wedge test takes portableExp, which the bounds
// leave to about one vector in 10^3: its results must be the same.
func TestWedgeExactPath(t *testing.T) {
	lo, hi := expQuick[9], expQuick[10]
	defer func() { expQuick[9], expQuick[10] = lo, hi }()
	expQuick[9], expQuick[10] = 0, math.Inf(1)
	slow4Lo, slow4Hi := slow4[41], slow4[42]
	defer func() { slow4[41], slow4[42] = slow4Lo, slow4Hi }()
	for k := range 4 {
		slow4[41][k], slow4[42][k] = 0, math.Float64bits(math.Inf(1))
	}
	for _, path := range []isa.ISA{isa.AVX2, isa.AVX512} {
		if isa.Check(path) != nil {
			continue
		}
		t.Run(path.String(), func(t *testing.T) {
			defer isa.Force(path)()
			for _, sh := range [][2]int{{64, 16}, {1000, 100}, {517, 33}} {
				if err := checkNormal32Vector(9, sh[0], sh[1]); err != nil {
					t.Fatal(err)
				}
				if err := checkNormal64Vector(9, sh[0], sh[1]); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
