package models_test

import (
	"fmt"
	"log"

	"github.com/thermoai/thermo/models"
)

func ExampleNewDensity() {
	// A normal distribution with mean (1, -1) and unit variances, from its
	// log density and gradient at one point.
	mu := []float64{1, -1}
	logp := func(x []float64) float64 {
		s := 0.0
		for k, v := range x {
			s -= (v - mu[k]) * (v - mu[k]) / 2
		}
		return s
	}
	grad := func(x, grad []float64) {
		for k, v := range x {
			grad[k] = mu[k] - v
		}
	}
	m, err := models.NewDensity("shifted-normal", 2, logp, grad)
	if err != nil {
		log.Fatal(err)
	}

	// The demon evaluates the force f = ∇log p and the potential
	// U = -log p of three chains, stored dimension-major.
	const n = 3
	x := []float64{
		2, 0, 3, // dimension 0 of chains 0, 1, 2
		-1, 1, 0, // dimension 1
	}
	f := make([]float64, len(x))
	u := make([]float64, n)
	d := m.Demon64(n)
	d.Force(0, x, f, n)
	d.(models.Energy[float64]).Energy(0, x, u, n)
	fmt.Println(m.Name(), m.Dim())
	fmt.Println("f:", f)
	fmt.Println("U:", u)

	_, err = models.NewDensity("broken", 0, logp, grad)
	fmt.Println(err)

	// Output:
	// shifted-normal 2
	// f: [-1 1 -2 0 -2 -1]
	// U: [0.5 2.5 2.5]
	// models: density dim must be at least 1, got 0
}
