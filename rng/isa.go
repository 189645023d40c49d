package rng

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.Generic, "normal/f32", "normal/f64")
}

// The normal fills' kernel families, looked up once.
var (
	normal32Family = isa.Lookup("normal/f32")
	normal64Family = isa.Lookup("normal/f64")
)
