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

func TestDemonPathFor(t *testing.T) {
	families := []string{"linear/f32", "linear/f64", "dense/f32", "dense/f64", "finite/f32", "finite/f64"}
	forEachPath(t, func(t *testing.T) {
		for _, fam := range families {
			if got := PathFor(fam); got != Current() {
				t.Errorf("%s uses %v, want %v", fam, got, Current())
			}
		}
	})
}

// demonDims are the dimensions of the demon path tests: every shape of the
// last block of rows of the dense kernels, and a realistic one.
var demonDims = []int{1, 2, 3, 4, 5, 7, 64}

func testLinearPath[F float32 | float64](t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	_, chains := shapes()
	for _, dim := range demonDims {
		for _, n := range chains {
			kappa, kb := guarded[F](r, dim)
			copy(kappa, coefs[F](r, dim))
			mu, mb := guarded[F](r, dim)
			f, fb := guarded[F](r, dim*n)
			x, xb := guarded[F](r, dim*n)
			wf, wx, wk, wm := clone(fb), clone(xb), clone(kb), clone(mb)
			linearForceGeneric(wf[guard:guard+dim*n], wx[guard:guard+dim*n], n, wk[guard:guard+dim], wm[guard:guard+dim])
			LinearForce(f, x, n, kappa, mu)
			name := fmt.Sprintf("dim=%d n=%d: ", dim, n)
			checkOutput(t, name+"f", fb, wf)
			checkInput(t, name+"x", xb, wx)
			checkInput(t, name+"kappa", kb, wk)
			checkInput(t, name+"mu", mb, wm)
		}
	}
}

func testDensePath[F float32 | float64](t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	_, chains := shapes()
	for _, d := range demonDims {
		for _, n := range chains {
			j, jb := guarded[F](r, d*d)
			copy(j, coefs[F](r, d*d))
			f, fb := guarded[F](r, d*n)
			x, xb := guarded[F](r, d*n)
			wf, wx, wj := clone(fb), clone(xb), clone(jb)
			denseForceGeneric(wf[guard:guard+d*n], wx[guard:guard+d*n], n, wj[guard:guard+d*d], d)
			DenseForce(f, x, n, j, d)
			name := fmt.Sprintf("d=%d n=%d: ", d, n)
			checkOutput(t, name+"f", fb, wf)
			checkInput(t, name+"x", xb, wx)
			checkInput(t, name+"j", jb, wj)
		}
	}
}

func TestLinearForcePaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("f32", testLinearPath[float32])
		t.Run("f64", testLinearPath[float64])
	})
}

func TestDenseForcePaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("f32", testDensePath[float32])
		t.Run("f64", testDensePath[float64])
	})
}

func TestDenseForceSpec(t *testing.T) {
	// The generic code blocks over chains; it must still be the loop that
	// DenseForce documents, one sum per chain in ascending k.
	r := rand.New(rand.NewPCG(23, 24))
	for _, d := range []int{1, 3, 9} {
		for _, n := range []int{1, 5, denseBlock - 1, denseBlock + 3, 2*denseBlock + 1} {
			j, x := coefs[float32](r, d*d), make([]float32, d*n)
			for i := range x {
				x[i] = value[float32](r)
			}
			f := make([]float32, d*n)
			denseForceGeneric(f, x, n, j, d)
			for i := range d {
				for c := range n {
					var acc float32
					for k := range d {
						acc = acc - float32(j[i*d+k]*x[k*n+c])
					}
					if !same(f[i*n+c], acc) {
						t.Fatalf("d=%d n=%d: f[%d][%d] = %v, want %v", d, n, i, c, f[i*n+c], acc)
					}
				}
			}
		}
	}
}

func testFinitePath[F float32 | float64](t *testing.T) {
	bad := []F{F(math.NaN()), F(math.Inf(1)), F(math.Inf(-1))}
	check := func(x []F, want int) {
		t.Helper()
		xb := clone(x)
		if got := FirstNonFinite(x); got != want {
			t.Fatalf("len %d: FirstNonFinite = %d, want %d", len(x), got, want)
		}
		checkInput(t, "x", x, xb)
	}
	r := rand.New(rand.NewPCG(25, 26))
	fill := func(n int) []F {
		x := make([]F, n)
		for i := range x {
			x[i] = F(r.NormFloat64() * math.Pow(10, float64(r.IntN(60)-30)))
		}
		return x
	}
	// Short slices, with a non-finite element at every position, alone or
	// followed by another.
	_, chains := shapes()
	for _, n := range chains {
		x := fill(n)
		check(x, -1)
		for at := range n {
			for _, b := range bad {
				y := clone(x)
				y[at] = b
				check(y, at)
				y[n-1] = bad[r.IntN(len(bad))]
				check(y, at)
			}
		}
	}
	// Long slices, around the block boundaries of every path.
	for _, n := range []int{1000, 4096 + 5} {
		x := fill(n)
		check(x, -1)
		for lo := 0; lo < n; lo += 16 {
			for _, at := range []int{lo - 1, lo, lo + 1} {
				if at < 0 || at >= n {
					continue
				}
				y := clone(x)
				y[at] = bad[r.IntN(len(bad))]
				check(y, at)
			}
		}
	}
}

func TestFirstNonFinitePaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("f32", testFinitePath[float32])
		t.Run("f64", testFinitePath[float64])
	})
}

func TestDemonShortInputPanics(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		const d, n = 3, 40
		long, short := make([]float32, d*n), make([]float32, d*n-1)
		j, jShort := make([]float32, d*d), make([]float32, d*d-1)
		k := []float32{1, 1, 1}
		for name, call := range map[string]func(){
			"LinearForce f":  func() { LinearForce(short, long, n, k, k) },
			"LinearForce x":  func() { LinearForce(long, short, n, k, k) },
			"LinearForce mu": func() { LinearForce(long, long, n, k, k[:2]) },
			"DenseForce f":   func() { DenseForce(short, long, n, j, d) },
			"DenseForce x":   func() { DenseForce(long, short, n, j, d) },
			"DenseForce j":   func() { DenseForce(long, long, n, jShort, d) },
			"DenseForce n":   func() { DenseForce(long, long, -1, j, d) },
		} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s: no panic on a short slice", name)
					}
				}()
				call()
			}()
		}
	})
}

// The demon fuzz tests read their bytes as the other fuzz tests do: the
// per-dimension values or the matrix first, then x of as many chains as
// the rest has room for.

func fuzzLinear[F float32 | float64](t *testing.T, data []byte, dims uint8) {
	dim := 1 + int(dims%4)
	v := floats[F](data)
	if len(v) < 2*dim {
		return
	}
	kappa, mu := split(&v, dim), split(&v, dim)
	n := len(v) / dim
	x := split(&v, dim*n)
	f, wf := make([]F, dim*n), make([]F, dim*n)
	linearForceGeneric(wf, x, n, kappa, mu)
	onEveryPath(t, [][]F{f}, [][]F{wf}, func(o [][]F) { LinearForce(o[0], x, n, kappa, mu) })
}

func fuzzDense[F float32 | float64](t *testing.T, data []byte, dims uint8) {
	d := 1 + int(dims%8)
	v := floats[F](data)
	if len(v) < d*d {
		return
	}
	j := split(&v, d*d)
	n := len(v) / d
	x := split(&v, d*n)
	f, wf := make([]F, d*n), make([]F, d*n)
	denseForceGeneric(wf, x, n, j, d)
	onEveryPath(t, [][]F{f}, [][]F{wf}, func(o [][]F) { DenseForce(o[0], x, n, j, d) })
}

func fuzzFinite[F float32 | float64](t *testing.T, data []byte) {
	x := floats[F](data)
	want := firstNonFiniteGeneric(x)
	for _, i := range Available() {
		restore := ForceISA(i)
		got := FirstNonFinite(x)
		restore()
		if got != want {
			t.Fatalf("%v: FirstNonFinite = %d, want %d", i, got, want)
		}
	}
}

func FuzzLinear32(f *testing.F) { f.Fuzz(fuzzLinear[float32]) }
func FuzzLinear64(f *testing.F) { f.Fuzz(fuzzLinear[float64]) }
func FuzzDense32(f *testing.F)  { f.Fuzz(fuzzDense[float32]) }
func FuzzDense64(f *testing.F)  { f.Fuzz(fuzzDense[float64]) }
func FuzzFinite32(f *testing.F) { f.Fuzz(fuzzFinite[float32]) }
func FuzzFinite64(f *testing.F) { f.Fuzz(fuzzFinite[float64]) }

func BenchmarkLinearForce(b *testing.B) {
	benchPaths(b, byPrec(linearBench[float32], linearBench[float64]))
}

func BenchmarkFirstNonFinite(b *testing.B) {
	benchPaths(b, byPrec(finiteBench[float32], finiteBench[float64]))
}

func linearBench[F float32 | float64](n int) func() {
	r := rand.New(rand.NewPCG(1, 2))
	kappa, mu := normals[F](r, benchDims), normals[F](r, benchDims)
	x, f := normals[F](r, benchDims*n), make([]F, benchDims*n)
	return func() { LinearForce(f, x, n, kappa, mu) }
}

func finiteBench[F float32 | float64](n int) func() {
	r := rand.New(rand.NewPCG(1, 2))
	x := normals[F](r, benchDims*n)
	return func() {
		if FirstNonFinite(x) >= 0 {
			panic("non-finite benchmark state")
		}
	}
}

// denseShapes are the matrix orders and chain counts of the DenseForce
// benchmarks; d = 64, n = 4096 is the coupled workload of package perf.
var denseShapes = []struct{ d, n int }{{8, 4096}, {64, 100}, {64, 4096}, {256, 1024}}

// BenchmarkDenseForce reports GFLOP/s, 2 d² n per call, of gonum's Gemm on
// one thread computing the same f = -J x (x a row-major d×n matrix) as a
// peer, then of every path, with its speed-up over the peer and the
// generic code measured in the same run.
func BenchmarkDenseForce(b *testing.B) {
	paths := []string{"gonum"}
	for _, i := range Available() {
		paths = append(paths, i.String())
	}
	gflops := map[string]float64{}
	for _, p := range paths {
		for _, prec := range []string{"f32", "f64"} {
			for _, s := range denseShapes {
				key := fmt.Sprintf("%s/d=%d/n=%d", prec, s.d, s.n)
				b.Run(p+"/"+key, func(b *testing.B) {
					var run func()
					if p == "gonum" {
						defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
						run = byPrec(func(int) func() { return gemm32Bench(s.d, s.n) },
							func(int) func() { return gemm64Bench(s.d, s.n) })(prec, s.n)
					} else {
						i, _ := ParseISA(p)
						defer ForceISA(i)()
						run = byPrec(func(int) func() { return denseBench[float32](s.d, s.n) },
							func(int) func() { return denseBench[float64](s.d, s.n) })(prec, s.n)
					}
					for b.Loop() {
						run()
					}
					g := 2 * float64(s.d*s.d*s.n) / (float64(b.Elapsed().Nanoseconds()) / float64(b.N))
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

func denseBench[F float32 | float64](d, n int) func() {
	r := rand.New(rand.NewPCG(1, 2))
	j, x, f := normals[F](r, d*d), normals[F](r, d*n), make([]F, d*n)
	return func() { DenseForce(f, x, n, j, d) }
}

func gemm32Bench(d, n int) func() {
	r := rand.New(rand.NewPCG(1, 2))
	j := blas32.General{Rows: d, Cols: d, Stride: d, Data: normals[float32](r, d*d)}
	x := blas32.General{Rows: d, Cols: n, Stride: n, Data: normals[float32](r, d*n)}
	f := blas32.General{Rows: d, Cols: n, Stride: n, Data: make([]float32, d*n)}
	return func() { blas32.Gemm(blas.NoTrans, blas.NoTrans, -1, j, x, 0, f) }
}

func gemm64Bench(d, n int) func() {
	r := rand.New(rand.NewPCG(1, 2))
	j := blas64.General{Rows: d, Cols: d, Stride: d, Data: normals[float64](r, d*d)}
	x := blas64.General{Rows: d, Cols: n, Stride: n, Data: normals[float64](r, d*n)}
	f := blas64.General{Rows: d, Cols: n, Stride: n, Data: make([]float64, d*n)}
	return func() { blas64.Gemm(blas.NoTrans, blas.NoTrans, -1, j, x, 0, f) }
}
