// Package isa chooses the instruction-set path of every kernel, once at
// start-up from the CPU's features (klauspost/cpuid/v2) or from the
// THERMO_ISA environment variable. It is a leaf package so that rng and
// kernel, which both carry assembly, share one choice; package kernel
// re-exports it.
package isa

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"

	"github.com/klauspost/cpuid/v2"
)

// ISA names a kernel path: the generic Go code or one of the assembly
// implementations.
type ISA int

const (
	Generic ISA = iota
	AVX2        // amd64 AVX2 + FMA + POPCNT
	AVX512      // amd64 AVX-512 F+BW+DQ+VL, BMI2, POPCNT
	NEON        // arm64 Advanced SIMD
)

var isaNames = [...]string{Generic: "generic", AVX2: "avx2", AVX512: "avx512", NEON: "neon"}

func (i ISA) String() string {
	if i < 0 || int(i) >= len(isaNames) {
		return fmt.Sprintf("ISA(%d)", int(i))
	}
	return isaNames[i]
}

// ParseISA returns the ISA of a THERMO_ISA value.
func Parse(s string) (ISA, error) {
	for i, n := range isaNames {
		if strings.EqualFold(s, n) {
			return ISA(i), nil
		}
	}
	return Generic, fmt.Errorf("isa: unknown ISA %q (known: %s)", s, strings.Join(isaNames[:], ", "))
}

// built records, per path, the kernel families this build has for it;
// every package registers its families at init (assembly ones from their
// assembly-only files, so that purego and noasm builds register none).
var built = map[ISA]map[string]bool{Generic: {}}

// Register records that this build has path i for the named kernel
// families, such as "normal/f32".
func Register(i ISA, families ...string) {
	if built[i] == nil {
		built[i] = map[string]bool{}
	}
	for _, f := range families {
		built[i][f] = true
		Lookup(f).built[i] = true
	}
	resolve()
}

// Family is a kernel family as the hot paths hold it, so that finding
// its path costs no map lookup: look it up once with Lookup.
type Family struct {
	name  string
	built [len(isaNames)]bool
}

var families = map[string]*Family{}

// Lookup returns the family of that name, registered or not yet: a
// package may hold it in a variable before its assembly registers. It
// is meant for package initialisation, like Register, which it may
// race with if called later.
func Lookup(name string) *Family {
	f := families[name]
	if f == nil {
		f = &Family{name: name}
		families[name] = f
	}
	return f
}

// Path returns the path that the family uses now, as For does.
func (f *Family) Path() ISA {
	if f.built[current] {
		return current
	}
	if (current == AVX512 || current == AVX2) && f.built[AVX2] {
		return AVX2
	}
	return Generic
}

// Families returns the names of every registered kernel family, sorted.
func Families() []string {
	seen := map[string]bool{}
	for _, fs := range built {
		for f := range fs {
			seen[f] = true
		}
	}
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// For returns the path that kernel family uses now: the current path if
// the family has it, else AVX2 under AVX-512, else the generic code.
func For(family string) ISA {
	if f := families[family]; f != nil {
		return f.Path()
	}
	return Generic
}

// current is the path in use; tests switch it with ForceISA.
var current = Generic

// envErr keeps a bad THERMO_ISA for the first caller that can report it.
var envErr error

func init() { resolve() }

// resolve picks the current path from the CPU and THERMO_ISA; it runs
// again as assembly paths register, all before main starts.
func resolve() {
	current, envErr = Best(), nil
	if s, ok := os.LookupEnv("THERMO_ISA"); ok && s != "" {
		i, err := Parse(s)
		if err == nil {
			err = Check(i)
		}
		if err != nil {
			envErr = fmt.Errorf("THERMO_ISA: %w", err)
			return
		}
		current = i
	}
}

// EnvError returns the error of an unusable THERMO_ISA setting, or nil.
// Programs should report it before starting work.
func EnvError() error { return envErr }

// cpuHas reports whether the CPU has the features a path needs.
func cpuHas(i ISA) error {
	var need []cpuid.FeatureID
	switch i {
	case Generic:
		return nil
	case AVX2:
		if runtime.GOARCH != "amd64" {
			return fmt.Errorf("isa: avx2 needs amd64, this is %s", runtime.GOARCH)
		}
		need = []cpuid.FeatureID{cpuid.AVX2, cpuid.FMA3, cpuid.POPCNT}
	case AVX512:
		if runtime.GOARCH != "amd64" {
			return fmt.Errorf("isa: avx512 needs amd64, this is %s", runtime.GOARCH)
		}
		need = []cpuid.FeatureID{cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512DQ, cpuid.AVX512VL, cpuid.BMI2, cpuid.POPCNT}
	case NEON:
		if runtime.GOARCH != "arm64" {
			return fmt.Errorf("isa: neon needs arm64, this is %s", runtime.GOARCH)
		}
		need = []cpuid.FeatureID{cpuid.ASIMD}
	default:
		return fmt.Errorf("isa: unknown ISA %d", int(i))
	}
	for _, f := range need {
		if !cpuid.CPU.Supports(f) {
			return fmt.Errorf("isa: %s needs %s, which this CPU lacks", i, f)
		}
	}
	return nil
}

// Check returns nil if path i can run here: the CPU has its features and
// this build has its kernels.
func Check(i ISA) error {
	if err := cpuHas(i); err != nil {
		return err
	}
	if _, ok := built[i]; !ok {
		return fmt.Errorf("isa: no %s kernels in this build", i)
	}
	return nil
}

// Best returns the fastest path that can run here.
func Best() ISA {
	for _, i := range []ISA{AVX512, AVX2, NEON} {
		if Check(i) == nil {
			return i
		}
	}
	return Generic
}

// Current returns the kernel path in use.
func Current() ISA { return current }

// ForceISA switches every kernel to path i and returns a function that
// restores the previous choice: defer kernel.ForceISA(kernel.Generic)().
// It panics if i cannot run here; use Check first.
func Force(i ISA) (restore func()) {
	if err := Check(i); err != nil {
		panic(err)
	}
	prev := current
	current = i
	return func() { current = prev }
}

// Available lists the paths that can run here, generic first.
func Available() []ISA {
	var out []ISA
	for i := range isaNames {
		if Check(ISA(i)) == nil {
			out = append(out, ISA(i))
		}
	}
	return out
}

// CPUFeatures describes the CPU and the SIMD features the kernels care about.
func CPUFeatures() (brand string, features []string) {
	for _, f := range []cpuid.FeatureID{cpuid.SSE2, cpuid.AVX, cpuid.AVX2, cpuid.FMA3,
		cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512DQ, cpuid.AVX512VL, cpuid.ASIMD} {
		if cpuid.CPU.Supports(f) {
			features = append(features, strings.ToLower(f.String()))
		}
	}
	return cpuid.CPU.BrandName, features
}
