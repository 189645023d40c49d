package nn_test

import (
	"context"
	"fmt"

	"github.com/thermoai/thermo"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/nn"
	"github.com/thermoai/thermo/rng"
)

// Train a score network by denoising score matching on samples of a 2-D
// Gaussian centred at (1, -1), then sample its field with Langevin
// chains through the embedding API. With noise σ the network learns the
// score of the data smoothed by N(0, σ²), whose mean is the data's.
func Example() {
	const dim, sigma = 2, 0.3
	cfg := nn.Config{Dim: dim, Hidden: []int{32, 32}, Activation: nn.SiLU, Head: nn.Score}
	net32, _ := nn.New[float32](cfg, 1)
	tr := &nn.Trainer[float32]{Net: net32, Loss: nn.DSM[float32]{Sigma: sigma, Seed: 2}, Opt: &nn.Adam{LR: 1e-2}}
	data := rng.NewChain(3, 0)
	const n = 512
	x := make([]float32, dim*n)
	for u := range 600 {
		if u == 300 {
			tr.Opt.LR = 3e-3
		}
		for c := range n {
			x[c] = float32(1 + data.Normal64())
			x[n+c] = float32(-1 + data.Normal64())
		}
		if _, err := tr.Update(x, n, 0); err != nil {
			fmt.Println(err)
			return
		}
	}

	// A model has the network in both precisions.
	m, err := models.NewMLP(net32, nn.Convert[float64](net32))
	if err != nil {
		fmt.Println(err)
		return
	}
	spec := thermo.DefaultSpec()
	spec.Dim, spec.Chains, spec.Steps, spec.Burnin = dim, 1024, 400, 200
	res, err := thermo.RunModel(context.Background(), spec, m, thermo.Options{NoDiag: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("mean (%.1f, %.1f)\n", res.Mean[0], res.Mean[1])
	// Output:
	// mean (1.0, -1.0)
}
