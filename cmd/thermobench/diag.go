package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/thermoai/thermo/diag"
)

// diagRows is how many dimensions the table shows; diag.json has them all.
const diagRows = 20

// diagCmd prints the convergence diagnostics of a run directory's samples
// and writes them to DIR/diag.json.
func diagCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("diag", "diag [-json] [-workers W] DIR\n\n"+
		"R-hat, bulk and tail ESS, MCSE of the mean and quantiles of every dimension of\n"+
		"DIR/samples.npy, as R's posterior::summarise_draws; writes DIR/diag.json.", stderr)
	jsonOut := fs.Bool("json", false, "print diag.json instead of the table")
	workers := fs.Int("workers", 0, "worker goroutines (0: all cores); never changes the results")
	dir, err := parseDir(fs, args)
	if err != nil {
		return err
	}
	r, err := diag.ReadRun(ctx, dir, diag.Options{Workers: *workers})
	if err != nil {
		return err
	}
	path := filepath.Join(dir, "diag.json")
	if err := r.WriteJSON(path); err != nil {
		return err
	}
	if *jsonOut {
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", b)
		return err
	}
	printDiag(stdout, r, dir, path)
	return nil
}

// parseDir parses the flags, before or after the one directory argument.
func parseDir(fs *flag.FlagSet, args []string) (string, error) {
	var dirs []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return "", err
			}
			return "", errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		dirs = append(dirs, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(dirs) != 1 {
		fmt.Fprintf(fs.Output(), "thermobench diag: give one run directory, not %d\n", len(dirs))
		fs.Usage()
		return "", errUsage
	}
	return dirs[0], nil
}

func printDiag(w io.Writer, r *diag.Report, dir, path string) {
	fmt.Fprintf(w, "%s: %d chains x %d draws x %d dims (%s), as R's posterior::summarise_draws\n",
		dir, r.Chains, r.Draws, r.Dim, r.Dtype)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "dim\tmean\tsd\tmcse_mean\tq5\tq50\tq95\tess_bulk\tess_tail\trhat\t")
	for k, s := range r.Dims[:min(len(r.Dims), diagRows)] {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", k,
			num(s.Mean, "%.4g"), num(s.SD, "%.4g"), num(s.MCSE, "%.3g"),
			num(s.Q5, "%.4g"), num(s.Q50, "%.4g"), num(s.Q95, "%.4g"),
			num(s.ESSBulk, "%.0f"), num(s.ESSTail, "%.0f"), num(s.Rhat, "%.3f"))
	}
	tw.Flush()
	if n := len(r.Dims) - diagRows; n > 0 {
		fmt.Fprintf(w, "... %d more dimensions in %s\n", n, path)
	}
	var high, low []string
	na := false
	for k, s := range r.Dims {
		for _, v := range []float64{s.SD, s.MCSE, s.ESSBulk, s.ESSTail, s.Rhat} {
			na = na || math.IsNaN(v)
		}
		if s.Rhat > 1.01 || math.IsInf(s.Rhat, 1) {
			high = append(high, fmt.Sprint(k))
		}
		if s.ESSBulk < 400 || s.ESSTail < 400 {
			low = append(low, fmt.Sprint(k))
		}
	}
	// Vehtari et al. (2021) ask for R-hat below 1.01 and ESS above 400.
	if len(high) > 0 {
		fmt.Fprintf(w, "R-hat above 1.01 in %d of %d dimensions: %s\n", len(high), len(r.Dims), listDims(high))
	}
	if len(low) > 0 {
		fmt.Fprintf(w, "bulk or tail ESS below 400 in %d of %d dimensions: %s\n", len(low), len(r.Dims), listDims(low))
	}
	if na {
		fmt.Fprintln(w, "NA where posterior gives none: constant draws, or too few (R-hat needs 4 draws per chain, ESS 6)")
	}
	fmt.Fprintf(w, "wrote %s\n", path)
}

func listDims(d []string) string {
	if len(d) > 10 {
		return strings.Join(d[:10], ", ") + ", ..."
	}
	return strings.Join(d, ", ")
}

// num formats v, NaN as R's NA.
func num(v float64, format string) string {
	switch {
	case math.IsNaN(v):
		return "NA"
	case math.IsInf(v, 1):
		return "Inf"
	}
	return fmt.Sprintf(format, v)
}
