//go:build (amd64 || arm64) && gc && !purego && !noasm

package asm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

type (
	finite32 = func(x []float32) int
	finite64 = func(x []float64) int
)

// finiteRef is the loop the Finite kernels document, for vectors of width
// elements.
func finiteRef[F float32 | float64](x []F, width int) int {
	n := len(x) &^ (width - 1)
	for lo := 0; lo < n; {
		w := width
		if n-lo >= 4*width {
			w = 4 * width
		}
		for _, v := range x[lo : lo+w] {
			if v-v != 0 {
				return lo
			}
		}
		lo += w
	}
	return n
}

func testFinite[F float32 | float64](t *testing.T, kernel func(x []F) int, width int) {
	r := rand.New(rand.NewPCG(7, uint64(width)))
	bad := []F{F(math.NaN()), F(math.Inf(1)), F(math.Inf(-1)), guardNaN[F]()}
	var z F
	if _, ok := any(z).(float32); ok {
		bad = append(bad, F(math.Float32frombits(0x7f800001))) // signalling NaN
	} else {
		bad = append(bad, F(math.Float64frombits(0x7ff0_0000_0000_0001)))
	}
	check := func(name string, x []F) {
		t.Helper()
		want := finiteRef(x, width)
		xb := clone(x)
		if got := kernel(x); got != want {
			t.Fatalf("%s: found %d elements finite, want %d", name, got, want)
		}
		checkInput(t, name, x, xb)
	}
	for _, m := range append(lengths(width), 12*width, 12*width+1) {
		x := make([]F, m)
		for i := range x {
			x[i] = F(r.NormFloat64())
			if r.IntN(8) == 0 {
				x[i] = F(math.Copysign(0, -1))
			}
		}
		if m > 0 {
			x[r.IntN(m)] = F(math.Float32frombits(1)) // subnormal
		}
		check(fmt.Sprintf("m=%d finite", m), x)
		for at := range m {
			for _, b := range bad {
				y := clone(x)
				y[at] = b
				check(fmt.Sprintf("m=%d %v at %d", m, b, at), y)
			}
		}
	}
}

func TestFinite(t *testing.T) {
	for _, p := range runnablePairs(t, finitePaths) {
		t.Run(p.isa.String()+"/f32", func(t *testing.T) { testFinite(t, p.k32, p.width32) })
		t.Run(p.isa.String()+"/f64", func(t *testing.T) { testFinite(t, p.k64, p.width64) })
	}
}
