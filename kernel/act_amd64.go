//go:build gc && !purego && !noasm

package kernel

import (
	"github.com/thermoai/thermo/internal/isa"
	"github.com/thermoai/thermo/kernel/asm"
)

func init() {
	tanhPaths[isa.AVX512] = asm.BiasTanh32AVX512
	tanhPaths[isa.AVX2] = asm.BiasTanh32AVX2
}
