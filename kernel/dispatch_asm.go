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

	linear32 func(f, x []float32, kappa, mu float32) int
	linear64 func(f, x []float64, kappa, mu float64) int

	// Kernels over all the rows of a shard in one call, which take the
	// place of the row kernels above when the path has them and n suits
	// them: they report whether they did. A call per row costs about 15
	// ns, a tenth of an element-step at 128 chains.
	baoabAll32 func(x, p, f, xi []float32, n int, hh float32, a, c1, c2 []float32, closePrev bool) bool
	baoabAll64 func(x, p, f, xi []float64, n int, hh float64, a, c1, c2 []float64, closePrev bool) bool
	// Fused kernels over all rows (StepBAOABLinear): they report whether
	// they ran, and whether x holds a NaN or an infinity.
	baoabLin32  func(x, p, f, xi []float32, n int, hh float32, a, c1, c2, kappa, mu []float32, closePrev bool) (ran, nonFinite bool)
	baoabLin64  func(x, p, f, xi []float64, n int, hh float64, a, c1, c2, kappa, mu []float64, closePrev bool) (ran, nonFinite bool)
	ulaLin32    func(x, f, xi []float32, n int, a, s, kappa, mu []float32) (ran, nonFinite bool)
	ulaLin64    func(x, f, xi []float64, n int, a, s, kappa, mu []float64) (ran, nonFinite bool)
	linearAll32 func(f, x []float32, n int, kappa, mu []float32) bool
	linearAll64 func(f, x []float64, n int, kappa, mu []float64) bool
	ulaAll32    func(x, f, xi []float32, n int, a, s []float32) bool
	ulaAll64    func(x, f, xi []float64, n int, a, s []float64) bool
	ouAll32     func(x, xi []float32, n int, mu, a, s []float32) bool
	ouAll64     func(x, xi []float64, n int, mu, a, s []float64) bool
	dense32     func(f, x []float32, n int, j []float32, d int) int
	dense64     func(f, x []float64, n int, j []float64, d int) int
	finite32    func(x []float32) int
	finite64    func(x []float64) int

	// The layer products (kernel.Product, ProductNeg, Outer). A product
	// kernel does the first chains of every row, a whole number of
	// vectors, and returns how many; an outer kernel runs only for n a
	// multiple of the lanes and reports whether it ran.
	product32 func(y, x []float32, n int, w []float32, out, in int, neg bool) int
	product64 func(y, x []float64, n int, w []float64, out, in int, neg bool) int
	outer32   func(dw, g, x []float32, n, out, in int) bool
	outer64   func(dw, g, x []float64, n, out, in int) bool
}

// rowsFor returns the row kernels that family uses now, or nil for the
// generic code. paths, per architecture, holds those of every assembly
// path.
func rowsFor(f *isa.Family) *rowKernels { return paths[f.Path()] }

// The kernel families, looked up once.
var (
	baoab32Family   = isa.Lookup("baoab/f32")
	baoab64Family   = isa.Lookup("baoab/f64")
	dense32Family   = isa.Lookup("dense/f32")
	product32Family = isa.Lookup("product/f32")
	product64Family = isa.Lookup("product/f64")
	outer32Family   = isa.Lookup("outer/f32")
	outer64Family   = isa.Lookup("outer/f64")
	dense64Family   = isa.Lookup("dense/f64")
	finite32Family  = isa.Lookup("finite/f32")
	finite64Family  = isa.Lookup("finite/f64")
	linear32Family  = isa.Lookup("linear/f32")
	linear64Family  = isa.Lookup("linear/f64")
	ou32Family      = isa.Lookup("ou/f32")
	ou64Family      = isa.Lookup("ou/f64")
	ula32Family     = isa.Lookup("ula/f32")
	ula64Family     = isa.Lookup("ula/f64")
)

// The dispatchers pick the path once per call, which covers a whole
// shard; only float32 and float64 have assembly, so types defined on them
// take the generic code.

func stepBAOAB[F Float](x, p, f, xi []F, n int, c *BAOABCoef[F], closePrev bool) {
	switch xs := any(x).(type) {
	case []float32:
		if k := rowsFor(baoab32Family); k != nil {
			ps, fs, zs, cc := any(p).([]float32), any(f).([]float32), any(xi).([]float32), any(c).(*BAOABCoef[float32])
			if k.baoabAll32 == nil || !k.baoabAll32(xs, ps, fs, zs, n, cc.HalfH, cc.HalfHOverM, cc.C1, cc.C2, closePrev) {
				baoabRows(k.baoab32, xs, ps, fs, zs, n, cc, closePrev)
			}
			return
		}
	case []float64:
		if k := rowsFor(baoab64Family); k != nil {
			ps, fs, zs, cc := any(p).([]float64), any(f).([]float64), any(xi).([]float64), any(c).(*BAOABCoef[float64])
			if k.baoabAll64 == nil || !k.baoabAll64(xs, ps, fs, zs, n, cc.HalfH, cc.HalfHOverM, cc.C1, cc.C2, closePrev) {
				baoabRows(k.baoab64, xs, ps, fs, zs, n, cc, closePrev)
			}
			return
		}
	}
	stepBAOABGeneric(x, p, f, xi, n, c, closePrev)
}

// stepBAOABLinear runs the fused kernel of the BAOAB family's path, if
// it has one and n suits it, and reports whether it did.
func stepBAOABLinear[F Float](x, p, f, xi []F, n int, c *BAOABCoef[F], closePrev bool, kappa, mu []F) (ran, nonFinite bool) {
	switch xs := any(x).(type) {
	case []float32:
		if k := rowsFor(baoab32Family); k != nil && k.baoabLin32 != nil {
			cc := any(c).(*BAOABCoef[float32])
			return k.baoabLin32(xs, any(p).([]float32), any(f).([]float32), any(xi).([]float32), n,
				cc.HalfH, cc.HalfHOverM, cc.C1, cc.C2, any(kappa).([]float32), any(mu).([]float32), closePrev)
		}
	case []float64:
		if k := rowsFor(baoab64Family); k != nil && k.baoabLin64 != nil {
			cc := any(c).(*BAOABCoef[float64])
			return k.baoabLin64(xs, any(p).([]float64), any(f).([]float64), any(xi).([]float64), n,
				cc.HalfH, cc.HalfHOverM, cc.C1, cc.C2, any(kappa).([]float64), any(mu).([]float64), closePrev)
		}
	}
	return false, false
}

// stepULALinear runs the fused kernel of the ULA family's path, if it
// has one and n suits it, and reports whether it did.
func stepULALinear[F Float](x, f, xi []F, n int, c *ULACoef[F], kappa, mu []F) (ran, nonFinite bool) {
	switch xs := any(x).(type) {
	case []float32:
		if k := rowsFor(ula32Family); k != nil && k.ulaLin32 != nil {
			cc := any(c).(*ULACoef[float32])
			return k.ulaLin32(xs, any(f).([]float32), any(xi).([]float32), n, cc.A, cc.S, any(kappa).([]float32), any(mu).([]float32))
		}
	case []float64:
		if k := rowsFor(ula64Family); k != nil && k.ulaLin64 != nil {
			cc := any(c).(*ULACoef[float64])
			return k.ulaLin64(xs, any(f).([]float64), any(xi).([]float64), n, cc.A, cc.S, any(kappa).([]float64), any(mu).([]float64))
		}
	}
	return false, false
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
		if k := rowsFor(baoab32Family); k != nil {
			fs, hh := any(f).([]float32), any(halfH).(float32)
			done := k.kick32(ps, fs, hh)
			kickGeneric(ps[done:], fs[done:], hh)
			return
		}
	case []float64:
		if k := rowsFor(baoab64Family); k != nil {
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
		if k := rowsFor(ula32Family); k != nil {
			fs, zs, cc := any(f).([]float32), any(xi).([]float32), any(c).(*ULACoef[float32])
			if k.ulaAll32 == nil || !k.ulaAll32(xs, fs, zs, n, cc.A, cc.S) {
				ulaRows(k.ula32, xs, fs, zs, n, cc)
			}
			return
		}
	case []float64:
		if k := rowsFor(ula64Family); k != nil {
			fs, zs, cc := any(f).([]float64), any(xi).([]float64), any(c).(*ULACoef[float64])
			if k.ulaAll64 == nil || !k.ulaAll64(xs, fs, zs, n, cc.A, cc.S) {
				ulaRows(k.ula64, xs, fs, zs, n, cc)
			}
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
		if k := rowsFor(ou32Family); k != nil {
			zs, cc := any(xi).([]float32), any(c).(*OUCoef[float32])
			if k.ouAll32 == nil || !k.ouAll32(xs, zs, n, cc.Mu, cc.A, cc.S) {
				ouRows(k.ou32, xs, zs, n, cc)
			}
			return
		}
	case []float64:
		if k := rowsFor(ou64Family); k != nil {
			zs, cc := any(xi).([]float64), any(c).(*OUCoef[float64])
			if k.ouAll64 == nil || !k.ouAll64(xs, zs, n, cc.Mu, cc.A, cc.S) {
				ouRows(k.ou64, xs, zs, n, cc)
			}
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

func linearForce[F Float](f, x []F, n int, kappa, mu []F) {
	switch fs := any(f).(type) {
	case []float32:
		if k := rowsFor(linear32Family); k != nil {
			xs, ks, ms := any(x).([]float32), any(kappa).([]float32), any(mu).([]float32)
			if k.linearAll32 == nil || !k.linearAll32(fs, xs, n, ks, ms) {
				linearRows(k.linear32, fs, xs, n, ks, ms)
			}
			return
		}
	case []float64:
		if k := rowsFor(linear64Family); k != nil {
			xs, ks, ms := any(x).([]float64), any(kappa).([]float64), any(mu).([]float64)
			if k.linearAll64 == nil || !k.linearAll64(fs, xs, n, ks, ms) {
				linearRows(k.linear64, fs, xs, n, ks, ms)
			}
			return
		}
	}
	linearForceGeneric(f, x, n, kappa, mu)
}

func linearRows[F float32 | float64](row func(f, x []F, kappa, mu F) int, f, x []F, n int, kappa, mu []F) {
	for k, kk := range kappa {
		m := mu[k]
		fs, xs := f[k*n:k*n+n], x[k*n:k*n+n]
		done := row(fs, xs, kk, m)
		linearRow(fs[done:], xs[done:], kk, m)
	}
}

// The dense kernels compute the whole vectors of chains of every row at
// once, to reuse each block of x for all of them; denseNarrow finishes the
// chains after the last whole vector.
func denseForce[F Float](f, x []F, n int, j []F, d int) {
	switch fs := any(f).(type) {
	case []float32:
		if k := rowsFor(dense32Family); k != nil {
			xs, js := any(x).([]float32), any(j).([]float32)
			done := k.dense32(fs, xs, n, js, d)
			denseNarrow(fs, xs, n, js, d, done)
			return
		}
	case []float64:
		if k := rowsFor(dense64Family); k != nil {
			xs, js := any(x).([]float64), any(j).([]float64)
			done := k.dense64(fs, xs, n, js, d)
			denseNarrow(fs, xs, n, js, d, done)
			return
		}
	}
	denseForceGeneric(f, x, n, j, d)
}

// The finite kernels skip the whole vectors of x up to the first block
// that holds a non-finite element; the generic scan goes on from there.
func firstNonFinite[F Float](x []F) int {
	done := 0
	switch xs := any(x).(type) {
	case []float32:
		if k := rowsFor(finite32Family); k != nil {
			done = k.finite32(xs)
		}
	case []float64:
		if k := rowsFor(finite64Family); k != nil {
			done = k.finite64(xs)
		}
	}
	if i := firstNonFiniteGeneric(x[done:]); i >= 0 {
		return done + i
	}
	return -1
}

// The product kernels compute the whole vectors of chains of every row
// of y at once; productNarrow finishes the chains after the last one.
func product[F Float](y, x []F, n int, w []F, out, in int, neg bool) {
	switch ys := any(y).(type) {
	case []float32:
		if k := rowsFor(product32Family); k != nil && k.product32 != nil {
			xs, ws := any(x).([]float32), any(w).([]float32)
			done := k.product32(ys, xs, n, ws, out, in, neg)
			productNarrow(ys, xs, n, ws, out, in, neg, done)
			return
		}
	case []float64:
		if k := rowsFor(product64Family); k != nil && k.product64 != nil {
			xs, ws := any(x).([]float64), any(w).([]float64)
			done := k.product64(ys, xs, n, ws, out, in, neg)
			productNarrow(ys, xs, n, ws, out, in, neg, done)
			return
		}
	}
	productGeneric(y, x, n, w, out, in, neg)
}

// The outer kernels take n a multiple of OuterLanes and report whether
// they ran; the generic code does every other n.
func outer[F Float](dw, g, x []F, n, out, in int) {
	switch dws := any(dw).(type) {
	case []float32:
		if k := rowsFor(outer32Family); k != nil && k.outer32 != nil &&
			k.outer32(dws, any(g).([]float32), any(x).([]float32), n, out, in) {
			return
		}
	case []float64:
		if k := rowsFor(outer64Family); k != nil && k.outer64 != nil &&
			k.outer64(dws, any(g).([]float64), any(x).([]float64), n, out, in) {
			return
		}
	}
	outerGeneric(dw, g, x, n, out, in)
}
