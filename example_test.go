package thermo_test

import (
	"context"
	"fmt"
	"math"

	"github.com/thermoai/thermo"
)

// Sample a 4-dimensional anisotropic Gaussian with 2048 chains of
// underdamped Langevin dynamics and compare with the exact variances.
func Example() {
	spec := thermo.DefaultSpec()
	spec.Model, spec.Dim, spec.Chains = "gaussian", 4, 2048
	spec.Params = map[string]any{"stiffness": []any{1.0, 2.0, 4.0, 8.0}}
	res, err := thermo.Run(context.Background(), spec, thermo.Options{Keep: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("samples shape:", res.Samples32.Chains, res.Samples32.Draws, res.Samples32.Dim)
	for k := range spec.Dim {
		within := math.Abs(res.Var[k]-res.ExactVar[k]) < 5*res.VarSE[k]
		fmt.Printf("dim %d: exact variance %.3f, sampled within 5 standard errors: %v\n", k, res.ExactVar[k], within)
	}
	// Output:
	// samples shape: 2048 150 4
	// dim 0: exact variance 1.000, sampled within 5 standard errors: true
	// dim 1: exact variance 0.500, sampled within 5 standard errors: true
	// dim 2: exact variance 0.250, sampled within 5 standard errors: true
	// dim 3: exact variance 0.125, sampled within 5 standard errors: true
}
