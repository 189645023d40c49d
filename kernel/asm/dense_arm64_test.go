//go:build gc && !purego && !noasm

package asm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/thermoai/thermo/internal/isa"
)

var densePaths = []pair[dense32, dense64]{
	{isa: isa.NEON, width32: 4, width64: 2, k32: Dense32NEON, k64: Dense64NEON},
}

// productShapes are the orders out and in of the product tests: a single
// row, every shape of the last block of rows around a few whole blocks,
// and the sizes of a small layer.
var productShapes = []int{0, 1, 3, 4, 5, 17, 63, 65}

// productChains are the chain counts of the product and outer tests.
var productChains = []int{0, 1, 3, 4, 5, 8, 15, 16, 17, 32, 33, 100}

// productRefNEON is the loop the Product kernels document, for the first
// m chains.
func productRefNEON[F float32 | float64](y, x []F, n int, w []F, out, in, m int, neg bool) {
	for o := range out {
		for c := range m {
			var acc F
			for k := range in {
				if neg {
					acc = acc - F(w[o*in+k]*x[k*n+c])
				} else {
					acc = acc + F(w[o*in+k]*x[k*n+c])
				}
			}
			y[o*n+c] = acc
		}
	}
}

// plainNEON draws a finite element of moderate scale, so that long sums
// keep their low bits to compare rather than going to infinity or NaN.
func plainNEON[F float32 | float64](r *rand.Rand) F {
	return F(r.NormFloat64() * math.Pow(10, float64(r.IntN(5)-2)))
}

// fillNEON overwrites s with plain draws unless special, when it keeps the
// draws of guarded with their zeros, subnormals, huge values and
// infinities.
func fillNEON[F float32 | float64](r *rand.Rand, s []F, special bool) {
	if special {
		return
	}
	for i := range s {
		s[i] = plainNEON[F](r)
	}
}

func testProductNEON[F float32 | float64](t *testing.T, kernel func(y, x []F, n int, w []F, out, in int, neg bool) int, width int) {
	r := rand.New(rand.NewPCG(6, uint64(width)))
	for _, special := range []bool{false, true} {
		for _, out := range productShapes {
			for _, in := range productShapes {
				for _, n := range productChains {
					for _, neg := range []bool{false, true} {
						y, yb := guarded[F](r, out*n)
						x, xb := guarded[F](r, in*n)
						w, wb := guarded[F](r, out*in)
						fillNEON(r, x, special)
						fillNEON(r, w, special)
						wy, wx, ww := clone(yb), clone(xb), clone(wb)
						m := n &^ (width - 1)
						if out == 0 || in == 0 {
							m = 0
						}
						productRefNEON(wy[guard:guard+out*n], wx[guard:guard+in*n], n, ww[guard:guard+out*in], out, in, m, neg)
						name := fmt.Sprintf("out=%d in=%d n=%d neg=%v special=%v", out, in, n, neg, special)
						if got := kernel(y, x, n, w, out, in, neg); got != m {
							t.Fatalf("%s: did %d chains, want %d", name, got, m)
						}
						checkBuf(t, name+": y", yb, wy)
						checkInput(t, name+": x", xb, wx)
						checkInput(t, name+": w", wb, ww)
					}
				}
			}
		}
	}
}

func TestProductNEON(t *testing.T) {
	if err := isa.Check(isa.NEON); err != nil {
		t.Skip(err)
	}
	t.Run("f32", func(t *testing.T) { testProductNEON(t, Product32NEON, 4) })
	t.Run("f64", func(t *testing.T) { testProductNEON(t, Product64NEON, 2) })
}

func TestProductNEONShortInputPanics(t *testing.T) {
	// The kernels trust their pointers, so the Go side must refuse a slice
	// shorter than the shapes.
	if err := isa.Check(isa.NEON); err != nil {
		t.Skip(err)
	}
	const out, in, n = 3, 5, 8
	y, x, w := make([]float64, out*n), make([]float64, in*n), make([]float64, out*in)
	for name, call := range map[string]func(){
		"y": func() { Product64NEON(y[1:], x, n, w, out, in, false) },
		"x": func() { Product64NEON(y, x[1:], n, w, out, in, true) },
		"w": func() { Product64NEON(y, x, n, w[1:], out, in, false) },
		"y32": func() {
			Product32NEON(make([]float32, out*n-1), make([]float32, in*n), n, make([]float32, out*in), out, in, false)
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
