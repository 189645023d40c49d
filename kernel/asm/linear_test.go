//go:build (amd64 || arm64) && gc && !purego && !noasm

package asm

import (
	"math/rand/v2"
	"testing"
)

type (
	linear32 = func(f, x []float32, kappa, mu float32) int
	linear64 = func(f, x []float64, kappa, mu float64) int
)

func linearRef[F float32 | float64](f, x []F, kappa, mu F) {
	for i := range f {
		f[i] = kappa * (mu - x[i])
	}
}

func testLinear[F float32 | float64](t *testing.T, kernel func(f, x []F, kappa, mu F) int, width int) {
	r := rand.New(rand.NewPCG(6, uint64(width)))
	for _, m := range lengths(width) {
		f, fb := guarded[F](r, m)
		x, xb := guarded[F](r, m)
		kappa, mu := coef[F](r), value[F](r)
		wf, wx := clone(fb), clone(xb)
		done := m &^ (width - 1)
		linearRef(wf[guard:guard+done], wx[guard:], kappa, mu)
		if got := kernel(f, x, kappa, mu); got != done {
			t.Fatalf("m=%d: did %d elements, want %d", m, got, done)
		}
		checkBuf(t, "f", fb, wf)
		checkInput(t, "x", xb, wx)

		// In place, f = x.
		linearRef(wx[guard:guard+done], wx[guard:], kappa, mu)
		kernel(x, x, kappa, mu)
		checkBuf(t, "f = x", xb, wx)
	}
}

func TestLinear(t *testing.T) {
	for _, p := range runnablePairs(t, linearPaths) {
		t.Run(p.isa.String()+"/f32", func(t *testing.T) { testLinear(t, p.k32, p.width32) })
		t.Run(p.isa.String()+"/f64", func(t *testing.T) { testLinear(t, p.k64, p.width64) })
	}
}

func TestLinearShortInputPanics(t *testing.T) {
	for _, p := range runnablePairs(t, linearPaths) {
		w := p.width32
		long, short := make([]float32, 2*w), make([]float32, 2*w-1)
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%v: no panic on a short x", p.isa)
				}
			}()
			p.k32(long, short, 1, 0)
		}()
	}
}
