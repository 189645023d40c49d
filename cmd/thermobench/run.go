package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/pkg/profile"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/thermoai/thermo"
	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/schedule"
)

// specFlags binds the flags of a run to a Spec; after a config file is
// loaded, only the flags given on the command line override it.
func specFlags(fs *flag.FlagSet, s *thermo.Spec) {
	fs.StringVar(&s.Model, "model", s.Model, "model: "+strings.Join(models.Names(), ", "))
	fs.IntVar(&s.Dim, "dim", s.Dim, "dimensions (s-modes) per chain")
	fs.IntVar(&s.Chains, "chains", s.Chains, "number of independent chains")
	fs.IntVar(&s.Steps, "steps", s.Steps, "total steps, burn-in included")
	fs.IntVar(&s.Burnin, "burnin", s.Burnin, "steps discarded before recording")
	fs.IntVar(&s.Thin, "thin", s.Thin, "record every thin-th step after burn-in")
	fs.Float64Var(&s.Dt, "dt", s.Dt, "time step")
	fs.Float64Var(&s.Friction, "friction", s.Friction, "friction gamma")
	fs.Float64Var(&s.Mass, "mass", s.Mass, "mass of every s-mode (baoab)")
	fs.Float64Var(&s.KT, "kT", s.KT, "temperature kT")
	fs.Float64Var(&s.InitScale, "init-scale", s.InitScale, "initial state x0 ~ N(0, init-scale^2)")
	fs.Uint64Var(&s.Seed, "seed", s.Seed, "seed of every chain's random stream")
	fs.StringVar(&s.Integrator, "integrator", s.Integrator, "integrator: "+strings.Join(thermo.Integrators, ", "))
	fs.StringVar(&s.Precision, "precision", s.Precision, "working precision: f32 or f64")
	fs.IntVar(&s.Workers, "workers", s.Workers, "worker goroutines (0: all cores); never changes the samples")
	fs.IntVar(&s.ShardSize, "shard-size", s.ShardSize, "chains per shard (0: from the cache size); never changes the samples")
	fs.IntVar(&s.Leapfrog, "leapfrog", s.Leapfrog, "leapfrog steps per HMC proposal (hmc)")
	fs.Float64Var(&s.Jitter, "jitter", s.Jitter, "relative spread of the HMC step per proposal, uniform in dt (1 ± jitter) (hmc)")
	fs.BoolVar(&s.Adapt, "adapt", s.Adapt, "adapt dt during burn-in towards -target-accept (mala, hmc)")
	fs.Float64Var(&s.TargetAccept, "target-accept", s.TargetAccept, "mean acceptance probability aimed at (0: 0.57 for mala, 0.8 for hmc)")
	fs.Func("anneal", "kT schedule: linear:FROM:TO, geometric:FROM:TO or points:T=V,T=V,... over nominal time s*dt (overrides -kT)", scheduleFlag(&s.Schedule.KT))
	fs.Func("dt-schedule", "dt schedule, as -anneal (overrides -dt, which stays the clock's unit)", scheduleFlag(&s.Schedule.Dt))
	fs.Float64Var(&s.Mismatch, "mismatch", s.Mismatch, "relative error of every component of the simulated chip (rc)")
	fs.StringVar(&s.MismatchPer, "mismatch-per", s.MismatchPer, "chip: one chip for all chains; chain: every chain a chip of its own (ou)")
}

// pieceOf reads -shard, or the piece of a job array from the environment.
func pieceOf(flag string, getenv func(string) string) (thermo.Piece, error) {
	if flag != "" {
		return thermo.ParsePiece(flag)
	}
	p, _, err := thermo.PieceFromEnv(getenv)
	return p, err
}

// parseEvery reads -checkpoint-every: a step count or a duration.
func parseEvery(v string) (steps int, every time.Duration, err error) {
	if n, err := strconv.Atoi(v); err == nil {
		if n < 1 {
			return 0, 0, fmt.Errorf("-checkpoint-every %d: want at least 1 step", n)
		}
		return n, 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, 0, fmt.Errorf("-checkpoint-every %q is neither a step count nor a positive duration (30s, 10m)", v)
	}
	return 0, d, nil
}

// scheduleFlag parses a schedule flag into *dst.
func scheduleFlag(dst **schedule.Schedule) func(string) error {
	return func(v string) error {
		s, err := schedule.Parse(v)
		if err != nil {
			return err
		}
		*dst = &s
		return nil
	}
}

// loadConfig reads a TOML run spec over spec; unknown keys are errors.
func loadConfig(path string, spec *thermo.Spec) error {
	md, err := toml.DecodeFile(path, spec)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			if perr.LastKey != "" {
				return fmt.Errorf("-config %s: line %d (%s): %s", path, perr.Position.Line, perr.LastKey, perr.Message)
			}
			return fmt.Errorf("-config %s: line %d: %s", path, perr.Position.Line, perr.Message)
		}
		return fmt.Errorf("-config %s: %w", path, err)
	}
	// TOML integers are signed: a seed below zero would wrap around.
	var seed struct {
		Seed *int64 `toml:"seed"`
	}
	if _, err := toml.DecodeFile(path, &seed); err == nil && seed.Seed != nil && *seed.Seed < 0 {
		return fmt.Errorf("-config %s: seed = %d: a seed is a whole number from 0 to 2^64-1, as -seed is", path, *seed.Seed)
	}
	for _, key := range md.Undecoded() {
		if len(key) > 1 && key[0] == "params" {
			continue // model parameters are checked by the model
		}
		return fmt.Errorf("-config %s: unknown key %q", path, key.String())
	}
	return nil
}

// resolveSpec builds the spec of a run: defaults, then the config file,
// then the flags given on the command line.
func resolveSpec(fs *flag.FlagSet, flagged thermo.Spec, config string) (thermo.Spec, error) {
	spec := thermo.DefaultSpec()
	if config != "" {
		if err := loadConfig(config, &spec); err != nil {
			return spec, err
		}
	}
	set := map[string]func(){
		"model": func() { spec.Model = flagged.Model }, "dim": func() { spec.Dim = flagged.Dim },
		"chains": func() { spec.Chains = flagged.Chains }, "steps": func() { spec.Steps = flagged.Steps },
		"burnin": func() { spec.Burnin = flagged.Burnin }, "thin": func() { spec.Thin = flagged.Thin },
		"dt": func() { spec.Dt = flagged.Dt }, "friction": func() { spec.Friction = flagged.Friction },
		"mass": func() { spec.Mass = flagged.Mass }, "kT": func() { spec.KT = flagged.KT },
		"init-scale": func() { spec.InitScale = flagged.InitScale }, "seed": func() { spec.Seed = flagged.Seed },
		"integrator": func() { spec.Integrator = flagged.Integrator },
		"precision":  func() { spec.Precision = flagged.Precision },
		"workers":    func() { spec.Workers = flagged.Workers }, "shard-size": func() { spec.ShardSize = flagged.ShardSize },
		"leapfrog": func() { spec.Leapfrog = flagged.Leapfrog }, "adapt": func() { spec.Adapt = flagged.Adapt },
		"jitter":        func() { spec.Jitter = flagged.Jitter },
		"target-accept": func() { spec.TargetAccept = flagged.TargetAccept },
		"anneal":        func() { spec.Schedule.KT = flagged.Schedule.KT },
		"dt-schedule":   func() { spec.Schedule.Dt = flagged.Schedule.Dt },
		"mismatch":      func() { spec.Mismatch = flagged.Mismatch },
		"mismatch-per":  func() { spec.MismatchPer = flagged.MismatchPer },
	}
	fs.Visit(func(f *flag.Flag) {
		if apply, ok := set[f.Name]; ok {
			apply()
		}
	})
	return spec, nil
}

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", "run [-model NAME | -config FILE.toml] [flags]", stderr)
	flagged := thermo.DefaultSpec()
	specFlags(fs, &flagged)
	config := fs.String("config", "", "TOML run spec (flags given override it); see examples/")
	out := fs.String("out", "", "directory for samples.npy and run.json")
	quiet := fs.Bool("quiet", false, "no progress bar and no summary")
	prof := fs.String("profile", "", "write a cpu or mem profile to the current directory")
	shard := fs.String("shard", "", "run piece i/n of the chains: [i*N/n, (i+1)*N/n); default from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT\nor JOB_COMPLETION_INDEX/THERMO_SHARD_COUNT; 0/1 is the whole run")
	checkpoint := fs.String("checkpoint", "", "directory for checkpoints of the run, taken every -checkpoint-every and on SIGINT or SIGTERM")
	every := fs.String("checkpoint-every", "1000", "steps between checkpoints (a number), or time between them (30s, 10m)")
	resume := fs.Bool("resume", false, "go on from the checkpoint in -checkpoint DIR (the same spec, any -workers)")
	noDiag := fs.Bool("no-diag", false, "leave the diagnostics (bulk and tail ESS, R-hat, MCSE, quantiles) out of run.json")
	progressFile := fs.String("progress-file", "", "append a JSON line about the run to this file every -progress-every (for tail -f)")
	progressEvery := fs.Duration("progress-every", 10*time.Second, "interval of -progress-file")
	if err := parse(fs, args); err != nil {
		return err
	}
	spec, err := resolveSpec(fs, flagged, *config)
	if err != nil {
		return err
	}
	if _, err := spec.Validate(); err != nil {
		return err
	}
	opts := thermo.Options{Out: *out, NoDiag: *noDiag}
	if opts.Piece, err = pieceOf(*shard, os.Getenv); err != nil {
		return err
	}
	if *checkpoint != "" || *resume {
		opts.Checkpoint = thermo.Checkpoint{Dir: *checkpoint, Resume: *resume}
		if opts.Checkpoint.EverySteps, opts.Checkpoint.Every, err = parseEvery(*every); err != nil {
			return err
		}
	}
	stopProfile, err := startProfile(*prof)
	if err != nil {
		return err
	}
	defer stopProfile()

	var progress atomic.Int64
	lo, hi := opts.Piece.Range(spec.Chains)
	total := int64(hi-lo) * int64(spec.Steps)
	done := showProgress(&progress, total, *quiet, stderr)
	opts.Progress, opts.Acceptance = &progress, new(engine.AcceptanceMeter)
	if *progressFile != "" {
		if *progressEvery <= 0 {
			return fmt.Errorf("-progress-every %v: want a positive duration", *progressEvery)
		}
		stop, err := followProgress(*progressFile, *progressEvery, &progress, opts.Acceptance, hi-lo, spec.Dim, total)
		if err != nil {
			return err
		}
		defer stop()
	}
	res, err := thermo.Run(ctx, spec, opts)
	done()
	if err != nil {
		if errors.Is(err, engine.ErrStopped) && *checkpoint != "" {
			return fmt.Errorf("%w; its checkpoint is in %s: the same command with -resume goes on from it", err, *checkpoint)
		}
		return err
	}
	if !*quiet {
		printSummary(stdout, res, *out)
	}
	return nil
}

func startProfile(kind string) (stop func(), err error) {
	var mode func(*profile.Profile)
	switch kind {
	case "":
		return func() {}, nil
	case "cpu":
		mode = profile.CPUProfile
	case "mem":
		mode = profile.MemProfile
	default:
		return nil, fmt.Errorf("-profile %q is unknown (known: cpu, mem)", kind)
	}
	p := profile.Start(mode, profile.ProfilePath("."), profile.NoShutdownHook, profile.Quiet)
	return p.Stop, nil
}

// showProgress draws a progress bar on stderr while a run goes, when stderr
// is a terminal; the returned function removes it.
func showProgress(progress *atomic.Int64, total int64, quiet bool, stderr io.Writer) (done func()) {
	f, ok := stderr.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("sampling"),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("chain-steps"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				bar.Set64(progress.Load())
			}
		}
	}()
	return func() {
		close(stop)
		<-finished
		bar.Clear()
	}
}

func printSummary(w io.Writer, r *thermo.Result, out string) {
	s := r.Spec
	fmt.Fprintf(w, "thermobench run: %s, dim %d, %d chains, %d steps (burn-in %d, thin %d): %d draws per chain\n",
		s.Model, s.Dim, s.Chains, s.Steps, s.Burnin, s.Thin, r.Draws)
	kT, dt := fmt.Sprint(s.KT), fmt.Sprint(s.Dt)
	if k := s.Schedule.KT; k != nil {
		kT = "schedule " + k.String()
	}
	if d := s.Schedule.Dt; d != nil {
		dt = "schedule " + d.String()
	}
	fmt.Fprintf(w, "  %s, %s, dt %s, friction %g, mass %g, kT %s, seed %d\n",
		s.Integrator, s.Precision, dt, s.Friction, s.Mass, kT, s.Seed)
	if r.StepSize > 0 {
		fmt.Fprintf(w, "  mean acceptance %.3f at dt %.4g", r.Acceptance, r.StepSize)
		if s.Adapt && s.Burnin > 0 {
			fmt.Fprintf(w, " (adapted during burn-in)")
		}
		fmt.Fprintln(w)
		if r.Stuck > 0 {
			fmt.Fprintf(w, "  warning: %d of %d chains accepted under 1%% of their proposals after burn-in: they are stuck\n"+
				"  where the step is unstable and bias the moments; try a smaller -dt, a longer -burnin or a smaller -init-scale\n",
				r.Stuck, s.Chains)
		}
	}
	fmt.Fprintf(w, "  kernel path %s, %d workers, shards of %d chains\n", r.ISA, r.Workers, r.ShardSize)
	fmt.Fprintf(w, "  wall %.3f s, %.1f M element-steps/s (%.2f ns per element-step)\n",
		r.Wall.Seconds(), r.Throughput/1e6, 1e9/r.Throughput)
	printMoments(w, r)
	if out != "" {
		fmt.Fprintf(w, "  wrote %s [%d, %d, %d] %s and %s\n", filepath.Join(out, "samples.npy"),
			s.Chains, r.Draws, s.Dim, map[string]string{"f32": "float32", "f64": "float64"}[s.Precision],
			filepath.Join(out, "run.json"))
	}
}

// printMoments prints per-dimension moments with their standard errors
// beside the exact values, for at most the first eight dimensions.
func printMoments(w io.Writer, r *thermo.Result) {
	exact := r.ExactMean != nil
	if exact {
		fmt.Fprintf(w, "  %4s  %20s  %9s  %20s  %9s\n", "dim", "mean ± se", "exact", "var ± se", "exact")
	} else {
		fmt.Fprintf(w, "  %4s  %20s  %20s\n", "dim", "mean ± se", "var ± se")
	}
	for k := range min(len(r.Mean), 8) {
		m := fmt.Sprintf("%.4f ± %.4f", r.Mean[k], r.MeanSE[k])
		v := fmt.Sprintf("%.4f ± %.4f", r.Var[k], r.VarSE[k])
		if exact {
			fmt.Fprintf(w, "  %4d  %20s  %9.4f  %20s  %9.4f\n", k, m, r.ExactMean[k], v, r.ExactVar[k])
		} else {
			fmt.Fprintf(w, "  %4d  %20s  %20s\n", k, m, v)
		}
	}
	if len(r.Mean) > 8 {
		fmt.Fprintf(w, "  ... %d more dimensions in run.json\n", len(r.Mean)-8)
	}
	if exact {
		fmt.Fprintf(w, "  largest deviation from exact: %.1f standard errors\n", maxZ(r))
	}
}

// maxZ is the largest |estimate - exact| / se over the means and variances.
func maxZ(r *thermo.Result) float64 {
	var z float64
	for k := range r.Mean {
		if r.MeanSE[k] > 0 {
			z = max(z, abs(r.Mean[k]-r.ExactMean[k])/r.MeanSE[k])
		}
		if r.VarSE[k] > 0 {
			z = max(z, abs(r.Var[k]-r.ExactVar[k])/r.VarSE[k])
		}
	}
	return z
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
