package rng_test

import (
	"fmt"

	"github.com/thermoai/thermo/rng"
)

func Example() {
	// Chains 100 to 102 of seed 1, three dimensions each.
	const n, dims = 3, 3
	s := rng.NewStreams(1, 100, n)
	xi := make([]float64, dims*n)
	rng.FillNormal64(xi, s)

	// Element k*n+c is dimension k of chain c, the same value whatever
	// batch chain 100+c is simulated in.
	for c := range n {
		fmt.Printf("chain %d:", 100+c)
		for k := range dims {
			fmt.Printf(" %7.4f", xi[k*n+c])
		}
		fmt.Println()
	}
	ch := rng.NewChain(1, 101)
	fmt.Printf("chain 101 alone: %7.4f\n", ch.Normal64())
	// Output:
	// chain 100: -0.7594 -0.6268 -0.7549
	// chain 101: -1.2208 -1.5864  0.0040
	// chain 102: -0.3600 -2.0909 -0.5204
	// chain 101 alone: -1.2208
}
