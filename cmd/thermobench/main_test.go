package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thermoai/thermo"
	"github.com/thermoai/thermo/rng"
)

func thermobench(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = dispatch(context.Background(), args, &o, &e)
	return o.String(), e.String(), err
}

// TestRunContract is the run of the foundation's acceptance: variance 1
// within 3% and the same bytes with one worker and two.
func TestRunContract(t *testing.T) {
	dir := t.TempDir()
	args := strings.Fields("run -model gaussian -dim 4 -chains 1024 -steps 4000 -burnin 1000 -thin 20 -dt 0.05 -friction 1 -kT 1 -seed 7 -quiet")
	var files [2][]byte
	for i, w := range []string{"1", "2"} {
		out := filepath.Join(dir, w)
		if _, stderr, err := thermobench(t, append(args, "-workers", w, "-out", out)...); err != nil {
			t.Fatalf("workers %s: %v\n%s", w, err, stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "samples.npy"))
		if err != nil {
			t.Fatal(err)
		}
		files[i] = b
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("samples.npy differs between -workers 1 and -workers 2")
	}
	var rj struct {
		Spec    map[string]any `json:"spec"`
		Model   map[string]any `json:"model"`
		ISA     string         `json:"isa"`
		Samples struct {
			Shape []int `json:"shape"`
		} `json:"samples"`
		Summary struct {
			Var []float64 `json:"var"`
		} `json:"summary"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "1", "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rj); err != nil {
		t.Fatal(err)
	}
	if got := rj.Samples.Shape; len(got) != 3 || got[0] != 1024 || got[1] != 150 || got[2] != 4 {
		t.Errorf("shape %v, want [1024 150 4]", got)
	}
	if rj.Spec["seed"] != 7.0 || rj.Spec["model"] != "gaussian" || rj.ISA == "" || rj.Model == nil {
		t.Errorf("run.json lacks the resolved spec: %s", b)
	}
	for k, v := range rj.Summary.Var {
		if math.Abs(v-1) > 0.03 {
			t.Errorf("dim %d: variance %.4f, want 1 within 3%%", k, v)
		}
	}
	// The header and size of samples.npy match the shape.
	if !bytes.HasPrefix(files[0], []byte("\x93NUMPY")) || len(files[0]) != 128+1024*150*4*4 {
		t.Errorf("samples.npy: %d bytes", len(files[0]))
	}
}

func TestBadInputNamesTheField(t *testing.T) {
	dir := t.TempDir()
	malformed := filepath.Join(dir, "bad.toml")
	os.WriteFile(malformed, []byte("model = \"gaussian\"\ndim = [\n"), 0o644)
	unknown := filepath.Join(dir, "unknown.toml")
	os.WriteFile(unknown, []byte("model = \"gaussian\"\nchainz = 3\n"), 0o644)
	badSchedule := filepath.Join(dir, "schedule.toml")
	os.WriteFile(badSchedule, []byte("model = \"gaussian\"\n[schedule]\nkT = {kind = \"geometric\", from = 3, to = -1}\n"), 0o644)
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	for _, c := range []struct{ args, want string }{
		{"-model foo", "-model"},
		{"-dt -1", "-dt"},
		{"-dt NaN", "-dt"},
		{"-chains 0", "-chains"},
		{"-dim 0", "-dim"},
		{"-precision f16", "-precision"},
		{"-integrator rk4", "-integrator"},
		{"-burnin 5000 -steps 4000", "-burnin"},
		{"-config " + malformed, "line 2"},
		{"-config " + unknown, "chainz"},
		{"-out " + filepath.Join(blocker, "sub"), "-out"},
		{"-profile gpu", "-profile"},
		{"-integrator hmc -leapfrog 0", "-leapfrog"},
		{"-integrator hmc -jitter 1", "-jitter"},
		{"-integrator mala -target-accept 1.5", "-target-accept"},
		{"-anneal geometric:3:0.05:1", "-anneal"},
		{"-anneal linear:3:-1", "-anneal"},
		{"-dt-schedule points:0=0.1,0=0.2", "-dt-schedule"},
		{"-config " + badSchedule, "kT"},
	} {
		_, stderr, err := thermobench(t, append([]string{"run", "-quiet", "-steps", "10", "-burnin", "0", "-thin", "1"}, strings.Fields(c.args)...)...)
		// A flag the flag package refuses is reported on stderr.
		if err == nil || !strings.Contains(err.Error(), c.want) && !strings.Contains(stderr, c.want) {
			t.Errorf("run %s: got %v (%s), want an error naming %s", c.args, err, stderr, c.want)
		}
	}
	if _, _, err := thermobench(t, "frobnicate"); err == nil {
		t.Error("an unknown command was accepted")
	}
}

func TestConfigAndFlagOverride(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "run.toml")
	os.WriteFile(cfg, []byte(`model = "double-well"
dim = 3
chains = 64
steps = 50
burnin = 10
thin = 5
precision = "f64"
[params]
barrier = 2.0
`), 0o644)
	out := filepath.Join(dir, "out")
	if _, stderr, err := thermobench(t, "run", "-quiet", "-config", cfg, "-chains", "32", "-out", out); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var rj struct {
		Spec  map[string]any `json:"spec"`
		Model map[string]any `json:"model"`
	}
	b, _ := os.ReadFile(filepath.Join(out, "run.json"))
	json.Unmarshal(b, &rj)
	if rj.Spec["chains"] != 32.0 || rj.Spec["dim"] != 3.0 || rj.Spec["precision"] != "f64" || rj.Model["barrier"] != 2.0 {
		t.Errorf("resolved spec %v, model %v", rj.Spec, rj.Model)
	}
}

func TestRngCommand(t *testing.T) {
	stdout, _, err := thermobench(t, "rng", "-normal", "-precision", "f64", "-n", "100", "-seed", "3", "-chain", "5")
	if err != nil {
		t.Fatal(err)
	}
	c := rng.NewChain(3, 5)
	b := []byte(stdout)
	if len(b) != 800 {
		t.Fatalf("%d bytes, want 800", len(b))
	}
	for i := range 100 {
		if got, want := math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:])), c.Normal64(); got != want {
			t.Fatalf("normal %d: %v, want %v", i, got, want)
		}
	}
	stdout, _, err = thermobench(t, "rng", "-raw", "-n", "70001")
	if err != nil {
		t.Fatal(err)
	}
	s := rng.NewStream(1, 0)
	b = []byte(stdout)
	if len(b) != 70001 {
		t.Fatalf("%d raw bytes, want 70001", len(b))
	}
	for i := 0; i+4 <= len(b); i += 4 {
		if got, want := binary.LittleEndian.Uint32(b[i:]), s.Uint32(); got != want {
			t.Fatalf("raw output %d: %#x, want %#x", i/4, got, want)
		}
	}
	if _, _, err := thermobench(t, "rng", "-normal"); err == nil {
		t.Error("rng -normal without -n was accepted")
	}
}

func TestBenchJSON(t *testing.T) {
	stdout, _, err := thermobench(t, "bench", "-json", "-filter", "^normal/f64$")
	if err != nil {
		t.Fatal(err)
	}
	var rep benchReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if len(rep.Results) != 1 || rep.Results[0].Name != "normal/f64" || !(rep.Results[0].Value > 0) || rep.Results[0].Unit != "ns/sample" {
		t.Errorf("results %+v", rep.Results)
	}
	if _, _, err := thermobench(t, "bench", "-isa", "sse9"); err == nil {
		t.Error("bench -isa sse9 was accepted")
	}
}

func TestInfo(t *testing.T) {
	stdout, _, err := thermobench(t, "info")
	if err != nil || !strings.Contains(stdout, "generic") || !strings.Contains(stdout, "baoab/f32") {
		t.Errorf("info: %v\n%s", err, stdout)
	}
}

// TestExamplesValidate keeps the run specs in examples/ in step with the code.
func TestExamplesValidate(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	for _, f := range files {
		fs := newFlagSet("run", "", &bytes.Buffer{})
		flagged := thermo.DefaultSpec()
		specFlags(fs, &flagged)
		spec, err := resolveSpec(fs, flagged, f)
		if err == nil {
			_, err = spec.Validate()
		}
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestProgressFile follows a run through -progress-file: every line is a
// JSON object, the last says the run is done, and mala's lines carry its
// acceptance.
func TestProgressFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.jsonl")
	args := strings.Fields("run -quiet -model double-well -dim 4 -chains 4096 -steps 3000 -burnin 500 -integrator mala -progress-every 20ms -progress-file " + path)
	if _, stderr, err := thermobench(t, args...); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	var last progressLine
	for _, l := range lines {
		if err := json.Unmarshal([]byte(l), &last); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
	}
	if !last.Done || last.Fraction != 1 || last.Chains != 4096 || last.Acceptance == nil || last.ElementStepsPerSec <= 0 {
		t.Errorf("last line %+v", last)
	}
	if seed := filepath.Join(t.TempDir(), "seed.toml"); os.WriteFile(seed, []byte("model = \"gaussian\"\nseed = -1\n"), 0o644) == nil {
		if _, _, err := thermobench(t, "run", "-quiet", "-config", seed); err == nil || !strings.Contains(err.Error(), "seed") {
			t.Errorf("a negative seed in TOML: got %v", err)
		}
	}
}

// TestDiagCommand: diag DIR writes diag.json with the values run.json
// holds, and names a directory without a run.
func TestDiagCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if _, stderr, err := thermobench(t, strings.Fields("run -quiet -model gaussian -dim 3 -chains 256 -out "+dir)...); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	stdout, stderr, err := thermobench(t, "diag", dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "ess_bulk") || !strings.Contains(stdout, "rhat") {
		t.Errorf("diag printed:\n%s", stdout)
	}
	var report struct {
		Dims []map[string]any `json:"dims"`
	}
	var run struct {
		Diag []map[string]any `json:"diag"`
	}
	for path, v := range map[string]any{filepath.Join(dir, "diag.json"): &report, filepath.Join(dir, "run.json"): &run} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
	if len(report.Dims) != 3 || len(run.Diag) != 3 || report.Dims[2]["rhat"] != run.Diag[2]["rhat"] {
		t.Errorf("diag.json %v and run.json's diag %v differ", report.Dims, run.Diag)
	}
	if _, _, err := thermobench(t, "diag", t.TempDir()); err == nil || !strings.Contains(err.Error(), "run.json") {
		t.Errorf("a directory without a run: got %v", err)
	}
}
