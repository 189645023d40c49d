//go:build gc && !purego && !noasm

package asm

import "github.com/thermoai/thermo/internal/isa"

var densePaths = []pair[dense32, dense64]{
	{isa: isa.NEON, width32: 4, width64: 2, k32: Dense32NEON, k64: Dense64NEON},
}
