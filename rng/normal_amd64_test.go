//go:build gc && !purego && !noasm

package rng

import (
	"fmt"
	"math"
	"testing"

	"github.com/thermoai/thermo/internal/isa"
)

// The tests in this file call the assembly kernels directly, so that
// they can check the reject records themselves, not only the finished
// fills.

type kernel32 = func(dst []float32, n, c0 int, p *[4][]uint32, idx, layer []uint32) int
type kernel64 = func(dst []float64, n, c0 int, p *[4][]uint32, idx, layer []uint32) int

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
	p       [4][]uint32 // states of chains [c0, c0+m) after the call
	records []record
}

// runKernel runs f32, or f64 if f32 is nil, over chains [c0, c0+m) of
// a block of n chains and rows rows, the states being those of
// NewStreams(seed, 0, n), with guarded dst, state and scratch slices,
// and returns what it wrote.
func runKernel(t *testing.T, f32 kernel32, f64 kernel64, seed uint64, n, rows, c0, m int) kernelRun {
	t.Helper()
	s := NewStreams(seed, 0, n)
	var p [4][]uint32
	var checks []func() bool
	for j := range 4 {
		pj, ok := guarded(m, uint32(guardWord))
		copy(pj, s.p[j][c0:c0+m])
		p[j] = pj
		checks = append(checks, ok)
	}
	// The scratch holds exactly what the kernels' contract asks for.
	idx, okIdx := guarded(rows*m, uint32(guardWord))
	layer, okLayer := guarded(rows*m, uint32(guardWord))
	checks = append(checks, okIdx, okLayer)
	var run kernelRun
	var nr int
	if f32 != nil {
		dst, ok := guarded(rows*n, math.Float32frombits(guardWord))
		nr = f32(dst, n, c0, &p, idx, layer)
		run.dst32 = dst
		checks = append(checks, ok)
	} else {
		dst, ok := guarded(rows*n, math.Float64frombits(guardWord<<32|guardWord))
		nr = f64(dst, n, c0, &p, idx, layer)
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
	run.p = p
	for r := range nr {
		run.records = append(run.records, record{idx[r], layer[r]})
	}
	return run
}

// wantKernel computes what a kernel of width w must produce for chains
// [c0, c0+m) of NewStreams(seed, 0, n) over rows rows, with the scalar
// fast paths: the candidate values (NaN guards elsewhere), the states
// and the records in their order: vector, row, lane.
func wantKernel(is32 bool, w int, seed uint64, n, rows, c0, m int) kernelRun {
	s := NewStreams(seed, 0, n)
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
	for v := c0; v < c0+m; v += w {
		for k := range rows {
			for c := v; c < v+w; c++ {
				q := s.primary(c)
				j := k*n + c
				var ok bool
				var i uint32
				if is32 {
					var r uint32
					r, q = q.next()
					run.dst32[j], ok, i = normal32Fast(r)
				} else {
					var lo, hi uint32
					lo, q = q.next()
					hi, q = q.next()
					var i64 uint64
					run.dst64[j], ok, i64 = normal64Fast(uint64(lo) | uint64(hi)<<32)
					i = uint32(i64)
				}
				s.setPrimary(c, q)
				if !ok {
					run.records = append(run.records, record{uint32(j), i})
				}
			}
		}
	}
	for j := range 4 {
		run.p[j] = s.p[j][c0 : c0+m]
	}
	return run
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
				return fmt.Errorf("state word %d of chain %d = %#x, want %#x", j, c, got.p[j][c], want.p[j][c])
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

// TestNormalKernels checks the output, states and reject records of the
// kernels, for whole blocks and for sub-ranges of chains, against the
// scalar fast paths.
func TestNormalKernels(t *testing.T) {
	for _, k := range normalKernels {
		if isa.Check(k.path) != nil {
			t.Logf("%v: not available here", k.path)
			continue
		}
		w := k.width
		for _, is32 := range []bool{true, false} {
			name := fmt.Sprintf("%v/f64", k.path)
			f32, f64 := kernel32(nil), k.f64
			if is32 {
				name = fmt.Sprintf("%v/f32", k.path)
				f32, f64 = k.f32, nil
			}
			t.Run(name, func(t *testing.T) {
				for _, sh := range []struct{ n, rows, c0, m int }{
					{w, 1, 0, w},
					{w, 5, 0, w},
					{w + 3, 9, 0, w},
					{3*w + 1, 4, w, 2 * w},
					{4 * w, 40, 0, 4 * w},
					{4*w + 5, 17, 2 * w, w},
					{64*w + 7, 3, 5 * w, 50 * w},
				} {
					got := runKernel(t, f32, f64, 77, sh.n, sh.rows, sh.c0, sh.m)
					want := wantKernel(is32, w, 77, sh.n, sh.rows, sh.c0, sh.m)
					if err := compareKernel(got, want); err != nil {
						t.Fatalf("%d chains, %d rows, chains [%d, %d): %v", sh.n, sh.rows, sh.c0, sh.c0+sh.m, err)
					}
				}
			})
		}
	}
}

// TestNormalKernelRejectRate checks that the kernels record the fast
// path failures at their exact rate over a large block, and that the
// records match the scalar fast path one for one. Crafted states set
// only the first draw of a chain (TestNormalVectorEdges), so rejects
// cannot be made common on purpose: this is the test of the reject
// bookkeeping at scale.
func TestNormalKernelRejectRate(t *testing.T) {
	const n, rows = 1024, 500
	for _, k := range normalKernels {
		if isa.Check(k.path) != nil {
			continue
		}
		for _, is32 := range []bool{true, false} {
			f32, f64, p := kernel32(nil), k.f64, fastFailProb(&zigK64, 52)
			if is32 {
				f32, f64, p = k.f32, nil, fastFailProb(&zigK32, 25)
			}
			got := runKernel(t, f32, f64, 2026, n, rows, 0, n)
			want := wantKernel(is32, k.width, 2026, n, rows, 0, n)
			if err := compareKernel(got, want); err != nil {
				t.Fatalf("%v f32=%v: %v", k.path, is32, err)
			}
			checkProportion(t, fmt.Sprintf("%v f32=%v reject records", k.path, is32), len(got.records), n*rows, p)
			t.Logf("%v f32=%v: %d reject records in %d elements (%.4f%%, exact %.4f%%)",
				k.path, is32, len(got.records), n*rows, 100*float64(len(got.records))/(n*rows), 100*p)
		}
	}
}

// BenchmarkNormalKernel times the assembly kernels alone, without the
// fix-ups, on the block of BenchmarkFillNormal32; BenchmarkNormalFixups
// times the fix-ups of such a block alone, per sample of the block and
// per reject. Together they split the time of the vector fills.
func BenchmarkNormalKernel(b *testing.B) {
	for _, k := range normalKernels {
		if isa.Check(k.path) != nil {
			continue
		}
		s := NewStreams(1, 0, benchChains)
		idx, layer := s.rejects(benchDims * benchChains)
		b.Run(fmt.Sprintf("%v/f32", k.path), func(b *testing.B) {
			dst := make([]float32, benchDims*benchChains)
			for b.Loop() {
				k.f32(dst, benchChains, 0, &s.p, idx, layer)
			}
			reportPerSample(b, len(dst))
		})
		b.Run(fmt.Sprintf("%v/f64", k.path), func(b *testing.B) {
			dst := make([]float64, benchDims*benchChains)
			for b.Loop() {
				k.f64(dst, benchChains, 0, &s.p, idx, layer)
			}
			reportPerSample(b, len(dst))
		})
	}
}

func BenchmarkNormalFixups(b *testing.B) {
	s := NewStreams(1, 0, benchChains)
	idx, layer := s.rejects(benchDims * benchChains)
	q := s.q
	var saved [4][]uint32
	for j := range 4 {
		saved[j] = append([]uint32(nil), q[j]...)
	}
	b.Run("f32", func(b *testing.B) {
		dst := make([]float32, benchDims*benchChains)
		want := wantKernel(true, 16, 1, benchChains, benchDims, 0, benchChains)
		for r, rec := range want.records {
			idx[r], layer[r] = rec.j, rec.i
		}
		nr := len(want.records)
		for b.Loop() {
			// Only the rejected elements need their candidates back.
			for _, j := range idx[:nr] {
				dst[j] = want.dst32[j]
			}
			s.fixRejects32(dst, idx[:nr], layer[:nr], benchChains)
		}
		reportPerSample(b, len(dst))
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nr), "ns/reject")
	})
	b.Run("f64", func(b *testing.B) {
		dst := make([]float64, benchDims*benchChains)
		want := wantKernel(false, 16, 1, benchChains, benchDims, 0, benchChains)
		for r, rec := range want.records {
			idx[r], layer[r] = rec.j, rec.i
		}
		nr := len(want.records)
		for b.Loop() {
			for _, j := range idx[:nr] {
				dst[j] = want.dst64[j]
			}
			s.fixRejects64(dst, idx[:nr], layer[:nr], benchChains)
		}
		reportPerSample(b, len(dst))
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nr), "ns/reject")
	})
	for j := range 4 {
		copy(q[j], saved[j])
	}
}
