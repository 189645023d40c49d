//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

var finitePaths = []pair[finite32, finite64]{
	{isa: isa.AVX512, width32: 16, width64: 8, k32: Finite32AVX512, k64: Finite64AVX512},
	{isa: isa.AVX2, width32: 8, width64: 4, k32: Finite32AVX2, k64: Finite64AVX2},
}
