package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/thermoai/thermo/output"
	"github.com/thermoai/thermo/tla"
)

// linalgReport is DIR/linalg.json.
type linalgReport struct {
	D             int      `json:"d"`
	Chains        int      `json:"chains"`
	Steps         int      `json:"steps"`
	Burnin        int      `json:"burnin"`
	Dt            float64  `json:"dt"`
	KT            float64  `json:"kT"`
	Seed          uint64   `json:"seed"`
	SimulatedTime float64  `json:"simulated_time"`
	ErrorX        float64  `json:"error_x"`
	ErrorInv      *float64 `json:"error_inv"`
	PredictedX    float64  `json:"predicted_error_x"`
	PredictedInv  *float64 `json:"predicted_error_inv"`
	WallSeconds   float64  `json:"wall_seconds"`
}

// linalgCmd solves A x = b, and estimates A⁻¹, by thermodynamic linear
// algebra (package tla), and compares the result with gonum's Cholesky
// solve.
func linalgCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("linalg", "linalg -A A.npy -b b.npy [-inverse] [-chains N] [-samples N | -steps N] [-dt h] [-seed s] -out DIR\n\n"+
		"Solves A x = b for a symmetric positive definite A by averaging the states of\n"+
		"overdamped s-modes dx = -(A x - b) dt + sqrt(2 kT) dw (stationary law\n"+
		"N(A^-1 b, kT A^-1)); -inverse also estimates A^-1 from their covariance. Writes\n"+
		"DIR/x.npy, DIR/inv.npy and DIR/linalg.json and prints the relative errors\n"+
		"against gonum's Cholesky solve beside the expected ones.", stderr)
	aPath := fs.String("A", "", "the d×d symmetric positive definite matrix, a .npy file (float32 or float64)")
	bPath := fs.String("b", "", "the right-hand side, a .npy file of d elements")
	inverse := fs.Bool("inverse", false, "estimate A^-1 too (DIR/inv.npy)")
	chains := fs.Int("chains", tla.DefaultChains, "independent chains")
	samples := fs.Int("samples", 0, "recorded draws in all, over the chains (sets -steps to samples/chains, rounded up)")
	steps := fs.Int("steps", 0, fmt.Sprintf("recorded steps per chain after burn-in (default %d)", tla.DefaultSteps))
	burnin := fs.Int("burnin", 0, "steps discarded first (0: 16/λ_min of time)")
	dt := fs.Float64("dt", 0, "time step (0: 1/λ_max)")
	kT := fs.Float64("kT", 1, "temperature kT")
	seed := fs.Uint64("seed", 1, "seed of every chain's random stream")
	workers := fs.Int("workers", 0, "worker goroutines (0: all cores); never changes the result")
	out := fs.String("out", "", "output directory")
	if err := parse(fs, args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	switch {
	case *aPath == "":
		return errors.New("linalg: -A is required")
	case *bPath == "":
		return errors.New("linalg: -b is required")
	case *out == "":
		return errors.New("linalg: -out is required")
	case given["samples"] && given["steps"]:
		return errors.New("linalg: give -samples or -steps, not both")
	case *chains < 1:
		return fmt.Errorf("linalg: -chains must be at least 1, got %d", *chains)
	case given["samples"] && *samples < 1:
		return fmt.Errorf("linalg: -samples must be at least 1, got %d", *samples)
	case given["steps"] && *steps < 1:
		return fmt.Errorf("linalg: -steps must be at least 1, got %d", *steps)
	case *burnin < 0:
		return fmt.Errorf("linalg: -burnin must be non-negative, got %d", *burnin)
	case given["dt"] && !(*dt > 0 && *dt < 1e300):
		return fmt.Errorf("linalg: -dt must be positive and finite, got %v", *dt)
	case !(*kT > 0 && *kT < 1e300):
		return fmt.Errorf("linalg: -kT must be positive and finite, got %v", *kT)
	}
	if given["samples"] {
		*steps = (*samples + *chains - 1) / *chains
	}

	shape, a, err := output.ReadArray[float64](*aPath)
	if err != nil {
		return fmt.Errorf("linalg: -A: %w", err)
	}
	if len(shape) != 2 || shape[0] != shape[1] || shape[0] < 1 {
		return fmt.Errorf("linalg: -A %s: shape %v is not a square matrix", *aPath, shape)
	}
	d := shape[0]
	bshape, b, err := output.ReadArray[float64](*bPath)
	if err != nil {
		return fmt.Errorf("linalg: -b: %w", err)
	}
	if len(b) != d || len(bshape) > 2 || (len(bshape) == 2 && bshape[0] != 1 && bshape[1] != 1) {
		return fmt.Errorf("linalg: -b %s: shape %v, want a vector of %d elements (the order of -A)", *bPath, bshape, d)
	}
	if err := tla.Check(a, nil, d); err != nil {
		return fmt.Errorf("linalg: -A %s: %w", *aPath, err)
	}
	if err := tla.Check(a, b, d); err != nil {
		return fmt.Errorf("linalg: -b %s: %w", *bPath, err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("linalg: -out: %w", err)
	}
	opts := tla.Options{Chains: *chains, Steps: *steps, Burnin: *burnin, Dt: *dt, KT: *kT,
		Seed: *seed, Workers: *workers, Inverse: *inverse}
	if given["burnin"] && *burnin == 0 {
		opts.Burnin = -1
	}
	sol, err := tla.Solve(ctx, a, b, d, opts)
	if err != nil {
		return fmt.Errorf("linalg: %w", err)
	}
	px, pinv, err := tla.StandardError(a, b, d, sol.Chains, sol.Steps, sol.Dt, sol.KT)
	if err != nil {
		return fmt.Errorf("linalg: %w", err)
	}
	rep := linalgReport{D: d, Chains: sol.Chains, Steps: sol.Steps, Burnin: sol.Burnin, Dt: sol.Dt, KT: sol.KT,
		Seed: *seed, SimulatedTime: sol.SimulatedTime, ErrorX: sol.ErrorX, PredictedX: px,
		WallSeconds: sol.Wall.Seconds()}
	if err := output.WriteArray(filepath.Join(*out, "x.npy"), []int{d}, sol.X); err != nil {
		return fmt.Errorf("linalg: -out: %w", err)
	}
	if *inverse {
		rep.ErrorInv, rep.PredictedInv = &sol.ErrorInv, &pinv
		if err := output.WriteArray(filepath.Join(*out, "inv.npy"), []int{d, d}, sol.Inv); err != nil {
			return fmt.Errorf("linalg: -out: %w", err)
		}
	}
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := output.WriteFileAtomic(filepath.Join(*out, "linalg.json"), append(js, '\n')); err != nil {
		return fmt.Errorf("linalg: -out: %w", err)
	}

	fmt.Fprintf(stdout, "A x = b, d = %d: %d chains x %d steps of dt %.4g (burn-in %d), simulated time %.4g per chain, kT %g, %.2fs\n",
		d, sol.Chains, sol.Steps, sol.Dt, sol.Burnin, sol.SimulatedTime, sol.KT, sol.Wall.Seconds())
	fmt.Fprintf(stdout, "  x:    relative error %.3e against gonum's Cholesky solve (expected %.3e)\n", sol.ErrorX, px)
	if *inverse {
		fmt.Fprintf(stdout, "  A^-1: relative error %.3e (Frobenius) against gonum's Cholesky inverse (expected %.3e)\n", sol.ErrorInv, pinv)
	}
	fmt.Fprintf(stdout, "  wrote %s\n", *out)
	return nil
}
