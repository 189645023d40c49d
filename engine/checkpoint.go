package engine

import (
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/thermoai/thermo/kernel"
)

// The engine's part of a checkpoint, all little-endian:
//
//	magic "TENG", version uint32 1, element size uint8 (4 or 8)
//	chains, dim, shard size, shards, steps: uint64
//	barrier uint64 (the step of the last barrier), step scale float64
//	hooks uint32, then each hook's state as bytes
//	per shard: live uint8; if live: step, lastDt (float64), draws written,
//	  X, P, F (element arrays), U (float64 array), the streams (bytes),
//	  the chain sums (draws, then shift, sum, sum2 as float64 arrays),
//	  the stepper's state (bytes)
//
// where bytes and arrays are a uint64 count followed by their contents.
const (
	ckMagic   = "TENG"
	ckVersion = 1
)

type ckWriter struct{ b []byte }

func (w *ckWriter) u64(v uint64)  { w.b = binary.LittleEndian.AppendUint64(w.b, v) }
func (w *ckWriter) int(v int)     { w.u64(uint64(v)) }
func (w *ckWriter) f64(v float64) { w.u64(math.Float64bits(v)) }
func (w *ckWriter) bytes(v []byte) {
	w.int(len(v))
	w.b = append(w.b, v...)
}

func (w *ckWriter) f64s(v []float64) {
	w.int(len(v))
	for _, x := range v {
		w.f64(x)
	}
}

func putFloats[F kernel.Float](w *ckWriter, v []F) {
	w.int(len(v))
	for _, x := range v {
		switch x := any(x).(type) {
		case float32:
			w.b = binary.LittleEndian.AppendUint32(w.b, math.Float32bits(x))
		case float64:
			w.f64(x)
		}
	}
}

// errCorrupt is wrapped by every error about the engine's state bytes.
var errCorrupt = errors.New("engine: checkpoint state is corrupt")

type ckReader struct {
	b   []byte
	err error
}

func (r *ckReader) take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		if r.err == nil {
			r.err = fmt.Errorf("%w: truncated", errCorrupt)
		}
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *ckReader) u64() uint64 {
	v := r.take(8)
	if v == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(v)
}

func (r *ckReader) int() int {
	v := r.u64()
	if v > math.MaxInt32*64 {
		if r.err == nil {
			r.err = fmt.Errorf("%w: a count of %d", errCorrupt, v)
		}
		return 0
	}
	return int(v)
}

func (r *ckReader) f64() float64 { return math.Float64frombits(r.u64()) }

func (r *ckReader) bytes() []byte { return r.take(r.int()) }

// count reads an array length and checks it against want, unless want is
// negative.
func (r *ckReader) count(want int, what string) int {
	n := r.int()
	if r.err == nil && want >= 0 && n != want {
		r.err = fmt.Errorf("%w: %s has %d values, want %d", errCorrupt, what, n, want)
	}
	return n
}

func (r *ckReader) f64s(want int, what string) []float64 {
	n := r.count(want, what)
	raw := r.take(8 * n)
	if raw == nil {
		return nil
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	return v
}

func getFloats[F kernel.Float](r *ckReader, dst []F, what string) {
	n := r.count(len(dst), what)
	var zero F
	elem := int(sizeOf(zero))
	raw := r.take(elem * n)
	if raw == nil {
		return
	}
	for i := range dst {
		switch p := any(&dst[i]).(type) {
		case *float32:
			*p = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		case *float64:
			*p = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
		}
	}
}

// checkpoint encodes the state of the run, every shard at a step
// boundary, barrier the step of the last barrier.
func (r *run[F]) checkpoint(ens *Ensemble[F], barrier int) ([]byte, error) {
	cfg := r.cfg
	var zero F
	w := &ckWriter{b: []byte(ckMagic)}
	w.b = binary.LittleEndian.AppendUint32(w.b, ckVersion)
	w.b = append(w.b, byte(sizeOf(zero)))
	for _, v := range []int{cfg.Chains, cfg.Dim, r.size, len(ens.Shards), cfg.Steps, barrier} {
		w.int(v)
	}
	w.f64(ens.StepScale)
	w.b = binary.LittleEndian.AppendUint32(w.b, uint32(len(r.job.Hooks)))
	for _, h := range r.job.Hooks {
		var b []byte
		if m, ok := h.(encoding.BinaryMarshaler); ok {
			var err error
			if b, err = m.MarshalBinary(); err != nil {
				return nil, fmt.Errorf("engine: checkpoint of hook %T: %w", h, err)
			}
		}
		w.bytes(b)
	}
	stateful, _ := r.worker(0).stepper.(statefulStepper[F])
	for _, sh := range ens.Shards {
		if !sh.live {
			w.b = append(w.b, 0)
			continue
		}
		w.b = append(w.b, 1)
		w.int(sh.Step)
		w.f64(sh.lastDt)
		w.int(sh.drawsDone)
		putFloats(w, sh.X)
		putFloats(w, sh.P)
		putFloats(w, sh.F)
		w.f64s(sh.U)
		st, err := sh.Streams.MarshalBinary()
		if err != nil {
			return nil, err
		}
		w.bytes(st)
		a := sh.stats
		w.int(a.draws)
		w.f64s(a.shift[:min(len(a.shift), a.n*a.dim)])
		w.f64s(a.sum[:min(len(a.sum), a.n*a.dim)])
		w.f64s(a.sum2[:min(len(a.sum2), a.n*a.dim)])
		var state []byte
		if stateful != nil {
			if state, err = stateful.MarshalState(sh); err != nil {
				return nil, err
			}
		}
		w.bytes(state)
	}
	return w.b, nil
}

// checkpointShardSize reads the shard size of a state.
func checkpointShardSize(data []byte) (int, error) {
	r, err := openCheckpoint(data)
	if err != nil {
		return 0, err
	}
	r.int() // chains
	r.int() // dim
	size := r.int()
	if r.err == nil && size < 1 {
		r.err = fmt.Errorf("%w: shard size %d", errCorrupt, size)
	}
	return size, r.err
}

func openCheckpoint(data []byte) (*ckReader, error) {
	r := &ckReader{b: data}
	if string(r.take(4)) != ckMagic {
		return nil, fmt.Errorf("%w: not an engine state", errCorrupt)
	}
	if v := r.take(4); v == nil || binary.LittleEndian.Uint32(v) != ckVersion {
		return nil, fmt.Errorf("engine: checkpoint state of another version (want %d)", ckVersion)
	}
	r.take(1)
	return r, r.err
}

// restore sets the run's shards, hooks and step scale from a state and
// returns the step of the last barrier.
func (r *run[F]) restore(data []byte, ens *Ensemble[F]) (int, error) {
	cfg := r.cfg
	rd, err := openCheckpoint(data)
	if err != nil {
		return 0, err
	}
	var zero F
	if data[8] != byte(sizeOf(zero)) {
		return 0, fmt.Errorf("engine: checkpoint of %d-byte state, the run has %d-byte", data[8], sizeOf(zero))
	}
	for _, f := range []struct {
		name string
		want int
	}{{"chains", cfg.Chains}, {"dim", cfg.Dim}, {"shard size", r.size}, {"shards", len(ens.Shards)}, {"steps", cfg.Steps}} {
		if got := rd.int(); rd.err == nil && got != f.want {
			return 0, fmt.Errorf("engine: checkpoint of %d %s, the run has %d", got, f.name, f.want)
		}
	}
	barrier := rd.int()
	ens.StepScale = rd.f64()
	ens.Step = barrier
	if v := rd.take(4); v != nil && int(binary.LittleEndian.Uint32(v)) != len(r.job.Hooks) {
		return 0, fmt.Errorf("engine: checkpoint with %d hooks, the run has %d", binary.LittleEndian.Uint32(v), len(r.job.Hooks))
	}
	for _, h := range r.job.Hooks {
		b := rd.bytes()
		if rd.err != nil {
			break
		}
		if u, ok := h.(encoding.BinaryUnmarshaler); ok {
			if err := u.UnmarshalBinary(b); err != nil {
				return 0, fmt.Errorf("engine: checkpoint of hook %T: %w", h, err)
			}
		} else if len(b) > 0 {
			return 0, fmt.Errorf("engine: checkpoint holds a state for hook %T, which keeps none", h)
		}
	}
	stateful, _ := r.worker(0).stepper.(statefulStepper[F])
	for _, sh := range ens.Shards {
		live := rd.take(1)
		if live == nil || live[0] == 0 {
			continue
		}
		sh.live = true
		sh.Step = rd.int()
		sh.lastDt = rd.f64()
		sh.drawsDone = rd.int()
		getFloats(rd, sh.X, "X")
		getFloats(rd, sh.P, "P")
		getFloats(rd, sh.F, "F")
		u := rd.f64s(len(sh.U), "U")
		copy(sh.U, u)
		st := rd.bytes()
		if rd.err == nil {
			if err := sh.Streams.UnmarshalBinary(st); err != nil {
				return 0, fmt.Errorf("%w: shard %d: %v", errCorrupt, sh.Index, err)
			}
			if sh.Streams.Len() != sh.N {
				return 0, fmt.Errorf("%w: shard %d has %d streams, want %d", errCorrupt, sh.Index, sh.Streams.Len(), sh.N)
			}
		}
		a := sh.stats
		a.draws = rd.int()
		m := -1
		if a.draws > 0 {
			m = sh.N * sh.Dim
		}
		a.shift = rd.f64s(m, "sums")
		if a.draws < 2 {
			m = -1
		}
		a.sum = rd.f64s(m, "sums")
		a.sum2 = rd.f64s(m, "sums")
		state := rd.bytes()
		if rd.err != nil {
			break
		}
		if sh.Step < 0 || sh.Step > cfg.Steps {
			return 0, fmt.Errorf("%w: shard %d at step %d", errCorrupt, sh.Index, sh.Step)
		}
		switch {
		case stateful != nil:
			if err := stateful.UnmarshalState(sh, state); err != nil {
				return 0, fmt.Errorf("%w: shard %d: %v", errCorrupt, sh.Index, err)
			}
		case len(state) > 0:
			return 0, fmt.Errorf("%w: a stepper state for a stepper that keeps none", errCorrupt)
		}
	}
	if rd.err == nil && len(rd.b) != 0 {
		rd.err = fmt.Errorf("%w: %d bytes past the end", errCorrupt, len(rd.b))
	}
	return barrier, rd.err
}
