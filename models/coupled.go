package models

import (
	"fmt"
	"math"

	"golang.org/x/exp/constraints"
	"gonum.org/v1/gonum/mat"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/kernel"
)

// symmetryTol is the largest |J[i][j] - J[j][i]| that NewCoupled accepts,
// relative to the largest entry of J. It lets through matrices that are
// symmetric up to the rounding of whatever computed them, and nothing else.
const symmetryTol = 1e-10

// Coupled is the correlated harmonic potential
//
//	U(x) = xᵀ J x / 2,
//
// with J a dim×dim symmetric positive-definite coupling matrix in units of
// energy per squared length. Its Boltzmann density at temperature kT is
// normal with mean zero and covariance kT J⁻¹.
type Coupled struct {
	J *mat.SymDense
}

// NewCoupled returns a Coupled model with the coupling matrix j, given as
// dim rows of dim values. j must be finite, symmetric to within a relative
// 1e-10, which is then removed by averaging j with its transpose, and
// positive definite.
func NewCoupled(j [][]float64) (*Coupled, error) {
	dim := len(j)
	if dim == 0 {
		return nil, fmt.Errorf("models: J is empty")
	}
	var maxAbs float64
	for i, r := range j {
		if len(r) != dim {
			return nil, fmt.Errorf("models: J is not square: row %d has length %d, want %d", i, len(r), dim)
		}
		for k, v := range r {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("models: J[%d][%d] = %v, want a finite number", i, k, v)
			}
			maxAbs = max(maxAbs, math.Abs(v))
		}
	}
	data := make([]float64, dim*dim)
	for i := range dim {
		for k := i; k < dim; k++ {
			a, b := j[i][k], j[k][i]
			if math.Abs(a-b) > symmetryTol*maxAbs {
				return nil, fmt.Errorf("models: J is not symmetric: J[%d][%d] = %v but J[%d][%d] = %v", i, k, a, k, i, b)
			}
			data[i*dim+k] = (a + b) / 2
			data[k*dim+i] = data[i*dim+k]
		}
	}
	c := &Coupled{J: mat.NewSymDense(dim, data)}
	var chol mat.Cholesky
	if !chol.Factorize(c.J) {
		return nil, fmt.Errorf("models: J is not positive definite")
	}
	return c, nil
}

// NewRandomCoupled returns a Coupled model in dim dimensions with
//
//	J = I + A Aᵀ / dim,
//
// where A is dim×dim with entries uniform on [-√3, √3), so of unit variance,
// drawn from seed by a SplitMix64 generator. The identity keeps the smallest
// eigenvalue at least 1 and the scaling keeps the largest near
// (1 + 1)² + 1 = 5 for any dim, so the condition number stays small while
// every pair of dimensions is correlated. The same seed and dim give the same
// J on every platform.
func NewRandomCoupled(dim int, seed uint64) (*Coupled, error) {
	if dim < 1 {
		return nil, fmt.Errorf("models: dim must be at least 1, got %d", dim)
	}
	rng := splitMix64{state: seed}
	a := make([]float64, dim*dim)
	for i := range a {
		a[i] = math.Sqrt(3) * (2*rng.float64() - 1)
	}
	// Explicit loops rather than BLAS keep J bit-identical across
	// architectures, which matters because J is recorded by seed alone.
	data := make([]float64, dim*dim)
	for i := range dim {
		for k := i; k < dim; k++ {
			var s float64
			for m := range dim {
				// The conversion rounds the product, so no target fuses it.
				s += float64(a[i*dim+m] * a[k*dim+m])
			}
			s /= float64(dim)
			if i == k {
				s++
			}
			data[i*dim+k] = s
			data[k*dim+i] = s
		}
	}
	return &Coupled{J: mat.NewSymDense(dim, data)}, nil
}

// Name returns "coupled".
func (Coupled) Name() string { return "coupled" }

// Dim returns the order of J.
func (c Coupled) Dim() int {
	if c.J == nil {
		return 0
	}
	return c.J.SymmetricDim()
}

// Params returns a copy of J under "J", as a [][]float64 of Dim rows.
func (c Coupled) Params() map[string]any {
	dim := c.Dim()
	j := make([][]float64, dim)
	for i := range j {
		j[i] = make([]float64, dim)
		for k := range j[i] {
			j[i][k] = c.J.At(i, k)
		}
	}
	return map[string]any{"J": j}
}

// Covariance returns the exact covariance kT J⁻¹, a Dim×Dim matrix. It
// panics if kT is not positive and finite or J is not positive definite.
func (c Coupled) Covariance(kT float64) *mat.SymDense {
	if err := checkKT(kT); err != nil {
		panic(err)
	}
	cov, err := c.covariance(kT)
	if err != nil {
		panic(err)
	}
	return cov
}

func (c Coupled) covariance(kT float64) (*mat.SymDense, error) {
	var chol mat.Cholesky
	if !chol.Factorize(c.J) {
		return nil, fmt.Errorf("models: J is not positive definite")
	}
	var cov mat.SymDense
	if err := chol.InverseTo(&cov); err != nil {
		return nil, fmt.Errorf("models: inverting J: %v", err)
	}
	cov.ScaleSym(kT, &cov)
	return &cov, nil
}

// Moments returns the exact mean, zero, and variance, the diagonal of
// kT J⁻¹, of each dimension at temperature kT.
func (c Coupled) Moments(kT float64) (mean, variance []float64, err error) {
	if err := checkKT(kT); err != nil {
		return nil, nil, err
	}
	cov, err := c.covariance(kT)
	if err != nil {
		return nil, nil, err
	}
	dim := c.Dim()
	mean = make([]float64, dim)
	variance = make([]float64, dim)
	for k := range variance {
		variance[k] = cov.At(k, k)
	}
	return mean, variance, nil
}

// Demon32 returns a float32 demon that also implements Energy, with
// scratch for the energies of batches of up to n chains; its force takes
// batches of any size.
func (c Coupled) Demon32(n int) Demon[float32] { return newCoupledDemon[float32](c, n) }

// Demon64 returns a float64 demon that also implements Energy, with
// scratch for the energies of batches of up to n chains; its force takes
// batches of any size.
func (c Coupled) Demon64(n int) Demon[float64] { return newCoupledDemon[float64](c, n) }

type coupledDemon[F constraints.Float] struct {
	dim, maxN int
	j         []F       // row-major dim×dim
	j64       []float64 // the same in float64, for Energy
	x64, f64  []float64 // scratch of Energy, dim×maxN
}

func newCoupledDemon[F constraints.Float](c Coupled, n int) *coupledDemon[F] {
	checkChains(n)
	dim := c.Dim()
	d := &coupledDemon[F]{dim: dim, maxN: n, j: make([]F, dim*dim), j64: make([]float64, dim*dim),
		f64: make([]float64, dim*n)}
	if _, ok := any(d.j).([]float32); ok {
		d.x64 = make([]float64, dim*n)
	}
	for i := range dim {
		for k := range dim {
			d.j64[i*dim+k] = c.J.At(i, k)
			d.j[i*dim+k] = F(d.j64[i*dim+k])
		}
	}
	return d
}

func (d *coupledDemon[F]) Force(_ float64, x, f []F, n int) {
	checkBatch(len(x), len(f), d.dim, d.dim, n)
	// f = -J x, each f[i] of a chain the sum over k in ascending order of
	// the rounded products, so the same whatever batch the chain is in.
	kernel.DenseForce(f, x, n, d.j, d.dim)
}

// Energy computes U = -xᵀf/2 from the float64 force f = -J x of the dense
// kernel, which is the same bit for bit on every path and in any batch;
// a float32 x is widened first, so both precisions give the same U at the
// same point.
func (d *coupledDemon[F]) Energy(_ float64, x []F, u []float64, n int) {
	dim := d.dim
	checkBatch(len(x), len(u), dim, 1, n)
	if n > d.maxN {
		panic("models: batch larger than the demon was made for")
	}
	u = u[:n]
	var x64 []float64
	switch x := any(x).(type) {
	case []float64:
		x64 = x[:dim*n]
	default:
		x64 = d.x64[:dim*n]
		for i, v := range x.([]float32)[:dim*n] {
			x64[i] = float64(v)
		}
	}
	f64 := d.f64[:dim*n]
	kernel.DenseForce(f64, x64, n, d.j64, dim)
	clear(u)
	for k := range dim {
		xk, fk := row(x64, k, n)[:len(u)], row(f64, k, n)[:len(u)]
		for c := range u {
			u[c] += float64(xk[c] * fk[c])
		}
	}
	for c := range u {
		u[c] *= -0.5
	}
}

// splitMix64 is the SplitMix64 generator of Steele, Lea and Flood. It is
// small and fully specified, so parameters drawn from it do not change when
// a library's generator does.
type splitMix64 struct {
	state uint64
}

func (r *splitMix64) uint64() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// float64 returns a number uniform on [0, 1) with 53 random bits.
func (r *splitMix64) float64() float64 {
	return float64(r.uint64()>>11) * 0x1p-53
}

// LinearSDE returns the overdamped dynamics of U = xᵀJx/2: A = -Γ⁻¹J,
// B = 0, Q = 2kT Γ⁻¹ with Γ = diag(friction).
func (c Coupled) LinearSDE(kT float64, friction []float64) *engine.LinearSDE {
	d := c.Dim()
	sde := &engine.LinearSDE{Dim: d, A: make([]float64, d*d), B: make([]float64, d), Q: make([]float64, d*d)}
	for i := range d {
		for j := range d {
			sde.A[i*d+j] = -c.J.At(i, j) / friction[i]
		}
		sde.Q[i*d+i] = 2 * kT / friction[i]
	}
	return sde
}
