package kernel

import (
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/klauspost/cpuid/v2"
)

// ISA names a kernel path: the generic Go code or one of the assembly
// implementations.
type ISA int

const (
	Generic ISA = iota
	AVX2        // amd64 AVX2 + FMA
	AVX512      // amd64 AVX-512 F+BW+DQ+VL
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
func ParseISA(s string) (ISA, error) {
	for i, n := range isaNames {
		if strings.EqualFold(s, n) {
			return ISA(i), nil
		}
	}
	return Generic, fmt.Errorf("kernel: unknown ISA %q (known: %s)", s, strings.Join(isaNames[:], ", "))
}

// built reports the paths that have kernels in this build; the assembly
// files add theirs at init.
var built = map[ISA]bool{Generic: true}

// current is the path in use; tests switch it with ForceISA.
var current = Generic

// envErr keeps a bad THERMO_ISA for the first caller that can report it.
var envErr error

func init() {
	current = Best()
	if s, ok := os.LookupEnv("THERMO_ISA"); ok && s != "" {
		i, err := ParseISA(s)
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
			return fmt.Errorf("kernel: avx2 needs amd64, this is %s", runtime.GOARCH)
		}
		need = []cpuid.FeatureID{cpuid.AVX2, cpuid.FMA3}
	case AVX512:
		if runtime.GOARCH != "amd64" {
			return fmt.Errorf("kernel: avx512 needs amd64, this is %s", runtime.GOARCH)
		}
		need = []cpuid.FeatureID{cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512DQ, cpuid.AVX512VL}
	case NEON:
		if runtime.GOARCH != "arm64" {
			return fmt.Errorf("kernel: neon needs arm64, this is %s", runtime.GOARCH)
		}
		need = []cpuid.FeatureID{cpuid.ASIMD}
	default:
		return fmt.Errorf("kernel: unknown ISA %d", int(i))
	}
	for _, f := range need {
		if !cpuid.CPU.Supports(f) {
			return fmt.Errorf("kernel: %s needs %s, which this CPU lacks", i, f)
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
	if !built[i] {
		return fmt.Errorf("kernel: no %s kernels in this build", i)
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
func ForceISA(i ISA) (restore func()) {
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
