//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

var finitePaths = []pair[finite32, finite64]{
	{isa: isa.NEON, width32: 4, width64: 2, k32: Finite32NEON, k64: Finite64NEON},
}
