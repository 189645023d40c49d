package thermo_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thermoai/thermo"
)

// TestMergePieces runs a spec whole and in 4 pieces (1001 chains do not
// divide by 4), merges the pieces, and compares the bytes.
func TestMergePieces(t *testing.T) {
	for _, integ := range []string{"baoab", "hmc"} {
		spec := thermo.DefaultSpec()
		spec.Model, spec.Dim, spec.Chains, spec.Integrator = "coupled", 3, 1001, integ
		spec.Steps, spec.Burnin, spec.Thin, spec.Adapt, spec.Leapfrog = 200, 50, 5, false, 4
		whole := t.TempDir()
		if _, err := thermo.Run(context.Background(), spec, thermo.Options{Out: whole}); err != nil {
			t.Fatal(err)
		}
		var dirs []string
		for i := 3; i >= 0; i-- { // any order
			d := filepath.Join(t.TempDir(), fmt.Sprint("piece", i))
			s := spec
			s.Workers = 1 + i%2
			if _, err := thermo.Run(context.Background(), s, thermo.Options{Out: d, Piece: thermo.Piece{Index: i, Count: 4}}); err != nil {
				t.Fatal(err)
			}
			dirs = append(dirs, d)
		}
		merged := t.TempDir()
		if _, err := thermo.Merge(merged, dirs); err != nil {
			t.Fatal(err)
		}
		if !sameFile(t, filepath.Join(merged, "samples.npy"), filepath.Join(whole, "samples.npy")) {
			t.Errorf("%s: merged samples.npy differs from the whole run's", integ)
		}
		if a, b := withoutPerformance(t, filepath.Join(merged, "run.json")), withoutPerformance(t, filepath.Join(whole, "run.json")); !bytes.Equal(a, b) {
			t.Errorf("%s: merged run.json differs from the whole run's:\n%s\n%s", integ, a, b)
		}
		if integ != "baoab" {
			continue
		}
		// Refusals, each naming the piece.
		other := spec
		other.Seed++
		foreign := t.TempDir()
		if _, err := thermo.Run(context.Background(), other, thermo.Options{Out: foreign, Piece: thermo.Piece{Index: 1, Count: 4}}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			dirs []string
			want string
		}{
			{"missing", dirs[:3], "piece 0/4 of the run is missing"},
			{"duplicate", append(append([]string{}, dirs...), dirs[1]), "are both piece 2/4"},
			{"foreign", append([]string{dirs[0], foreign}, dirs[2:]...), foreign},
			{"whole", append([]string{whole}, dirs...), "not a piece"},
		} {
			if _, err := thermo.Merge(t.TempDir(), c.dirs); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: got %v, want an error saying %q", c.name, err, c.want)
			}
		}
	}
}

func TestPieceFromEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, c := range []struct {
		env  func(string) string
		want thermo.Piece
		ok   bool
		err  string
	}{
		{env(), thermo.Piece{}, false, ""},
		{env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "4"), thermo.Piece{Index: 2, Count: 4}, true, ""},
		{env("SLURM_ARRAY_TASK_ID", "12", "SLURM_ARRAY_TASK_MIN", "10", "SLURM_ARRAY_TASK_MAX", "13"), thermo.Piece{Index: 2, Count: 4}, true, ""},
		{env("SLURM_ARRAY_TASK_ID", "x", "SLURM_ARRAY_TASK_COUNT", "4"), thermo.Piece{}, false, "SLURM_ARRAY_TASK_ID"},
		{env("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_COUNT", "4"), thermo.Piece{}, false, "-shard"},
		{env("JOB_COMPLETION_INDEX", "3", "THERMO_SHARD_COUNT", "4"), thermo.Piece{Index: 3, Count: 4}, true, ""},
		{env("JOB_COMPLETION_INDEX", "3"), thermo.Piece{}, false, "THERMO_SHARD_COUNT"},
	} {
		p, ok, err := thermo.PieceFromEnv(c.env)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("got %v, want an error naming %s", err, c.err)
			}
			continue
		}
		if err != nil || ok != c.ok || p != c.want {
			t.Errorf("got %v %v %v, want %v %v", p, ok, err, c.want, c.ok)
		}
	}
	for _, s := range []string{"3/2", "-1/4", "1", "a/b", "0/0", "4/4"} {
		if _, err := thermo.ParsePiece(s); err == nil || !strings.Contains(err.Error(), "-shard") {
			t.Errorf("ParsePiece(%q): got %v, want an error naming -shard", s, err)
		}
	}
	if p, err := thermo.ParsePiece("2/4"); err != nil || p != (thermo.Piece{Index: 2, Count: 4}) {
		t.Errorf("ParsePiece(2/4) = %v, %v", p, err)
	}
}
