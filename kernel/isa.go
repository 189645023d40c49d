package kernel

import "github.com/thermoai/thermo/internal/isa"

// ISA names a kernel path: the generic Go code or one of the assembly
// implementations.
type ISA = isa.ISA

// The kernel paths.
const (
	Generic = isa.Generic
	AVX2    = isa.AVX2   // amd64 AVX2 + FMA + POPCNT
	AVX512  = isa.AVX512 // amd64 AVX-512 F+BW+DQ+VL+CD, BMI2, POPCNT
	NEON    = isa.NEON   // arm64 Advanced SIMD
)

// ParseISA returns the ISA of a THERMO_ISA value.
func ParseISA(s string) (ISA, error) { return isa.Parse(s) }

// Check returns nil if path i can run here: the CPU has its features and
// this build has kernels for it.
func Check(i ISA) error { return isa.Check(i) }

// Current returns the kernel path chosen at start-up or forced since.
func Current() ISA { return isa.Current() }

// ForceISA switches every kernel, in this package and in rng, to path i
// and returns a function that restores the previous choice:
//
//	defer kernel.ForceISA(kernel.Generic)()
//
// It panics if i cannot run here; use Check first.
func ForceISA(i ISA) (restore func()) { return isa.Force(i) }

// Available lists the paths that can run here, generic first.
func Available() []ISA { return isa.Available() }

// EnvError returns the error of an unusable THERMO_ISA setting, or nil.
// Programs should report it before starting work.
func EnvError() error { return isa.EnvError() }

// CPUFeatures describes the CPU and the SIMD features the kernels care about.
func CPUFeatures() (brand string, features []string) { return isa.CPUFeatures() }

// PathFor returns the path a kernel family (such as "normal/f32" or
// "baoab/f32") uses now; Families lists the families.
func PathFor(family string) ISA { return isa.For(family) }

// Families lists the kernel families of this build, sorted.
func Families() []string { return isa.Families() }

func init() {
	isa.Register(isa.Generic, "baoab/f32", "baoab/f64", "ula/f32", "ula/f64", "ou/f32", "ou/f64")
}
