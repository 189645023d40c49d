package output

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"unsafe"

	"github.com/sbinet/npyio"
	"golang.org/x/exp/constraints"
)

// WriteArray writes data, a C-order array of the given shape, to a .npy
// file at path of data's element type, atomically (WriteFileAtomic).
func WriteArray[F constraints.Float](path string, shape []int, data []F) error {
	n := 1
	for _, d := range shape {
		n *= d
	}
	if n != len(data) {
		return fmt.Errorf("output: %s: shape %v holds %d elements, given %d", path, shape, n, len(data))
	}
	var z F
	descr := "<f8"
	if unsafe.Sizeof(z) == 4 {
		descr = "<f4"
	}
	var b bytes.Buffer
	b.Write(npyHeader(descr, shape))
	buf := make([]byte, 8)
	for _, v := range data {
		if descr == "<f4" {
			binary.LittleEndian.PutUint32(buf, math.Float32bits(float32(v)))
			b.Write(buf[:4])
		} else {
			binary.LittleEndian.PutUint64(buf, math.Float64bits(float64(v)))
			b.Write(buf)
		}
	}
	return WriteFileAtomic(path, b.Bytes())
}

// ReadArray reads a C-order .npy file of float32 or float64 elements and
// returns its shape and its elements converted to F (float64 to float32
// rounds to nearest).
func ReadArray[F constraints.Float](path string) (shape []int, data []F, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("output: %w", err)
	}
	defer f.Close()
	r, err := npyio.NewReader(f)
	if err != nil {
		return nil, nil, fmt.Errorf("output: %s: %w", path, err)
	}
	h := r.Header.Descr
	if h.Fortran {
		return nil, nil, fmt.Errorf("output: %s: Fortran order, want C order", path)
	}
	switch h.Type {
	case "<f4":
		var v []float32
		if err := r.Read(&v); err != nil {
			return nil, nil, fmt.Errorf("output: %s: %w", path, err)
		}
		data = make([]F, len(v))
		for i, x := range v {
			data[i] = F(x)
		}
	case "<f8":
		var v []float64
		if err := r.Read(&v); err != nil {
			return nil, nil, fmt.Errorf("output: %s: %w", path, err)
		}
		data = make([]F, len(v))
		for i, x := range v {
			data[i] = F(x)
		}
	default:
		return nil, nil, fmt.Errorf("output: %s: elements of type %s, want float32 (<f4) or float64 (<f8)", path, h.Type)
	}
	return append([]int(nil), h.Shape...), data, nil
}
