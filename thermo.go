// Package thermo simulates Thermodynamic AI systems, many chains of
// stochastic units steered by a demon's force, at the speed limit of the
// CPU. It is the embedding API: fill in a Spec, call Run, read the Result.
//
//	spec := thermo.DefaultSpec()
//	spec.Model, spec.Dim, spec.Chains = "coupled", 8, 4096
//	res, err := thermo.Run(ctx, spec, thermo.Options{Keep: true})
//
// The samples of every chain depend only on the spec and its seed, never on
// the number of workers or the shard size (see docs/design.md).
package thermo

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/thermoai/thermo/diag"
	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/output"
	"github.com/thermoai/thermo/schedule"
)

// Version is the version of thermo, written into run.json.
const Version = "0.1.0"

// Spec is what a run computes; with its seed it fixes every sample. The
// TOML keys of a config file are the tags below.
type Spec struct {
	Model  string         `toml:"model" json:"model"`
	Params map[string]any `toml:"params" json:"params,omitempty"` // model parameters, see models.FromParams

	Dim    int `toml:"dim" json:"dim"`
	Chains int `toml:"chains" json:"chains"`
	Steps  int `toml:"steps" json:"steps"` // total steps, burn-in included
	Burnin int `toml:"burnin" json:"burnin"`
	Thin   int `toml:"thin" json:"thin"` // record every Thin-th step after burn-in

	Dt       float64 `toml:"dt" json:"dt"`
	Friction float64 `toml:"friction" json:"friction"`
	Mass     float64 `toml:"mass" json:"mass"`
	KT       float64 `toml:"kT" json:"kT"`
	// InitScale sets the initial state x0 ~ N(0, InitScale^2).
	InitScale float64 `toml:"init_scale" json:"init_scale"`

	Seed       uint64 `toml:"seed" json:"seed"`
	Integrator string `toml:"integrator" json:"integrator"` // baoab, ula, em, ou, mala or hmc
	Precision  string `toml:"precision" json:"precision"`   // f32 or f64

	// Leapfrog is the number of leapfrog steps of an HMC proposal; one
	// HMC step is one proposal. Jitter spreads the step of each proposal
	// uniformly over dt (1 ± Jitter), the same for all chains, which keeps
	// trajectories of a fixed length from resonating with the target.
	Leapfrog int     `toml:"leapfrog" json:"leapfrog"`
	Jitter   float64 `toml:"jitter" json:"jitter"`
	// Adapt makes MALA and HMC adapt dt during burn-in by dual averaging
	// towards TargetAccept, the mean acceptance probability (0: 0.57 for
	// MALA, 0.8 for HMC). The adapted step is used after burn-in.
	Adapt        bool    `toml:"adapt" json:"adapt"`
	TargetAccept float64 `toml:"target_accept" json:"target_accept"`

	// Schedule makes kT or dt functions of time; see package schedule.
	Schedule Schedules `toml:"schedule" json:"schedule"`

	// Mismatch gives each component of a simulated chip (the rc model) a
	// relative error of this size (models.RC.Mismatched), drawn from the
	// seed; MismatchPer says whether all chains share one chip ("chip",
	// the default) or every chain is a chip of its own, drawn from its
	// global index ("chain": a fleet of chips; ou only).
	Mismatch    float64 `toml:"mismatch" json:"mismatch,omitempty"`
	MismatchPer string  `toml:"mismatch_per" json:"mismatch_per,omitempty"`

	// Workers and ShardSize change the speed of a run, never its samples,
	// so run.json records them under "performance", not in the spec.
	Workers   int `toml:"workers" json:"-"`    // 0: all cores
	ShardSize int `toml:"shard_size" json:"-"` // 0: chosen from the cache size
}

// Schedules holds the time-dependent run parameters. A nil schedule is
// the constant of the spec (KT, Dt). Their clock is the nominal time
// t = s·Dt at the start of step s, over a run of nominal length Steps·Dt.
type Schedules struct {
	KT *schedule.Schedule `toml:"kT" json:"kT,omitempty"`
	Dt *schedule.Schedule `toml:"dt" json:"dt,omitempty"`
}

// constantKT reports whether the temperature is the same at every step.
func (s *Spec) constantKT() bool {
	return s.Schedule.KT == nil || s.Schedule.KT.IsConstant()
}

// DefaultSpec returns the spec of a small run that finishes in a second.
func DefaultSpec() Spec {
	return Spec{
		Model: "gaussian", Dim: 4, Chains: 1024,
		Steps: 2000, Burnin: 500, Thin: 10,
		Dt: 0.05, Friction: 1, Mass: 1, KT: 1, InitScale: 1,
		Seed: 1, Integrator: "baoab", Precision: "f32",
		Leapfrog: 10, Jitter: 0.2, Adapt: true,
	}
}

// Integrators lists the accepted integrator names.
var Integrators = []string{"baoab", "ula", "em", "ou", "mala", "hmc"}

var integratorOf = map[string]engine.Integrator{
	"baoab": engine.BAOAB, "ula": engine.ULA, "em": engine.ULA, "ou": engine.OU,
	"mala": engine.MALA, "hmc": engine.HMC,
}

func knownIntegrator(name string) bool {
	_, ok := integratorOf[name]
	return ok
}

// Validate checks the spec and builds its model. The error names the bad
// field with the name of its command-line flag.
func (s *Spec) Validate() (models.Model, error) {
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("thermo: -%s %s", field, fmt.Sprintf(format, args...))
	}
	switch {
	case s.Model == "":
		return nil, bad("model", "is required (known: %s)", strings.Join(models.Names(), ", "))
	case !slices.Contains(models.Names(), s.Model):
		return nil, bad("model", "%q is unknown (known: %s)", s.Model, strings.Join(models.Names(), ", "))
	}
	if err := s.validateRun(); err != nil {
		return nil, err
	}
	if err := s.checkModelMemory(); err != nil {
		return nil, err
	}
	m, err := models.FromParams(s.Model, s.Dim, s.Seed, s.Params)
	if err != nil {
		return nil, fmt.Errorf("thermo: -model %s: %w", s.Model, err)
	}
	if err := s.validateIntegrator(m); err != nil {
		return nil, err
	}
	return m, nil
}

// validateMismatch checks the chip fields, the model aside.
func (s *Spec) validateMismatch() error {
	switch {
	case math.IsNaN(s.Mismatch) || s.Mismatch < 0 || s.Mismatch >= 1.0/3:
		return fmt.Errorf("thermo: -mismatch must be in [0, 1/3) (a relative error, clipped at 3 standard deviations), got %v", s.Mismatch)
	case s.MismatchPer != "" && s.MismatchPer != "chip" && s.MismatchPer != "chain":
		return fmt.Errorf("thermo: -mismatch-per must be chip or chain, got %q", s.MismatchPer)
	case s.MismatchPer == "chain" && s.Integrator != "ou":
		return fmt.Errorf("thermo: -mismatch-per chain needs -integrator ou, not %s", s.Integrator)
	}
	return nil
}

// chip returns the model a run with a per-chip mismatch simulates: the
// rc model's chip 0 drawn from the seed; the model itself otherwise.
func (s *Spec) chip(m models.Model) models.Model {
	if s.MismatchPer == "chain" {
		return m
	}
	return s.chip0(m)
}

// chip0 returns chip 0 of a mismatched rc model, whose matrices run.json
// records; the model itself when nothing is mismatched.
func (s *Spec) chip0(m models.Model) models.Model {
	rc, ok := m.(*models.RC)
	if !ok || s.Mismatch == 0 {
		return m
	}
	c := rc.Mismatched(s.Mismatch, s.Seed, 0)
	return &c
}

// validateRun checks every field but the model.
func (s *Spec) validateRun() error {
	if err := s.validateMismatch(); err != nil {
		return err
	}
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("thermo: -%s %s", field, fmt.Sprintf(format, args...))
	}
	finitePos := func(v float64) bool { return v > 0 && !math.IsInf(v, 1) }
	if err := s.checkCounts(); err != nil {
		return err
	}
	switch {
	case s.Dim < 1:
		return bad("dim", "must be at least 1, got %d", s.Dim)
	case s.Chains < 1:
		return bad("chains", "must be at least 1, got %d", s.Chains)
	case s.Steps < 1:
		return bad("steps", "must be at least 1, got %d", s.Steps)
	case s.Burnin < 0 || s.Burnin >= s.Steps:
		return bad("burnin", "must be in [0, steps=%d), got %d", s.Steps, s.Burnin)
	case s.Thin < 1:
		return bad("thin", "must be at least 1, got %d", s.Thin)
	case (s.Steps-s.Burnin)/s.Thin < 1:
		return bad("thin", "%d leaves no draw after burn-in (steps %d, burnin %d)", s.Thin, s.Steps, s.Burnin)
	case !finitePos(s.Dt):
		return bad("dt", "must be positive and finite, got %v", s.Dt)
	case !finitePos(s.Friction):
		return bad("friction", "must be positive and finite, got %v", s.Friction)
	case !finitePos(s.Mass):
		return bad("mass", "must be positive and finite, got %v", s.Mass)
	case !finitePos(s.KT):
		return bad("kT", "must be positive and finite, got %v", s.KT)
	case !(s.InitScale >= 0) || math.IsInf(s.InitScale, 1):
		return bad("init-scale", "must be non-negative and finite, got %v", s.InitScale)
	case !knownIntegrator(s.Integrator):
		return bad("integrator", "%q is unknown (known: %s)", s.Integrator, strings.Join(Integrators, ", "))
	case s.Precision != "f32" && s.Precision != "f64":
		return bad("precision", "%q is unknown (known: f32, f64)", s.Precision)
	case s.Workers < 0:
		return bad("workers", "must be non-negative, got %d", s.Workers)
	case s.ShardSize < 0:
		return bad("shard-size", "must be non-negative, got %d", s.ShardSize)
	case s.Integrator == "hmc" && s.Leapfrog < 1:
		return bad("leapfrog", "must be at least 1 for hmc, got %d", s.Leapfrog)
	case !(s.Jitter >= 0 && s.Jitter < 1):
		return bad("jitter", "must be in [0, 1), got %v", s.Jitter)
	case !(s.TargetAccept >= 0 && s.TargetAccept < 1):
		return bad("target-accept", "must be in (0, 1), or 0 for the integrator's default, got %v", s.TargetAccept)
	}
	if k := s.Schedule.KT; k != nil {
		if err := k.Check("kT"); err != nil {
			return fmt.Errorf("thermo: -anneal: %w", err)
		}
	}
	if d := s.Schedule.Dt; d != nil {
		if err := d.Check("dt"); err != nil {
			return fmt.Errorf("thermo: -dt-schedule: %w", err)
		}
	}
	return nil
}

func (s *Spec) validateIntegrator(m models.Model) error {
	if _, ok := m.(*models.RC); s.Mismatch != 0 && !ok {
		return fmt.Errorf("thermo: -mismatch simulates the components of the rc model, not of %s", m.Name())
	}
	switch s.Integrator {
	case "ou":
		_, diagonal := m.(models.Diagonal)
		_, linear := m.(models.Linear)
		if !diagonal && !linear {
			return fmt.Errorf("thermo: -integrator ou needs a linear model (gaussian, coupled, rc, linear), not %s", m.Name())
		}
	case "mala", "hmc":
		var ok bool
		if s.Precision == "f64" {
			_, ok = m.Demon64(1).(models.Energy[float64])
		} else {
			_, ok = m.Demon32(1).(models.Energy[float32])
		}
		if !ok {
			return fmt.Errorf("thermo: -integrator %s needs a model whose demon has an Energy method, and %s has none", s.Integrator, m.Name())
		}
	}
	return nil
}

// Options are the parts of a run that do not change its samples.
type Options struct {
	// Out, if set, is the directory that receives samples.npy and run.json.
	Out string
	// Keep holds the samples in memory in Result.Samples32 or Samples64.
	Keep bool
	// Progress, if set, counts chain-steps done as the run goes, and
	// Acceptance follows the acceptance of mala and hmc.
	Progress   *atomic.Int64
	Acceptance *engine.AcceptanceMeter
	// Piece, when its Count is above one, runs only one piece of the
	// spec's chains; Merge puts the pieces together.
	Piece Piece
	// Checkpoint, when its Dir is set, saves the run's whole state as it
	// goes, to be resumed bit for bit.
	Checkpoint Checkpoint
	// NoDiag leaves out the diagnostics (package diag: ESS, R-hat, MCSE,
	// quantiles) that a run with Out otherwise computes from its samples
	// at the end and writes into run.json. (A run that only keeps its
	// samples in memory leaves them to diag.FromSamples.)
	NoDiag bool
}

// Result describes a finished run.
type Result struct {
	Spec   Spec
	Params map[string]any // the model's resolved parameters
	Draws  int            // recorded draws per chain

	ISA        string
	Workers    int
	ShardSize  int
	Wall       time.Duration
	Throughput float64 // element-steps (chains x dim x steps) per second

	Mean, Var []float64 // per dimension, over all chains and draws
	// MeanSE and VarSE are the standard errors of Mean and Var, from the
	// spread between independent chains.
	MeanSE, VarSE []float64
	Count         int64 // values per dimension in Mean and Var
	// ExactMean and ExactVar are the model's stationary moments, nil when
	// the model has no reference at this temperature or the temperature
	// changes during the run.
	ExactMean, ExactVar []float64

	// For mala and hmc: the mean acceptance probability over chains and
	// the steps after burn-in, and the step dt they took (adapted during
	// burn-in when Spec.Adapt is set). Zero for the other integrators.
	Acceptance, StepSize float64
	// Stuck counts the chains of mala or hmc whose mean acceptance
	// probability after burn-in was below 1%: they sit where the step is
	// unstable and bias the moments (see engine.Result.Stuck).
	Stuck int

	// Diag holds the diagnostics of every dimension (R's posterior's
	// summarise_draws) of a run with Options.Out, unless Options.NoDiag.
	Diag []diag.Summary

	// Piece is the piece of the spec's chains the run covered; a whole
	// run has Count 0. A piece also keeps what Merge needs: the exact sum
	// of its acceptance probabilities and every chain's moments.
	Piece               Piece
	acceptSum           []byte
	chainMean, chainVar []float64
	// linear is the SDE of a linear model that ou integrated, for run.json.
	linear *linearJSON

	// Samples32 or Samples64 (by precision) holds [chains, draws, dim] when
	// Options.Keep was set.
	Samples32 *output.Samples[float32]
	Samples64 *output.Samples[float64]
}

// Run validates spec, runs it and, if opts.Out is set, writes
// samples.npy and run.json there. Bad input is reported before any work.
func Run(ctx context.Context, spec Spec, opts Options) (*Result, error) {
	m, err := spec.Validate()
	if err != nil {
		return nil, err
	}
	return runModel(ctx, spec, m, opts)
}

// RunModel runs spec with a model of the caller's own instead of one from
// the registry: spec.Model and spec.Params are replaced by m's name and
// parameters (m.Params()), which the Result carries in Spec and Params,
// and spec.Dim must equal m.Dim(). A model of one's own needs only the
// methods of models.Model; for mala and hmc its demons also implement
// models.Energy (models.Density builds all of it from a log density).
func RunModel(ctx context.Context, spec Spec, m models.Model, opts Options) (*Result, error) {
	spec.Model, spec.Params = m.Name(), m.Params()
	if err := spec.validateRun(); err != nil {
		return nil, err
	}
	if m.Dim() != spec.Dim {
		return nil, fmt.Errorf("thermo: -dim %d does not match the model's dimension %d", spec.Dim, m.Dim())
	}
	if err := spec.validateIntegrator(m); err != nil {
		return nil, err
	}
	return runModel(ctx, spec, m, opts)
}

func runModel(ctx context.Context, spec Spec, m models.Model, opts Options) (*Result, error) {
	if err := kernel.EnvError(); err != nil {
		return nil, fmt.Errorf("thermo: %w", err)
	}
	if err := opts.Piece.check(&spec); err != nil {
		return nil, err
	}
	if err := spec.checkResources(&opts); err != nil {
		return nil, err
	}
	// A mismatched chip is simulated in place of the nominal model, which
	// the result still records.
	eff := spec.chip(m)
	if spec.Precision == "f64" {
		return run[float64](ctx, spec, m, eff, opts, eff.Demon64)
	}
	return run[float32](ctx, spec, m, eff, opts, eff.Demon32)
}

// linearRecord is run.json's "linear" of a run of the nominal model:
// with mismatched components, chip 0's SDE beside the nominal one.
func linearRecord(s *Spec, nominal models.Model) *linearJSON {
	if s.Mismatch == 0 {
		return linearOf(s, nominal)
	}
	l := linearOf(s, s.chip0(nominal))
	if l != nil {
		l.Nominal = linearOf(s, nominal)
	}
	return l
}

// run simulates m, which is the nominal model or the chip drawn from it
// (Spec.chip), and records the nominal one.
func run[F kernel.Float](ctx context.Context, spec Spec, nominal, m models.Model, opts Options, demon func(n int) models.Demon[F]) (*Result, error) {
	cfg := engineConfig(&spec, m)
	cfg.Progress, cfg.Acceptance = opts.Progress, opts.Acceptance
	draws := cfg.Draws()
	piece := opts.Piece
	if err := piece.check(&spec); err != nil {
		return nil, err
	}
	lo, hi := piece.Range(spec.Chains)
	cfg.FirstChain, cfg.Chains = uint64(lo), hi-lo
	cfg.KeepChainMoments = piece.Count > 1
	ck, err := openCheckpoint(&spec, &opts)
	if err != nil {
		return nil, err
	}

	var sinks output.Tee[F]
	var kept *output.Samples[F]
	if opts.Keep {
		kept = output.NewSamples[F](cfg.Chains, draws, spec.Dim)
		sinks = append(sinks, kept)
	}
	var npy *output.NPYWriter[F]
	if opts.Out != "" {
		if err := os.MkdirAll(opts.Out, 0o755); err != nil {
			return nil, fmt.Errorf("thermo: -out: %w", err)
		}
		path := filepath.Join(opts.Out, "samples.npy")
		if ck != nil {
			npy, err = output.OpenNPY[F](ck.partial(), path, cfg.Chains, draws, spec.Dim, ck.state != nil)
		} else {
			npy, err = output.CreateNPY[F](path, cfg.Chains, draws, spec.Dim)
		}
		if err != nil {
			return nil, fmt.Errorf("thermo: -out %s: %w", opts.Out, err)
		}
		sinks = append(sinks, npy)
	}
	job := engine.Job[F]{NewDemon: func(n int) engine.Demon[F] { return demon(n) }}
	if rc, ok := m.(*models.RC); ok && spec.Integrator == "ou" && spec.Mismatch != 0 && spec.MismatchPer == "chain" {
		// A fleet: every chain a chip of its own.
		sde := func(chain uint64, kT float64) *engine.LinearSDE {
			return rc.Mismatched(spec.Mismatch, spec.Seed, chain).LinearSDE(kT, cfg.Friction)
		}
		job.NewStepper, err = engine.NewChipOU[F](sde, spec.Dt, spec.KT)
		if err != nil {
			return nil, fmt.Errorf("thermo: -integrator ou: %w", err)
		}
	} else if lin, ok := m.(models.Linear); ok && spec.Integrator == "ou" {
		if _, diagonal := m.(models.Diagonal); !diagonal {
			// A dense linear model: the exact transition of its SDE.
			sde := func(kT float64) *engine.LinearSDE { return lin.LinearSDE(kT, cfg.Friction) }
			job.NewStepper, err = engine.NewDenseOU[F](sde, spec.Dt, spec.KT)
			if err != nil {
				return nil, fmt.Errorf("thermo: -integrator ou: %w", err)
			}
		}
	}
	if len(sinks) > 0 {
		job.Sink = sinks
	}
	if ck != nil {
		job.Checkpoint = ck.engine(func() error {
			if npy != nil {
				return npy.Sync()
			}
			return nil
		})
	}
	er, err := engine.RunJob(ctx, cfg, job)
	if err != nil {
		switch {
		case npy == nil:
		case ck != nil:
			npy.Sync() // the checkpoint's samples stay for -resume
		default:
			npy.Abort()
		}
		return nil, err
	}
	res := &Result{
		Spec: spec, Params: nominal.Params(), Draws: draws, Piece: piece,
		ISA: kernel.Current().String(), Workers: er.Workers, ShardSize: er.ShardSize,
		Wall: er.Wall, Throughput: er.ElementSteps / er.Wall.Seconds(),
		Mean: er.Stats.Mean, Var: er.Stats.Var, Count: er.Stats.Count,
		MeanSE: er.Stats.MeanSE, VarSE: er.Stats.VarSE,
		acceptSum: er.AcceptSum, chainMean: er.ChainMean, chainVar: er.ChainVar,
	}
	if er.Metropolis {
		res.Acceptance, res.StepSize, res.Stuck = er.Acceptance, er.StepSize, er.Stuck
	}
	if spec.Mismatch == 0 || spec.MismatchPer != "chain" {
		// A fleet samples a mixture of its chips' laws: it has no reference.
		res.setExact(m)
	}
	res.linear = linearRecord(&spec, nominal)
	switch k := any(kept).(type) {
	case *output.Samples[float32]:
		res.Samples32 = k
	case *output.Samples[float64]:
		res.Samples64 = k
	}
	if npy != nil {
		if err := npy.Close(); err != nil {
			return nil, err
		}
	}
	// A piece's diagnostics would be those of its chains alone: merge
	// computes the whole run's.
	if !opts.NoDiag && piece.Count <= 1 && opts.Out != "" {
		dopts := diag.Options{Workers: spec.Workers}
		switch {
		case res.Samples32 != nil:
			res.Diag, err = diag.FromSamples(ctx, res.Samples32, dopts)
		case res.Samples64 != nil:
			res.Diag, err = diag.FromSamples(ctx, res.Samples64, dopts)
		default:
			res.Diag, err = diag.SummarizeFile(ctx, filepath.Join(opts.Out, "samples.npy"), cfg.Chains, draws, spec.Dim, dopts)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("%w while computing the diagnostics: %w", engine.ErrStopped, context.Cause(ctx))
			}
			return nil, fmt.Errorf("thermo: diagnostics (-no-diag leaves them out): %w", err)
		}
	}
	if opts.Out != "" {
		if err := res.writeOut(opts.Out); err != nil {
			return nil, err
		}
	}
	if ck != nil {
		return res, ck.finished()
	}
	return res, nil
}

// setExact sets the exact moments of models that know them, when the
// temperature is the same all run long.
func (r *Result) setExact(m models.Model) {
	ref, ok := m.(models.Reference)
	if !ok || !r.Spec.constantKT() {
		return
	}
	kT := r.Spec.KT
	if k := r.Spec.Schedule.KT; k != nil {
		kT = k.At(0, 1)
	}
	if mean, v, err := ref.Moments(kT); err == nil {
		r.ExactMean, r.ExactVar = mean, v
	}
}

// writeOut writes run.json, and for a piece the chains' moments that
// Merge needs, into dir.
func (r *Result) writeOut(dir string) error {
	if r.Piece.Count > 1 {
		if err := writeMoments(filepath.Join(dir, momentsFile), r.chainMean, r.chainVar, r.Spec.Dim); err != nil {
			return err
		}
	}
	return r.WriteJSON(filepath.Join(dir, "run.json"))
}

func engineConfig(s *Spec, m models.Model) engine.Config {
	fill := func(v float64) []float64 {
		out := make([]float64, s.Dim)
		for i := range out {
			out[i] = v
		}
		return out
	}
	cfg := engine.Config{
		Dim: s.Dim, Chains: s.Chains, Seed: s.Seed,
		Steps: s.Steps, Burnin: s.Burnin, Thin: s.Thin,
		Dt: s.Dt, KT: s.KT, Mass: fill(s.Mass), Friction: fill(s.Friction),
		InitScale: s.InitScale, Integrator: integratorOf[s.Integrator],
		Leapfrog: s.Leapfrog, Jitter: s.Jitter, Adapt: s.Adapt, TargetAccept: s.TargetAccept,
		Workers: s.Workers, ShardSize: s.ShardSize,
	}
	if k := s.Schedule.KT; k != nil {
		cfg.KTSchedule = k
	}
	if d := s.Schedule.Dt; d != nil {
		cfg.DtSchedule = d
	}
	if d, ok := m.(models.Diagonal); ok {
		cfg.Stiffness, cfg.Center = d.Stiffness(), d.Center()
	}
	return cfg
}

// runJSON is the layout of run.json.
type runJSON struct {
	Version   string         `json:"version"`
	Spec      Spec           `json:"spec"`
	Model     map[string]any `json:"model"`
	Seed      uint64         `json:"seed"`
	ISA       string         `json:"isa"`
	GoVersion string         `json:"go"`
	Platform  string         `json:"platform"`
	Samples   struct {
		File  string `json:"file"`
		Shape []int  `json:"shape"`
		Dtype string `json:"dtype"`
	} `json:"samples"`
	Summary struct {
		Count     int64     `json:"count"`
		Mean      []float64 `json:"mean"`
		MeanSE    []float64 `json:"mean_se"`
		Var       []float64 `json:"var"`
		VarSE     []float64 `json:"var_se"`
		ExactMean []float64 `json:"exact_mean,omitempty"`
		ExactVar  []float64 `json:"exact_var,omitempty"`
	} `json:"summary"`
	// Linear is the SDE that ou stepped, for a model that implements
	// models.Linear, at the run's kT and friction; absent when kT changes
	// during the run.
	Linear *linearJSON `json:"linear,omitempty"`
	// Diag holds the diagnostics of each dimension, as R's posterior
	// computes them (see package diag).
	Diag []diag.Summary `json:"diag,omitempty"`
	// Sampler is set for mala and hmc.
	Sampler *samplerJSON `json:"sampler,omitempty"`
	// Piece is set for a piece of a run.
	Piece *pieceJSON `json:"piece,omitempty"`
	// Performance holds what depends on the machine and the run's speed
	// settings; everything above it is the same for every -workers and
	// -shard-size.
	Performance struct {
		Workers            int     `json:"workers"`
		ShardSize          int     `json:"shard_size"`
		WallSec            float64 `json:"wall_seconds"`
		ElementStepsPerSec float64 `json:"element_steps_per_second"`
		NsPerElementStep   float64 `json:"ns_per_element_step"`
	} `json:"performance"`
}

// samplerJSON is run.json's report of mala and hmc.
type samplerJSON struct {
	Acceptance   float64 `json:"acceptance"`
	StepSize     float64 `json:"step_size"`
	TargetAccept float64 `json:"target_accept"`
	Adapted      bool    `json:"adapted"`
	StuckChains  int     `json:"stuck_chains"`
}

// linearJSON is run.json's record of the linear SDE dv = (A v + B) dt +
// C dw, Q = C Cᵀ, that the ou integrator stepped exactly: A and Q as Dim
// rows of Dim values.
type linearJSON struct {
	A [][]float64 `json:"A"`
	B []float64   `json:"B"`
	Q [][]float64 `json:"Q"`
	// Nominal is the SDE of the nominal components, for a run whose
	// components are mismatched: A, B and Q above are then those of chip
	// 0, the chip of every chain with -mismatch-per chip.
	Nominal *linearJSON `json:"nominal,omitempty"`
}

// linearOf returns the SDE of a linear model run by ou, at the run's kT
// and friction; nil for any other run, and when kT changes during the run.
func linearOf(s *Spec, m models.Model) *linearJSON {
	lin, ok := m.(models.Linear)
	if !ok || s.Integrator != "ou" || !s.constantKT() {
		return nil
	}
	kT := s.KT
	if k := s.Schedule.KT; k != nil {
		kT = k.At(0, 1)
	}
	friction := make([]float64, s.Dim)
	for i := range friction {
		friction[i] = s.Friction
	}
	sde := lin.LinearSDE(kT, friction)
	rows := func(a []float64) [][]float64 {
		r := make([][]float64, sde.Dim)
		for i := range r {
			r[i] = slices.Clone(a[i*sde.Dim : (i+1)*sde.Dim])
		}
		return r
	}
	return &linearJSON{A: rows(sde.A), B: slices.Clone(sde.B), Q: rows(sde.Q)}
}

// pieceJSON is run.json's record of a piece of a run: which chains, and
// what Merge needs to make the whole run's summary bit for bit.
type pieceJSON struct {
	Index      int    `json:"index"`
	Count      int    `json:"count"`
	FirstChain int    `json:"first_chain"`
	Chains     int    `json:"chains"`
	Moments    string `json:"moments"`
	AcceptSum  []byte `json:"accept_sum,omitempty"` // exact, base64
}

// targetAccept is the acceptance rate the step adapted towards.
func (r *Result) targetAccept() float64 {
	cfg := engine.Config{Integrator: integratorOf[r.Spec.Integrator], TargetAccept: r.Spec.TargetAccept}
	return cfg.Target()
}

// WriteJSON writes the run's record (run.json) to path atomically.
func (r *Result) WriteJSON(path string) error {
	var j runJSON
	j.Version, j.Spec, j.Model, j.Seed = Version, r.Spec, r.Params, r.Spec.Seed
	j.ISA = r.ISA
	j.GoVersion, j.Platform = runtime.Version(), runtime.GOOS+"/"+runtime.GOARCH
	p := &j.Performance
	p.Workers, p.ShardSize, p.WallSec = r.Workers, r.ShardSize, r.Wall.Seconds()
	p.ElementStepsPerSec, p.NsPerElementStep = r.Throughput, 1e9/r.Throughput
	if r.StepSize > 0 {
		j.Sampler = &samplerJSON{r.Acceptance, r.StepSize, r.targetAccept(), r.Spec.Adapt && r.Spec.Burnin > 0, r.Stuck}
	}
	lo, hi := r.Piece.Range(r.Spec.Chains)
	if r.Piece.Count > 1 {
		j.Piece = &pieceJSON{Index: r.Piece.Index, Count: r.Piece.Count, FirstChain: lo, Chains: hi - lo,
			Moments: momentsFile, AcceptSum: r.acceptSum}
	}
	j.Samples.File = "samples.npy"
	j.Samples.Shape = []int{hi - lo, r.Draws, r.Spec.Dim}
	j.Samples.Dtype = map[string]string{"f32": "float32", "f64": "float64"}[r.Spec.Precision]
	j.Summary.Count, j.Summary.Mean, j.Summary.Var = r.Count, r.Mean, r.Var
	j.Summary.MeanSE, j.Summary.VarSE = r.MeanSE, r.VarSE
	j.Summary.ExactMean, j.Summary.ExactVar = r.ExactMean, r.ExactVar
	j.Linear = r.linear
	if j.Linear == nil && r.Spec.Integrator == "ou" {
		// A merged run: its model comes back from the recorded parameters.
		if m, err := models.FromParams(r.Spec.Model, r.Spec.Dim, r.Spec.Seed, r.Params); err == nil {
			j.Linear = linearRecord(&r.Spec, m)
		}
	}
	j.Diag = r.Diag
	b, err := json.MarshalIndent(&j, "", "  ")
	if err != nil {
		return fmt.Errorf("thermo: run.json: %w", err)
	}
	return output.WriteFileAtomic(path, append(b, '\n'))
}
