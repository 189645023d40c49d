package models

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestCoupledCovariance(t *testing.T) {
	t.Parallel()
	for _, c := range []*Coupled{
		must(NewRandomCoupled(1, 1)),
		must(NewRandomCoupled(6, 2)),
		must(NewCoupled([][]float64{{4, 1, 0.5}, {1, 3, -1}, {0.5, -1, 2}})),
	} {
		dim := c.Dim()
		for _, kT := range []float64{0.5, 1, 2} {
			cov := c.Covariance(kT)
			var prod mat.Dense
			prod.Mul(cov, c.J)
			// The inverse of a matrix with condition number below 10 is
			// accurate to a few eps times that.
			for i := range dim {
				for k := range dim {
					want := 0.0
					if i == k {
						want = kT
					}
					if got := prod.At(i, k); math.Abs(got-want) > 1e-13*kT {
						t.Errorf("dim %d, kT = %v: (Cov J)[%d][%d] = %v, want %v", dim, kT, i, k, got, want)
					}
				}
			}
			mean, variance, err := c.Moments(kT)
			if err != nil {
				t.Fatal(err)
			}
			for k := range dim {
				if mean[k] != 0 {
					t.Errorf("mean[%d] = %v, want 0", k, mean[k])
				}
				if variance[k] != cov.At(k, k) {
					t.Errorf("variance[%d] = %v, want Cov[%d][%d] = %v", k, variance[k], k, k, cov.At(k, k))
				}
			}
		}
	}
}

func TestNewRandomCoupled(t *testing.T) {
	t.Parallel()
	a := must(NewRandomCoupled(8, 42))
	b := must(NewRandomCoupled(8, 42))
	c := must(NewRandomCoupled(8, 43))
	if !mat.Equal(a.J, b.J) {
		t.Error("the same seed gave different matrices")
	}
	if mat.Equal(a.J, c.J) {
		t.Error("different seeds gave the same matrix")
	}

	// J is recorded by its seed alone, so its entries must not drift. These
	// are the first row for seed 42, dim 3.
	j := must(NewRandomCoupled(3, 42)).J
	want := []float64{1.8921279642139144, 0.15179123141457748, -0.5393044200754198}
	for k, w := range want {
		if got := j.At(0, k); got != w {
			t.Errorf("J[0][%d] = %v, want %v", k, got, w)
		}
	}

	for _, dim := range []int{1, 2, 10, 50} {
		var eig mat.EigenSym
		if !eig.Factorize(must(NewRandomCoupled(dim, 7)).J, false) {
			t.Fatal("eigendecomposition failed")
		}
		values := eig.Values(nil)
		// The eigenvalues are ascending; 1 is a hard lower bound and the
		// Marchenko-Pastur edge, 5, a soft upper one.
		if values[0] < 1-1e-12 || values[dim-1] > 7 {
			t.Errorf("dim %d: eigenvalues span [%v, %v], want within [1, 7]", dim, values[0], values[dim-1])
		}
	}

	if _, err := NewRandomCoupled(0, 1); err == nil || !strings.Contains(err.Error(), "dim") {
		t.Errorf("NewRandomCoupled(0, 1): error %v, want one naming dim", err)
	}
}

func TestNewCoupled(t *testing.T) {
	t.Parallel()
	// An asymmetry at the level of rounding is accepted and averaged away.
	c, err := NewCoupled([][]float64{{2, 0.5}, {0.5 + 1e-15, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if c.J.At(0, 1) != c.J.At(1, 0) {
		t.Errorf("J not symmetrised: %v", mat.Formatted(c.J))
	}
	if p, ok := c.Params()["J"].([][]float64); !ok || len(p) != 2 || p[1][1] != 1 {
		t.Errorf(`Params()["J"] = %#v, want the matrix as [][]float64`, c.Params()["J"])
	}

	for _, test := range []struct {
		j    [][]float64
		want string
	}{
		{nil, "J is empty"},
		{[][]float64{{1, 0}, {0}}, "J is not square"},
		{[][]float64{{1, 0.1}, {0.2, 1}}, "J is not symmetric"},
		{[][]float64{{1, 2}, {2, 1}}, "J is not positive definite"},
		{[][]float64{{-1}}, "J is not positive definite"},
		{[][]float64{{1, math.NaN()}, {math.NaN(), 1}}, "J[0][1]"},
	} {
		_, err := NewCoupled(test.j)
		if err == nil || !strings.HasPrefix(err.Error(), "models: ") || !strings.Contains(err.Error(), test.want) {
			t.Errorf("NewCoupled(%v): error %v, want one containing %q", test.j, err, test.want)
		}
	}

	if _, _, err := c.Moments(-1); err == nil || !strings.Contains(err.Error(), "kT") {
		t.Errorf("Moments(-1): error %v, want one naming kT", err)
	}
}

func TestSplitMix64(t *testing.T) {
	t.Parallel()
	// The first outputs for seed 0 of the reference implementation.
	r := splitMix64{}
	for i, want := range []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f} {
		if got := r.uint64(); got != want {
			t.Errorf("output %d = %#x, want %#x", i, got, want)
		}
	}
}
