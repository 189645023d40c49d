//go:build gc && !purego && !noasm

package kernel

import (
	"github.com/thermoai/thermo/internal/isa"
	"github.com/thermoai/thermo/kernel/asm"
)

// paths holds the row kernels of the arm64 assembly path; package asm
// registers its families.
var paths = map[isa.ISA]*rowKernels{
	isa.NEON: {
		baoab32: asm.BAOAB32NEON, baoab64: asm.BAOAB64NEON,
		kick32: asm.Kick32NEON, kick64: asm.Kick64NEON,
		ula32: asm.ULA32NEON, ula64: asm.ULA64NEON,
		ou32: asm.OU32NEON, ou64: asm.OU64NEON,
		linear32: asm.Linear32NEON, linear64: asm.Linear64NEON,
		dense32: asm.Dense32NEON, dense64: asm.Dense64NEON,
		product32: asm.Product32NEON, product64: asm.Product64NEON,
		outer32: asm.Outer32NEON, outer64: asm.Outer64NEON,
		finite32: asm.Finite32NEON, finite64: asm.Finite64NEON,
		baoabLin32: asm.BAOABLinRows32NEON, baoabLin64: asm.BAOABLinRows64NEON,
		ulaLin32: asm.ULALinRows32NEON, ulaLin64: asm.ULALinRows64NEON,
	},
}
