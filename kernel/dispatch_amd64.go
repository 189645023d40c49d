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
		linear32: asm.Linear32AVX512, linear64: asm.Linear64AVX512,
		baoabAll32: asm.BAOABRows32AVX512, baoabAll64: asm.BAOABRows64AVX512,
		baoabLin32: asm.BAOABLinRows32AVX512, baoabLin64: asm.BAOABLinRows64AVX512,
		linearAll32: asm.LinearRows32AVX512, linearAll64: asm.LinearRows64AVX512,
		ulaAll32: asm.ULARows32AVX512, ulaAll64: asm.ULARows64AVX512,
		ulaLin32: asm.ULALinRows32AVX512, ulaLin64: asm.ULALinRows64AVX512,
		ouAll32: asm.OURows32AVX512, ouAll64: asm.OURows64AVX512,
		dense32: asm.Dense32AVX512, dense64: asm.Dense64AVX512,
		finite32: asm.Finite32AVX512, finite64: asm.Finite64AVX512,
		product32: asm.Product32AVX512, product64: asm.Product64AVX512,
		outer32: asm.Outer32AVX512, outer64: asm.Outer64AVX512,
	},
	isa.AVX2: {
		baoab32: asm.BAOAB32AVX2, baoab64: asm.BAOAB64AVX2,
		kick32: asm.Kick32AVX2, kick64: asm.Kick64AVX2,
		ula32: asm.ULA32AVX2, ula64: asm.ULA64AVX2,
		ou32: asm.OU32AVX2, ou64: asm.OU64AVX2,
		linear32: asm.Linear32AVX2, linear64: asm.Linear64AVX2,
		baoabAll32: asm.BAOABRows32AVX2, baoabAll64: asm.BAOABRows64AVX2,
		baoabLin32: asm.BAOABLinRows32AVX2, baoabLin64: asm.BAOABLinRows64AVX2,
		linearAll32: asm.LinearRows32AVX2, linearAll64: asm.LinearRows64AVX2,
		ulaAll32: asm.ULARows32AVX2, ulaAll64: asm.ULARows64AVX2,
		ulaLin32: asm.ULALinRows32AVX2, ulaLin64: asm.ULALinRows64AVX2,
		ouAll32: asm.OURows32AVX2, ouAll64: asm.OURows64AVX2,
		dense32: asm.Dense32AVX2, dense64: asm.Dense64AVX2,
		finite32: asm.Finite32AVX2, finite64: asm.Finite64AVX2,
		product32: asm.Product32AVX2, product64: asm.Product64AVX2,
		outer32: asm.Outer32AVX2, outer64: asm.Outer64AVX2,
	},
}
