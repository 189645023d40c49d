package models

import (
	"fmt"
	"math"
	"slices"

	"golang.org/x/exp/constraints"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/linalg"
)

// RC is a network of RC-circuit s-modes, the electrical s-mode hardware of
// Coles et al., "Thermodynamic AI and the Fluctuation Frontier" (2023),
// eqs. 6-9. Node i has a voltage v_i, a resistor R[i] and a capacitor C[i]
// to ground; nodes i and j may be joined by a coupling resistor Rc[i][j]
// and a coupling capacitor Cc[i][j] (0: none). Every resistor is at
// temperature T and carries Johnson noise, a white current of two-sided
// density 2 k_B T / R. Kirchhoff's current law at the nodes gives
//
//	C_mat dv/dt = -G v + b + i_noise,   <i_noise(t) i_noise(t')ᵀ> = 2 k_B T N δ(t - t'),
//
// with the capacitance matrix C_mat (C_i + Σ_j Cc_ij on the diagonal,
// -Cc_ij off it), the conductance matrix G (1/R_i + Σ_j 1/Rc_ij on the
// diagonal, -1/Rc_ij off it), the constant source currents b (Bias) and
// the conductance matrix N of the noisy resistors: G when NoisyCoupling is
// set, diag(1/R_i) when only the resistors to ground are noisy. That is
// the linear SDE dv = (A v + B) dt + C dw with
//
//	A = -C_mat⁻¹ G,   B = C_mat⁻¹ b,   Q = C Cᵀ = 2 k_B T C_mat⁻¹ N C_mat⁻¹.
//
// With NoisyCoupling the network is in thermal equilibrium: its stationary
// density is normal with mean G⁻¹ b, the operating point, and covariance
// k_B T C_mat⁻¹ (equipartition, the energy vᵀ C_mat v / 2 at temperature
// T), whatever the resistors. Without it the coupling resistors dissipate
// without fluctuating, the network is driven out of equilibrium, and the
// covariance, the solution S of A S + S Aᵀ + Q = 0, depends on them.
//
// # Units
//
// Resistance is in units of R0, capacitance in C0, time in τ0 = R0 C0
// (the spec's dt is in τ0), temperature in T0, voltage in
// V0 = sqrt(k_B T0 / C0) and current in V0/R0; in these units k_B = 1 and a
// lone node at temperature T has the variance T/C and the relaxation time
// R C. For example R0 = 1 kΩ and C0 = 1 pF at T0 = 300 K give τ0 = 1 ns and
// V0 = 64 µV. Numbers of order one keep float32 runs accurate.
//
// # Temperature and integrators
//
// The spec's kT multiplies T: a run at kT simulates the circuit at the
// temperature kT·T, so kT = 1 is the circuit's own T and a kT schedule
// anneals every resistor at once. The friction of the spec is ignored: the
// components set the time scales.
//
// RC implements Linear, so the ou integrator steps the circuit by its exact
// transition, with the circuit's own noise Q. Its demons give the drift
// A v + B as a force, so baoab and ula run it too, but with the engine's
// isotropic noise sqrt(2kT/γ) per dimension rather than the circuit's:
// only ou simulates the circuit. The drift is not the gradient of a
// potential (A is not symmetric in general), so the demons have no Energy
// and mala and hmc refuse the model.
type RC struct {
	// R and C are the resistor and the capacitor from each node to ground,
	// one per node, positive.
	R, C []float64
	// Rc and Cc are the coupling resistors and capacitors, Dim×Dim,
	// symmetric, with 0 for none (and on the diagonal); nil is no coupling.
	Rc, Cc [][]float64
	// T is the temperature of every resistor, in units of T0.
	T float64
	// NoisyCoupling gives the coupling resistors their own Johnson noise.
	NoisyCoupling bool
	// Bias holds the constant source current into each node, in units of
	// V0/R0; nil is none.
	Bias []float64
	// Drift and ExtraNoise are the non-idealities of the paper's eqs.
	// 15-17 beyond mismatched components: an offset b_e added to the
	// drift of each node (V0 per unit time), and the standard deviation
	// of an extra white noise on each node (V0 per square root of unit
	// time), added to Q's diagonal as its square. nil is none. Neither
	// takes part in the equilibrium: with them the network is driven.
	Drift, ExtraNoise []float64
}

// NewRC returns a copy of net after checking it: at least one node, R and
// C positive and finite and of the same length, Rc and Cc nil or square of
// that order, symmetric, non-negative and finite with a zero diagonal, T
// positive and finite, Bias nil or finite of the same length. The copy has
// Rc, Cc and Bias filled with zeros where net has nil. An error names the
// field and the index.
func NewRC(net RC) (*RC, error) {
	dim := len(net.R)
	r := &RC{
		R: slices.Clone(net.R), C: slices.Clone(net.C),
		Rc: cloneCoupling(net.Rc, dim), Cc: cloneCoupling(net.Cc, dim),
		T: net.T, NoisyCoupling: net.NoisyCoupling, Bias: slices.Clone(net.Bias),
		Drift: slices.Clone(net.Drift), ExtraNoise: slices.Clone(net.ExtraNoise),
	}
	if r.Bias == nil {
		r.Bias = make([]float64, dim)
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	return r, nil
}

// NewRCRing returns the default network of dim nodes: R = 1 and C = 1 at
// every node; a ring of coupling resistors 2 and coupling capacitors 0.25
// between neighbours i and i+1 (a chain for two nodes); for four nodes or
// more, chords from node i to node i + dim/2 (i < dim/2) of resistors 4
// and capacitors 0.5; T = 1, NoisyCoupling set and no bias. The coupling
// capacitors make the equilibrium covariance C_mat⁻¹ dense (the resistors
// alone would leave it diagonal), and the resistors and capacitors of a
// link differ in their ratios, so A is not a multiple of the identity.
func NewRCRing(dim int) (*RC, error) {
	if dim < 1 {
		return nil, fmt.Errorf("models: dim must be at least 1, got %d", dim)
	}
	net := RC{R: make([]float64, dim), C: make([]float64, dim), Rc: zeroMatrix(dim), Cc: zeroMatrix(dim),
		T: 1, NoisyCoupling: true}
	for i := range dim {
		net.R[i], net.C[i] = 1, 1
	}
	link := func(i, j int, r, c float64) {
		net.Rc[i][j], net.Rc[j][i] = r, r
		net.Cc[i][j], net.Cc[j][i] = c, c
	}
	for i := range dim - 1 {
		link(i, i+1, 2, 0.25)
	}
	if dim >= 3 {
		link(dim-1, 0, 2, 0.25)
	}
	if dim >= 4 {
		for i := range dim / 2 {
			link(i, i+dim/2, 4, 0.5)
		}
	}
	return NewRC(net)
}

func zeroMatrix(dim int) [][]float64 {
	m := make([][]float64, dim)
	for i := range m {
		m[i] = make([]float64, dim)
	}
	return m
}

// cloneCoupling returns a deep copy of m, or dim×dim zeros for nil.
func cloneCoupling(m [][]float64, dim int) [][]float64 {
	if m == nil {
		return zeroMatrix(dim)
	}
	out := make([][]float64, len(m))
	for i, row := range m {
		out[i] = slices.Clone(row)
	}
	return out
}

// check returns an error naming the first bad field of the network.
func (r RC) check() error {
	dim := len(r.R)
	if dim == 0 {
		return fmt.Errorf("models: R is empty, want one resistor per node")
	}
	if err := checkPositive("R", r.R); err != nil {
		return err
	}
	if len(r.C) != dim {
		return fmt.Errorf("models: C has length %d, want len(R) = %d", len(r.C), dim)
	}
	if err := checkPositive("C", r.C); err != nil {
		return err
	}
	for _, m := range []struct {
		field string
		v     [][]float64
	}{{"Rc", r.Rc}, {"Cc", r.Cc}} {
		if err := checkCoupling(m.field, m.v, dim); err != nil {
			return err
		}
	}
	if !(r.T > 0) || math.IsInf(r.T, 1) {
		return fmt.Errorf("models: T = %v, want a positive finite number", r.T)
	}
	for _, v := range []struct {
		name string
		x    []float64
	}{{"bias", r.Bias}, {"drift", r.Drift}, {"extra_noise", r.ExtraNoise}} {
		if v.x == nil {
			continue
		}
		if len(v.x) != dim {
			return fmt.Errorf("models: %s has length %d, want len(R) = %d", v.name, len(v.x), dim)
		}
		if err := checkFinite(v.name, v.x); err != nil {
			return err
		}
	}
	for i, v := range r.ExtraNoise {
		if v < 0 {
			return fmt.Errorf("models: extra_noise[%d] = %v, want a standard deviation of at least 0", i, v)
		}
	}
	// Positive components make both matrices positive definite; this
	// catches only values so far apart that the rounding loses them.
	cm, g, _ := r.matrices()
	if _, err := linalg.Cholesky(cm, dim); err != nil {
		return fmt.Errorf("models: the capacitance matrix is not positive definite in floating point: %v", err)
	}
	if _, err := linalg.Cholesky(g, dim); err != nil {
		return fmt.Errorf("models: the conductance matrix is not positive definite in floating point: %v", err)
	}
	return nil
}

// checkCoupling returns an error unless m is nil or a dim×dim symmetric
// matrix of non-negative finite values with a zero diagonal.
func checkCoupling(field string, m [][]float64, dim int) error {
	if m == nil {
		return nil
	}
	if len(m) != dim {
		return fmt.Errorf("models: %s has %d rows, want len(R) = %d", field, len(m), dim)
	}
	for i, row := range m {
		if len(row) != dim {
			return fmt.Errorf("models: %s row %d has length %d, want %d", field, i, len(row), dim)
		}
		for j, v := range row {
			switch {
			case !(v >= 0) || math.IsInf(v, 1):
				return fmt.Errorf("models: %s[%d][%d] = %v, want a positive finite value or 0 for none", field, i, j, v)
			case i == j && v != 0:
				return fmt.Errorf("models: %s[%d][%d] = %v, want 0: a node is not coupled to itself", field, i, j, v)
			}
		}
	}
	for i := range dim {
		for j := range i {
			if m[i][j] != m[j][i] {
				return fmt.Errorf("models: %s is not symmetric: %s[%d][%d] = %v but %s[%d][%d] = %v",
					field, field, j, i, m[j][i], field, i, j, m[i][j])
			}
		}
	}
	return nil
}

// Name returns "rc".
func (RC) Name() string { return "rc" }

// Dim returns the number of nodes.
func (r RC) Dim() int { return len(r.R) }

// Params returns copies of the components under "R", "C" ([]float64),
// "Rc", "Cc" ([][]float64, zeros for none), "T" (float64),
// "noisy_coupling" (bool) and "bias" ([]float64, zeros for none).
func (r RC) Params() map[string]any {
	dim := r.Dim()
	return map[string]any{
		"R": slices.Clone(r.R), "C": slices.Clone(r.C),
		"Rc": cloneCoupling(r.Rc, dim), "Cc": cloneCoupling(r.Cc, dim),
		"T": r.T, "noisy_coupling": r.NoisyCoupling, "bias": r.bias(),
		"drift": zerosFor(r.Drift, dim), "extra_noise": zerosFor(r.ExtraNoise, dim),
	}
}

// zerosFor returns a copy of v, dim zeros for nil.
func zerosFor(v []float64, dim int) []float64 {
	if v == nil {
		return make([]float64, dim)
	}
	return slices.Clone(v)
}

// bias returns a copy of Bias, zeros for nil.
func (r RC) bias() []float64 {
	if r.Bias == nil {
		return make([]float64, r.Dim())
	}
	return slices.Clone(r.Bias)
}

// matrices returns the capacitance matrix, the conductance matrix and the
// conductance matrix of the noisy resistors, row-major Dim×Dim. Each
// diagonal entry is summed over the couplings in index order.
func (r RC) matrices() (cm, g, noisy []float64) {
	dim := r.Dim()
	cm, g, noisy = make([]float64, dim*dim), make([]float64, dim*dim), make([]float64, dim*dim)
	for i := range dim {
		ci, gi := r.C[i], 1/r.R[i]
		noisy[i*dim+i] = gi
		for j := range dim {
			if j == i {
				continue
			}
			if r.Cc != nil {
				if c := r.Cc[i][j]; c != 0 {
					ci += c
					cm[i*dim+j] = -c
				}
			}
			if r.Rc != nil {
				if rc := r.Rc[i][j]; rc != 0 {
					gi += 1 / rc
					g[i*dim+j] = -1 / rc
				}
			}
		}
		cm[i*dim+i], g[i*dim+i] = ci, gi
	}
	if r.NoisyCoupling {
		copy(noisy, g)
	}
	return cm, g, noisy
}

// Capacitance returns the capacitance matrix C_mat, row-major Dim×Dim.
func (r RC) Capacitance() []float64 {
	cm, _, _ := r.matrices()
	return cm
}

// Conductance returns the conductance matrix G, row-major Dim×Dim.
func (r RC) Conductance() []float64 {
	_, g, _ := r.matrices()
	return g
}

// LinearSDE returns the circuit at the temperature kT·T: A = -C_mat⁻¹ G,
// B = C_mat⁻¹ b and Q = 2 kT T C_mat⁻¹ N C_mat⁻¹ (see RC). friction is
// ignored. The matrices are computed from Cholesky's factor of C_mat by
// substitution with every product rounded, so they have the same bits on
// every machine. It panics if the network fails NewRC's checks.
func (r RC) LinearSDE(kT float64, _ []float64) *engine.LinearSDE {
	sde, err := r.linearSDE(kT)
	if err != nil {
		panic(err)
	}
	return sde
}

func (r RC) linearSDE(kT float64) (*engine.LinearSDE, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	dim := r.Dim()
	cm, g, noisy := r.matrices()
	l, err := linalg.Cholesky(cm, dim)
	if err != nil {
		return nil, err // check factored the same matrix
	}
	a := cholSolve(l, dim, g, dim)
	for i := range a {
		a[i] = -a[i]
	}
	b := cholSolve(l, dim, r.bias(), 1)
	s := float64(2*kT) * r.T
	for i := range noisy {
		noisy[i] *= s
	}
	// Q = C_mat⁻¹ (s N) C_mat⁻¹ = C_mat⁻¹ (C_mat⁻¹ s N)ᵀ, N and C_mat symmetric.
	q := cholSolve(l, dim, linalg.Transpose(cholSolve(l, dim, noisy, dim), dim), dim)
	for i := range dim {
		for j := range i {
			v := (q[i*dim+j] + q[j*dim+i]) / 2
			q[i*dim+j], q[j*dim+i] = v, v
		}
	}
	for i, e := range r.ExtraNoise {
		q[i*dim+i] += float64(e * e)
	}
	for i, e := range r.Drift {
		b[i] += e
	}
	return &engine.LinearSDE{Dim: dim, A: a, B: b, Q: q}, nil
}

// cholSolve returns X = S⁻¹ B for S = L Lᵀ, with L the n×n lower
// triangular factor l and B the n×m matrix b (row-major), by forward and
// back substitution, sums in index order with every product rounded.
func cholSolve(l []float64, n int, b []float64, m int) []float64 {
	x := slices.Clone(b[:n*m])
	for i := 0; i < n; i++ { // L Y = B
		xi := x[i*m : i*m+m]
		for k := 0; k < i; k++ {
			lik, xk := l[i*n+k], x[k*m:k*m+m]
			for j, v := range xk {
				xi[j] -= float64(lik * v)
			}
		}
		for j := range xi {
			xi[j] /= l[i*n+i]
		}
	}
	for i := n - 1; i >= 0; i-- { // Lᵀ X = Y
		xi := x[i*m : i*m+m]
		for k := i + 1; k < n; k++ {
			lki, xk := l[k*n+i], x[k*m:k*m+m]
			for j, v := range xk {
				xi[j] -= float64(lki * v)
			}
		}
		for j := range xi {
			xi[j] /= l[i*n+i]
		}
	}
	return x
}

// Covariance returns the stationary covariance of the circuit at the
// temperature kT·T, row-major Dim×Dim: the solution S of the Lyapunov
// equation A S + S Aᵀ + Q = 0, by linalg.Lyapunov (a reference, not
// portable bit for bit). With NoisyCoupling it is kT T C_mat⁻¹.
func (r RC) Covariance(kT float64) ([]float64, error) {
	if err := checkKT(kT); err != nil {
		return nil, err
	}
	sde, err := r.linearSDE(kT)
	if err != nil {
		return nil, err
	}
	return linalg.Lyapunov(sde.A, sde.Q, sde.Dim)
}

// Moments returns the stationary mean, -A⁻¹B = G⁻¹ b (the operating point
// of the network), and the variance of each node, the diagonal of
// Covariance(kT), at the temperature kT·T.
func (r RC) Moments(kT float64) (mean, variance []float64, err error) {
	cov, err := r.Covariance(kT)
	if err != nil {
		return nil, nil, err
	}
	dim := r.Dim()
	_, g, _ := r.matrices()
	l, err := linalg.Cholesky(g, dim)
	if err != nil {
		return nil, nil, err // check factored the same matrix
	}
	mean = cholSolve(l, dim, r.bias(), 1)
	variance = make([]float64, dim)
	for k := range variance {
		variance[k] = cov[k*dim+k]
	}
	return mean, variance, nil
}

// Demon32 returns a float32 demon whose force is the circuit's drift
// A v + B (at kT = 1; the drift does not depend on temperature). It has no
// Energy.
func (r RC) Demon32(n int) Demon[float32] { return newRCDemon[float32](r, n) }

// Demon64 returns a float64 demon whose force is the circuit's drift
// A v + B. It has no Energy.
func (r RC) Demon64(n int) Demon[float64] { return newRCDemon[float64](r, n) }

type rcDemon[F constraints.Float] struct {
	dim  int
	negA []F // C_mat⁻¹ G, row-major, for kernel.DenseForce's f = -J x
	b    []F
	bias bool
}

func newRCDemon[F constraints.Float](r RC, n int) *rcDemon[F] {
	checkChains(n)
	sde := r.LinearSDE(1, nil)
	d := &rcDemon[F]{dim: sde.Dim, negA: make([]F, len(sde.A)), b: convert[F](sde.B)}
	for i, v := range sde.A {
		d.negA[i] = F(-v)
	}
	for _, v := range sde.B {
		d.bias = d.bias || v != 0
	}
	return d
}

func (d *rcDemon[F]) Force(_ float64, x, f []F, n int) {
	checkBatch(len(x), len(f), d.dim, d.dim, n)
	kernel.DenseForce(f, x, n, d.negA, d.dim)
	if !d.bias {
		return
	}
	for k, bk := range d.b {
		fk := row(f, k, n)
		for c := range fk {
			fk[c] += bk
		}
	}
}

// rcFromParams builds the "rc" model of FromParams: NewRCRing(dim) with
// the parameters given overriding its components.
func rcFromParams(p paramTable, dim int) (*RC, error) {
	net, err := NewRCRing(dim)
	if err != nil {
		return nil, err
	}
	for _, v := range []struct {
		key string
		dst *[]float64
	}{{"R", &net.R}, {"C", &net.C}, {"bias", &net.Bias}, {"drift", &net.Drift}, {"extra_noise", &net.ExtraNoise}} {
		x, err := p.vector(v.key, dim)
		if err != nil {
			return nil, err
		}
		if x == nil {
			continue
		}
		if len(x) != dim {
			return nil, fmt.Errorf("models: %s has length %d, want dim = %d", v.key, len(x), dim)
		}
		*v.dst = x
	}
	rc, err := p.matrix("Rc")
	if err != nil {
		return nil, err
	}
	cc, err := p.matrix("Cc")
	if err != nil {
		return nil, err
	}
	if rc != nil || cc != nil {
		net.Rc, net.Cc = rc, cc // the one not given is no coupling
	}
	if rc != nil && len(rc) != dim {
		return nil, fmt.Errorf("models: Rc has %d rows, want dim = %d", len(rc), dim)
	}
	if cc != nil && len(cc) != dim {
		return nil, fmt.Errorf("models: Cc has %d rows, want dim = %d", len(cc), dim)
	}
	if net.T, err = p.number("T", net.T); err != nil {
		return nil, err
	}
	if net.NoisyCoupling, err = p.boolean("noisy_coupling", net.NoisyCoupling); err != nil {
		return nil, err
	}
	return NewRC(*net)
}
