// Command thermobench runs Thermodynamic AI simulations and benchmarks the
// kernels that drive them.
//
//	thermobench                 a one-minute demo with a readable summary
//	thermobench run [flags]     a sampling run; -out DIR writes samples.npy and run.json
//	thermobench bench [flags]   throughput of the kernels and the engine, beside Go's peers
//	thermobench linalg [flags]  solve A x = b (and A⁻¹) by sampling s-modes
//	thermobench info            CPU features and the kernel path in use
//	thermobench rng [flags]     raw or normal random streams on stdout
//
// Run "thermobench CMD -h" for the flags of CMD.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

const usage = `thermobench simulates Thermodynamic AI systems: many chains of Langevin
s-modes steered by a demon's force, sampled at the speed limit of the CPU.

Usage:
  thermobench                 run the demo: four models, their moments against
                              the exact values, throughput (under a minute)
  thermobench run [flags]     a sampling run (-model NAME or -config FILE.toml);
                              -out DIR writes DIR/samples.npy and DIR/run.json
  thermobench bench [flags]   benchmark workloads beside Go's own peers (-json)
  thermobench merge -out DIR PIECE...
                              put the pieces of a run (-shard i/n) together
  thermobench diag DIR        R-hat, ESS, MCSE per dimension of DIR/samples.npy
  thermobench linalg -A A.npy -b b.npy [-inverse] -out DIR
                              solve A x = b (and estimate A^-1) by sampling
                              s-modes; errors against gonum's Cholesky solve
  thermobench info            CPU features and the kernel path in use
  thermobench rng [flags]     random streams on stdout (-raw for dieharder)

Run "thermobench CMD -h" for the flags of CMD.
`

// errUsage marks errors for which the command's usage has been printed.
var errUsage = errors.New("usage")

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	// The first SIGINT or SIGTERM stops a run at its next step boundary
	// (saving a checkpoint when it keeps them); a second one exits at once.
	var caught atomic.Value
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for sig := range sigs {
			if caught.Load() != nil {
				os.Exit(exitCode(sig))
			}
			caught.Store(sig)
			cancel()
		}
	}()
	err := dispatch(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "thermobench:", err)
		if sig, ok := caught.Load().(os.Signal); ok {
			os.Exit(exitCode(sig))
		}
		os.Exit(1)
	}
}

// exitCode is the shell's code for a process ended by sig: 128 + its
// number (130 for SIGINT, 143 for SIGTERM).
func exitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return demo(ctx, nil, stdout, stderr)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "demo":
		return demo(ctx, rest, stdout, stderr)
	case "run":
		return runCmd(ctx, rest, stdout, stderr)
	case "bench":
		return benchCmd(ctx, rest, stdout, stderr)
	case "info":
		return infoCmd(rest, stdout, stderr)
	case "merge":
		return mergeCmd(rest, stdout, stderr)
	case "rng":
		return rngCmd(rest, stdout, stderr)
	case "diag":
		return diagCmd(ctx, rest, stdout, stderr)
	case "linalg":
		return linalgCmd(ctx, rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "thermobench: unknown command %q\n\n%s", cmd, usage)
	return errUsage
}

// newFlagSet returns a flag set that reports errors through the caller
// rather than exiting.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: thermobench %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, turning a flag error into errUsage (the flag package
// has printed it) and rejecting stray arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "thermobench %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}
