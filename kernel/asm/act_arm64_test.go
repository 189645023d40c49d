//go:build gc && !purego && !noasm

package asm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/thermoai/thermo/internal/isa"
)

// The constants of kernel.Tanh32, in the order of TanhConsts.
const (
	tanhClampRef = float32(7.90531110763549805)
	tanhA1Ref    = float32(4.89352455891786e-03)
	tanhA3Ref    = float32(6.37261928875436e-04)
	tanhA5Ref    = float32(1.48572235717979e-05)
	tanhA7Ref    = float32(5.12229709037114e-08)
	tanhA9Ref    = float32(-8.60467152213735e-11)
	tanhA11Ref   = float32(2.00018790482477e-13)
	tanhA13Ref   = float32(-2.76076847742355e-16)
	tanhB0Ref    = float32(4.89352518554385e-03)
	tanhB2Ref    = float32(2.26843463243900e-03)
	tanhB4Ref    = float32(1.18534705686654e-04)
	tanhB6Ref    = float32(1.19825839466702e-06)
)

var tanhConstsRef = [14]float32{tanhClampRef, -tanhClampRef, tanhA13Ref, tanhA11Ref, tanhA9Ref, tanhA7Ref,
	tanhA5Ref, tanhA3Ref, tanhA1Ref, tanhB6Ref, tanhB4Ref, tanhB2Ref, tanhB0Ref, 1}

// tanh32Ref is kernel.Tanh32.
func tanh32Ref(z float32) float32 {
	x := z
	if tanhClampRef < x {
		x = tanhClampRef
	}
	if -tanhClampRef > x {
		x = -tanhClampRef
	}
	s := float32(x * x)
	p := float32(tanhA13Ref*s) + tanhA11Ref
	p = float32(p*s) + tanhA9Ref
	p = float32(p*s) + tanhA7Ref
	p = float32(p*s) + tanhA5Ref
	p = float32(p*s) + tanhA3Ref
	p = float32(p*s) + tanhA1Ref
	p = float32(p * x)
	q := float32(tanhB6Ref*s) + tanhB4Ref
	q = float32(q*s) + tanhB2Ref
	q = float32(q*s) + tanhB0Ref
	return p / q
}

// biasTanh32Ref is kernel.BiasTanh32 for the first m chains of each row.
func biasTanh32Ref(y []float32, n int, b, d []float32, m int) {
	for o, bo := range b {
		for c := range m {
			t := tanh32Ref(y[o*n+c] + bo)
			y[o*n+c] = t
			if d != nil {
				d[o*n+c] = 1 - float32(t*t)
			}
		}
	}
}

// tanhSpecials are inputs at the edges of tanh32: signed zeros, tiny
// values, the clamp and either side of it, huge values, infinities and
// NaN.
var tanhSpecials = []float32{0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 1e-45, -1e-45,
	7.9, -7.9, tanhClampRef, -tanhClampRef, 7.91, 8, -8, 100, 1e30, -1e30, math.MaxFloat32, -math.MaxFloat32,
	float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), -float32(math.NaN())}

func TestBiasTanh32NEON(t *testing.T) {
	if err := isa.Check(isa.NEON); err != nil {
		t.Skip(err)
	}
	SetTanhConsts(tanhConstsRef)
	r := rand.New(rand.NewPCG(41, 42))
	for _, special := range []bool{false, true} {
		for rows := 1; rows <= 3; rows++ {
			for n := 0; n <= 40; n++ {
				for _, deriv := range []bool{false, true} {
					y, yb := guarded[float32](r, rows*n)
					for i := range y {
						y[i] = float32(r.NormFloat64() * 4)
						if special && r.IntN(4) == 0 {
							y[i] = tanhSpecials[r.IntN(len(tanhSpecials))]
						}
					}
					b, bb := guarded[float32](r, rows)
					for i := range b {
						b[i] = float32(r.NormFloat64())
						if special && r.IntN(4) == 0 {
							b[i] = 0
						}
					}
					var d, db []float32
					if deriv {
						d, db = guarded[float32](r, rows*n)
					}
					wy, wb, wd := clone(yb), clone(bb), clone(db)
					var wdIn []float32
					if deriv {
						wdIn = wd[guard : guard+rows*n]
					}
					want := n &^ 3
					biasTanh32Ref(wy[guard:guard+rows*n], n, wb[guard:guard+rows], wdIn, want)
					name := fmt.Sprintf("rows=%d n=%d deriv=%t special=%t", rows, n, deriv, special)
					if got := BiasTanh32NEON(y, n, b, d); got != want {
						t.Fatalf("%s: did %d chains, want %d", name, got, want)
					}
					checkBuf(t, name+": y", yb, wy)
					checkInput(t, name+": b", bb, wb)
					if deriv {
						checkBuf(t, name+": d", db, wd)
					}
				}
			}
		}
	}
}

func TestBiasTanh32NEONSpecials(t *testing.T) {
	// Every special value in every lane of a vector, with a zero bias so
	// that the value itself reaches the clamp, and with a bias that moves
	// 7.9 across it.
	if err := isa.Check(isa.NEON); err != nil {
		t.Skip(err)
	}
	SetTanhConsts(tanhConstsRef)
	for _, bias := range []float32{0, 0.01, -0.01, float32(math.Inf(1)), float32(math.NaN())} {
		for _, v := range tanhSpecials {
			for lane := range 4 {
				const n = 20
				y := make([]float32, n)
				for i := range y {
					y[i] = float32(i-n/2) / 3
				}
				y[lane], y[16+lane] = v, v
				b := []float32{bias}
				d := make([]float32, n)
				wy, wd := clone(y), clone(d)
				biasTanh32Ref(wy, n, b, wd, n)
				if got := BiasTanh32NEON(y, n, b, d); got != n {
					t.Fatalf("did %d chains, want %d", got, n)
				}
				name := fmt.Sprintf("v=%v bias=%v lane=%d", v, bias, lane)
				checkSame(t, name+": y", y, wy)
				checkSame(t, name+": d", d, wd)
			}
		}
	}
}

func TestBiasTanh32NEONSweep(t *testing.T) {
	// The float32s of [-10, 10] spaced by 2^-12, where a product fused
	// with its sum or another order of the operations shows in the last
	// bits of some, with the derivative.
	if err := isa.Check(isa.NEON); err != nil {
		t.Skip(err)
	}
	SetTanhConsts(tanhConstsRef)
	const n = 2*40960 + 4
	y := make([]float32, n)
	for i := range y {
		y[i] = float32(i-n/2) / 4096
	}
	b := []float32{0}
	d := make([]float32, n)
	wy, wd := clone(y), clone(d)
	biasTanh32Ref(wy, n, b, wd, n)
	if got := BiasTanh32NEON(y, n, b, d); got != n {
		t.Fatalf("did %d chains, want %d", got, n)
	}
	checkSame(t, "y", y, wy)
	checkSame(t, "d", d, wd)
}

func TestBiasTanh32NEONShortInputPanics(t *testing.T) {
	// The kernel trusts its pointers, so the Go side must refuse a slice
	// shorter than the shape.
	if err := isa.Check(isa.NEON); err != nil {
		t.Skip(err)
	}
	SetTanhConsts(tanhConstsRef)
	const rows, n = 3, 8
	for name, call := range map[string]func(){
		"y": func() { BiasTanh32NEON(make([]float32, rows*n-1), n, make([]float32, rows), nil) },
		"d": func() {
			BiasTanh32NEON(make([]float32, rows*n), n, make([]float32, rows), make([]float32, rows*n-1))
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
