package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thermoai/thermo/nn"
)

// TestRunMLP saves a potential network and samples it with -model mlp
// from a spec that names its weights directory, with BAOAB and with HMC
// (which uses the network's energy); a spec whose dim does not fit the
// network is refused, naming both.
func TestRunMLP(t *testing.T) {
	net, err := nn.New[float32](nn.Config{Dim: 4, Hidden: []int{16, 16}, Activation: nn.SiLU}, 3)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	weights := filepath.Join(dir, "weights")
	if err := nn.Save(weights, net); err != nil {
		t.Fatal(err)
	}
	spec := filepath.Join(dir, "spec.toml")
	os.WriteFile(spec, []byte(fmt.Sprintf("model = \"mlp\"\ndim = 4\n[params]\nweights = %q\n", weights)), 0o644)
	for _, integ := range []string{"baoab", "hmc"} {
		out := filepath.Join(dir, integ)
		_, stderr, err := thermobench(t, "run", "-quiet", "-config", spec, "-integrator", integ, "-chains", "64", "-steps", "60", "-burnin", "20", "-out", out)
		if err != nil {
			t.Fatalf("%s: %v\n%s", integ, err, stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "run.json"))
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(b) || !strings.Contains(string(b), weights) {
			t.Errorf("%s: run.json does not name the weights directory", integ)
		}
	}
	_, stderr, err := thermobench(t, "run", "-quiet", "-config", spec, "-dim", "5", "-chains", "16", "-steps", "10", "-burnin", "0", "-out", filepath.Join(dir, "bad"))
	if err == nil || !strings.Contains(err.Error(), "take dim 4, the run has dim 5") {
		t.Errorf("dim 5 for a network of dim 4: %v\n%s", err, stderr)
	}
}
