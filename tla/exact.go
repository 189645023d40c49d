package tla

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Exact returns the solution of A x = b for the symmetric positive
// definite d×d matrix a by gonum's Cholesky factorisation (SolveVecTo),
// and A⁻¹ by the same factor when inverse is set: the reference Solve's
// errors are measured against. It reads the upper triangle of a.
func Exact(a, b []float64, d int, inverse bool) (x, inv []float64, err error) {
	var ch mat.Cholesky
	if ok := ch.Factorize(mat.NewSymDense(d, append([]float64(nil), a...))); !ok {
		return nil, nil, fmt.Errorf("tla: A is not positive definite (gonum's Cholesky failed)")
	}
	var xv mat.VecDense
	if err := ch.SolveVecTo(&xv, mat.NewVecDense(d, append([]float64(nil), b...))); err != nil {
		return nil, nil, fmt.Errorf("tla: the exact solve: %w", err)
	}
	x = make([]float64, d)
	for i := range x {
		x[i] = xv.AtVec(i)
	}
	if inverse {
		var s mat.SymDense
		if err := ch.InverseTo(&s); err != nil {
			return nil, nil, fmt.Errorf("tla: the exact inverse: %w", err)
		}
		inv = make([]float64, d*d)
		for i := range d {
			for j := range d {
				inv[i*d+j] = s.At(i, j)
			}
		}
	}
	return x, inv, nil
}

// StandardError returns the expected relative errors of Solve's estimates
// of A⁻¹b and A⁻¹ (the root mean square of ErrorX and ErrorInv) for
// chains chains of steps recorded steps of dt at temperature kT, after a
// burn-in long enough to forget the start.
//
// In the eigenbasis of A, with eigenvalues λ_i, the coordinates of a chain
// are independent autoregressive sequences, z_i ← ρ_i z_i + noise with
// ρ_i = e^{-λ_i dt} and stationary variance σ_i² = kT/λ_i. The mean of n
// such draws has variance σ² V(ρ, n) with
//
//	V(ρ, n) = [n (1+ρ)/(1-ρ) - 2ρ (1-ρⁿ)/(1-ρ)²] / n²,
//
// which for n dt ≫ 1/λ is 2/(λ n dt): the time average of the process
// has variance 2 kT/(λ² T). Over M chains,
//
//	E‖x̂ - x‖² = Σ_i σ_i² V(ρ_i, n) / M ≈ 2 kT tr(A⁻²) / (M T).
//
// The product z_i z_j of two coordinates has variance σ_i²σ_j² (i ≠ j) or
// 2σ_i⁴ (i = j) and correlation (ρ_i ρ_j)^k at lag k, so
//
//	E‖Σ̂ - kT A⁻¹‖²_F = [Σ_{i,j} σ_i²σ_j² V(ρ_iρ_j, n) + Σ_i σ_i⁴ V(ρ_i², n)] / M,
//
// and Â = Σ̂/kT. The errors of estimating the mean inside Σ̂ are of higher
// order in 1/(M n).
func StandardError(a, b []float64, d, chains, steps int, dt, kT float64) (ex, einv float64, err error) {
	var eig mat.EigenSym
	if ok := eig.Factorize(mat.NewSymDense(d, append([]float64(nil), a...)), false); !ok {
		return 0, 0, fmt.Errorf("tla: the eigenvalues of A did not converge")
	}
	lambda := eig.Values(nil)
	x, _, err := Exact(a, b, d, false)
	if err != nil {
		return 0, 0, err
	}
	n := float64(steps)
	m := float64(chains)
	sigma2 := make([]float64, d)
	rho := make([]float64, d)
	var vx, normInv2 float64
	for i, l := range lambda {
		sigma2[i] = kT / l
		rho[i] = math.Exp(-l * dt)
		vx += sigma2[i] * autoVar(rho[i], n)
	}
	var vs float64
	for i := range d {
		for j := range d {
			vs += sigma2[i] * sigma2[j] * autoVar(rho[i]*rho[j], n)
		}
		vs += sigma2[i] * sigma2[i] * autoVar(rho[i]*rho[i], n)
		normInv2 += 1 / (lambda[i] * lambda[i])
	}
	nx := math.Sqrt(dotSelf(x))
	ex = math.Sqrt(vx / m)
	if nx > 0 {
		ex /= nx
	}
	einv = math.Sqrt(vs/m) / kT / math.Sqrt(normInv2)
	return ex, einv, nil
}

func dotSelf(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return s
}

// autoVar is V(ρ, n), the variance of the mean of n consecutive draws of a
// stationary autoregressive sequence of unit variance and correlation ρ.
func autoVar(rho, n float64) float64 {
	if rho <= 0 {
		return 1 / n
	}
	// 1-ρ and 1-ρⁿ without cancellation for ρ near 1.
	lr := math.Log(rho)
	one := -math.Expm1(lr)
	oneN := -math.Expm1(n * lr)
	v := (n*(1+rho)/one - 2*rho*oneN/(one*one)) / (n * n)
	return min(1, max(v, 0)) // rounding, when n(1-ρ) is tiny
}
