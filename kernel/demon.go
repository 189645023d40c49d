package kernel

import (
	"fmt"

	"github.com/thermoai/thermo/internal/isa"
)

// The demon kernels compute the batched forces of the linear models over a
// dimension-major shard of n chains, for package models: a diagonal
// harmonic force, a dense matrix-batch product, and the scan for a chain
// that left the finite numbers. Like the steps they round every product
// before adding it, so that every path gives the generic result.

func init() {
	isa.Register(isa.Generic, "linear/f32", "linear/f64", "dense/f32", "dense/f64", "finite/f32", "finite/f64",
		"product/f32", "product/f64", "outer/f32", "outer/f64")
}

// LinearForce writes the force of the diagonal harmonic potential
// U(x) = Σ_k kappa[k]/2 (x_k - mu[k])² for n chains:
//
//	f[k*n+c] = kappa[k] * (mu[k] - x[k*n+c])
//
// for every dimension k < len(kappa) and chain c < n, the difference
// rounded before the product. f and x are dimension-major and hold at least
// len(kappa)*n elements, mu at least len(kappa); LinearForce panics
// otherwise. f may be x itself, but may not overlap it otherwise.
func LinearForce[F Float](f, x []F, n int, kappa, mu []F) {
	dim := len(kappa)
	checkShape("LinearForce", n, dim)
	checkLen("LinearForce", "f", len(f), dim*n)
	checkLen("LinearForce", "x", len(x), dim*n)
	checkLen("LinearForce", "mu", len(mu), dim)
	linearForce(f, x, n, kappa, mu)
}

func linearForceGeneric[F Float](f, x []F, n int, kappa, mu []F) {
	for k, kk := range kappa {
		linearRow(f[k*n:k*n+n], x[k*n:k*n+n], kk, mu[k])
	}
}

// linearRow writes the force of one row, the chains of one dimension, for
// its stiffness kappa and centre mu. The assembly paths finish each row
// with it.
func linearRow[F Float](fs, xs []F, kappa, mu F) {
	xs = xs[:len(fs)]
	for i := range fs {
		fs[i] = kappa * (mu - xs[i])
	}
}

// DenseForce writes the force f = -J x of the quadratic potential
// U(x) = xᵀ J x / 2 for n chains, with J the d×d row-major matrix j:
//
//	for i := range d {
//		for c := range n {
//			var acc F
//			for k := range d {
//				acc = acc - j[i*d+k]*x[k*n+c]
//			}
//			f[i*n+c] = acc
//		}
//	}
//
// with every product rounded before it is subtracted and k ascending, so
// that the force on a chain is the same whatever batch it is computed in.
// f and x are dimension-major and hold at least d*n elements, j at least
// d*d; DenseForce panics otherwise. f may not overlap x or j.
func DenseForce[F Float](f, x []F, n int, j []F, d int) {
	checkShape("DenseForce", n, d)
	checkLen("DenseForce", "f", len(f), d*n)
	checkLen("DenseForce", "x", len(x), d*n)
	checkLen("DenseForce", "j", len(j), d*d)
	denseForce(f, x, n, j, d)
}

func denseForceGeneric[F Float](f, x []F, n int, j []F, d int) {
	denseChains(f, x, n, j, d, 0)
}

// denseBlock is the number of chains the generic DenseForce takes at a
// time, so that their d rows of x stay in cache while every row of f is
// computed from them.
const denseBlock = 256

// denseChains writes the force on chains lo to n-1.
func denseChains[F Float](f, x []F, n int, j []F, d, lo int) {
	for ; lo < n; lo += denseBlock {
		hi := min(lo+denseBlock, n)
		for i := range d {
			fi := f[i*n+lo : i*n+hi]
			clear(fi)
			for k, jik := range j[i*d : i*d+d] {
				xk := x[k*n+lo : k*n+hi]
				xk = xk[:len(fi)]
				for c := range fi {
					fi[c] = fi[c] - F(jik*xk[c])
				}
			}
		}
	}
}

// denseNarrow writes the force on chains lo to n-1, the few after the last
// whole vector of an assembly path, with the sums of four chains at a time
// in registers: for so few chains that beats walking the rows of f.
func denseNarrow[F Float](f, x []F, n int, j []F, d, lo int) {
	for i := range d {
		ji := j[i*d : i*d+d]
		c := lo
		for ; c+4 <= n; c += 4 {
			var a0, a1, a2, a3 F
			for k, jik := range ji {
				xk := x[k*n+c : k*n+c+4 : k*n+c+4]
				a0 = a0 - F(jik*xk[0])
				a1 = a1 - F(jik*xk[1])
				a2 = a2 - F(jik*xk[2])
				a3 = a3 - F(jik*xk[3])
			}
			fi := f[i*n+c : i*n+c+4 : i*n+c+4]
			fi[0], fi[1], fi[2], fi[3] = a0, a1, a2, a3
		}
		for ; c < n; c++ {
			var a F
			for k, jik := range ji {
				a = a - F(jik*x[k*n+c])
			}
			f[i*n+c] = a
		}
	}
}

func checkShape(fn string, n, d int) {
	if n < 0 || d < 0 {
		panic(fmt.Sprintf("kernel: %s of %d chains in %d dimensions", fn, n, d))
	}
}

func checkLen(fn, name string, got, want int) {
	if got < want {
		panic(fmt.Sprintf("kernel: %s: %s has %d elements, want at least %d", fn, name, got, want))
	}
}
