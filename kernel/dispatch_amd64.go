//go:build gc && !purego && !noasm

package kernel

import (
	"github.com/thermoai/thermo/internal/isa"
	"github.com/thermoai/thermo/kernel/asm"
)

// paths holds the row kernels of the amd64 assembly paths; package asm
// registers their families.
var paths = map[isa.ISA]*rowKernels{
	isa.AVX512: {
		baoab32: asm.BAOAB32AVX512, baoab64: asm.BAOAB64AVX512,
		kick32: asm.Kick32AVX512, kick64: asm.Kick64AVX512,
		ula32: asm.ULA32AVX512, ula64: asm.ULA64AVX512,
		ou32: asm.OU32AVX512, ou64: asm.OU64AVX512,
	},
	isa.AVX2: {
		baoab32: asm.BAOAB32AVX2, baoab64: asm.BAOAB64AVX2,
		kick32: asm.Kick32AVX2, kick64: asm.Kick64AVX2,
		ula32: asm.ULA32AVX2, ula64: asm.ULA64AVX2,
		ou32: asm.OU32AVX2, ou64: asm.OU64AVX2,
	},
}
