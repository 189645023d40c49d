package kernel

import (
	"encoding/binary"
	"math"
	"testing"
)

// The fuzz tests read their bytes as little-endian floats: the
// coefficients first, then the dimension-major slices of a shard whose
// chain count is what the bytes leave room for. Every path that runs here
// must match the generic code on them. Seeds are in testdata/fuzz.

// floats decodes data as little-endian float32s or float64s.
func floats[F float32 | float64](data []byte) []F {
	var z F
	if _, ok := any(z).(float32); ok {
		v := make([]F, len(data)/4)
		for i := range v {
			v[i] = F(math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:])))
		}
		return v
	}
	v := make([]F, len(data)/8)
	for i := range v {
		v[i] = F(math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:])))
	}
	return v
}

// split cuts the first k values off *v.
func split[F any](v *[]F, k int) []F {
	s := (*v)[:k:k]
	*v = (*v)[k:]
	return s
}

// onEveryPath runs step on a fresh copy of each of outs for every path
// that runs here, and checks the copies against want bit for bit.
func onEveryPath[F float32 | float64](t *testing.T, outs, want [][]F, step func(outs [][]F)) {
	t.Helper()
	for _, i := range Available() {
		got := make([][]F, len(outs))
		for j, o := range outs {
			got[j] = clone(o)
		}
		restore := ForceISA(i)
		step(got)
		restore()
		for j := range got {
			for e := range got[j] {
				if !same(got[j][e], want[j][e]) {
					t.Fatalf("%v: output %d element %d = %v (%#x), want %v (%#x)",
						i, j, e, got[j][e], bits(got[j][e]), want[j][e], bits(want[j][e]))
				}
			}
		}
	}
}

func fuzzBAOAB[F float32 | float64](t *testing.T, data []byte, dims uint8, closePrev bool) {
	dim := 1 + int(dims%4)
	v := floats[F](data)
	if len(v) < 1+3*dim {
		return
	}
	c := &BAOABCoef[F]{HalfH: split(&v, 1)[0], HalfHOverM: split(&v, dim), C1: split(&v, dim), C2: split(&v, dim)}
	n := len(v) / (4 * dim)
	x, p, f, xi := split(&v, dim*n), split(&v, dim*n), split(&v, dim*n), split(&v, dim*n)
	wx, wp := clone(x), clone(p)
	stepBAOABGeneric(wx, wp, f, xi, n, c, closePrev)
	onEveryPath(t, [][]F{x, p}, [][]F{wx, wp}, func(o [][]F) {
		StepBAOAB(o[0], o[1], f, xi, n, c, closePrev)
	})
}

func fuzzKick[F float32 | float64](t *testing.T, data []byte) {
	v := floats[F](data)
	if len(v) < 1 {
		return
	}
	hh := split(&v, 1)[0]
	m := len(v) / 2
	p, f := split(&v, m), split(&v, m)
	wp := clone(p)
	kickGeneric(wp, f, hh)
	onEveryPath(t, [][]F{p}, [][]F{wp}, func(o [][]F) { Kick(o[0], f, hh) })
}

func fuzzULA[F float32 | float64](t *testing.T, data []byte, dims uint8) {
	dim := 1 + int(dims%4)
	v := floats[F](data)
	if len(v) < 2*dim {
		return
	}
	c := &ULACoef[F]{A: split(&v, dim), S: split(&v, dim)}
	n := len(v) / (3 * dim)
	x, f, xi := split(&v, dim*n), split(&v, dim*n), split(&v, dim*n)
	wx := clone(x)
	stepULAGeneric(wx, f, xi, n, c)
	onEveryPath(t, [][]F{x}, [][]F{wx}, func(o [][]F) { StepULA(o[0], f, xi, n, c) })
}

func fuzzOU[F float32 | float64](t *testing.T, data []byte, dims uint8) {
	dim := 1 + int(dims%4)
	v := floats[F](data)
	if len(v) < 3*dim {
		return
	}
	c := &OUCoef[F]{Mu: split(&v, dim), A: split(&v, dim), S: split(&v, dim)}
	n := len(v) / (2 * dim)
	x, xi := split(&v, dim*n), split(&v, dim*n)
	wx := clone(x)
	stepOUGeneric(wx, xi, n, c)
	onEveryPath(t, [][]F{x}, [][]F{wx}, func(o [][]F) { StepOU(o[0], xi, n, c) })
}

// fuzzBAOABLinear checks StepBAOABLinear, outputs and answer, against
// the generic step, force and scan.
func fuzzBAOABLinear[F float32 | float64](t *testing.T, data []byte, dims uint8, closePrev bool) {
	dim := 1 + int(dims%4)
	v := floats[F](data)
	if len(v) < 1+5*dim {
		return
	}
	c := &BAOABCoef[F]{HalfH: split(&v, 1)[0], HalfHOverM: split(&v, dim), C1: split(&v, dim), C2: split(&v, dim)}
	kappa, mu := split(&v, dim), split(&v, dim)
	n := len(v) / (4 * dim)
	x, p, f, xi := split(&v, dim*n), split(&v, dim*n), split(&v, dim*n), split(&v, dim*n)
	wx, wp, wf := clone(x), clone(p), clone(f)
	stepBAOABGeneric(wx, wp, wf, xi, n, c, closePrev)
	linearForceGeneric(wf, wx, n, kappa, mu)
	want := firstNonFiniteGeneric(wx) >= 0
	onEveryPath(t, [][]F{x, p, f}, [][]F{wx, wp, wf}, func(o [][]F) {
		if got := StepBAOABLinear(o[0], o[1], o[2], xi, n, c, closePrev, kappa, mu); got != want {
			t.Fatalf("%v: non-finite %v, want %v", Current(), got, want)
		}
	})
}

// fuzzULALinear is fuzzBAOABLinear for StepULALinear.
func fuzzULALinear[F float32 | float64](t *testing.T, data []byte, dims uint8) {
	dim := 1 + int(dims%4)
	v := floats[F](data)
	if len(v) < 4*dim {
		return
	}
	c := &ULACoef[F]{A: split(&v, dim), S: split(&v, dim)}
	kappa, mu := split(&v, dim), split(&v, dim)
	n := len(v) / (3 * dim)
	x, f, xi := split(&v, dim*n), split(&v, dim*n), split(&v, dim*n)
	wx, wf := clone(x), clone(f)
	stepULAGeneric(wx, wf, xi, n, c)
	linearForceGeneric(wf, wx, n, kappa, mu)
	want := firstNonFiniteGeneric(wx) >= 0
	onEveryPath(t, [][]F{x, f}, [][]F{wx, wf}, func(o [][]F) {
		if got := StepULALinear(o[0], o[1], xi, n, c, kappa, mu); got != want {
			t.Fatalf("%v: non-finite %v, want %v", Current(), got, want)
		}
	})
}

func FuzzBAOABLinear32(f *testing.F) { f.Fuzz(fuzzBAOABLinear[float32]) }
func FuzzBAOABLinear64(f *testing.F) { f.Fuzz(fuzzBAOABLinear[float64]) }
func FuzzULALinear32(f *testing.F)   { f.Fuzz(fuzzULALinear[float32]) }
func FuzzULALinear64(f *testing.F)   { f.Fuzz(fuzzULALinear[float64]) }
func FuzzBAOAB32(f *testing.F)       { f.Fuzz(fuzzBAOAB[float32]) }
func FuzzBAOAB64(f *testing.F)       { f.Fuzz(fuzzBAOAB[float64]) }
func FuzzKick32(f *testing.F)        { f.Fuzz(fuzzKick[float32]) }
func FuzzKick64(f *testing.F)        { f.Fuzz(fuzzKick[float64]) }
func FuzzULA32(f *testing.F)         { f.Fuzz(fuzzULA[float32]) }
func FuzzULA64(f *testing.F)         { f.Fuzz(fuzzULA[float64]) }
func FuzzOU32(f *testing.F)          { f.Fuzz(fuzzOU[float32]) }
func FuzzOU64(f *testing.F)          { f.Fuzz(fuzzOU[float64]) }
