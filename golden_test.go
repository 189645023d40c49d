package thermo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/thermoai/thermo"
	"github.com/thermoai/thermo/internal/golden"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/nn"
)

// ============================================================================
// The digests in testdata/golden-samples.txt pin what users get: the bytes
// of samples.npy for every model, integrator and precision. Changing them
// breaks the reproducibility of every published run. Regenerate them with
// `go test -run TestGoldenSamples -update .` only for a deliberate change of
// the samplers' specification, and say so in the commit.
// ============================================================================

var update = flag.Bool("update", false, "rewrite the golden digests in testdata")

const goldenFile = "testdata/golden-samples.txt"

// goldenRuns lists the pinned runs: every model with every integrator it
// accepts, in both precisions. The chain count is not a multiple of any
// vector width, so the tail paths are pinned too. The mlp model samples
// the network goldenNetwork saves in weights.
func goldenRuns(weights string) []thermo.Spec {
	type mi struct{ model, integ string }
	var runs []mi
	for _, m := range []string{"gaussian", "coupled", "double-well", "gmm", "mlp"} {
		for _, i := range []string{"baoab", "ula", "mala", "hmc"} {
			runs = append(runs, mi{m, i})
		}
	}
	runs = append(runs, mi{"gaussian", "ou"}, mi{"coupled", "ou"}, mi{"rc", "ou"}, mi{"linear", "ou"})
	var specs []thermo.Spec
	for _, r := range runs {
		if !slices.Contains(thermo.Integrators, r.integ) {
			continue
		}
		for _, prec := range []string{"f32", "f64"} {
			s := thermo.DefaultSpec()
			s.Model, s.Integrator, s.Precision = r.model, r.integ, prec
			s.Dim, s.Chains, s.Steps, s.Burnin, s.Thin = 3, 37, 120, 20, 4
			s.Dt, s.Seed = 0.03, 5
			if r.model == "mlp" {
				s.Params = map[string]any{"weights": weights}
			}
			specs = append(specs, s)
			if r.model == "rc" && r.integ == "ou" {
				for _, per := range []string{"chip", "chain"} {
					m := s
					m.Mismatch, m.MismatchPer = 0.05, per
					specs = append(specs, m)
				}
			}
		}
	}
	return specs
}

func goldenKey(s thermo.Spec) string {
	k := fmt.Sprintf("%s/%s/%s", s.Model, s.Integrator, s.Precision)
	if s.Mismatch != 0 {
		k += "/mismatch-" + s.MismatchPer
	}
	return k
}

// TestGoldenSamples checks the SHA-256 digest of samples.npy for every
// pinned run against testdata, on whatever kernel path and architecture
// the test runs (CI runs it on every path and under qemu-aarch64).
func TestGoldenSamples(t *testing.T) {
	if err := kernel.EnvError(); err != nil {
		t.Skip(err)
	}
	weights := t.TempDir()
	if err := goldenNetwork(weights); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var keys []string
	for _, s := range goldenRuns(weights) {
		dir := t.TempDir()
		if _, err := thermo.Run(context.Background(), s, thermo.Options{Out: dir}); err != nil {
			t.Fatalf("%s: %v", goldenKey(s), err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "samples.npy"))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		got[goldenKey(s)] = hex.EncodeToString(sum[:])
		keys = append(keys, goldenKey(s))
	}
	golden.Check(t, goldenFile, "SHA-256 of samples.npy per model/integrator/precision; see golden_test.go", keys, got, *update)
}

// goldenNetwork saves the network of the pinned mlp runs to dir: a
// potential of 3 coordinates and the time (raw and one frequency), two
// tanh layers of 17 (not a multiple of any vector width). Its potential
// need not confine the chains: the runs pin the bits, not a distribution.
func goldenNetwork(dir string) error {
	net, err := nn.New[float64](nn.Config{Dim: 3, Hidden: []int{17, 17}, Activation: nn.Tanh,
		Time: nn.Time{Raw: true, Frequencies: 1}}, 11)
	if err != nil {
		return err
	}
	for i := range net.Layers[0].B {
		net.Layers[0].B[i] = 0.1 * float64(i%5-2)
	}
	return nn.Save(dir, net)
}
