package linalg

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
)

// Lyapunov returns the solution S of the continuous Lyapunov equation
//
//	A S + S Aᵀ + Q = 0
//
// for an n×n stable A (every eigenvalue with negative real part) and a
// symmetric n×n Q: for Q = C Cᵀ, the stationary covariance of
// dv = A v dt + C dw, the limit of VanLoan's Q_h as h → ∞. It is the
// Bartels–Stewart method, R. H. Bartels and G. W. Stewart, "Solution of the
// matrix equation AX + XB = C", Comm. ACM 15(9) (1972) 820–826:
//
//   - the real Schur decomposition A = U T Uᵀ, with U orthogonal and T
//     upper quasi-triangular (1×1 and 2×2 diagonal blocks), by gonum's
//     LAPACK: Hessenberg reduction (Dgehrd, Dorghr) and the Hessenberg QR
//     algorithm (Dhseqr), as its Dgeev does;
//   - the transformed equation T Y + Y Tᵀ = -Uᵀ Q U solved block by block
//     from the bottom right, each block T_ii Y_ij + Y_ij T_jjᵀ = R_ij of
//     order at most 2 by gonum's Dlasy2;
//   - S = U Y Uᵀ, symmetrised.
//
// The eigenvalues are the diagonal blocks of T; Lyapunov returns an error
// if one has a real part ≥ 0 (A is not stable and no stationary covariance
// exists) or if the QR algorithm does not converge. Lyapunov is a
// reference for tests and diagnostics: it is not portable bit for bit.
func Lyapunov(a, q []float64, n int) ([]float64, error) {
	check("a", a, n)
	check("q", q, n)
	if n == 0 {
		return []float64{}, nil
	}
	var impl gonum.Implementation
	t := append([]float64(nil), a[:n*n]...)
	tau := make([]float64, n-1)
	work := make([]float64, 1)
	impl.Dgehrd(n, 0, n-1, t, n, tau, work, -1)
	lwork := max(int(work[0]), 11*n)
	work = make([]float64, lwork)
	impl.Dgehrd(n, 0, n-1, t, n, tau, work, lwork)
	u := append([]float64(nil), t...)
	impl.Dorghr(n, 0, n-1, u, n, tau, work, lwork)
	for i := 2; i < n; i++ {
		for j := 0; j < i-1; j++ {
			t[i*n+j] = 0
		}
	}
	wr := make([]float64, n)
	wi := make([]float64, n)
	if impl.Dhseqr(lapack.EigenvaluesAndSchur, lapack.SchurOrig, n, 0, n-1, t, n, wr, wi, u, n, work, lwork) > 0 {
		return nil, errors.New("linalg: Lyapunov: the QR algorithm did not converge")
	}
	for i := range wr {
		if !(wr[i] < 0) {
			return nil, fmt.Errorf("linalg: Lyapunov: A is not stable: eigenvalue %g%+gi", wr[i], wi[i])
		}
	}

	// R = -Uᵀ Q U.
	ug := blas64.General{Rows: n, Cols: n, Stride: n, Data: u}
	qg := blas64.General{Rows: n, Cols: n, Stride: n, Data: append([]float64(nil), q[:n*n]...)}
	tmp := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	r := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, qg, ug, 0, tmp)
	blas64.Gemm(blas.Trans, blas.NoTrans, -1, ug, tmp, 0, r)

	// The diagonal blocks of T: starts[k] is the first row of block k.
	var starts []int
	for i := 0; i < n; {
		starts = append(starts, i)
		if i+1 < n && t[(i+1)*n+i] != 0 {
			i += 2
		} else {
			i++
		}
	}
	starts = append(starts, n)

	// Solve T Y + Y Tᵀ = R for the blocks Y_ij from the last: with T upper
	// block triangular,
	//	T_ii Y_ij + Y_ij T_jjᵀ = R_ij - Σ_{k>i} T_ik Y_kj - Σ_{l>j} Y_il T_jlᵀ,
	// and the Y on the right are known.
	y := make([]float64, n*n)
	var rhs, x [4]float64
	for bi := len(starts) - 2; bi >= 0; bi-- {
		i0, i1 := starts[bi], starts[bi+1]
		for bj := len(starts) - 2; bj >= 0; bj-- {
			j0, j1 := starts[bj], starts[bj+1]
			for r0 := i0; r0 < i1; r0++ {
				for c0 := j0; c0 < j1; c0++ {
					s := r.Data[r0*n+c0]
					for k := i1; k < n; k++ {
						s -= t[r0*n+k] * y[k*n+c0]
					}
					for l := j1; l < n; l++ {
						s -= y[r0*n+l] * t[c0*n+l]
					}
					rhs[(r0-i0)*2+c0-j0] = s
				}
			}
			n1, n2 := i1-i0, j1-j0
			scale, _, ok := impl.Dlasy2(false, true, 1, n1, n2, t[i0*n+i0:], n, t[j0*n+j0:], n, rhs[:], 2, x[:], 2)
			if !ok {
				return nil, errors.New("linalg: Lyapunov: A is too close to unstable (λ_i + λ_j ≈ 0)")
			}
			for r0 := 0; r0 < n1; r0++ {
				for c0 := 0; c0 < n2; c0++ {
					y[(i0+r0)*n+j0+c0] = x[r0*2+c0] / scale
				}
			}
		}
	}

	// S = U Y Uᵀ, symmetrised.
	yg := blas64.General{Rows: n, Cols: n, Stride: n, Data: y}
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, yg, ug, 0, tmp)
	s := blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)}
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, ug, tmp, 0, s)
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			v := (s.Data[i*n+j] + s.Data[j*n+i]) / 2
			s.Data[i*n+j], s.Data[j*n+i] = v, v
		}
	}
	return s.Data, nil
}
