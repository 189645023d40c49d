// Package output writes the files of a run: samples.npy, streamed in blocks
// as shards finish them, and run.json.
package output

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/exp/constraints"
)

// The NumPy format (version 1.0) is a magic string, a little-endian uint16
// header length, and a Python dict literal padded with spaces to a 64-byte
// boundary, then the raw data. sbinet/npyio reads it, but writes only
// whole in-memory arrays, and a run's samples are streamed in blocks from
// many shards at once: the header is written here and every block goes to
// its offset with WriteAt.
const npyMagic = "\x93NUMPY\x01\x00"

func npyHeader(descr string, shape []int) []byte {
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = fmt.Sprint(d)
	}
	tuple := strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, tuple)
	total := len(npyMagic) + 2 + len(dict) + 1
	pad := (64 - total%64) % 64
	var b bytes.Buffer
	b.WriteString(npyMagic)
	binary.Write(&b, binary.LittleEndian, uint16(len(dict)+pad+1))
	b.WriteString(dict)
	b.WriteString(strings.Repeat(" ", pad))
	b.WriteByte('\n')
	return b.Bytes()
}

// NPYWriter writes an array of shape [chains, draws, dim] of float32 or
// float64 to a .npy file, accepting blocks of chains in any order and from
// many goroutines at once. The file is written under a temporary name and
// renamed into place by Close, so a reader never sees a partial file.
type NPYWriter[F constraints.Float] struct {
	f                  *os.File
	path               string
	chains, draws, dim int
	data               int64 // offset of the first element
	elem               int
	descr              string
}

// CreateNPY starts the file path for an array [chains, draws, dim].
func CreateNPY[F constraints.Float](path string, chains, draws, dim int) (*NPYWriter[F], error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	return startNPY[F](f, path, chains, draws, dim)
}

// OpenNPY is CreateNPY for a file that a run may leave and take up again:
// its data go to partial, under that name, and Close renames it to path.
// With resume the partial file must exist with the header of this array
// and its full size; the draws it holds stay.
func OpenNPY[F constraints.Float](partial, path string, chains, draws, dim int, resume bool) (*NPYWriter[F], error) {
	if !resume {
		f, err := os.OpenFile(partial, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			return nil, fmt.Errorf("output: %w", err)
		}
		return startNPY[F](f, path, chains, draws, dim)
	}
	if _, err := os.Stat(partial); errors.Is(err, os.ErrNotExist) {
		// A run stopped after its samples were moved into place, before
		// its checkpoint was removed: they are the samples so far.
		if err := os.Rename(path, partial); err != nil {
			return nil, fmt.Errorf("output: the samples written so far: %w", err)
		}
	}
	f, err := os.OpenFile(partial, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("output: the samples written so far: %w", err)
	}
	w := newNPYWriter[F](f, path, chains, draws, dim)
	h := make([]byte, w.data)
	if _, err := io.ReadFull(f, h); err != nil || !bytes.Equal(h, npyHeader(w.descr, []int{chains, draws, dim})) {
		f.Close()
		return nil, fmt.Errorf("output: %s does not hold samples of shape [%d, %d, %d]", partial, chains, draws, dim)
	}
	if st, err := f.Stat(); err != nil || st.Size() != w.size() {
		f.Close()
		return nil, fmt.Errorf("output: %s is not %d bytes long", partial, w.size())
	}
	return w, nil
}

func newNPYWriter[F constraints.Float](f *os.File, path string, chains, draws, dim int) *NPYWriter[F] {
	var zero F
	descr, elem := "<f8", 8
	if _, ok := any(zero).(float32); ok {
		descr, elem = "<f4", 4
	}
	h := npyHeader(descr, []int{chains, draws, dim})
	return &NPYWriter[F]{f: f, path: path, chains: chains, draws: draws, dim: dim, data: int64(len(h)), elem: elem, descr: descr}
}

func (w *NPYWriter[F]) size() int64 {
	return w.data + int64(w.chains)*int64(w.draws)*int64(w.dim)*int64(w.elem)
}

// startNPY writes the header into f and sizes it for the whole array.
func startNPY[F constraints.Float](f *os.File, path string, chains, draws, dim int) (*NPYWriter[F], error) {
	w := newNPYWriter[F](f, path, chains, draws, dim)
	err := f.Chmod(0o644)
	if err == nil {
		_, err = f.Write(npyHeader(w.descr, []int{chains, draws, dim}))
	}
	if err == nil {
		err = f.Truncate(w.size())
	}
	if err != nil {
		w.Abort()
		return nil, fmt.Errorf("output: %w", err)
	}
	return w, nil
}

// Sync flushes what has been written to disk.
func (w *NPYWriter[F]) Sync() error {
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

// WriteBlock writes draws d0..d0+nd-1 of chains c0..c0+n-1, given
// chain-major as [n][nd][dim]. It is safe for concurrent use.
func (w *NPYWriter[F]) WriteBlock(c0, n, d0, nd int, block []F) error {
	if c0 < 0 || c0+n > w.chains || d0 < 0 || d0+nd > w.draws || len(block) != n*nd*w.dim {
		return fmt.Errorf("output: block chains [%d,%d) draws [%d,%d) of length %d does not fit [%d, %d, %d]",
			c0, c0+n, d0, d0+nd, len(block), w.chains, w.draws, w.dim)
	}
	row := nd * w.dim
	buf := make([]byte, row*w.elem)
	for c := range n {
		encode(buf, block[c*row:(c+1)*row])
		off := w.data + (int64(c0+c)*int64(w.draws)+int64(d0))*int64(w.dim)*int64(w.elem)
		if _, err := w.f.WriteAt(buf, off); err != nil {
			return fmt.Errorf("output: %w", err)
		}
	}
	return nil
}

func encode[F constraints.Float](buf []byte, v []F) {
	switch v := any(v).(type) {
	case []float32:
		for i, x := range v {
			binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(x))
		}
	case []float64:
		for i, x := range v {
			binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(x))
		}
	}
}

// Close flushes the file to disk and renames it into place.
func (w *NPYWriter[F]) Close() error {
	if err := w.f.Sync(); err != nil {
		w.Abort()
		return fmt.Errorf("output: %w", err)
	}
	if err := w.f.Close(); err != nil {
		os.Remove(w.f.Name())
		return fmt.Errorf("output: %w", err)
	}
	if err := os.Rename(w.f.Name(), w.path); err != nil {
		os.Remove(w.f.Name())
		return fmt.Errorf("output: %w", err)
	}
	return syncDir(filepath.Dir(w.path))
}

// syncDir makes a rename into dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

// Abort discards the file.
func (w *NPYWriter[F]) Abort() {
	w.f.Close()
	os.Remove(w.f.Name())
}

// Samples holds recorded draws in memory as [chains, draws, dim], the
// layout of samples.npy. It is an engine sink.
type Samples[F constraints.Float] struct {
	Chains, Draws, Dim int
	Data               []F
}

// NewSamples allocates room for chains x draws x dim values.
func NewSamples[F constraints.Float](chains, draws, dim int) *Samples[F] {
	return &Samples[F]{Chains: chains, Draws: draws, Dim: dim, Data: make([]F, chains*draws*dim)}
}

// At returns dimension k of draw d of chain c.
func (s *Samples[F]) At(c, d, k int) F { return s.Data[(c*s.Draws+d)*s.Dim+k] }

// WriteBlock copies a block of draws in; it is safe for concurrent use on
// disjoint chains.
func (s *Samples[F]) WriteBlock(c0, n, d0, nd int, block []F) error {
	row := nd * s.Dim
	for c := range n {
		off := ((c0+c)*s.Draws + d0) * s.Dim
		copy(s.Data[off:off+row], block[c*row:(c+1)*row])
	}
	return nil
}

// Tee sends every block to several sinks.
type Tee[F constraints.Float] []interface {
	WriteBlock(c0, n, d0, nd int, block []F) error
}

// WriteBlock writes the block to each sink in turn.
func (t Tee[F]) WriteBlock(c0, n, d0, nd int, block []F) error {
	for _, s := range t {
		if err := s.WriteBlock(c0, n, d0, nd, block); err != nil {
			return err
		}
	}
	return nil
}

// WriteFileAtomic writes data to path through a temporary file in the same
// directory, synced and renamed into place, and syncs the directory, so
// that path holds either the old or the whole new content, also after a
// crash. The file is readable by all (0644).
func WriteFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	err = f.Chmod(0o644)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("output: %w", err)
	}
	return syncDir(filepath.Dir(path))
}
