package rng

import "github.com/thermoai/thermo/internal/isa"

func init() {
	isa.Register(isa.Generic, "normal/f32", "normal/f64")
}
