package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// layerShapes returns the row counts of the layer tests, out and in: one,
// a few, around the multiples of the row blocks, and past the 256 rows a
// block of the outer kernels may hold; and the chain counts, around the
// vector widths of every path, with multiples of 16 for the outer
// kernels. -short drops the largest.
func layerShapes() (dims, chains []int) {
	dims = []int{1, 3, 17, 63, 65, 257}
	chains = []int{0, 1, 5, 15, 16, 17, 31, 32, 33, 48, 100, 256, 256 + 7}
	if testing.Short() {
		return dims[:4], chains[:10]
	}
	return dims, chains
}

// layerBudget is the largest out*in*n of the layer tests: the largest
// shapes are taken with a few chains only, 257 rows of x or y with many
// chains only if the other side has few rows.
const layerBudget = 17 * 257 * 263

// layerShape reports whether the layer tests take a shape.
func layerShape(out, in, n int) bool { return out*in*n <= layerBudget }

// layerScales are the scales of layerValue's draws.
var layerScales = [...]float64{1e-3, 1e-2, 1e-1, 1, 1e1, 1e2, 1e3}

// layerValue draws an element: with rough set, a quarter of them signed
// zeros, subnormals, huge values and infinities as value draws them;
// otherwise only finite values of mixed scale and zeros, so that long sums
// stay finite and show their bits.
func layerValue[F float32 | float64](r *rand.Rand, rough bool) F {
	switch k := r.IntN(16); {
	case rough && k < 4:
		return value[F](r)
	case k == 4:
		return F(math.Copysign(0, float64(1-2*r.IntN(2))))
	}
	return F(r.NormFloat64() * layerScales[r.IntN(len(layerScales))])
}

// layerGuarded is guarded with layerValue's draws.
func layerGuarded[F float32 | float64](r *rand.Rand, n int, rough bool) (s, buf []F) {
	buf = make([]F, n+2*guard)
	for i := range buf {
		buf[i] = guardNaN[F]()
	}
	s = buf[guard : guard+n : guard+n]
	for i := range s {
		s[i] = layerValue[F](r, rough)
	}
	return s, buf
}

// layerCases calls check for every shape of the layer tests, half of them
// with rough values, on fresh guarded slices of a shard: a out×n, b in×n
// and m out×in, with their backing arrays.
func layerCases[F float32 | float64](t *testing.T, seed uint64, check func(name string, out, in, n int, a, ab, b, bb, m, mb []F)) {
	r := rand.New(rand.NewPCG(seed, 31))
	dims, chains := layerShapes()
	k := 0
	for _, out := range dims {
		for _, in := range dims {
			for _, n := range chains {
				if !layerShape(out, in, n) {
					continue
				}
				k++
				rough := k%2 == 0
				a, ab := layerGuarded[F](r, out*n, rough)
				b, bb := layerGuarded[F](r, in*n, rough)
				m, mb := layerGuarded[F](r, out*in, rough)
				name := fmt.Sprintf("out=%d in=%d n=%d rough=%v", out, in, n, rough)
				check(name, out, in, n, a, ab, b, bb, m, mb)
			}
		}
	}
}

// onPaths runs fn on every path that can run here, forcing it.
func onPaths(fn func(i ISA)) {
	for _, i := range Available() {
		restore := ForceISA(i)
		fn(i)
		restore()
	}
}

func testProductPaths[F float32 | float64](t *testing.T, neg bool) {
	call, seed := Product[F], uint64(41)
	if neg {
		call, seed = ProductNeg[F], 42
	}
	layerCases(t, seed, func(name string, out, in, n int, y, yb, x, xb, w, wb []F) {
		want := clone(yb)
		productGeneric(want[guard:guard+out*n], x, n, w, out, in, neg)
		wx, ww := clone(xb), clone(wb)
		onPaths(func(i ISA) {
			got := clone(yb)
			call(got[guard:guard+out*n], x, n, w, out, in)
			checkOutput(t, fmt.Sprintf("%v %s: y", i, name), got, want)
		})
		checkInput(t, name+": x", xb, wx)
		checkInput(t, name+": w", wb, ww)
	})
}

func TestProductPaths(t *testing.T) {
	t.Run("f32", func(t *testing.T) { testProductPaths[float32](t, false) })
	t.Run("f64", func(t *testing.T) { testProductPaths[float64](t, false) })
}

func TestProductNegPaths(t *testing.T) {
	t.Run("f32", func(t *testing.T) { testProductPaths[float32](t, true) })
	t.Run("f64", func(t *testing.T) { testProductPaths[float64](t, true) })
}

func testOuterPaths[F float32 | float64](t *testing.T) {
	layerCases(t, 43, func(name string, out, in, n int, g, gb, x, xb, dw, dwb []F) {
		want := clone(dwb)
		outerGeneric(want[guard:guard+out*in], g, x, n, out, in)
		wg, wx := clone(gb), clone(xb)
		onPaths(func(i ISA) {
			got := clone(dwb)
			Outer(got[guard:guard+out*in], g, x, n, out, in)
			checkOutput(t, fmt.Sprintf("%v %s: dw", i, name), got, want)
		})
		checkInput(t, name+": g", gb, wg)
		checkInput(t, name+": x", xb, wx)
	})
}

func TestOuterPaths(t *testing.T) {
	t.Run("f32", testOuterPaths[float32])
	t.Run("f64", testOuterPaths[float64])
}

func testOuterLong[F float32 | float64](t *testing.T) {
	// Rows of many chains, which the assembly takes in chunks, saving the
	// partial sums between them, and more rows of g and x than its blocks
	// hold.
	r := rand.New(rand.NewPCG(52, 53))
	for _, s := range []struct{ out, in, n int }{{3, 5, 2048 + 48}, {65, 66, 1024 + 32}, {1, 1, 4096}} {
		for _, rough := range []bool{false, true} {
			g, gb := layerGuarded[F](r, s.out*s.n, rough)
			x, xb := layerGuarded[F](r, s.in*s.n, rough)
			_, dwb := layerGuarded[F](r, s.out*s.in, rough)
			want, wg, wx := clone(dwb), clone(gb), clone(xb)
			outerGeneric(want[guard:guard+s.out*s.in], g, x, s.n, s.out, s.in)
			onPaths(func(i ISA) {
				got := clone(dwb)
				Outer(got[guard:guard+s.out*s.in], g, x, s.n, s.out, s.in)
				checkOutput(t, fmt.Sprintf("%v out=%d in=%d n=%d rough=%v: dw", i, s.out, s.in, s.n, rough), got, want)
			})
			checkInput(t, "g", gb, wg)
			checkInput(t, "x", xb, wx)
		}
	}
}

func TestOuterLongPaths(t *testing.T) {
	t.Run("f32", testOuterLong[float32])
	t.Run("f64", testOuterLong[float64])
}

func testDenseIsProductNeg[F float32 | float64](t *testing.T) {
	// DenseForce is ProductNeg of a square matrix, on every path.
	r := rand.New(rand.NewPCG(44, 45))
	for _, d := range []int{1, 3, 5, 64} {
		for _, n := range []int{1, 7, 16, 33, 100} {
			j, x := coefs[F](r, d*d), make([]F, d*n)
			for i := range x {
				x[i] = value[F](r)
			}
			onPaths(func(i ISA) {
				f, y := make([]F, d*n), make([]F, d*n)
				DenseForce(f, x, n, j, d)
				ProductNeg(y, x, n, j, d, d)
				for e := range f {
					if !same(f[e], y[e]) {
						t.Fatalf("%v d=%d n=%d: DenseForce[%d] = %v, ProductNeg %v", i, d, n, e, f[e], y[e])
					}
				}
			})
		}
	}
}

func TestDenseIsProductNeg(t *testing.T) {
	t.Run("f32", testDenseIsProductNeg[float32])
	t.Run("f64", testDenseIsProductNeg[float64])
}

func TestLayerSpec(t *testing.T) {
	// The generic code blocks over chains and keeps the lanes of Outer in
	// an array; it must still be the loops that Product, ProductNeg and
	// Outer document.
	r := rand.New(rand.NewPCG(46, 47))
	for _, s := range []struct{ out, in int }{{1, 1}, {3, 5}, {7, 2}} {
		for _, n := range []int{1, 5, 16, 21, denseBlock + 3, 2*denseBlock + 1} {
			w, x, g := make([]float32, s.out*s.in), make([]float32, s.in*n), make([]float32, s.out*n)
			for _, v := range [][]float32{w, x, g} {
				for i := range v {
					v[i] = layerValue[float32](r, false)
				}
			}
			y, yn := make([]float32, s.out*n), make([]float32, s.out*n)
			productGeneric(y, x, n, w, s.out, s.in, false)
			productGeneric(yn, x, n, w, s.out, s.in, true)
			for o := range s.out {
				for c := range n {
					var acc, accNeg float32
					for k := range s.in {
						acc = acc + float32(w[o*s.in+k]*x[k*n+c])
						accNeg = accNeg - float32(w[o*s.in+k]*x[k*n+c])
					}
					if !same(y[o*n+c], acc) || !same(yn[o*n+c], accNeg) {
						t.Fatalf("out=%d in=%d n=%d: y[%d][%d] = %v and %v, want %v and %v",
							s.out, s.in, n, o, c, y[o*n+c], yn[o*n+c], acc, accNeg)
					}
				}
			}
			dw := make([]float32, s.out*s.in)
			for i := range dw {
				dw[i] = layerValue[float32](r, false)
			}
			want := clone(dw)
			outerGeneric(dw, g, x, n, s.out, s.in)
			const L = 16
			for o := range s.out {
				for i := range s.in {
					var l [L]float32
					for c := range n {
						l[c%L] = l[c%L] + float32(g[o*n+c]*x[i*n+c])
					}
					for h := L / 2; h >= 1; h /= 2 {
						for k := range h {
							l[k] = l[k] + l[k+h]
						}
					}
					want[o*s.in+i] = want[o*s.in+i] + l[0]
				}
			}
			for e := range dw {
				if !same(dw[e], want[e]) {
					t.Fatalf("out=%d in=%d n=%d: dw[%d] = %v, want %v", s.out, s.in, n, e, dw[e], want[e])
				}
			}
		}
	}
}

// unitRoundoff is the unit roundoff of F, half the distance from 1 to the
// next larger value.
func unitRoundoff[F float32 | float64]() float64 {
	var z F
	if _, ok := any(z).(float32); ok {
		return 0x1p-24
	}
	return 0x1p-53
}

// gemm computes c = alpha a bᵀ + beta c (bt) or alpha a b + beta c with
// gonum's BLAS, a, b and c row-major of the shapes given.
func gemm[F float32 | float64](bt bool, alpha F, a []F, ar, ac int, b []F, br, bc int, beta F, c []F, cr, cc int) {
	tb := blas.NoTrans
	if bt {
		tb = blas.Trans
	}
	switch as := any(a).(type) {
	case []float32:
		blas32.Gemm(blas.NoTrans, tb, float32(alpha),
			blas32.General{Rows: ar, Cols: ac, Stride: max(ac, 1), Data: as},
			blas32.General{Rows: br, Cols: bc, Stride: max(bc, 1), Data: any(b).([]float32)},
			float32(beta), blas32.General{Rows: cr, Cols: cc, Stride: max(cc, 1), Data: any(c).([]float32)})
	case []float64:
		blas64.Gemm(blas.NoTrans, tb, float64(alpha),
			blas64.General{Rows: ar, Cols: ac, Stride: max(ac, 1), Data: as},
			blas64.General{Rows: br, Cols: bc, Stride: max(bc, 1), Data: any(b).([]float64)},
			float64(beta), blas64.General{Rows: cr, Cols: cc, Stride: max(cc, 1), Data: any(c).([]float64)})
	}
}

// The BLAS comparisons bound the difference of two sums of k rounded
// products taken in any orders: each differs from the exact sum by at most
// γ_k Σ|a b|, γ_k = k u / (1 - k u) with u the unit roundoff, so the two
// differ by at most twice that; the bound is taken a little wider for the
// sum of magnitudes, itself rounded. The values are finite and of moderate
// scale, with no products that underflow.

// layerTolerance returns the bound for k rounded products adding up to mag
// in magnitude.
func layerTolerance[F float32 | float64](k int, mag float64) float64 {
	u := unitRoundoff[F]()
	g := float64(k) * u / (1 - float64(k)*u)
	return 2 * g * mag * (1 + 1e-6)
}

func moderateLayer[F float32 | float64](r *rand.Rand, n int) []F {
	v := make([]F, n)
	for i := range v {
		v[i] = F(math.Ldexp(r.NormFloat64(), r.IntN(9)-4))
	}
	return v
}

func testProductBLAS[F float32 | float64](t *testing.T) {
	r := rand.New(rand.NewPCG(48, 49))
	dims, chains := layerShapes()
	for _, out := range dims {
		for _, in := range dims {
			for _, n := range chains[1:] {
				if !layerShape(out, in, n) {
					continue
				}
				w, x := moderateLayer[F](r, out*in), moderateLayer[F](r, in*n)
				ref, tol := make([]F, out*n), make([]float64, out*n)
				gemm(false, 1, w, out, in, x, in, n, 0, ref, out, n)
				for o := range out {
					for k, wk := range w[o*in : o*in+in] {
						for c, xc := range x[k*n : k*n+n] {
							tol[o*n+c] += math.Abs(float64(wk) * float64(xc))
						}
					}
				}
				for e, mag := range tol {
					tol[e] = layerTolerance[F](in, mag)
				}
				onPaths(func(i ISA) {
					y, yn := make([]F, out*n), make([]F, out*n)
					Product(y, x, n, w, out, in)
					ProductNeg(yn, x, n, w, out, in)
					for o := range out {
						for c := range n {
							e := o*n + c
							tol := tol[e]
							if d := math.Abs(float64(y[e]) - float64(ref[e])); !(d <= tol) {
								t.Fatalf("%v out=%d in=%d n=%d: y[%d][%d] = %v, gonum %v, off by %g > %g", i, out, in, n, o, c, y[e], ref[e], d, tol)
							}
							if yn[e] != -y[e] {
								t.Fatalf("%v out=%d in=%d n=%d: ProductNeg y[%d][%d] = %v, Product %v", i, out, in, n, o, c, yn[e], y[e])
							}
						}
					}
				})
			}
		}
	}
}

func TestProductBLAS(t *testing.T) {
	t.Run("f32", testProductBLAS[float32])
	t.Run("f64", testProductBLAS[float64])
}

func testOuterBLAS[F float32 | float64](t *testing.T) {
	r := rand.New(rand.NewPCG(50, 51))
	dims, chains := layerShapes()
	for _, out := range dims {
		for _, in := range dims {
			for _, n := range chains[1:] {
				if !layerShape(out, in, n) {
					continue
				}
				g, x, dw0 := moderateLayer[F](r, out*n), moderateLayer[F](r, in*n), moderateLayer[F](r, out*in)
				ref, tol := clone(dw0), make([]float64, out*in)
				gemm(true, 1, g, out, n, x, in, n, 1, ref, out, in)
				for o := range out {
					for k := range in {
						mag := math.Abs(float64(dw0[o*in+k]))
						for c, gc := range g[o*n : o*n+n] {
							mag += math.Abs(float64(gc) * float64(x[k*n+c]))
						}
						// n products and the first dw: n+1 terms.
						tol[o*in+k] = layerTolerance[F](n+1, mag)
					}
				}
				onPaths(func(i ISA) {
					dw := clone(dw0)
					Outer(dw, g, x, n, out, in)
					for o := range out {
						for k := range in {
							e := o*in + k
							tol := tol[e]
							if d := math.Abs(float64(dw[e]) - float64(ref[e])); !(d <= tol) {
								t.Fatalf("%v out=%d in=%d n=%d: dw[%d][%d] = %v, gonum %v, off by %g > %g", i, out, in, n, o, k, dw[e], ref[e], d, tol)
							}
						}
					}
				})
			}
		}
	}
}

func TestOuterBLAS(t *testing.T) {
	t.Run("f32", testOuterBLAS[float32])
	t.Run("f64", testOuterBLAS[float64])
}

func TestLayerShortInputPanics(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		const out, in, n = 3, 5, 40
		y, x, w := make([]float32, out*n), make([]float32, in*n), make([]float32, out*in)
		g, dw := make([]float32, out*n), make([]float32, out*in)
		for name, call := range map[string]func(){
			"Product y":    func() { Product(y[1:], x, n, w, out, in) },
			"Product x":    func() { Product(y, x[1:], n, w, out, in) },
			"Product w":    func() { Product(y, x, n, w[1:], out, in) },
			"Product n":    func() { Product(y, x, -1, w, out, in) },
			"ProductNeg y": func() { ProductNeg(y[1:], x, n, w, out, in) },
			"ProductNeg x": func() { ProductNeg(y, x[1:], n, w, out, in) },
			"ProductNeg w": func() { ProductNeg(y, x, n, w[1:], out, in) },
			"ProductNeg o": func() { ProductNeg(y, x, n, w, -1, in) },
			"Outer dw":     func() { Outer(dw[1:], g, x, n, out, in) },
			"Outer g":      func() { Outer(dw, g[1:], x, n, out, in) },
			"Outer x":      func() { Outer(dw, g, x[1:], n, out, in) },
			"Outer in":     func() { Outer(dw, g, x, n, out, -1) },
		} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s: no panic on a short slice or a negative shape", name)
					}
				}()
				call()
			}()
		}
	})
}

// layerBenchShapes are the shapes of the layer benchmarks: a square layer
// of 256 units for a small and a large shard.
var layerBenchShapes = []struct{ out, in, n int }{{256, 256, 256}, {256, 256, 4096}}

// benchLayer reports GFLOP/s, 2 out in n per call, of gonum's Gemm on one
// thread computing the same product as a peer, then of every path, with
// its speed-up over the peer and the generic code measured in the same
// run. setup returns the call to time, gonum's when peer is set.
func benchLayer(b *testing.B, setup func(prec string, out, in, n int, peer bool) func()) {
	paths := []string{"gonum"}
	for _, i := range Available() {
		paths = append(paths, i.String())
	}
	gflops := map[string]float64{}
	for _, p := range paths {
		for _, prec := range []string{"f32", "f64"} {
			for _, s := range layerBenchShapes {
				key := fmt.Sprintf("%s/out=%d/in=%d/n=%d", prec, s.out, s.in, s.n)
				b.Run(p+"/"+key, func(b *testing.B) {
					if p == "gonum" {
						defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
					} else {
						i, _ := ParseISA(p)
						defer ForceISA(i)()
					}
					run := setup(prec, s.out, s.in, s.n, p == "gonum")
					for b.Loop() {
						run()
					}
					g := 2 * float64(s.out*s.in*s.n) / (float64(b.Elapsed().Nanoseconds()) / float64(b.N))
					b.ReportMetric(g, "GFLOP/s")
					gflops[p+"/"+key] = g
					if peer := gflops["gonum/"+key]; p != "gonum" && peer > 0 {
						b.ReportMetric(g/peer, "x-gonum")
					}
					if gen := gflops["generic/"+key]; p != "gonum" && p != "generic" && gen > 0 {
						b.ReportMetric(g/gen, "x-generic")
					}
				})
			}
		}
	}
}

func productBench[F float32 | float64](out, in, n int, peer bool) func() {
	r := rand.New(rand.NewPCG(1, 2))
	w, x, y := normals[F](r, out*in), normals[F](r, in*n), make([]F, out*n)
	if peer {
		return func() { gemm(false, 1, w, out, in, x, in, n, 0, y, out, n) }
	}
	return func() { Product(y, x, n, w, out, in) }
}

func outerBench[F float32 | float64](out, in, n int, peer bool) func() {
	r := rand.New(rand.NewPCG(1, 2))
	g, x, dw := normals[F](r, out*n), normals[F](r, in*n), make([]F, out*in)
	if peer {
		return func() { gemm(true, 1, g, out, n, x, in, n, 1, dw, out, in) }
	}
	return func() { Outer(dw, g, x, n, out, in) }
}

// BenchmarkProduct reports the GFLOP/s of Product, y = W x, on a layer of
// 256 by 256 units.
func BenchmarkProduct(b *testing.B) {
	benchLayer(b, func(prec string, out, in, n int, peer bool) func() {
		if prec == "f32" {
			return productBench[float32](out, in, n, peer)
		}
		return productBench[float64](out, in, n, peer)
	})
}

// BenchmarkOuter reports the GFLOP/s of Outer, dw += G Xᵀ, on a layer of
// 256 by 256 units.
func BenchmarkOuter(b *testing.B) {
	benchLayer(b, func(prec string, out, in, n int, peer bool) func() {
		if prec == "f32" {
			return outerBench[float32](out, in, n, peer)
		}
		return outerBench[float64](out, in, n, peer)
	})
}

func TestLayerPathFor(t *testing.T) {
	// The layer families must have every path that runs here, or the path
	// tests above would quietly test the generic code.
	families := []string{"product/f32", "product/f64", "outer/f32", "outer/f64"}
	forEachPath(t, func(t *testing.T) {
		for _, fam := range families {
			if got := PathFor(fam); got != Current() {
				t.Errorf("%s uses %v, want %v", fam, got, Current())
			}
		}
	})
}

func TestLayerEmptyShapes(t *testing.T) {
	// No rows of x make y zero; no rows of y, or of g or x for Outer, leave
	// everything as it was.
	r := rand.New(rand.NewPCG(54, 55))
	for _, s := range []struct{ out, in, n int }{{0, 3, 32}, {3, 0, 32}, {0, 0, 32}, {4, 0, 64}} {
		y, yb := layerGuarded[float32](r, s.out*s.n, true)
		x, _ := layerGuarded[float32](r, s.in*s.n, true)
		w, wb := layerGuarded[float32](r, s.out*s.in, true)
		want := clone(yb)
		productGeneric(want[guard:guard+s.out*s.n], x, s.n, w, s.out, s.in, true)
		wantDW := clone(wb)
		onPaths(func(i ISA) {
			name := fmt.Sprintf("%v out=%d in=%d n=%d", i, s.out, s.in, s.n)
			got := clone(yb)
			ProductNeg(got[guard:guard+s.out*s.n], x, s.n, w, s.out, s.in)
			checkOutput(t, name+": y", got, want)
			dw := clone(wb)
			Outer(dw[guard:guard+s.out*s.in], y, x, s.n, s.out, s.in)
			checkOutput(t, name+": dw", dw, wantDW)
		})
	}
}
