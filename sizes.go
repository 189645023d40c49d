package thermo

import (
	"fmt"
	"math/bits"
	"path/filepath"
	"runtime"

	"github.com/thermoai/thermo/internal/sysinfo"
)

// The largest counts a spec may hold. They keep every product of counts
// that sizes memory or a file (chains × draws × dim × 8 bytes and the
// like) far from overflowing, and beyond them no machine has the memory
// anyway; a larger count is refused naming its flag.
const (
	MaxChains   = 1<<31 - 1
	MaxDim      = 1 << 24
	MaxSteps    = 1 << 40
	MaxWorkers  = 1 << 12
	MaxLeapfrog = 1 << 20
)

// checkCounts refuses counts beyond the limits, naming the flag.
func (s *Spec) checkCounts() error {
	for _, c := range []struct {
		flag     string
		v, limit int64
	}{
		{"chains", int64(s.Chains), MaxChains}, {"dim", int64(s.Dim), MaxDim},
		{"steps", int64(s.Steps), MaxSteps}, {"workers", int64(s.Workers), MaxWorkers},
		{"shard-size", int64(s.ShardSize), MaxChains}, {"leapfrog", int64(s.Leapfrog), MaxLeapfrog},
	} {
		if c.v > c.limit {
			return fmt.Errorf("thermo: -%s %d is more than the %d this version takes", c.flag, c.v, c.limit)
		}
	}
	return nil
}

// mul returns the product of xs, and false if it overflows 64 bits.
func mul(xs ...uint64) (uint64, bool) {
	p := uint64(1)
	for _, x := range xs {
		hi, lo := bits.Mul64(p, x)
		if hi != 0 {
			return 0, false
		}
		p = lo
	}
	return p, true
}

// gib formats a size in bytes.
func gib(b uint64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", b)
}

// checkModelMemory refuses a model whose parameters would not fit in
// memory, before it is built: the coupled model's dense J (with its
// Cholesky factor and a copy per worker's demon) is the one that grows.
func (s *Spec) checkModelMemory() error {
	if s.Model != "coupled" {
		return nil
	}
	workers := uint64(s.Workers)
	if workers == 0 {
		workers = uint64(runtime.GOMAXPROCS(0))
	}
	need, ok := mul(uint64(s.Dim), uint64(s.Dim), 8, 2+2*workers)
	return fitsMemory(need, ok, fmt.Sprintf("-dim %d: the coupled model's %d × %d matrix J", s.Dim, s.Dim, s.Dim))
}

func fitsMemory(need uint64, ok bool, what string) error {
	avail, err := sysinfo.AvailableMemory()
	if err != nil {
		avail = 1 << 40 // not known here: more than any machine this runs on
	}
	if !ok || need > avail {
		if !ok {
			return fmt.Errorf("thermo: %s would take more than 2^64 bytes", what)
		}
		return fmt.Errorf("thermo: %s would take %s, and this machine has %s of memory available", what, gib(need), gib(avail))
	}
	return nil
}

// checkResources refuses, before any work, a run whose samples would not
// fit on the file system of -out (or of the checkpoint directory, which
// holds them while the run goes) or whose chains, kept in memory, would
// not fit there.
func (s *Spec) checkResources(opts *Options) error {
	lo, hi := opts.Piece.Range(s.Chains)
	chains, dim := uint64(hi-lo), uint64(s.Dim)
	draws := uint64(max((s.Steps-s.Burnin)/max(s.Thin, 1), 0))
	elem := uint64(4)
	if s.Precision == "f64" {
		elem = 8
	}
	samples, ok := mul(chains, draws, dim, elem)
	what := fmt.Sprintf("samples.npy of %d chains × %d draws × %d dims × %d bytes (-chains, -steps, -burnin, -thin, -dim, -precision)",
		chains, draws, dim, elem)
	dirs := map[string]string{}
	if opts.Out != "" {
		dirs[opts.Out] = "-out"
	}
	if opts.Checkpoint.Dir != "" && !opts.Checkpoint.Resume {
		dirs[opts.Checkpoint.Dir] = "-checkpoint"
	}
	for dir, flag := range dirs {
		free, err := sysinfo.FreeDisk(dir)
		if err != nil {
			continue
		}
		if !ok {
			return fmt.Errorf("thermo: %s: %s would take more than 2^64 bytes", flag, what)
		}
		if samples > free {
			return fmt.Errorf("thermo: %s: %s would take %s, and the file system of %s has %s free",
				flag, what, gib(samples), filepath.Clean(dir), gib(free))
		}
	}
	if opts.Keep {
		if err := fitsMemory(samples, ok, "Options.Keep: "+what); err != nil {
			return err
		}
	}
	// A run with barriers or checkpoints keeps every chain's state in
	// memory: positions, momenta, forces, the sums of its draws and its
	// stream.
	resident := opts.Checkpoint.Dir != "" || (s.Integrator == "mala" || s.Integrator == "hmc") && s.Adapt && s.Burnin > 0
	if resident {
		perChain, _ := mul(dim, 3*elem+24)
		need, ok := mul(chains, perChain+64)
		return fitsMemory(need, ok, fmt.Sprintf("-chains %d: the state of every chain, held in memory for checkpoints or step adaptation,", chains))
	}
	return nil
}
