package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/thermoai/thermo"
	"github.com/thermoai/thermo/kernel"
)

// demoRuns are the runs of the demo: each model against its exact moments.
func demoRuns() []thermo.Spec {
	base := thermo.DefaultSpec()
	base.Seed = 2026
	mk := func(model string, dim, chains, steps, burnin int) thermo.Spec {
		s := base
		s.Model, s.Dim, s.Chains, s.Steps, s.Burnin, s.Thin = model, dim, chains, steps, burnin, 10
		return s
	}
	return []thermo.Spec{
		mk("gaussian", 16, 8192, 2000, 500),
		mk("coupled", 8, 4096, 2000, 500),
		mk("double-well", 2, 8192, 3000, 1000),
		mk("gmm", 2, 8192, 3000, 1000),
	}
}

func demo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", "demo [-out DIR] [-keep]", stderr)
	out := fs.String("out", "", "directory for the demo's output, kept (default: a temporary directory, removed at the end)")
	keep := fs.Bool("keep", false, "keep the temporary output")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		dir, err := os.MkdirTemp("", "thermo-demo-")
		if err != nil {
			return err
		}
		*out = dir
		if !*keep {
			defer os.RemoveAll(dir)
		}
	} else {
		*keep = true
	}
	brand, _ := kernel.CPUFeatures()
	fmt.Fprintf(stdout, "thermo %s demo: Langevin s-modes steered by a demon's force f = -grad U,\n", thermo.Version)
	fmt.Fprintf(stdout, "each run checked against the exact moments of exp(-U/kT).\n")
	fmt.Fprintf(stdout, "cpu %s, kernel path %s\n\n", brand, kernel.Current())
	start := time.Now()
	for _, spec := range demoRuns() {
		dir := filepath.Join(*out, spec.Model)
		// The moments against the exact ones are the demo's point; the
		// diagnostics would double its time (thermobench diag DIR has them).
		res, err := thermo.Run(ctx, spec, thermo.Options{Out: dir, NoDiag: true})
		if err != nil {
			return err
		}
		shown := dir
		if !*keep {
			shown = "" // removed at the end: not worth pointing to
		}
		printSummary(stdout, res, shown)
		fmt.Fprintln(stdout)
	}

	// The determinism contract, shown: the same spec on one worker and on
	// all of them, with another shard size, writes the same bytes.
	spec := demoRuns()[0]
	spec.Chains, spec.Steps, spec.Burnin = 2048, 400, 100
	var files [2][]byte
	for i, w := range []int{1, 0} {
		spec.Workers, spec.ShardSize = w, 64*(i+1)
		dir := filepath.Join(*out, fmt.Sprintf("determinism-%d", i))
		if _, err := thermo.Run(ctx, spec, thermo.Options{Out: dir, NoDiag: true}); err != nil {
			return err
		}
		b, err := os.ReadFile(filepath.Join(dir, "samples.npy"))
		if err != nil {
			return err
		}
		files[i] = b
	}
	same := "identical"
	if !bytes.Equal(files[0], files[1]) {
		same = "DIFFERENT (a bug: please report it)"
	}
	fmt.Fprintf(stdout, "determinism: samples.npy from 1 worker (shards of 64) and all workers (shards of 128): %s\n", same)
	if *keep {
		fmt.Fprintf(stdout, "demo finished in %.1f s; output in %s\n", time.Since(start).Seconds(), *out)
	} else {
		fmt.Fprintf(stdout, "demo finished in %.1f s; its temporary output is removed (-keep or -out DIR keeps it)\n", time.Since(start).Seconds())
	}
	fmt.Fprintf(stdout, "next: thermobench run -h, thermobench bench, thermobench info\n")
	return nil
}
