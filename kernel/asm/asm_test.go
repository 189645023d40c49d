//go:build (amd64 || arm64) && gc && !purego && !noasm

package asm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/thermoai/thermo/internal/isa"
)

// A path lists the kernels of one instruction set and their vector widths
// in float32 and float64 elements.
type path struct {
	isa              isa.ISA
	width32, width64 int

	baoab32 func(x, p, f, xi []float32, hh, a, c1, c2 float32, closePrev bool) int
	baoab64 func(x, p, f, xi []float64, hh, a, c1, c2 float64, closePrev bool) int
	ula32   func(x, f, xi []float32, a, s float32) int
	ula64   func(x, f, xi []float64, a, s float64) int
	ou32    func(x, xi []float32, mu, a, s float32) int
	ou64    func(x, xi []float64, mu, a, s float64) int
	kick32  func(p, f []float32, hh float32) int
	kick64  func(p, f []float64, hh float64) int
}

// runnable returns the paths of testPaths that this CPU can run, and
// skips the test if there are none.
func runnable(t *testing.T) []path {
	var out []path
	for _, p := range testPaths {
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

// The reference loops are the ones the kernels document, written out for
// one row with every product rounded.

func baoabRef[F float32 | float64](x, p, f, xi []F, hh, a, c1, c2 F, closePrev bool) {
	for i := range x {
		pi, xv, fi := p[i], x[i], f[i]
		if closePrev {
			pi = pi + F(hh*fi)
		}
		pi = pi + F(hh*fi)
		xv = xv + F(a*pi)
		pi = F(c1*pi) + F(c2*xi[i])
		xv = xv + F(a*pi)
		p[i], x[i] = pi, xv
	}
}

func ulaRef[F float32 | float64](x, f, xi []F, a, s F) {
	for i := range x {
		x[i] = (x[i] + F(a*f[i])) + F(s*xi[i])
	}
}

func ouRef[F float32 | float64](x, xi []F, mu, a, s F) {
	for i := range x {
		x[i] = (mu + F(a*(x[i]-mu))) + F(s*xi[i])
	}
}

func kickRef[F float32 | float64](p, f []F, hh F) {
	for i := range p {
		p[i] = p[i] + F(hh*f[i])
	}
}

const guard = 8

// guarded returns a slice of n values with guard NaNs of a distinct
// pattern on either side in its backing array, and its backing array.
func guarded[F float32 | float64](r *rand.Rand, n int) (s, buf []F) {
	buf = make([]F, n+2*guard)
	for i := range buf {
		buf[i] = guardNaN[F]()
	}
	s = buf[guard : guard+n : guard+n]
	for i := range s {
		s[i] = value[F](r)
	}
	return s, buf
}

func guardNaN[F float32 | float64]() F {
	var z F
	if _, ok := any(z).(float32); ok {
		return F(math.Float32frombits(0x7fc0dead))
	}
	return F(math.Float64frombits(0x7ff8_0000_dead_beef))
}

// value draws an element: mostly normal draws of mixed scale, with signed
// zeros, subnormals, huge values and infinities among them.
func value[F float32 | float64](r *rand.Rand) F {
	var z F
	_, f32 := any(z).(float32)
	tiny, huge := math.SmallestNonzeroFloat64, math.MaxFloat64
	if f32 {
		tiny, huge = math.SmallestNonzeroFloat32, math.MaxFloat32
	}
	switch r.IntN(16) {
	case 0:
		return F(math.Copysign(0, r.NormFloat64()))
	case 1:
		return F(tiny * float64(1+r.IntN(1000)) * sign(r))
	case 2:
		return F(huge * r.Float64() * sign(r))
	case 3:
		return F(math.Inf(int(sign(r))))
	}
	return F(r.NormFloat64() * math.Pow(10, float64(r.IntN(9)-4)))
}

func sign(r *rand.Rand) float64 {
	if r.IntN(2) == 0 {
		return -1
	}
	return 1
}

// coef draws a coefficient: usually of the size the integrators use, at
// times zero, subnormal or huge.
func coef[F float32 | float64](r *rand.Rand) F {
	if r.IntN(4) == 0 {
		return value[F](r)
	}
	return F(r.Float64() * 2)
}

// same reports whether a and b have the same bits, NaNs matching NaNs of
// any payload.
func same[F float32 | float64](a, b F) bool {
	return a != a && b != b || identical(a, b)
}

// checkSame fails the test unless got matches want element by element
// and bit for bit.
func checkSame[F float32 | float64](t *testing.T, name string, got, want []F) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: length %d, want %d", name, len(got), len(want))
	}
	for i := range got {
		if !same(got[i], want[i]) {
			t.Fatalf("%s[%d] = %v, want %v", name, i, got[i], want[i])
		}
	}
}

// identical reports whether a and b have the same bits.
func identical[F float32 | float64](a, b F) bool {
	switch a := any(a).(type) {
	case float32:
		return math.Float32bits(a) == math.Float32bits(any(b).(float32))
	}
	return math.Float64bits(any(a).(float64)) == math.Float64bits(any(b).(float64))
}

// checkBuf compares backing arrays made by guarded: the guards must keep
// their bits, so that a write out of bounds shows, and the slice must
// match want.
func checkBuf[F float32 | float64](t *testing.T, name string, got, want []F) {
	t.Helper()
	n := len(got) - 2*guard
	for i := range got {
		if (i < guard || i >= guard+n) && !identical(got[i], want[i]) {
			t.Fatalf("%s: guard cell %d of a slice of %d overwritten with %v", name, i-guard, n, got[i])
		}
	}
	checkSame(t, name, got[guard:guard+n], want[guard:guard+n])
}

// checkInput fails the test unless a kernel left its input as it was.
func checkInput[F float32 | float64](t *testing.T, name string, got, want []F) {
	t.Helper()
	for i := range got {
		if !identical(got[i], want[i]) {
			t.Fatalf("input %s: backing element %d changed from %v to %v", name, i, want[i], got[i])
		}
	}
}

func clone[F any](s []F) []F { return append([]F(nil), s...) }

// lengths returns the row lengths to test for a vector width: every length
// from 0 to four vectors and three elements.
func lengths(width int) []int {
	var m []int
	for i := 0; i <= 4*width+3; i++ {
		m = append(m, i)
	}
	return m
}

func testBAOAB[F float32 | float64](t *testing.T, kernel func(x, p, f, xi []F, hh, a, c1, c2 F, closePrev bool) int, width int) {
	r := rand.New(rand.NewPCG(1, uint64(width)))
	for _, m := range lengths(width) {
		for _, closePrev := range []bool{false, true} {
			x, xb := guarded[F](r, m)
			p, pb := guarded[F](r, m)
			f, fb := guarded[F](r, m)
			xi, zb := guarded[F](r, m)
			hh, a, c1, c2 := coef[F](r), coef[F](r), coef[F](r), coef[F](r)
			wx, wp, wf, wz := clone(xb), clone(pb), clone(fb), clone(zb)
			done := m &^ (width - 1)
			baoabRef(wx[guard:guard+done], wp[guard:guard+done], wf[guard:], wz[guard:], hh, a, c1, c2, closePrev)
			if got := kernel(x, p, f, xi, hh, a, c1, c2, closePrev); got != done {
				t.Fatalf("m=%d: did %d elements, want %d", m, got, done)
			}
			checkBuf(t, "x", xb, wx)
			checkBuf(t, "p", pb, wp)
			checkInput(t, "f", fb, wf)
			checkInput(t, "xi", zb, wz)
		}
	}
}

func testULA[F float32 | float64](t *testing.T, kernel func(x, f, xi []F, a, s F) int, width int) {
	r := rand.New(rand.NewPCG(2, uint64(width)))
	for _, m := range lengths(width) {
		x, xb := guarded[F](r, m)
		f, fb := guarded[F](r, m)
		xi, zb := guarded[F](r, m)
		a, s := coef[F](r), coef[F](r)
		wx, wf, wz := clone(xb), clone(fb), clone(zb)
		done := m &^ (width - 1)
		ulaRef(wx[guard:guard+done], wf[guard:], wz[guard:], a, s)
		if got := kernel(x, f, xi, a, s); got != done {
			t.Fatalf("m=%d: did %d elements, want %d", m, got, done)
		}
		checkBuf(t, "x", xb, wx)
		checkInput(t, "f", fb, wf)
		checkInput(t, "xi", zb, wz)
	}
}

func testOU[F float32 | float64](t *testing.T, kernel func(x, xi []F, mu, a, s F) int, width int) {
	r := rand.New(rand.NewPCG(3, uint64(width)))
	for _, m := range lengths(width) {
		x, xb := guarded[F](r, m)
		xi, zb := guarded[F](r, m)
		mu, a, s := value[F](r), coef[F](r), coef[F](r)
		wx, wz := clone(xb), clone(zb)
		done := m &^ (width - 1)
		ouRef(wx[guard:guard+done], wz[guard:], mu, a, s)
		if got := kernel(x, xi, mu, a, s); got != done {
			t.Fatalf("m=%d: did %d elements, want %d", m, got, done)
		}
		checkBuf(t, "x", xb, wx)
		checkInput(t, "xi", zb, wz)
	}
}

func testKick[F float32 | float64](t *testing.T, kernel func(p, f []F, hh F) int, width int) {
	r := rand.New(rand.NewPCG(4, uint64(width)))
	for _, m := range lengths(width) {
		p, pb := guarded[F](r, m)
		f, fb := guarded[F](r, m)
		hh := coef[F](r)
		wp, wf := clone(pb), clone(fb)
		done := m &^ (width - 1)
		kickRef(wp[guard:guard+done], wf[guard:], hh)
		if got := kernel(p, f, hh); got != done {
			t.Fatalf("m=%d: did %d elements, want %d", m, got, done)
		}
		checkBuf(t, "p", pb, wp)
		checkInput(t, "f", fb, wf)
	}
}

func TestBAOAB(t *testing.T) {
	for _, p := range runnable(t) {
		t.Run(p.isa.String()+"/f32", func(t *testing.T) { testBAOAB(t, p.baoab32, p.width32) })
		t.Run(p.isa.String()+"/f64", func(t *testing.T) { testBAOAB(t, p.baoab64, p.width64) })
	}
}

func TestULA(t *testing.T) {
	for _, p := range runnable(t) {
		t.Run(p.isa.String()+"/f32", func(t *testing.T) { testULA(t, p.ula32, p.width32) })
		t.Run(p.isa.String()+"/f64", func(t *testing.T) { testULA(t, p.ula64, p.width64) })
	}
}

func TestOU(t *testing.T) {
	for _, p := range runnable(t) {
		t.Run(p.isa.String()+"/f32", func(t *testing.T) { testOU(t, p.ou32, p.width32) })
		t.Run(p.isa.String()+"/f64", func(t *testing.T) { testOU(t, p.ou64, p.width64) })
	}
}

func TestKick(t *testing.T) {
	for _, p := range runnable(t) {
		t.Run(p.isa.String()+"/f32", func(t *testing.T) { testKick(t, p.kick32, p.width32) })
		t.Run(p.isa.String()+"/f64", func(t *testing.T) { testKick(t, p.kick64, p.width64) })
	}
}

func TestShortInputPanics(t *testing.T) {
	// The kernels trust their pointers, so the Go side must refuse an
	// input shorter than the whole vectors of x.
	for _, p := range runnable(t) {
		w := p.width32
		long, short := make([]float32, 2*w), make([]float32, 2*w-1)
		calls := map[string]func(){
			"baoab p":  func() { p.baoab32(long, short, long, long, 1, 1, 1, 1, true) },
			"baoab f":  func() { p.baoab32(long, long, short, long, 1, 1, 1, 1, true) },
			"baoab xi": func() { p.baoab32(long, long, long, short, 1, 1, 1, 1, true) },
			"ula f":    func() { p.ula32(long, short, long, 1, 1) },
			"ula xi":   func() { p.ula32(long, long, short, 1, 1) },
			"ou xi":    func() { p.ou32(long, short, 0, 1, 1) },
			"kick f":   func() { p.kick32(long, short, 1) },
		}
		for name, call := range calls {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%v %s: no panic on a short input", p.isa, name)
					}
				}()
				call()
			}()
		}
	}
}
