package diag

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thermoai/thermo/output"
)

// writeRun writes a run directory as thermo does: samples.npy and the
// samples section of run.json.
func writeRun[F float32 | float64](t *testing.T, data []F, chains, draws, dim int, dtype string) string {
	t.Helper()
	dir := t.TempDir()
	w, err := output.CreateNPY[F](filepath.Join(dir, "samples.npy"), chains, draws, dim)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteBlock(0, chains, 0, draws, data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	run := map[string]any{"version": "test", "samples": map[string]any{"file": "samples.npy", "shape": []int{chains, draws, dim}, "dtype": dtype}}
	b, _ := json.Marshal(run)
	if err := os.WriteFile(filepath.Join(dir, "run.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReadRun(t *testing.T) {
	const chains, draws, dim = 6, 40, 3
	data := ar1Draws(chains, draws, dim, 0.6, 9)
	dir := writeRun(t, data, chains, draws, dim, "float32")
	r, err := ReadRun(bg, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Summarize(bg, data, chains, draws, dim, Options{})
	if r.Chains != chains || r.Draws != draws || r.Dim != dim || r.Dtype != "float32" || r.Samples != "samples.npy" || !sameBits(r.Dims, want) {
		t.Fatalf("report %+v", r)
	}
	path := filepath.Join(dir, "diag.json")
	if err := r.WriteJSON(path); err != nil {
		t.Fatal(err)
	}
	var back Report
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !sameBits(back.Dims, want) || back.Method != Method {
		t.Errorf("diag.json does not read back: %s", b)
	}

	data64 := make([]float64, len(data))
	for i, v := range data {
		data64[i] = float64(v)
	}
	dir64 := writeRun(t, data64, chains, draws, dim, "float64")
	r64, err := ReadRun(bg, dir64, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !sameBits(r64.Dims, want) { // the same values, widened
		t.Errorf("float64 %+v, float32 %+v", r64.Dims, want)
	}
}

// TestReadRunErrors checks that every broken run directory is refused
// with an error naming the file.
func TestReadRunErrors(t *testing.T) {
	data := ar1Draws(2, 10, 1, 0.5, 1)
	for _, c := range []struct {
		name  string
		spoil func(dir string)
		want  string // in the error, after the directory
	}{
		{"no run.json", func(d string) { os.Remove(filepath.Join(d, "run.json")) }, "run.json: no such file"},
		{"no samples.npy", func(d string) { os.Remove(filepath.Join(d, "samples.npy")) }, "samples.npy: no such file"},
		{"corrupt run.json", func(d string) { os.WriteFile(filepath.Join(d, "run.json"), []byte(`{"samples": [`), 0o644) }, "run.json: unexpected end of JSON"},
		{"run.json without samples", func(d string) { os.WriteFile(filepath.Join(d, "run.json"), []byte(`{}`), 0o644) }, "run.json: no samples file"},
		{"samples file outside", func(d string) {
			os.WriteFile(filepath.Join(d, "run.json"), []byte(`{"samples": {"file": "../x.npy", "shape": [2, 10, 1], "dtype": "float32"}}`), 0o644)
		}, `run.json: samples file "../x.npy" is not a file name`},
		{"shape differs", func(d string) {
			os.WriteFile(filepath.Join(d, "run.json"), []byte(`{"samples": {"file": "samples.npy", "shape": [2, 9, 1], "dtype": "float32"}}`), 0o644)
		}, "samples.npy holds float32 [2 10 1], but"},
		{"dtype differs", func(d string) {
			os.WriteFile(filepath.Join(d, "run.json"), []byte(`{"samples": {"file": "samples.npy", "shape": [2, 10, 1], "dtype": "float64"}}`), 0o644)
		}, "samples.npy holds float32 [2 10 1], but"},
		{"truncated", func(d string) {
			p := filepath.Join(d, "samples.npy")
			st, _ := os.Stat(p)
			os.Truncate(p, st.Size()-70)
		}, "samples.npy: 0 of 20 values, then the file ends"},
		{"trailing bytes", func(d string) {
			f, _ := os.OpenFile(filepath.Join(d, "samples.npy"), os.O_APPEND|os.O_WRONLY, 0)
			f.Write([]byte{0})
			f.Close()
		}, "samples.npy: bytes after the 20 values"},
		{"not npy", func(d string) { os.WriteFile(filepath.Join(d, "samples.npy"), []byte("hello"), 0o644) }, "samples.npy: not a NumPy .npy file"},
		{"NaN", func(d string) {
			f, _ := os.OpenFile(filepath.Join(d, "samples.npy"), os.O_WRONLY, 0)
			st, _ := f.Stat()
			var b [4]byte
			binary.LittleEndian.PutUint32(b[:], math.Float32bits(float32(math.NaN())))
			f.WriteAt(b[:], st.Size()-4)
			f.Close()
		}, "diag: draw 9 of chain 1, dimension 0, is NaN"},
	} {
		dir := writeRun(t, data, 2, 10, 1, "float32")
		c.spoil(dir)
		_, err := ReadRun(bg, dir, Options{})
		if err == nil || !strings.HasPrefix(err.Error(), "diag: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if err != nil && !strings.Contains(err.Error(), dir) {
			t.Errorf("%s: %v does not name the file", c.name, err)
		}
	}
}

func TestDecodeNPY(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", `dtype "<i4"`},
		{"{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", `dtype ">f8"`},
		{"{'descr': '<f8', 'fortran_order': True, 'shape': (2,), }", "Fortran order"},
		{"{'descr': '<f8', 'shape': (2,), }", "lacks"},
		{"{'descr': '<f8', 'fortran_order': False, 'shape': (2, x), }", "shape"},
	} {
		var b bytes.Buffer
		b.WriteString("\x93NUMPY\x01\x00")
		binary.Write(&b, binary.LittleEndian, uint16(len(c.header)+1))
		b.WriteString(c.header + "\n")
		b.Write(make([]byte, 16))
		if _, err := decodeNPY(&b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.header, err, c.want)
		}
	}
	// Version 2.0, keys in another order, a shape of one dimension.
	var b bytes.Buffer
	h := "{'shape': (3,), 'fortran_order': False, 'descr': '<f8'}\n"
	b.WriteString("\x93NUMPY\x02\x00")
	binary.Write(&b, binary.LittleEndian, uint32(len(h)))
	b.WriteString(h)
	for _, v := range []float64{1, -2.5, 3} {
		binary.Write(&b, binary.LittleEndian, v)
	}
	a, err := decodeNPY(&b)
	if err != nil || len(a.Shape) != 1 || a.Shape[0] != 3 || a.F64[1] != -2.5 {
		t.Errorf("%+v %v", a, err)
	}
}
