package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The job files under examples/ split a run into pieces through the
// environment alone, never with -shard: these tests read them as Kubernetes
// and Slurm would and run the command of one piece with the environment
// that piece would get.

const (
	indexedJobFile = "../../examples/k8s/indexed-job.yaml"
	arrayJobFile   = "../../examples/slurm/thermo-array.sbatch"
	jobPieces      = 4
	jobPiece       = 2 // the piece the tests run
)

// k8sObject holds the fields of a ConfigMap or a batch/v1 Job these tests
// read.
type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Data map[string]string `yaml:"data"`
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int    `yaml:"completions"`
		Parallelism    int    `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				Containers []struct {
					Command []string `yaml:"command"`
					Args    []string `yaml:"args"`
					Env     []struct {
						Name  string `yaml:"name"`
						Value string `yaml:"value"`
					} `yaml:"env"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name      string `yaml:"name"`
					ConfigMap *struct {
						Name string `yaml:"name"`
					} `yaml:"configMap"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// readK8sObjects decodes every document of a YAML file.
func readK8sObjects(t *testing.T, path string) []k8sObject {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var objs []k8sObject
	dec := yaml.NewDecoder(f)
	for {
		var o k8sObject
		err := dec.Decode(&o)
		if errors.Is(err, io.EOF) {
			return objs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		objs = append(objs, o)
	}
}

func TestIndexedJobFile(t *testing.T) {
	var job *k8sObject
	configMaps := map[string]map[string]string{}
	for _, o := range readK8sObjects(t, indexedJobFile) {
		switch o.Kind {
		case "Job":
			if job != nil {
				t.Fatalf("%s: more than one Job", indexedJobFile)
			}
			job = &o
		case "ConfigMap":
			configMaps[o.Metadata.Name] = o.Data
		}
	}
	if job == nil {
		t.Fatalf("%s: no Job", indexedJobFile)
	}
	s := job.Spec
	if job.APIVersion != "batch/v1" || s.CompletionMode != "Indexed" {
		t.Errorf("apiVersion %q, completionMode %q; want batch/v1, Indexed (which sets JOB_COMPLETION_INDEX)", job.APIVersion, s.CompletionMode)
	}
	if s.Completions != jobPieces || s.Parallelism != jobPieces {
		t.Errorf("completions %d, parallelism %d; want %d", s.Completions, s.Parallelism, jobPieces)
	}
	containers := s.Template.Spec.Containers
	if len(containers) != 1 {
		t.Fatalf("%d containers, want 1", len(containers))
	}
	c := containers[0]
	count := ""
	for _, e := range c.Env {
		if e.Name == "THERMO_SHARD_COUNT" {
			count = e.Value
		}
	}
	if count != strconv.Itoa(s.Completions) || count != strconv.Itoa(jobPieces) {
		t.Errorf("THERMO_SHARD_COUNT %q, want the completions, %d", count, jobPieces)
	}
	argv := append(append([]string{}, c.Command...), c.Args...)
	if len(argv) < 2 || argv[0] != "thermobench" || argv[1] != "run" {
		t.Fatalf("the container runs %q, want thermobench run", argv)
	}
	checkNoShardFlag(t, argv)
	if out, _ := flagValue(argv, "out"); !strings.HasSuffix(out, "$(JOB_COMPLETION_INDEX)") {
		t.Errorf("-out %q does not end in the piece's index, $(JOB_COMPLETION_INDEX)", out)
	}

	// The pod of one piece: its volumes in a temporary directory, each
	// ConfigMap's files in its volume, $(JOB_COMPLETION_INDEX) expanded as
	// the kubelet does, and the environment the Job controller gives it.
	dir := t.TempDir()
	host := map[string]string{} // mount path -> directory here
	for _, m := range c.VolumeMounts {
		d := filepath.Join(dir, m.Name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, v := range s.Template.Spec.Volumes {
			if v.Name != m.Name || v.ConfigMap == nil {
				continue
			}
			data, ok := configMaps[v.ConfigMap.Name]
			if !ok {
				t.Fatalf("volume %s: no ConfigMap %s in %s", v.Name, v.ConfigMap.Name, indexedJobFile)
			}
			for name, text := range data {
				if err := os.WriteFile(filepath.Join(d, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		host[m.MountPath] = d
	}
	args := argv[1:]
	for i, a := range args {
		a = strings.ReplaceAll(a, "$(JOB_COMPLETION_INDEX)", strconv.Itoa(jobPiece))
		for mount, d := range host {
			if rest, ok := strings.CutPrefix(a, strings.TrimSuffix(mount, "/")+"/"); ok {
				a = filepath.Join(d, rest)
			}
		}
		args[i] = a
	}
	clearPieceEnv(t)
	t.Setenv("JOB_COMPLETION_INDEX", strconv.Itoa(jobPiece))
	t.Setenv("THERMO_SHARD_COUNT", count)
	if _, stderr, err := thermobench(t, args...); err != nil {
		t.Fatalf("thermobench %q: %v\n%s", args, err, stderr)
	}
	out, _ := flagValue(args, "out")
	checkPieceRun(t, out, jobPiece, jobPieces)
}

func TestSlurmArrayScript(t *testing.T) {
	script, err := os.ReadFile(arrayJobFile)
	if err != nil {
		t.Fatal(err)
	}
	d := sbatchDirectives(string(script))
	if d["array"] != "0-"+strconv.Itoa(jobPieces-1) {
		t.Errorf("#SBATCH --array=%s, want 0-%d", d["array"], jobPieces-1)
	}
	if d["job-name"] == "" {
		t.Error("no #SBATCH --job-name")
	}
	if o := d["output"]; !strings.Contains(o, "%A") || !strings.Contains(o, "%a") {
		t.Errorf("#SBATCH --output=%s does not name the array job (%%A) and the task (%%a)", o)
	}
	if n, err := strconv.Atoi(d["cpus-per-task"]); err != nil || n < 1 {
		t.Errorf("#SBATCH --cpus-per-task=%s, want a count", d["cpus-per-task"])
	}

	// Task jobPiece of the array, as slurmd starts it, with a stand-in for
	// thermobench that writes down its arguments; the spec is the script's
	// default, relative to the repository's root.
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the script with")
	}
	dir := t.TempDir()
	stub := filepath.Join(dir, "thermobench")
	argsFile := filepath.Join(dir, "args")
	if err := os.WriteFile(stub, []byte("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >\"$ARGS_FILE\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "out")
	cmd := exec.Command(bash, filepath.Join(root, "examples", "slurm", "thermo-array.sbatch"))
	cmd.Dir = root
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SLURM_") && !strings.HasPrefix(kv, "THERMO_") && !strings.HasPrefix(kv, "JOB_COMPLETION_INDEX=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "SLURM_ARRAY_JOB_ID=77", "SLURM_ARRAY_TASK_ID="+strconv.Itoa(jobPiece),
		"SLURM_ARRAY_TASK_COUNT="+strconv.Itoa(jobPieces), "SLURM_ARRAY_TASK_MIN=0",
		"SLURM_ARRAY_TASK_MAX="+strconv.Itoa(jobPieces-1), "SLURM_CPUS_PER_TASK=1",
		"THERMO_BIN="+stub, "THERMO_OUT="+outDir, "ARGS_FILE="+argsFile)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", arrayJobFile, err, stderr.String())
	}
	b, err := os.ReadFile(argsFile)
	if err != nil {
		t.Fatalf("the script did not run $THERMO_BIN: %v\n%s", err, stderr.String())
	}
	args := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if args[0] != "run" {
		t.Fatalf("the script runs thermobench %q, want thermobench run", args)
	}
	checkNoShardFlag(t, args)
	want := filepath.Join(outDir, "piece-"+strconv.Itoa(jobPiece))
	if out, _ := flagValue(args, "out"); out != want {
		t.Errorf("-out %q, want %q: $THERMO_OUT/piece-$SLURM_ARRAY_TASK_ID", out, want)
	}
	spec, i := flagValue(args, "config")
	if spec == "" {
		t.Fatalf("thermobench %q: no -config", args)
	}
	if !filepath.IsAbs(spec) {
		spec = filepath.Join(root, spec)
		args[i] = spec
	}
	if _, err := os.Stat(spec); err != nil {
		t.Errorf("the script's default spec: %v", err)
	}
	clearPieceEnv(t)
	t.Setenv("SLURM_ARRAY_TASK_ID", strconv.Itoa(jobPiece))
	t.Setenv("SLURM_ARRAY_TASK_COUNT", strconv.Itoa(jobPieces))
	if _, stderr, err := thermobench(t, args...); err != nil {
		t.Fatalf("thermobench %q: %v\n%s", args, err, stderr)
	}
	checkPieceRun(t, want, jobPiece, jobPieces)
}

// sbatchDirectives returns the long options of the #SBATCH lines that
// sbatch reads: those before the script's first command.
func sbatchDirectives(script string) map[string]string {
	d := map[string]string{}
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			break
		}
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "#SBATCH" || !strings.HasPrefix(f[1], "--") {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimPrefix(f[1], "--"), "=")
		if !ok && len(f) > 2 {
			v = f[2]
		}
		d[k] = v
	}
	return d
}

// flagValue returns the value of -name (or --name, -name=v) in args and
// the index of the argument that holds it; "", -1 if it is not there.
func flagValue(args []string, name string) (string, int) {
	for i, a := range args {
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if a == name && i+1 < len(args) {
			return args[i+1], i + 1
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, i
		}
	}
	return "", -1
}

// checkNoShardFlag fails the test if args give -shard: a job's pieces come
// from its environment.
func checkNoShardFlag(t *testing.T, args []string) {
	t.Helper()
	for _, a := range args {
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if a == "shard" || strings.HasPrefix(a, "shard=") {
			t.Errorf("the command gives -shard (%q): the piece should come from the job's environment", args)
		}
	}
}

// clearPieceEnv empties the variables a piece is read from, whatever
// job the test itself runs in.
func clearPieceEnv(t *testing.T) {
	for _, k := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN",
		"SLURM_ARRAY_TASK_MAX", "JOB_COMPLETION_INDEX", "THERMO_SHARD_COUNT"} {
		t.Setenv(k, "")
	}
}

// checkPieceRun checks that dir holds piece index of count: chains
// [index*N/count, (index+1)*N/count) of the spec's N.
func checkPieceRun(t *testing.T, dir string, index, count int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rj struct {
		Spec struct {
			Chains int `json:"chains"`
		} `json:"spec"`
		Samples struct {
			Shape []int `json:"shape"`
		} `json:"samples"`
		Piece *struct {
			Index      int `json:"index"`
			Count      int `json:"count"`
			FirstChain int `json:"first_chain"`
			Chains     int `json:"chains"`
		} `json:"piece"`
	}
	if err := json.Unmarshal(b, &rj); err != nil {
		t.Fatal(err)
	}
	n := rj.Spec.Chains
	lo, hi := index*n/count, (index+1)*n/count
	p := rj.Piece
	if p == nil || p.Index != index || p.Count != count || p.FirstChain != lo || p.Chains != hi-lo ||
		len(rj.Samples.Shape) != 3 || rj.Samples.Shape[0] != hi-lo {
		t.Errorf("%s: piece %+v, shape %v; want piece %d/%d, chains [%d, %d) of %d", dir, p, rj.Samples.Shape, index, count, lo, hi, n)
	}
}
