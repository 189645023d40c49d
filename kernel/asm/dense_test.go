//go:build (amd64 || arm64) && gc && !purego && !noasm

package asm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/thermoai/thermo/internal/isa"
)

// A pair holds the float32 and float64 kernels of one family on one path,
// with the vector widths of the path in elements.
type pair[K32, K64 any] struct {
	isa              isa.ISA
	width32, width64 int
	k32              K32
	k64              K64
}

// runnablePairs returns the pairs that this CPU can run, and skips the
// test if there are none.
func runnablePairs[K32, K64 any](t *testing.T, pairs []pair[K32, K64]) []pair[K32, K64] {
	var out []pair[K32, K64]
	for _, p := range pairs {
		if err := isa.Check(p.isa); err != nil {
			t.Logf("skipping %v: %v", p.isa, err)
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		t.Skip("no assembly path runs on this CPU")
	}
	return out
}

type (
	dense32 = func(f, x []float32, n int, j []float32, d int) int
	dense64 = func(f, x []float64, n int, j []float64, d int) int
)

// denseRef is the loop the Dense kernels document, for the first m chains.
func denseRef[F float32 | float64](f, x []F, n int, j []F, d, m int) {
	for i := range d {
		for c := range m {
			var acc F
			for k := range d {
				acc = acc - F(j[i*d+k]*x[k*n+c])
			}
			f[i*n+c] = acc
		}
	}
}

// denseDims are the matrix orders of the tests: none, every shape of the
// last block of rows, and a realistic order.
var denseDims = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 64}

func testDense[F float32 | float64](t *testing.T, kernel func(f, x []F, n int, j []F, d int) int, width int) {
	r := rand.New(rand.NewPCG(5, uint64(width)))
	for _, d := range denseDims {
		for _, n := range lengths(width) {
			f, fb := guarded[F](r, d*n)
			x, xb := guarded[F](r, d*n)
			j, jb := guarded[F](r, d*d)
			for i := range j {
				j[i] = coef[F](r)
			}
			wf, wx, wj := clone(fb), clone(xb), clone(jb)
			m := n &^ (width - 1)
			if d == 0 {
				m = 0
			}
			denseRef(wf[guard:guard+d*n], wx[guard:guard+d*n], n, wj[guard:guard+d*d], d, m)
			name := fmt.Sprintf("d=%d n=%d", d, n)
			if got := kernel(f, x, n, j, d); got != m {
				t.Fatalf("%s: did %d chains, want %d", name, got, m)
			}
			checkBuf(t, name+": f", fb, wf)
			checkInput(t, name+": x", xb, wx)
			checkInput(t, name+": j", jb, wj)
		}
	}
}

func TestDense(t *testing.T) {
	for _, p := range runnablePairs(t, densePaths) {
		t.Run(p.isa.String()+"/f32", func(t *testing.T) { testDense(t, p.k32, p.width32) })
		t.Run(p.isa.String()+"/f64", func(t *testing.T) { testDense(t, p.k64, p.width64) })
	}
}

func TestDenseShortInputPanics(t *testing.T) {
	// The kernels trust their pointers, so the Go side must refuse a slice
	// shorter than the shard.
	for _, p := range runnablePairs(t, densePaths) {
		const d = 3
		n := 2 * p.width32
		long, short := make([]float32, d*n), make([]float32, d*n-1)
		j, jShort := make([]float32, d*d), make([]float32, d*d-1)
		for name, call := range map[string]func(){
			"f": func() { p.k32(short, long, n, j, d) },
			"x": func() { p.k32(long, short, n, j, d) },
			"j": func() { p.k32(long, long, n, jShort, d) },
		} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%v: no panic on a short %s", p.isa, name)
					}
				}()
				call()
			}()
		}
	}
}
