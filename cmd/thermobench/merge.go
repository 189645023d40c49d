package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/thermoai/thermo"
)

// mergeCmd puts the pieces of a run together.
func mergeCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("merge", "merge -out DIR PIECE_DIR...", stderr)
	out := fs.String("out", "", "directory for the merged samples.npy and run.json")
	quiet := fs.Bool("quiet", false, "no summary")
	noDiag := fs.Bool("no-diag", false, "leave the diagnostics (ESS, R-hat) out of run.json, as run -no-diag does")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *out == "" || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "thermobench merge: give -out DIR and the -out directories of the pieces")
		fs.Usage()
		return errUsage
	}
	res, err := thermo.MergeOpts(*out, fs.Args(), *noDiag)
	if err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(stdout, "thermobench merge: %d pieces of %s, %d chains: wrote %s and %s\n", fs.NArg(), res.Spec.Model,
			res.Spec.Chains, filepath.Join(*out, "samples.npy"), filepath.Join(*out, "run.json"))
		printMoments(stdout, res)
	}
	return nil
}
