//go:build (amd64 || arm64) && gc && !purego && !noasm

package kernel

import "github.com/thermoai/thermo/internal/isa"

// rowKernels holds the assembly row kernels of one path (package
// kernel/asm). Each advances the whole vectors of a row, returns how many
// elements that was, and leaves the rest to the generic row code.
type rowKernels struct {
	baoab32 func(x, p, f, xi []float32, hh, a, c1, c2 float32, closePrev bool) int
	baoab64 func(x, p, f, xi []float64, hh, a, c1, c2 float64, closePrev bool) int
	kick32  func(p, f []float32, hh float32) int
	kick64  func(p, f []float64, hh float64) int
	ula32   func(x, f, xi []float32, a, s float32) int
	ula64   func(x, f, xi []float64, a, s float64) int
	ou32    func(x, xi []float32, mu, a, s float32) int
	ou64    func(x, xi []float64, mu, a, s float64) int
}

// rowsFor returns the row kernels that family uses now, or nil for the
// generic code. paths, per architecture, holds those of every assembly
// path.
func rowsFor(family string) *rowKernels { return paths[isa.For(family)] }

// The dispatchers pick the path once per call, which covers a whole
// shard; only float32 and float64 have assembly, so types defined on them
// take the generic code.

func stepBAOAB[F Float](x, p, f, xi []F, n int, c *BAOABCoef[F], closePrev bool) {
	switch xs := any(x).(type) {
	case []float32:
		if k := rowsFor("baoab/f32"); k != nil {
			baoabRows(k.baoab32, xs, any(p).([]float32), any(f).([]float32), any(xi).([]float32),
				n, any(c).(*BAOABCoef[float32]), closePrev)
			return
		}
	case []float64:
		if k := rowsFor("baoab/f64"); k != nil {
			baoabRows(k.baoab64, xs, any(p).([]float64), any(f).([]float64), any(xi).([]float64),
				n, any(c).(*BAOABCoef[float64]), closePrev)
			return
		}
	}
	stepBAOABGeneric(x, p, f, xi, n, c, closePrev)
}

func baoabRows[F float32 | float64](row func(x, p, f, xi []F, hh, a, c1, c2 F, closePrev bool) int,
	x, p, f, xi []F, n int, c *BAOABCoef[F], closePrev bool) {
	hh := c.HalfH
	for k := range c.C1 {
		a, c1, c2 := c.HalfHOverM[k], c.C1[k], c.C2[k]
		xs, ps, fs, zs := x[k*n:k*n+n], p[k*n:k*n+n], f[k*n:k*n+n], xi[k*n:k*n+n]
		done := row(xs, ps, fs, zs, hh, a, c1, c2, closePrev)
		baoabRow(xs[done:], ps[done:], fs[done:], zs[done:], hh, a, c1, c2, closePrev)
	}
}

// kick belongs to the BAOAB families: it is their B part.
func kick[F Float](p, f []F, halfH F) {
	switch ps := any(p).(type) {
	case []float32:
		if k := rowsFor("baoab/f32"); k != nil {
			fs, hh := any(f).([]float32), any(halfH).(float32)
			done := k.kick32(ps, fs, hh)
			kickGeneric(ps[done:], fs[done:], hh)
			return
		}
	case []float64:
		if k := rowsFor("baoab/f64"); k != nil {
			fs, hh := any(f).([]float64), any(halfH).(float64)
			done := k.kick64(ps, fs, hh)
			kickGeneric(ps[done:], fs[done:], hh)
			return
		}
	}
	kickGeneric(p, f, halfH)
}

func stepULA[F Float](x, f, xi []F, n int, c *ULACoef[F]) {
	switch xs := any(x).(type) {
	case []float32:
		if k := rowsFor("ula/f32"); k != nil {
			ulaRows(k.ula32, xs, any(f).([]float32), any(xi).([]float32), n, any(c).(*ULACoef[float32]))
			return
		}
	case []float64:
		if k := rowsFor("ula/f64"); k != nil {
			ulaRows(k.ula64, xs, any(f).([]float64), any(xi).([]float64), n, any(c).(*ULACoef[float64]))
			return
		}
	}
	stepULAGeneric(x, f, xi, n, c)
}

func ulaRows[F float32 | float64](row func(x, f, xi []F, a, s F) int, x, f, xi []F, n int, c *ULACoef[F]) {
	for k := range c.A {
		a, s := c.A[k], c.S[k]
		xs, fs, zs := x[k*n:k*n+n], f[k*n:k*n+n], xi[k*n:k*n+n]
		done := row(xs, fs, zs, a, s)
		ulaRow(xs[done:], fs[done:], zs[done:], a, s)
	}
}

func stepOU[F Float](x, xi []F, n int, c *OUCoef[F]) {
	switch xs := any(x).(type) {
	case []float32:
		if k := rowsFor("ou/f32"); k != nil {
			ouRows(k.ou32, xs, any(xi).([]float32), n, any(c).(*OUCoef[float32]))
			return
		}
	case []float64:
		if k := rowsFor("ou/f64"); k != nil {
			ouRows(k.ou64, xs, any(xi).([]float64), n, any(c).(*OUCoef[float64]))
			return
		}
	}
	stepOUGeneric(x, xi, n, c)
}

func ouRows[F float32 | float64](row func(x, xi []F, mu, a, s F) int, x, xi []F, n int, c *OUCoef[F]) {
	for k := range c.A {
		mu, a, s := c.Mu[k], c.A[k], c.S[k]
		xs, zs := x[k*n:k*n+n], xi[k*n:k*n+n]
		done := row(xs, zs, mu, a, s)
		ouRow(xs[done:], zs[done:], mu, a, s)
	}
}
