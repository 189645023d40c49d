//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

var testPaths = []path{
	{
		isa: isa.NEON, width32: 4, width64: 2,
		baoab32: BAOAB32NEON, baoab64: BAOAB64NEON,
		ula32: ULA32NEON, ula64: ULA64NEON,
		ou32: OU32NEON, ou64: OU64NEON,
		kick32: Kick32NEON, kick64: Kick64NEON,
	},
}
