package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strings"

	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/perf"
)

// benchReport is the JSON object of bench -json, a public contract.
type benchReport struct {
	CPU     string        `json:"cpu"`
	ISA     string        `json:"isa"`
	Workers int           `json:"workers"`
	Results []perf.Result `json:"results"`
}

func benchCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", "bench [-json] [-isa NAME] [-workers W] [-filter REGEXP]", stderr)
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	isa := fs.String("isa", "", "force a kernel path (generic, avx2, avx512, neon), or all: every path usable here, results named NAME@PATH (default: the best here)")
	workers := fs.Int("workers", 0, "workers for the all-workers workloads (0: all cores)")
	filter := fs.String("filter", "", "run only the workloads whose name matches this regular expression")
	reps := fs.Int("reps", 5, "repetitions of each workload; the best is reported (at least 5)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := kernel.EnvError(); err != nil {
		return err
	}
	if *isa != "" && *isa != "all" {
		i, err := kernel.ParseISA(*isa)
		if err != nil {
			return fmt.Errorf("-isa: %w", err)
		}
		if err := kernel.Check(i); err != nil {
			return fmt.Errorf("-isa: %w", err)
		}
		defer kernel.ForceISA(i)()
	}
	re, err := regexp.Compile(*filter)
	if err != nil {
		return fmt.Errorf("-filter: %w", err)
	}
	if *workers < 0 {
		return fmt.Errorf("-workers must be non-negative, got %d", *workers)
	}
	if *workers == 0 {
		*workers = runtime.GOMAXPROCS(0)
	}
	if *reps < 5 {
		return fmt.Errorf("-reps must be at least 5, got %d", *reps)
	}
	brand, _ := kernel.CPUFeatures()
	rep := benchReport{CPU: brand, ISA: kernel.Current().String(), Workers: *workers}
	if !*asJSON {
		fmt.Fprintf(stdout, "cpu %s, kernel path %s, %d workers, best of %d\n", brand, rep.ISA, *workers, *reps)
	}
	show := func(r perf.Result) {
		if !*asJSON {
			fmt.Fprintf(stdout, "  %-40s %12.4g %s\n", r.Name, r.Value, r.Unit)
		}
	}
	if *isa == "all" {
		rep.ISA = "all"
		rep.Results = benchEveryPath(re, *workers, *reps, show)
	} else {
		rep.Results = perf.Bench(re, *workers, *reps, show)
	}
	if len(rep.Results) == 0 {
		return fmt.Errorf("-filter %q matches no workload", *filter)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(&rep)
	}
	return nil
}

// benchEveryPath runs thermo's workloads once per kernel path usable here,
// naming each result NAME@PATH, and the peers once.
func benchEveryPath(filter *regexp.Regexp, workers, reps int, each func(perf.Result)) []perf.Result {
	var ours, peers []perf.Workload
	for _, w := range perf.Workloads() {
		if strings.HasPrefix(w.Name, "peer/") {
			peers = append(peers, w)
		} else {
			ours = append(ours, w)
		}
	}
	var out []perf.Result
	for _, path := range kernel.Available() {
		suffix := "@" + path.String()
		restore := kernel.ForceISA(path)
		res := perf.BenchWorkloads(ours, filter, workers, reps, func(r perf.Result) {
			r.Name += suffix
			each(r)
		})
		restore()
		for i := range res {
			res[i].Name += suffix
		}
		out = append(out, res...)
	}
	return append(out, perf.BenchWorkloads(peers, filter, workers, reps, each)...)
}
