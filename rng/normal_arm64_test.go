//go:build gc && !purego && !noasm

package rng

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/thermoai/thermo/internal/isa"
)

// neonForce switches the normal fills to the NEON path for the rest of
// the test, skipping the test if this machine cannot run it.
func neonForce(tb testing.TB) {
	tb.Helper()
	if err := isa.Check(isa.NEON); err != nil {
		tb.Skip(err)
	}
	tb.Cleanup(isa.Force(isa.NEON))
	for _, f := range []string{"normal/f32", "normal/f64"} {
		if got := isa.For(f); got != isa.NEON {
			tb.Fatalf("isa.For(%q) = %v with NEON forced", f, got)
		}
	}
}

// neonGeneric runs f with the generic path forced.
func neonGeneric(f func()) {
	defer isa.Force(isa.Generic)()
	f()
}

// neonRows are the row counts of the comparisons: empty, single,
// even, odd and longer columns.
var neonRows = []int{0, 1, 2, 7, 33}

// neonMaxChains covers four vector widths of chains and every
// remainder after them.
const neonMaxChains = 4*neonChains + 5

const neonGuard = 8

// neonStates returns the checkpoint encoding of s, which holds every
// primary and secondary state word.
func neonStates(tb testing.TB, s *Streams) []byte {
	tb.Helper()
	b, err := s.MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// neonCheck fills the middle of a guarded buffer twice in a row with
// fill, on the generic and on the NEON path, from identical streams,
// and requires identical bits, untouched guards and identical states.
func neonCheck[F float32 | float64](t *testing.T, fill func([]F, *Streams), bits func(F) uint64) {
	nan := F(math.NaN())
	for n := 0; n <= neonMaxChains; n++ {
		for _, rows := range neonRows {
			t.Run(fmt.Sprintf("n=%d/rows=%d", n, rows), func(t *testing.T) {
				m := n * rows
				sg := NewStreams(0x5eed, 1000, n)
				sv := NewStreams(0x5eed, 1000, n)
				want := make([]F, m+2*neonGuard)
				got := make([]F, m+2*neonGuard)
				for i := range got {
					want[i], got[i] = nan, nan
				}
				for pass := range 2 {
					neonGeneric(func() { fill(want[neonGuard:neonGuard+m], sg) })
					fill(got[neonGuard:neonGuard+m], sv)
					for i := range got {
						if i < neonGuard || i >= neonGuard+m {
							if bits(got[i]) != bits(nan) {
								t.Fatalf("pass %d: guard cell %d overwritten with %v", pass, i-neonGuard, got[i])
							}
							continue
						}
						if bits(got[i]) != bits(want[i]) {
							j := i - neonGuard
							t.Fatalf("pass %d: element %d (row %d, chain %d) = %v, want %v",
								pass, j, j/n, j%n, got[i], want[i])
						}
					}
					if !bytes.Equal(neonStates(t, sv), neonStates(t, sg)) {
						t.Fatalf("pass %d: stream states differ from the generic ones", pass)
					}
				}
			})
		}
	}
}

func TestNEONFillNormal32(t *testing.T) {
	neonForce(t)
	neonCheck(t, FillNormal32, func(x float32) uint64 { return uint64(math.Float32bits(x)) })
}

func TestNEONFillNormal64(t *testing.T) {
	neonForce(t)
	neonCheck(t, FillNormal64, math.Float64bits)
}

// TestNEONLargeBlock compares a shard-sized block, in which every
// kind of rejection (wedge, tail, retry) occurs many times.
func TestNEONLargeBlock(t *testing.T) {
	neonForce(t)
	const n, rows = 1027, 64
	t.Run("f32", func(t *testing.T) {
		sg, sv := NewStreams(7, 0, n), NewStreams(7, 0, n)
		want, got := make([]float32, n*rows), make([]float32, n*rows)
		neonGeneric(func() { FillNormal32(want, sg) })
		FillNormal32(got, sv)
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("element %d = %v, want %v", i, got[i], want[i])
			}
		}
		if !bytes.Equal(neonStates(t, sv), neonStates(t, sg)) {
			t.Fatal("stream states differ from the generic ones")
		}
	})
	t.Run("f64", func(t *testing.T) {
		sg, sv := NewStreams(7, 0, n), NewStreams(7, 0, n)
		want, got := make([]float64, n*rows), make([]float64, n*rows)
		neonGeneric(func() { FillNormal64(want, sg) })
		FillNormal64(got, sv)
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("element %d = %v, want %v", i, got[i], want[i])
			}
		}
		if !bytes.Equal(neonStates(t, sv), neonStates(t, sg)) {
			t.Fatal("stream states differ from the generic ones")
		}
	})
}

// TestNEONRecords checks the assembly loops on their own against the
// Go loops their documentation gives, on the middle chains of a block:
// every candidate x, the reject records in draw order and the advanced
// primary states, with the other chains left alone.
func TestNEONRecords(t *testing.T) {
	const n, rows, c0, blocks = 13, 40, 4, 2
	const c1 = c0 + blocks*neonChains
	for _, f64 := range []bool{false, true} {
		t.Run(fmt.Sprint("f64=", f64), func(t *testing.T) {
			s := NewStreams(99, 5, n)
			ref := make([]Stream, n)
			for c := range ref {
				ref[c] = s.primary(c)
			}
			wantX := make([]uint64, n*rows)
			var wantIdx, wantLayer []uint32
			for c := c0; c < c1; c += neonChains {
				for k := range rows {
					for l := c; l < c+neonChains; l++ {
						j := k*n + l
						var ok bool
						var i uint32
						if f64 {
							var lo, hi uint32
							lo, ref[l] = ref[l].next()
							hi, ref[l] = ref[l].next()
							x, ok64, i64 := normal64Fast(uint64(lo) | uint64(hi)<<32)
							wantX[j], ok, i = math.Float64bits(x), ok64, uint32(i64)
						} else {
							var r uint32
							r, ref[l] = ref[l].next()
							var x float32
							x, ok, i = normal32Fast(r)
							wantX[j] = uint64(math.Float32bits(x))
						}
						if !ok {
							wantIdx = append(wantIdx, uint32(j))
							wantLayer = append(wantLayer, i)
						}
					}
				}
			}
			if len(wantIdx) == 0 {
				t.Fatal("no rejections in the reference; enlarge the block")
			}

			const room = rows * (c1 - c0)
			idx := make([]uint32, room+1)
			layer := make([]uint32, room+1)
			idx[room], layer[room] = 0xdead, 0xbeef
			gotX := make([]uint64, n*rows)
			var nr int
			if f64 {
				dst := make([]float64, n*rows)
				nr = normal64NEON(&dst[0], n, c0, blocks, rows,
					&s.p[0][c0], &s.p[1][c0], &s.p[2][c0], &s.p[3][c0], &idx[0], &layer[0])
				for j, x := range dst {
					gotX[j] = math.Float64bits(x)
				}
			} else {
				dst := make([]float32, n*rows)
				nr = normal32NEON(&dst[0], n, c0, blocks, rows,
					&s.p[0][c0], &s.p[1][c0], &s.p[2][c0], &s.p[3][c0], &idx[0], &layer[0])
				for j, x := range dst {
					gotX[j] = uint64(math.Float32bits(x))
				}
			}

			for j := range gotX {
				if gotX[j] != wantX[j] {
					t.Fatalf("x[%d] (row %d, chain %d) = %#x, want %#x", j, j/n, j%n, gotX[j], wantX[j])
				}
			}
			if nr != len(wantIdx) {
				t.Fatalf("%d reject records, want %d", nr, len(wantIdx))
			}
			for r := range nr {
				if idx[r] != wantIdx[r] || layer[r] != wantLayer[r] {
					t.Fatalf("record %d = (%d, %d), want (%d, %d)", r, idx[r], layer[r], wantIdx[r], wantLayer[r])
				}
			}
			if idx[room] != 0xdead || layer[room] != 0xbeef {
				t.Fatal("records written past the scratch")
			}
			for c := range n {
				if got := s.primary(c); got != ref[c] {
					t.Fatalf("chain %d: primary state %v, want %v", c, got, ref[c])
				}
			}
		})
	}
}

func BenchmarkNEONFillNormal32(b *testing.B) {
	for _, path := range []isa.ISA{isa.Generic, isa.NEON} {
		b.Run(path.String(), func(b *testing.B) {
			if err := isa.Check(path); err != nil {
				b.Skip(err)
			}
			defer isa.Force(path)()
			s := NewStreams(1, 0, benchChains)
			dst := make([]float32, benchDims*benchChains)
			for b.Loop() {
				FillNormal32(dst, s)
			}
			reportPerSample(b, len(dst))
		})
	}
}

func BenchmarkNEONFillNormal64(b *testing.B) {
	for _, path := range []isa.ISA{isa.Generic, isa.NEON} {
		b.Run(path.String(), func(b *testing.B) {
			if err := isa.Check(path); err != nil {
				b.Skip(err)
			}
			defer isa.Force(path)()
			s := NewStreams(1, 0, benchChains)
			dst := make([]float64, benchDims*benchChains)
			for b.Loop() {
				FillNormal64(dst, s)
			}
			reportPerSample(b, len(dst))
		})
	}
}
