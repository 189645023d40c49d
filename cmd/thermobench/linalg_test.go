package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thermoai/thermo/output"
)

// writeSystem writes a 6×6 symmetric positive definite A (tridiagonal,
// 3 on the diagonal and -1 beside it) and b = (1, ..., 6) to dir.
func writeSystem(t *testing.T, dir string) (aPath, bPath string) {
	t.Helper()
	const d = 6
	a := make([]float64, d*d)
	b := make([]float64, d)
	for i := range d {
		a[i*d+i] = 3
		if i > 0 {
			a[i*d+i-1], a[(i-1)*d+i] = -1, -1
		}
		b[i] = float64(i + 1)
	}
	aPath, bPath = filepath.Join(dir, "A.npy"), filepath.Join(dir, "b.npy")
	if err := output.WriteArray(aPath, []int{d, d}, a); err != nil {
		t.Fatal(err)
	}
	if err := output.WriteArray(bPath, []int{d}, b); err != nil {
		t.Fatal(err)
	}
	return aPath, bPath
}

func TestLinalg(t *testing.T) {
	dir := t.TempDir()
	aPath, bPath := writeSystem(t, dir)
	out := filepath.Join(dir, "out")
	stdout, stderr, err := thermobench(t, "linalg", "-A", aPath, "-b", bPath, "-inverse",
		"-chains", "64", "-samples", "128000", "-seed", "3", "-out", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{"d = 6", "x:    relative error", "A^-1: relative error", "gonum's Cholesky"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	var rep linalgReport
	b, err := os.ReadFile(filepath.Join(out, "linalg.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.D != 6 || rep.Chains != 64 || rep.Steps != 2000 || rep.ErrorInv == nil {
		t.Fatalf("linalg.json: %s", b)
	}
	if math.Abs(rep.SimulatedTime-2000*rep.Dt) > 1e-9*rep.SimulatedTime {
		t.Errorf("simulated time %v, want steps·dt = %v", rep.SimulatedTime, 2000*rep.Dt)
	}
	if rep.ErrorX > 5*rep.PredictedX || rep.ErrorX > 0.05 || *rep.ErrorInv > 5**rep.PredictedInv {
		t.Errorf("errors %v, %v; expected %v, %v", rep.ErrorX, *rep.ErrorInv, rep.PredictedX, *rep.PredictedInv)
	}
	shape, x, err := output.ReadArray[float64](filepath.Join(out, "x.npy"))
	if err != nil || len(shape) != 1 || shape[0] != 6 || len(x) != 6 {
		t.Fatalf("x.npy: shape %v, %v", shape, err)
	}
	if shape, _, err := output.ReadArray[float64](filepath.Join(out, "inv.npy")); err != nil || len(shape) != 2 || shape[0] != 6 || shape[1] != 6 {
		t.Fatalf("inv.npy: shape %v, %v", shape, err)
	}
}

func TestLinalgBadInput(t *testing.T) {
	dir := t.TempDir()
	aPath, bPath := writeSystem(t, dir)
	rect := filepath.Join(dir, "rect.npy")
	if err := output.WriteArray(rect, []int{2, 3}, make([]float64, 6)); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short.npy")
	if err := output.WriteArray(short, []int{5}, make([]float64, 5)); err != nil {
		t.Fatal(err)
	}
	indef := filepath.Join(dir, "indef.npy")
	if err := output.WriteArray(indef, []int{2, 2}, []float64{1, 2, 2, 1}); err != nil {
		t.Fatal(err)
	}
	b2 := filepath.Join(dir, "b2.npy")
	if err := output.WriteArray(b2, []int{2}, []float64{1, 1}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-A", filepath.Join(dir, "missing.npy"), "-b", bPath}, "-A"},
		{[]string{"-A", aPath, "-b", filepath.Join(dir, "missing.npy")}, "-b"},
		{[]string{"-A", rect, "-b", bPath}, "not a square matrix"},
		{[]string{"-A", aPath, "-b", short}, "-b"},
		{[]string{"-A", indef, "-b", b2}, "not positive definite"},
		{[]string{"-b", bPath}, "-A is required"},
		{[]string{"-A", aPath, "-b", bPath, "-samples", "10", "-steps", "10"}, "not both"},
		{[]string{"-A", aPath, "-b", bPath, "-dt", "-1"}, "-dt"},
	} {
		args := append(append([]string{"linalg"}, c.args...), "-out", out)
		_, _, err := thermobench(t, args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one naming %q", c.args, err, c.want)
		}
	}
}
