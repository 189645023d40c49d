package thermo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sbinet/npyio/npy"

	"github.com/thermoai/thermo/diag"
	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/internal/exactsum"
	"github.com/thermoai/thermo/output"
)

// Piece names one of Count pieces of a run's chains: piece i of n runs
// chains [i·N/n, (i+1)·N/n) of the spec's N, each with the stream of its
// global index, so that the pieces put together by Merge are the run that
// one process would have made, byte for byte. Count 0 or 1 is the whole
// run.
type Piece struct {
	Index, Count int
}

// ParsePiece reads "i/n" with 0 <= i < n; "0/1" is the whole run.
func ParsePiece(s string) (Piece, error) {
	i, n, ok := strings.Cut(s, "/")
	a, err1 := strconv.Atoi(strings.TrimSpace(i))
	b, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil {
		return Piece{}, fmt.Errorf("thermo: -shard %q is not i/n, e.g. 0/4", s)
	}
	p := Piece{Index: a, Count: b}
	if b < 1 {
		return Piece{}, fmt.Errorf("thermo: -shard %q: n must be at least 1", s)
	}
	return p, p.valid()
}

func (p Piece) valid() error {
	if p.Count < 0 || p.Count > 1<<20 || p.Index < 0 || (p.Count > 0 && p.Index >= p.Count) {
		return fmt.Errorf("thermo: -shard %d/%d: want 0 <= i < n <= %d", p.Index, p.Count, 1<<20)
	}
	return nil
}

// String returns "i/n".
func (p Piece) String() string { return fmt.Sprintf("%d/%d", p.Index, p.Count) }

// PieceFromEnv reads the piece of a job array from the environment: Slurm's
// SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT (or, without it,
// SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_MAX), or a Kubernetes Indexed
// Job's JOB_COMPLETION_INDEX with THERMO_SHARD_COUNT, which the job sets to
// its completions. It returns false when neither is there.
func PieceFromEnv(getenv func(string) string) (Piece, bool, error) {
	num := func(name string) (int, error) {
		v, err := strconv.Atoi(strings.TrimSpace(getenv(name)))
		if err != nil {
			return 0, fmt.Errorf("thermo: %s=%q is not a whole number", name, getenv(name))
		}
		return v, nil
	}
	switch {
	case getenv("SLURM_ARRAY_TASK_ID") != "":
		id, err := num("SLURM_ARRAY_TASK_ID")
		if err != nil {
			return Piece{}, false, err
		}
		p := Piece{Index: id}
		if getenv("SLURM_ARRAY_TASK_COUNT") != "" {
			if p.Count, err = num("SLURM_ARRAY_TASK_COUNT"); err != nil {
				return Piece{}, false, err
			}
		} else {
			lo, err := num("SLURM_ARRAY_TASK_MIN")
			if err != nil {
				return Piece{}, false, err
			}
			hi, err := num("SLURM_ARRAY_TASK_MAX")
			if err != nil {
				return Piece{}, false, err
			}
			p = Piece{Index: id - lo, Count: hi - lo + 1}
		}
		if err := p.valid(); err != nil {
			return Piece{}, false, fmt.Errorf("thermo: the Slurm array task %s: %w (give -shard i/n)", getenv("SLURM_ARRAY_TASK_ID"), err)
		}
		return p, true, nil
	case getenv("JOB_COMPLETION_INDEX") != "":
		id, err := num("JOB_COMPLETION_INDEX")
		if err != nil {
			return Piece{}, false, err
		}
		if getenv("THERMO_SHARD_COUNT") == "" {
			return Piece{}, false, errors.New("thermo: JOB_COMPLETION_INDEX is set but THERMO_SHARD_COUNT, the job's completions, is not")
		}
		n, err := num("THERMO_SHARD_COUNT")
		if err != nil {
			return Piece{}, false, err
		}
		p := Piece{Index: id, Count: n}
		return p, true, p.valid()
	}
	return Piece{}, false, nil
}

// Range returns the range [lo, hi) of a run's n chains the piece covers.
func (p Piece) Range(n int) (lo, hi int) {
	if p.Count <= 1 {
		return 0, n
	}
	// In 64 bits, i·N cannot overflow: N < 2^31 and i < 2^20.
	return int(int64(p.Index) * int64(n) / int64(p.Count)), int(int64(p.Index+1) * int64(n) / int64(p.Count))
}

// check refuses a piece the spec cannot be split into.
func (p Piece) check(s *Spec) error {
	if err := p.valid(); err != nil {
		return err
	}
	if p.Count <= 1 {
		return nil
	}
	if lo, hi := p.Range(s.Chains); hi == lo {
		return fmt.Errorf("thermo: -shard %v of %d chains holds no chain", p, s.Chains)
	}
	if (s.Integrator == "mala" || s.Integrator == "hmc") && s.Adapt && s.Burnin > 0 {
		return fmt.Errorf("thermo: -shard: %s adapts its step over all chains during burn-in, which pieces cannot; run with -adapt=false and the -dt an adapted run reports", s.Integrator)
	}
	return nil
}

// momentsFile holds a piece's chain means and variances, [chains, 2, dim]
// float64.
const momentsFile = "moments.npy"

func writeMoments(path string, mean, vari []float64, dim int) error {
	chains := len(mean) / dim
	w, err := output.CreateNPY[float64](path, chains, 2, dim)
	if err != nil {
		return err
	}
	block := make([]float64, 0, 2*len(mean))
	for c := range chains {
		block = append(block, mean[c*dim:(c+1)*dim]...)
		block = append(block, vari[c*dim:(c+1)*dim]...)
	}
	if err := w.WriteBlock(0, chains, 0, 2, block); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}

// pieceRun is what Merge reads of a piece.
type pieceRun struct {
	dir  string
	json runJSON
	raw  map[string]json.RawMessage
}

// Merge puts the pieces of a run, the -out directories of its pieces in any
// order, together into out: samples.npy and run.json byte for byte those
// of the run made in one process, but for run.json's "performance". It
// refuses pieces of different specs, a missing piece and a piece given
// twice, naming them.
func Merge(out string, dirs []string) (*Result, error) {
	return MergeOpts(out, dirs, false)
}

// MergeOpts is Merge; noDiag leaves out the diagnostics, as
// Options.NoDiag does for a run.
func MergeOpts(out string, dirs []string, noDiag bool) (*Result, error) {
	if len(dirs) == 0 {
		return nil, errors.New("thermo: merge: no pieces given")
	}
	pieces := make([]*pieceRun, len(dirs))
	for i, d := range dirs {
		p, err := readPiece(d)
		if err != nil {
			return nil, err
		}
		pieces[i] = p
	}
	first := pieces[0]
	n := first.json.Piece.Count
	byIndex := make([]*pieceRun, n)
	for _, p := range pieces {
		if err := samePiecesRun(first, p); err != nil {
			return nil, err
		}
		if q := byIndex[p.json.Piece.Index]; q != nil {
			return nil, fmt.Errorf("thermo: merge: %s and %s are both piece %d/%d", q.dir, p.dir, p.json.Piece.Index, n)
		}
		byIndex[p.json.Piece.Index] = p
	}
	var missing []string
	for i, p := range byIndex {
		if p == nil {
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("thermo: merge: piece %s of the run is missing", strings.Join(missing, ", "))
	}
	spec := first.json.Spec
	dim, draws := spec.Dim, first.json.Samples.Shape[1]
	for i, p := range byIndex {
		want := Piece{Index: i, Count: n}
		lo, hi := want.Range(spec.Chains)
		if pj := p.json.Piece; pj.FirstChain != lo || pj.Chains != hi-lo || p.json.Samples.Shape[0] != hi-lo {
			return nil, fmt.Errorf("thermo: merge: %s holds chains [%d, %d), piece %v of %d chains is [%d, %d)",
				p.dir, pj.FirstChain, pj.FirstChain+pj.Chains, want, spec.Chains, lo, hi)
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("thermo: merge: -out: %w", err)
	}
	if err := concatSamples(filepath.Join(out, "samples.npy"), byIndex, &spec, draws); err != nil {
		return nil, err
	}
	var mean, vari []float64
	var accept exactsum.Acc
	res := &Result{Spec: spec, Params: first.json.Model, Draws: draws, ISA: first.json.ISA}
	var wall time.Duration
	for _, p := range byIndex {
		m, v, err := readMoments(filepath.Join(p.dir, p.json.Piece.Moments), p.json.Piece.Chains, dim)
		if err != nil {
			return nil, err
		}
		mean, vari = append(mean, m...), append(vari, v...)
		if s := p.json.Sampler; s != nil {
			var a exactsum.Acc
			if err := a.UnmarshalBinary(p.json.Piece.AcceptSum); err != nil {
				return nil, fmt.Errorf("thermo: merge: %s: accept_sum: %w", p.dir, err)
			}
			accept.Merge(&a)
			res.Stuck += s.StuckChains
			res.StepSize = s.StepSize
		}
		perf := p.json.Performance
		res.Workers = max(res.Workers, perf.Workers)
		res.ShardSize = max(res.ShardSize, perf.ShardSize)
		wall = max(wall, time.Duration(perf.WallSec*float64(time.Second)))
	}
	st, err := engine.SummarizeChains(mean, vari, dim, draws)
	if err != nil {
		return nil, err
	}
	res.Mean, res.Var, res.MeanSE, res.VarSE, res.Count = st.Mean, st.Var, st.MeanSE, st.VarSE, st.Count
	res.ExactMean, res.ExactVar = first.json.Summary.ExactMean, first.json.Summary.ExactVar
	if first.json.Sampler != nil {
		res.Acceptance = accept.Float64() / (float64(spec.Chains) * float64(spec.Steps-spec.Burnin))
	}
	res.Wall = wall
	res.Throughput = float64(spec.Chains) * float64(spec.Dim) * float64(spec.Steps) / wall.Seconds()
	if !noDiag {
		if res.Diag, err = diag.SummarizeFile(context.Background(), filepath.Join(out, "samples.npy"), spec.Chains, draws, dim, diag.Options{}); err != nil {
			return nil, fmt.Errorf("thermo: merge: diagnostics (-no-diag leaves them out): %w", err)
		}
	}
	return res, res.WriteJSON(filepath.Join(out, "run.json"))
}

func readPiece(dir string) (*pieceRun, error) {
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		return nil, fmt.Errorf("thermo: merge: %w", err)
	}
	p := &pieceRun{dir: dir}
	if err := json.Unmarshal(b, &p.json); err != nil {
		return nil, fmt.Errorf("thermo: merge: %s/run.json: %w", dir, err)
	}
	if err := json.Unmarshal(b, &p.raw); err != nil {
		return nil, fmt.Errorf("thermo: merge: %s/run.json: %w", dir, err)
	}
	pj := p.json.Piece
	if pj == nil {
		return nil, fmt.Errorf("thermo: merge: %s is a whole run, not a piece of one (run with -shard i/n)", dir)
	}
	if pj.Count < 2 || pj.Index < 0 || pj.Index >= pj.Count || len(p.json.Samples.Shape) != 3 {
		return nil, fmt.Errorf("thermo: merge: %s/run.json: piece %d/%d is not a piece", dir, pj.Index, pj.Count)
	}
	return p, nil
}

// samePiecesRun refuses p unless it is a piece of the run of first.
func samePiecesRun(first, p *pieceRun) error {
	for _, key := range []string{"version", "spec", "model", "seed", "isa", "go", "platform"} {
		if string(first.raw[key]) != string(p.raw[key]) {
			return fmt.Errorf("thermo: merge: %s is a piece of another run than %s: their %q differ", p.dir, first.dir, key)
		}
	}
	if p.json.Piece.Count != first.json.Piece.Count {
		return fmt.Errorf("thermo: merge: %s is piece %d/%d, %s of %d pieces", p.dir, p.json.Piece.Index, p.json.Piece.Count, first.dir, first.json.Piece.Count)
	}
	return nil
}

// concatSamples writes the pieces' samples one after the other into path.
func concatSamples(path string, pieces []*pieceRun, spec *Spec, draws int) error {
	if spec.Precision == "f64" {
		return concatNPY[float64](path, pieces, spec, draws)
	}
	return concatNPY[float32](path, pieces, spec, draws)
}

func concatNPY[F float32 | float64](path string, pieces []*pieceRun, spec *Spec, draws int) error {
	w, err := output.CreateNPY[F](path, spec.Chains, draws, spec.Dim)
	if err != nil {
		return fmt.Errorf("thermo: merge: %w", err)
	}
	c0 := 0
	for _, p := range pieces {
		data, err := readSamples[F](filepath.Join(p.dir, "samples.npy"), p.json.Piece.Chains, draws, spec.Dim)
		if err == nil {
			err = w.WriteBlock(c0, p.json.Piece.Chains, 0, draws, data)
		}
		if err != nil {
			w.Abort()
			return fmt.Errorf("thermo: merge: %s: %w", p.dir, err)
		}
		c0 += p.json.Piece.Chains
	}
	return w.Close()
}

func readSamples[F float32 | float64](path string, chains, draws, dim int) ([]F, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := npy.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if sh := r.Header.Descr.Shape; len(sh) != 3 || sh[0] != chains || sh[1] != draws || sh[2] != dim {
		return nil, fmt.Errorf("%s has shape %v, want [%d %d %d]", path, sh, chains, draws, dim)
	}
	var v []F
	if err := r.Read(&v); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

func readMoments(path string, chains, dim int) (mean, vari []float64, err error) {
	v, err := readSamples[float64](path, chains, 2, dim)
	if err != nil {
		return nil, nil, fmt.Errorf("thermo: merge: %w", err)
	}
	mean, vari = make([]float64, chains*dim), make([]float64, chains*dim)
	for c := range chains {
		copy(mean[c*dim:(c+1)*dim], v[2*c*dim:(2*c+1)*dim])
		copy(vari[c*dim:(c+1)*dim], v[(2*c+1)*dim:(2*c+2)*dim])
	}
	return mean, vari, nil
}
