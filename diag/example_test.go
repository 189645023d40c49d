package diag_test

import (
	"context"
	"fmt"
	"log"
	"math"
	"math/rand/v2"

	"github.com/thermoai/thermo/diag"
)

func ExampleSummarize() {
	// Four chains of 1000 draws of one dimension, [chains, draws, dim]:
	// AR(1) with correlation 0.9, the last chain shifted by 0.5.
	const chains, draws = 4, 1000
	x := make([]float64, chains*draws)
	r := rand.New(rand.NewPCG(1, 2))
	s := math.Sqrt(1 - 0.9*0.9)
	for c := range chains {
		v := r.NormFloat64()
		for d := range draws {
			x[c*draws+d] = v + float64(c/3)*0.5
			v = float64(0.9*v) + float64(s*r.NormFloat64())
		}
	}
	sum, err := diag.Summarize(context.Background(), x, chains, draws, 1, diag.Options{})
	if err != nil {
		log.Fatal(err)
	}
	d := sum[0]
	fmt.Printf("mean %.2f ± %.2f, 90%% in [%.1f, %.1f]\n", d.Mean, d.MCSE, d.Q5, d.Q95)
	fmt.Printf("R-hat %.2f, bulk ESS %.0f, tail ESS %.0f of %d draws\n", d.Rhat, d.ESSBulk, d.ESSTail, chains*draws)
	// Output:
	// mean 0.22 ± 0.09, 90% in [-1.5, 1.9]
	// R-hat 1.06, bulk ESS 117, tail ESS 349 of 4000 draws
}
