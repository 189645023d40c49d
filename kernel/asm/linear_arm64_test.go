//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

var linearPaths = []pair[linear32, linear64]{
	{isa: isa.NEON, width32: 4, width64: 2, k32: Linear32NEON, k64: Linear64NEON},
}
