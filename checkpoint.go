package thermo

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/output"
)

// Checkpoint asks a run to save its whole state into Dir every EverySteps
// steps or every Every of wall time, and when it is stopped (its context
// cancelled, as SIGINT and SIGTERM do in thermobench), so that Resume can
// go on from there: the run's samples.npy and run.json come out byte for
// byte those of a run never stopped (but for run.json's "performance"),
// whatever -workers the resumed run has. A checkpointing run keeps every
// chain in memory. While it goes, its samples are written in Dir and move
// to -out when it ends; the checkpoint is removed then.
type Checkpoint struct {
	Dir        string
	EverySteps int
	Every      time.Duration
	Resume     bool
}

// The checkpoint file, DIR/checkpoint.bin, all little-endian:
//
//	magic    [8]byte "THERMOCK"
//	format   uint32  1
//	version  thermo's Version, then the spec as JSON, then the piece
//	         ("i/n"), then the engine's state: each as a uint64 length and
//	         the bytes
//	checksum [32]byte SHA-256 of everything before it
const (
	checkpointMagic  = "THERMOCK"
	checkpointFormat = 1
	checkpointFile   = "checkpoint.bin"
	partialSamples   = "samples.partial.npy"
)

// checkpointer is a run's side of its checkpoints.
type checkpointer struct {
	dir   string
	opts  Checkpoint
	head  []byte // format, version, spec and piece, as written
	state []byte // the engine state to resume from, or nil
}

func (c *checkpointer) partial() string { return filepath.Join(c.dir, partialSamples) }

// openCheckpoint readies the checkpoints of a run, or reads the one it
// resumes from; it returns nil when the run does not checkpoint.
func openCheckpoint(spec *Spec, opts *Options) (*checkpointer, error) {
	co := opts.Checkpoint
	if co.Dir == "" {
		if co.Resume {
			return nil, errors.New("thermo: -resume needs -checkpoint DIR")
		}
		return nil, nil
	}
	if co.EverySteps < 0 || co.Every < 0 {
		return nil, errors.New("thermo: -checkpoint-every must not be negative")
	}
	if co.Resume && opts.Keep {
		return nil, errors.New("thermo: a resumed run cannot keep its samples in memory (Options.Keep): read samples.npy")
	}
	specJSON, err := json.Marshal(spec)
	if err != nil {
		return nil, fmt.Errorf("thermo: checkpoint: %w", err)
	}
	c := &checkpointer{dir: co.Dir, opts: co}
	c.head = appendField(appendField(appendField(nil, []byte(Version)), specJSON), []byte(opts.Piece.String()))
	path := filepath.Join(co.Dir, checkpointFile)
	// A checkpoint write that a crash cut short leaves its temporary file.
	if stale, err := filepath.Glob(filepath.Join(co.Dir, "."+checkpointFile+".tmp*")); err == nil {
		for _, f := range stale {
			os.Remove(f)
		}
	}
	if !co.Resume {
		if _, err := os.Stat(path); err == nil {
			return nil, fmt.Errorf("thermo: -checkpoint %s holds a checkpoint already: give -resume to go on from it, or remove it", co.Dir)
		}
		if err := os.MkdirAll(co.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("thermo: -checkpoint: %w", err)
		}
		return c, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("thermo: -resume: no checkpoint to resume from: %w", err)
	}
	if c.state, err = c.parse(data, spec, opts.Piece); err != nil {
		return nil, fmt.Errorf("thermo: -resume: %s: %w", path, err)
	}
	return c, nil
}

func appendField(b, v []byte) []byte {
	b = binary.LittleEndian.AppendUint64(b, uint64(len(v)))
	return append(b, v...)
}

// parse checks a checkpoint file against the run and returns its engine
// state. Its errors say which check failed.
func (c *checkpointer) parse(data []byte, spec *Spec, piece Piece) ([]byte, error) {
	if len(data) < len(checkpointMagic)+4+sha256.Size || string(data[:len(checkpointMagic)]) != checkpointMagic {
		return nil, errors.New("not a thermo checkpoint, or truncated")
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if h := sha256.Sum256(body); !bytes.Equal(h[:], sum) {
		return nil, errors.New("the checkpoint is corrupt or truncated (its checksum does not match)")
	}
	b := body[len(checkpointMagic):]
	if f := binary.LittleEndian.Uint32(b); f != checkpointFormat {
		return nil, fmt.Errorf("checkpoint format %d, this thermo reads format %d", f, checkpointFormat)
	}
	b = b[4:]
	var fields [4][]byte
	for i := range fields {
		if len(b) < 8 || binary.LittleEndian.Uint64(b) > uint64(len(b)-8) {
			return nil, errors.New("the checkpoint is corrupt (a field runs past its end)")
		}
		n := binary.LittleEndian.Uint64(b)
		fields[i], b = b[8:8+n], b[8+n:]
	}
	if v := string(fields[0]); v != Version {
		return nil, fmt.Errorf("the checkpoint was written by thermo %s, this is thermo %s", v, Version)
	}
	if d := specDiff(fields[1], spec); d != "" {
		return nil, fmt.Errorf("the checkpoint is of another spec: %s", d)
	}
	if p := string(fields[2]); p != piece.String() {
		return nil, fmt.Errorf("the checkpoint is of piece %s of the run, this is piece %v", p, piece)
	}
	return fields[3], nil
}

// specDiff names the first field in which the spec encoded in saved and
// spec differ, or returns "".
func specDiff(saved []byte, spec *Spec) string {
	now, _ := json.Marshal(spec)
	if bytes.Equal(saved, now) {
		return ""
	}
	var a, b map[string]json.RawMessage
	if json.Unmarshal(saved, &a) != nil || json.Unmarshal(now, &b) != nil {
		return "its spec cannot be read"
	}
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !bytes.Equal(a[k], b[k]) {
			return fmt.Sprintf("%s is %s in the checkpoint, %s now", k, orNone(a[k]), orNone(b[k]))
		}
	}
	return "their encodings differ"
}

func orNone(v json.RawMessage) string {
	if v == nil {
		return "absent"
	}
	return string(v)
}

// engine returns the engine's checkpointing; sync makes the samples
// written so far durable before each save.
func (c *checkpointer) engine(sync func() error) *engine.Checkpointing {
	return &engine.Checkpointing{
		EverySteps: c.opts.EverySteps, Every: c.opts.Every, OnStop: true, Resume: c.state,
		Save: func(state []byte) error {
			if err := sync(); err != nil {
				return err
			}
			return c.save(state)
		},
	}
}

// save writes the checkpoint file atomically.
func (c *checkpointer) save(state []byte) error {
	b := make([]byte, 0, len(checkpointMagic)+4+len(c.head)+8+len(state)+sha256.Size)
	b = append(b, checkpointMagic...)
	b = binary.LittleEndian.AppendUint32(b, checkpointFormat)
	b = append(b, c.head...)
	b = appendField(b, state)
	sum := sha256.Sum256(b)
	if err := output.WriteFileAtomic(filepath.Join(c.dir, checkpointFile), append(b, sum[:]...)); err != nil {
		return fmt.Errorf("thermo: checkpoint: %w", err)
	}
	return nil
}

// finished removes the checkpoint of a run that has ended.
func (c *checkpointer) finished() error {
	if err := os.Remove(filepath.Join(c.dir, checkpointFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("thermo: checkpoint: %w", err)
	}
	return nil
}
