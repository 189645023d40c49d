//go:build gc && !purego && !noasm

package asm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/thermoai/thermo/internal/isa"
)

// outerRefNEON is the sum the Outer kernels document, with L lanes.
func outerRefNEON[F float32 | float64](dw, g, x []F, n, out, in, lanes int) {
	s := make([]F, lanes)
	for o := range out {
		for i := range in {
			clear(s)
			for c := range n {
				s[c%lanes] = s[c%lanes] + F(g[o*n+c]*x[i*n+c])
			}
			for h := lanes / 2; h >= 1; h /= 2 {
				for l := range h {
					s[l] = s[l] + s[l+h]
				}
			}
			dw[o*in+i] = dw[o*in+i] + s[0]
		}
	}
}

// outerShapes are the orders out and in of the outer tests: none, every
// shape of the last block of pairs, and a few whole blocks around one.
var outerShapes = []int{0, 1, 2, 3, 4, 17, 63, 65}

func testOuterNEON[F float32 | float64](t *testing.T, kernel func(dw, g, x []F, n, out, in int) bool, lanes int) {
	r := rand.New(rand.NewPCG(7, uint64(lanes)))
	chains := []int{0, 1, 3, 4, 5, 8, 15, 16, 17, 32, 33, 48, 64, 96, 100, 128, 256}
	for _, special := range []bool{false, true} {
		for _, out := range outerShapes {
			for _, in := range outerShapes {
				for _, n := range chains {
					dw, db := guarded[F](r, out*in)
					g, gb := guarded[F](r, out*n)
					x, xb := guarded[F](r, in*n)
					fillNEON(r, dw, special)
					fillNEON(r, g, special)
					fillNEON(r, x, special)
					wd, wg, wx := clone(db), clone(gb), clone(xb)
					runs := n > 0 && n%lanes == 0
					if runs {
						outerRefNEON(wd[guard:guard+out*in], wg[guard:guard+out*n], wx[guard:guard+in*n], n, out, in, lanes)
					}
					name := fmt.Sprintf("out=%d in=%d n=%d special=%v", out, in, n, special)
					if got := kernel(dw, g, x, n, out, in); got != runs {
						t.Fatalf("%s: ran %v, want %v", name, got, runs)
					}
					checkBuf(t, name+": dw", db, wd)
					checkInput(t, name+": g", gb, wg)
					checkInput(t, name+": x", xb, wx)
				}
			}
		}
	}
}

func TestOuterNEON(t *testing.T) {
	if err := isa.Check(isa.NEON); err != nil {
		t.Skip(err)
	}
	t.Run("f32", func(t *testing.T) { testOuterNEON(t, Outer32NEON, 16) })
	t.Run("f64", func(t *testing.T) { testOuterNEON(t, Outer64NEON, 8) })
}

func TestOuterNEONLaneOrder(t *testing.T) {
	// One large product among small ones: the sum is exact only in the
	// pinned order, so a kernel that folds the lanes another way, or
	// puts a chain into another partial sum, gives other bits.
	if err := isa.Check(isa.NEON); err != nil {
		t.Skip(err)
	}
	for _, lanes := range []int{16, 8} {
		for big := range 2 * lanes {
			const out, in = 1, 1
			n := 2 * lanes
			g64, x64 := make([]float64, n), make([]float64, n)
			g32, x32 := make([]float32, n), make([]float32, n)
			for c := range n {
				g64[c], x64[c] = 1, float64(c+1)
				g32[c], x32[c] = 1, float32(c+1)
			}
			g64[big], g32[big] = 1<<60, 1<<30
			if lanes == 16 {
				want := make([]float32, 1)
				outerRefNEON(want, g32, x32, n, out, in, lanes)
				got := make([]float32, 1)
				Outer32NEON(got, g32, x32, n, out, in)
				checkSame(t, fmt.Sprintf("f32 big=%d", big), got, want)
			} else {
				want := make([]float64, 1)
				outerRefNEON(want, g64, x64, n, out, in, lanes)
				got := make([]float64, 1)
				Outer64NEON(got, g64, x64, n, out, in)
				checkSame(t, fmt.Sprintf("f64 big=%d", big), got, want)
			}
		}
	}
}

func TestOuterNEONShortInputPanics(t *testing.T) {
	// The kernels trust their pointers, so the Go side must refuse a slice
	// shorter than the shapes.
	if err := isa.Check(isa.NEON); err != nil {
		t.Skip(err)
	}
	const out, in, n = 3, 5, 16
	dw, g, x := make([]float32, out*in), make([]float32, out*n), make([]float32, in*n)
	for name, call := range map[string]func(){
		"dw": func() { Outer32NEON(dw[1:], g, x, n, out, in) },
		"g":  func() { Outer32NEON(dw, g[1:], x, n, out, in) },
		"x":  func() { Outer32NEON(dw, g, x[1:], n, out, in) },
		"dw64": func() {
			Outer64NEON(make([]float64, out*in-1), make([]float64, out*n), make([]float64, in*n), n, out, in)
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic on a short %s", name)
				}
			}()
			call()
		}()
	}
}
