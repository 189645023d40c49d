package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"syscall"

	"github.com/thermoai/thermo/rng"
)

func rngCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("rng", "rng -raw [-n BYTES] | -normal [-precision f32|f64] -n N", stderr)
	raw := fs.Bool("raw", false, "write the raw 32-bit outputs of one chain's stream (little-endian), endless unless -n")
	normal := fs.Bool("normal", false, "write -n little-endian standard normals of one chain")
	n := fs.Int64("n", -1, "bytes (-raw) or normals (-normal) to write; -1: endless (-raw only)")
	precision := fs.String("precision", "f64", "normals as f32 or f64")
	seed := fs.Uint64("seed", 1, "seed")
	chain := fs.Uint64("chain", 0, "global chain index of the stream")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *raw == *normal {
		return errors.New("rng: give exactly one of -raw and -normal")
	}
	if *precision != "f32" && *precision != "f64" {
		return fmt.Errorf("rng: -precision %q is unknown (known: f32, f64)", *precision)
	}
	if *normal && *n < 0 {
		return errors.New("rng: -normal needs -n N")
	}
	w := bufio.NewWriterSize(stdout, 1<<16)
	err := writeStream(w, *raw, *n, *precision, *seed, *chain)
	if err == nil {
		err = w.Flush()
	}
	if errors.Is(err, syscall.EPIPE) {
		return nil // the reader, such as dieharder, has had enough
	}
	return err
}

func writeStream(w io.Writer, raw bool, n int64, precision string, seed, chain uint64) error {
	if raw {
		// Whole 4-byte outputs per read keep the byte stream continuous.
		s := rng.NewStream(seed, chain)
		buf := make([]byte, 1<<16)
		for n != 0 {
			s.Read(buf)
			chunk := buf
			if n > 0 && int64(len(chunk)) > n {
				chunk = chunk[:n]
			}
			if _, err := w.Write(chunk); err != nil {
				return err
			}
			if n > 0 {
				n -= int64(len(chunk))
			}
		}
		return nil
	}
	c := rng.NewChain(seed, chain)
	var buf [8]byte
	for range n {
		var b []byte
		if precision == "f32" {
			b = binary.LittleEndian.AppendUint32(buf[:0], math.Float32bits(c.Normal32()))
		} else {
			b = binary.LittleEndian.AppendUint64(buf[:0], math.Float64bits(c.Normal64()))
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}
