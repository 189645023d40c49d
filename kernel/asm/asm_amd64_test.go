//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

var testPaths = []path{
	{
		isa: isa.AVX512, width32: 16, width64: 8,
		baoab32: BAOAB32AVX512, baoab64: BAOAB64AVX512,
		ula32: ULA32AVX512, ula64: ULA64AVX512,
		ou32: OU32AVX512, ou64: OU64AVX512,
		kick32: Kick32AVX512, kick64: Kick64AVX512,
	},
	{
		isa: isa.AVX2, width32: 8, width64: 4,
		baoab32: BAOAB32AVX2, baoab64: BAOAB64AVX2,
		ula32: ULA32AVX2, ula64: ULA64AVX2,
		ou32: OU32AVX2, ou64: OU64AVX2,
		kick32: Kick32AVX2, kick64: Kick64AVX2,
	},
}
