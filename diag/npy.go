package diag

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// npyArray is a float32 or float64 array read from a .npy file.
type npyArray struct {
	Shape []int
	F32   []float32 // dtype <f4
	F64   []float64 // dtype <f8
}

func (a *npyArray) dtype() string {
	if a.F32 != nil {
		return "float32"
	}
	return "float64"
}

var (
	npyDescr   = regexp.MustCompile(`'descr'\s*:\s*'([^']*)'`)
	npyFortran = regexp.MustCompile(`'fortran_order'\s*:\s*(True|False)`)
	npyShape   = regexp.MustCompile(`'shape'\s*:\s*\(([^)]*)\)`)
)

// readNPY reads a little-endian float32 or float64 array in C order from
// a NumPy file (format 1.0 to 3.0). Its errors name the file.
func readNPY(path string) (*npyArray, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a, err := decodeNPY(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

func decodeNPY(r io.Reader) (*npyArray, error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil || string(pre[:6]) != "\x93NUMPY" {
		return nil, errors.New("not a NumPy .npy file")
	}
	var hlen int
	switch pre[6] {
	case 1:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("header: %w", err)
		}
		hlen = int(binary.LittleEndian.Uint16(b[:]))
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("header: %w", err)
		}
		hlen = int(binary.LittleEndian.Uint32(b[:]))
		if hlen > 1<<20 {
			return nil, fmt.Errorf("header of %d bytes", hlen)
		}
	default:
		return nil, fmt.Errorf("format version %d.%d", pre[6], pre[7])
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, fmt.Errorf("header: %w", noEOF(err))
	}
	h := string(hb)
	descr, fortran, shape := npyDescr.FindStringSubmatch(h), npyFortran.FindStringSubmatch(h), npyShape.FindStringSubmatch(h)
	if descr == nil || fortran == nil || shape == nil {
		return nil, fmt.Errorf("header %q lacks descr, fortran_order or shape", strings.TrimSpace(h))
	}
	if fortran[1] == "True" {
		return nil, errors.New("Fortran order, want C order")
	}
	a := &npyArray{}
	count := 1
	for _, s := range strings.Split(shape[1], ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		d, err := strconv.Atoi(s)
		if err != nil || d < 0 || d > 0 && count > math.MaxInt/8/d {
			return nil, fmt.Errorf("shape (%s)", shape[1])
		}
		a.Shape = append(a.Shape, d)
		count *= d
	}
	var elem int
	switch descr[1] {
	case "<f4":
		a.F32, elem = make([]float32, count), 4
	case "<f8":
		a.F64, elem = make([]float64, count), 8
	default:
		return nil, fmt.Errorf("dtype %q, want float32 (<f4) or float64 (<f8)", descr[1])
	}
	// Decode in chunks: the array is the largest thing in memory.
	buf := make([]byte, min(count*elem, 1<<20))
	for done := 0; done < count; {
		n := min(count-done, len(buf)/elem)
		if _, err := io.ReadFull(r, buf[:n*elem]); err != nil {
			return nil, fmt.Errorf("%d of %d values, then %w", done, count, noEOF(err))
		}
		if a.F32 != nil {
			for i := range n {
				a.F32[done+i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
			}
		} else {
			for i := range n {
				a.F64[done+i] = math.Float64frombits(binary.LittleEndian.Uint64(buf[8*i:]))
			}
		}
		done += n
	}
	var extra [1]byte
	if n, _ := io.ReadFull(r, extra[:]); n > 0 {
		return nil, fmt.Errorf("bytes after the %d values of shape %v", count, a.Shape)
	}
	return a, nil
}

// noEOF reports a file that ends early as such.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("the file ends")
	}
	return err
}
