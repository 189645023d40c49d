package hardware_test

import (
	"context"
	"fmt"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/hardware"
	"github.com/thermoai/thermo/models"
)

// A Gaussian target of unit variance sampled by BAOAB through a digital
// controller: a 10-bit ADC with measurement noise, a 12-bit DAC, and a
// force that comes two steps late. The latency heats the s-modes: with
// friction 1 a delay of tau = 2 dt = 0.1 acts as a friction of about
// 1 - tau, so the variance comes out near 1 / (1 - 0.1) = 1.11.
func ExampleNew() {
	target, err := models.New("gaussian", 2, 1)
	if err != nil {
		panic(err)
	}
	cfg := engine.Config{Dim: 2, Chains: 256, Seed: 1, Steps: 4000, Burnin: 200, Thin: 1,
		Dt: 0.05, KT: 1, Mass: []float64{1, 1}, Friction: []float64{1, 1}, InitScale: 1}
	demons, err := hardware.New(hardware.Config{
		Seed: cfg.Seed, Dt: cfg.Dt, Steps: cfg.Steps,
		ADC:     hardware.ADC{Converter: hardware.Converter{Bits: 10, FullScale: 4}, NoiseSD: 0.01},
		DAC:     hardware.Converter{Bits: 12, FullScale: 4},
		Latency: 2,
	}, func(n int) engine.Demon[float64] { return target.Demon64(n) })
	if err != nil {
		panic(err)
	}
	res, err := engine.RunJob(context.Background(), cfg, engine.Job[float64]{NewDemon: demons})
	if err != nil {
		panic(err)
	}
	fmt.Printf("variance %.1f (exact 1)\n", (res.Stats.Var[0]+res.Stats.Var[1])/2)
	// Output: variance 1.1 (exact 1)
}
