//go:build (amd64 || arm64) && gc && !purego && !noasm

package kernel

import (
	"github.com/thermoai/thermo/internal/isa"
	"github.com/thermoai/thermo/kernel/asm"
)

var tanh32Family = isa.Lookup("tanh/f32")

// tanhPaths holds the tanh kernels of the assembly paths of this
// architecture; each does the first whole vectors of chains of every row
// and returns how many.
var tanhPaths = map[isa.ISA]func(y []float32, n int, b, d []float32) int{}

func init() {
	asm.SetTanhConsts(tanhConsts)
}

func biasTanh32(y []float32, n int, b []float32, d []float32) {
	if k := tanhPaths[tanh32Family.Path()]; k != nil {
		m := k(y, n, b, d)
		for o, bo := range b {
			tanhRow32(y[o*n+m:o*n+n], bo, d, o*n+m)
		}
		return
	}
	biasTanh32Generic(y, n, b, d)
}
