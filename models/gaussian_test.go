package models

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestGaussianMoments(t *testing.T) {
	t.Parallel()
	g, err := NewGaussian(3, []float64{0.5, 2, 8}, []float64{1, -2, 0})
	if err != nil {
		t.Fatal(err)
	}
	for _, kT := range []float64{0.25, 1, 3} {
		mean, variance, err := g.Moments(kT)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(mean, []float64{1, -2, 0}) {
			t.Errorf("kT = %v: mean = %v, want [1 -2 0]", kT, mean)
		}
		// kT/κ is a single correctly rounded division.
		want := []float64{kT / 0.5, kT / 2, kT / 8}
		if !slices.Equal(variance, want) {
			t.Errorf("kT = %v: variance = %v, want %v", kT, variance, want)
		}
	}
	for _, kT := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, _, err := g.Moments(kT); err == nil || !strings.Contains(err.Error(), "kT") {
			t.Errorf("Moments(%v): error %v, want one naming kT", kT, err)
		}
	}
}

func TestGaussianDiagonal(t *testing.T) {
	t.Parallel()
	var m Model = must(NewGaussian(2, []float64{3, 4}, []float64{-1, 1}))
	d, ok := m.(Diagonal)
	if !ok {
		t.Fatal("*Gaussian does not implement Diagonal")
	}
	if got := d.Stiffness(); !slices.Equal(got, []float64{3, 4}) {
		t.Errorf("Stiffness() = %v, want [3 4]", got)
	}
	if got := d.Center(); !slices.Equal(got, []float64{-1, 1}) {
		t.Errorf("Center() = %v, want [-1 1]", got)
	}
	// The engine may keep these slices; changing them must not change the
	// model.
	d.Stiffness()[0] = 100
	d.Center()[0] = 100
	if g := m.(*Gaussian); g.Kappa[0] != 3 || g.Mean[0] != -1 {
		t.Errorf("changing the result of Stiffness or Center changed the model: %+v", g)
	}
}

func TestNewGaussian(t *testing.T) {
	t.Parallel()
	g, err := NewGaussian(2, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Kappa, []float64{1, 1}) || !slices.Equal(g.Mean, []float64{0, 0}) {
		t.Errorf("NewGaussian(2, nil, nil) = %+v, want stiffness 1 and mean 0", g)
	}
	stiffness := []float64{2, 3}
	g, err = NewGaussian(2, stiffness, nil)
	if err != nil {
		t.Fatal(err)
	}
	stiffness[0] = 7
	if g.Kappa[0] != 2 {
		t.Error("NewGaussian does not copy stiffness")
	}

	for _, test := range []struct {
		dim             int
		stiffness, mean []float64
		field           string
	}{
		{0, nil, nil, "dim"},
		{2, []float64{1}, nil, "stiffness"},
		{2, []float64{1, 0}, nil, "stiffness"},
		{2, []float64{1, -1}, nil, "stiffness"},
		{2, []float64{1, math.NaN()}, nil, "stiffness"},
		{2, []float64{1, math.Inf(1)}, nil, "stiffness"},
		{2, nil, []float64{1, 2, 3}, "mean"},
		{2, nil, []float64{1, math.Inf(-1)}, "mean"},
	} {
		_, err := NewGaussian(test.dim, test.stiffness, test.mean)
		if err == nil || !strings.HasPrefix(err.Error(), "models: ") || !strings.Contains(err.Error(), test.field) {
			t.Errorf("NewGaussian(%d, %v, %v): error %v, want one naming %s",
				test.dim, test.stiffness, test.mean, err, test.field)
		}
	}
}
