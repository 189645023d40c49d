package engine

import (
	"fmt"

	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/linalg"
	"github.com/thermoai/thermo/rng"
)

// NewChipOU returns a stepper like NewDenseOU's for a fleet of chips:
// chain c follows its own linear SDE sdeOf(c, kT), c the chain's global
// index (a chip drawn from it: component mismatch per chain), by its exact
// transition
//
//	v_i ← (Σ_j Φ_ij v_j + f_i) + Σ_j L_ij ξ_j,   j ascending, products rounded,
//
// with Φ, f and L computed per chain from linalg (portable) the first
// time a shard is stepped at a step size and kT, and kept in the shard's
// State, dimension-major over its chains. The demon is not called.
// NewChipOU checks the SDE of chain 0 at dt and kT.
func NewChipOU[F kernel.Float](sdeOf func(chain uint64, kT float64) *LinearSDE, dt, kT float64) (func() Stepper[F], error) {
	if _, err := chipCoefficients(sdeOf(0, kT), dt); err != nil {
		return nil, err
	}
	return func() Stepper[F] { return &chipOU[F]{sdeOf: sdeOf} }, nil
}

type chipOU[F kernel.Float] struct {
	sdeOf    func(chain uint64, kT float64) *LinearSDE
	y, z, xi []F
}

// chipState holds the coefficients of every chain of a shard: phi and l
// as d×d rows of n chains each (element (i, j) of chain c at
// (i*d+j)*n + c), f as d rows.
type chipState[F kernel.Float] struct {
	key       coefKey
	d         int
	phi, l, f []F
}

type chipCoef struct{ phi, l, f []float64 }

func chipCoefficients(sde *LinearSDE, h float64) (chipCoef, error) {
	if err := sde.Check(); err != nil {
		return chipCoef{}, err
	}
	phi, qh := linalg.VanLoan(sde.A, sde.Q, sde.Dim, h)
	l, err := linalg.CholeskyPSD(qh, sde.Dim)
	if err != nil {
		return chipCoef{}, fmt.Errorf("engine: the noise of a step of %v: %w", h, err)
	}
	return chipCoef{phi, l, linalg.Forcing(sde.A, sde.B, sde.Dim, h)}, nil
}

func (s *chipOU[F]) Layout() Layout { return Layout{} }

func (s *chipOU[F]) Init(*Shard[F], Demon[F], Clock) {}

// coefficients fills st for the chains of sh at step h and kT.
func (s *chipOU[F]) coefficients(sh *Shard[F], st *chipState[F], h, kT float64) {
	n := sh.N
	for c := range n {
		sde := s.sdeOf(sh.First+uint64(c), kT)
		co, err := chipCoefficients(sde, h)
		if err != nil {
			panic(fmt.Sprintf("engine: chain %d: %v", sh.First+uint64(c), err))
		}
		if st.phi == nil {
			d := sde.Dim
			st.d, st.phi, st.l, st.f = d, make([]F, d*d*n), make([]F, d*d*n), make([]F, d*n)
		}
		d := st.d
		for e := range d * d {
			st.phi[e*n+c], st.l[e*n+c] = F(co.phi[e]), F(co.l[e])
		}
		for i := range d {
			st.f[i*n+c] = F(co.f[i])
		}
	}
}

func (s *chipOU[F]) Step(sh *Shard[F], _ Demon[F], c Clock) int {
	st, _ := sh.State.(*chipState[F])
	if st == nil {
		st = &chipState[F]{}
		sh.State = st
	}
	if st.key.changed(c.Dt, c.KT) {
		s.coefficients(sh, st, c.Dt, c.KT)
	}
	d, n := st.d, sh.N
	y, z, xi := reuse(&s.y, d*n), reuse(&s.z, d*n), reuse(&s.xi, d*n)
	rng.FillNormal(xi, sh.Streams)
	clear(y)
	clear(z)
	for i := range d {
		yi, zi := y[i*n:i*n+n], z[i*n:i*n+n]
		for j := range d {
			pij, lij := st.phi[(i*d+j)*n:(i*d+j+1)*n], st.l[(i*d+j)*n:(i*d+j+1)*n]
			xj, ej := sh.X[j*n:j*n+n], xi[j*n:j*n+n]
			for c := range yi {
				yi[c] = yi[c] + F(pij[c]*xj[c])
				zi[c] = zi[c] + F(lij[c]*ej[c])
			}
		}
	}
	for i := range d {
		xs, ys, zs, fs := sh.X[i*n:i*n+n], y[i*n:i*n+n], z[i*n:i*n+n], st.f[i*n:i*n+n]
		for c := range xs {
			xs[c] = (ys[c] + fs[c]) + zs[c]
		}
	}
	return kernel.FirstNonFinite(sh.X)
}
