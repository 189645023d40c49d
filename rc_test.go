package thermo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/thermoai/thermo"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/output"
)

// sampleMoments returns the mean and the covariance (row-major) of every
// draw of every chain.
func sampleMoments(s *output.Samples[float64]) (mean, cov []float64) {
	d := s.Dim
	n := float64(len(s.Data) / d)
	mean = make([]float64, d)
	for i := 0; i < len(s.Data); i += d {
		for a, v := range s.Data[i : i+d] {
			mean[a] += v
		}
	}
	for a := range mean {
		mean[a] /= n
	}
	cov = make([]float64, d*d)
	for i := 0; i < len(s.Data); i += d {
		v := s.Data[i : i+d]
		for a := range d {
			for b := range d {
				cov[a*d+b] += (v[a] - mean[a]) * (v[b] - mean[b])
			}
		}
	}
	for i := range cov {
		cov[i] /= n
	}
	return mean, cov
}

// TestRCCircuit runs RC networks with the exact dense OU transition and
// checks the samples against the Lyapunov solution: the default ring in
// equilibrium, and a network driven out of equilibrium (silent coupling
// resistors) with source currents. Each run has about 780000 draws 6 time
// constants apart, so the sampling error of the covariance is about
// sqrt((d+1)/N) ≈ 0.3% (relative Frobenius) and that of a mean 0.1% of
// its standard deviation: the tolerances, 3% and 2%, are about 10 and 20
// times that.
func TestRCCircuit(t *testing.T) {
	for _, c := range []struct {
		name   string
		params map[string]any
		kT     float64
	}{
		{"ring", nil, 1},
		{"driven", map[string]any{"noisy_coupling": false, "bias": []any{0.5, -0.2, 0.0, 0.3, 1.0, -0.7}, "T": 2.0}, 0.6},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec := thermo.DefaultSpec()
			spec.Model, spec.Dim, spec.Integrator, spec.Dt = "rc", 6, "ou", 3
			spec.Chains, spec.Steps, spec.Burnin, spec.Thin, spec.Precision = 4096, 400, 20, 2, "f64"
			spec.Params, spec.KT = c.params, c.kT
			res := run(t, spec)
			m, err := models.FromParams("rc", spec.Dim, spec.Seed, c.params)
			if err != nil {
				t.Fatal(err)
			}
			rc := m.(*models.RC)
			wantCov, err := rc.Covariance(spec.KT)
			if err != nil {
				t.Fatal(err)
			}
			wantMean, wantVar, err := rc.Moments(spec.KT)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.ExactMean, wantMean) || !reflect.DeepEqual(res.ExactVar, wantVar) {
				t.Errorf("exact moments %v, %v; want the model's %v, %v", res.ExactMean, res.ExactVar, wantMean, wantVar)
			}
			mean, cov := sampleMoments(res.Samples64)
			var num, den float64
			for i := range cov {
				num += (cov[i] - wantCov[i]) * (cov[i] - wantCov[i])
				den += wantCov[i] * wantCov[i]
			}
			covErr := math.Sqrt(num / den)
			if covErr > 0.03 {
				t.Errorf("covariance off by %.2f%% (relative Frobenius), want at most 3%%", 100*covErr)
			}
			var meanErr float64
			for k := range mean {
				e := math.Abs(mean[k]-wantMean[k]) / math.Sqrt(wantCov[k*spec.Dim+k])
				meanErr = max(meanErr, e)
				if e > 0.02 {
					t.Errorf("node %d: mean %.4f, want %.4f, off by %.2f%% of the standard deviation, want at most 2%%",
						k, mean[k], wantMean[k], 100*e)
				}
			}
			t.Logf("covariance error %.3f%% (relative Frobenius), largest mean error %.3f%% of a standard deviation", 100*covErr, 100*meanErr)
		})
	}
}

// linearRecord is run.json's "linear" section.
type linearRecord struct {
	A, Q [][]float64
	B    []float64
}

// TestRCRunJSONLinear reads back run.json's "linear" section: the SDE
// that ou stepped, at the spec's kT, for a whole run and for pieces
// merged; a run with another integrator has none.
func TestRCRunJSONLinear(t *testing.T) {
	spec := thermo.DefaultSpec()
	spec.Model, spec.Dim, spec.Integrator, spec.Chains = "rc", 4, "ou", 100
	spec.Steps, spec.Burnin, spec.Thin, spec.Dt, spec.KT, spec.Friction = 40, 10, 2, 0.5, 0.7, 3
	spec.Params = map[string]any{"noisy_coupling": false, "bias": 0.25}
	m, err := models.FromParams("rc", spec.Dim, spec.Seed, spec.Params)
	if err != nil {
		t.Fatal(err)
	}
	sde := m.(models.Linear).LinearSDE(spec.KT, nil)
	readLinear := func(dir string) (*linearRecord, bool) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, "run.json"))
		if err != nil {
			t.Fatal(err)
		}
		var j map[string]json.RawMessage
		if err := json.Unmarshal(b, &j); err != nil {
			t.Fatal(err)
		}
		raw, ok := j["linear"]
		if !ok {
			return nil, false
		}
		var lin linearRecord
		if err := json.Unmarshal(raw, &lin); err != nil {
			t.Fatal(err)
		}
		return &lin, true
	}

	whole := t.TempDir()
	if _, err := thermo.Run(context.Background(), spec, thermo.Options{Out: whole}); err != nil {
		t.Fatal(err)
	}
	lin, ok := readLinear(whole)
	if !ok {
		t.Fatal(`run.json of an rc run with ou has no "linear" section`)
	}
	d := spec.Dim
	for i := range d {
		for k := range d {
			if lin.A[i][k] != sde.A[i*d+k] || lin.Q[i][k] != sde.Q[i*d+k] {
				t.Errorf("linear: A[%d][%d] = %v, Q[%d][%d] = %v; want %v, %v", i, k, lin.A[i][k], i, k, lin.Q[i][k], sde.A[i*d+k], sde.Q[i*d+k])
			}
		}
		if lin.B[i] != sde.B[i] {
			t.Errorf("linear: B[%d] = %v, want %v", i, lin.B[i], sde.B[i])
		}
	}

	var dirs []string
	for i := range 3 {
		d := filepath.Join(t.TempDir(), fmt.Sprint("piece", i))
		if _, err := thermo.Run(context.Background(), spec, thermo.Options{Out: d, Piece: thermo.Piece{Index: i, Count: 3}}); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	merged := t.TempDir()
	if _, err := thermo.Merge(merged, dirs); err != nil {
		t.Fatal(err)
	}
	if a, b := withoutPerformance(t, filepath.Join(merged, "run.json")), withoutPerformance(t, filepath.Join(whole, "run.json")); string(a) != string(b) {
		t.Errorf("merged run.json differs from the whole run's:\n%s\n%s", a, b)
	}

	spec.Integrator = "ula"
	other := t.TempDir()
	if _, err := thermo.Run(context.Background(), spec, thermo.Options{Out: other}); err != nil {
		t.Fatal(err)
	}
	if _, ok := readLinear(other); ok {
		t.Error(`run.json of an rc run with ula has a "linear" section`)
	}
}
