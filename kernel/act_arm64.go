//go:build gc && !purego && !noasm

package kernel

import (
	"github.com/thermoai/thermo/internal/isa"
	"github.com/thermoai/thermo/kernel/asm"
)

func init() {
	tanhPaths[isa.NEON] = asm.BiasTanh32NEON
}
