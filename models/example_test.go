package models_test

import (
	"fmt"
	"log"

	"github.com/thermoai/thermo/models"
)

func Example() {
	m, err := models.New("gaussian", 2, 0)
	if err != nil {
		log.Fatal(err)
	}

	// Three chains in two dimensions, stored dimension-major:
	// x[k*n+c] is dimension k of chain c.
	const n = 3
	x := []float64{
		1, 0, -2, // dimension 0 of chains 0, 1, 2
		0, 3, 0.5, // dimension 1
	}
	f := make([]float64, len(x))
	u := make([]float64, n)
	d := m.Demon64(n)
	d.Force(0, x, f, n)
	d.(models.Energy[float64]).Energy(0, x, u, n)
	fmt.Println("f:", f)
	fmt.Println("U:", u)

	mean, variance, err := m.(models.Reference).Moments(0.5)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("mean:", mean, "variance:", variance)

	// Output:
	// f: [-1 0 2 0 -3 -0.5]
	// U: [0.5 4.5 2.125]
	// mean: [0 0] variance: [0.5 0.5]
}

func ExampleFromParams() {
	// The table as a TOML decoder delivers it: integers as int64, arrays
	// as []any.
	params := map[string]any{
		"weights": []any{int64(1), int64(3)},
		"means":   []any{[]any{-2.0}, []any{2.0}},
		"sigma":   0.5,
	}
	m, err := models.FromParams("gmm", 1, 0, params)
	if err != nil {
		log.Fatal(err)
	}
	mean, variance, err := m.(models.Reference).Moments(1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Name(), m.Dim(), mean, variance)
	fmt.Println(m.(*models.GMM).Assign([]float64{-1.5}))

	_, err = models.FromParams("gmm", 1, 0, map[string]any{"mu": 0.0})
	fmt.Println(err)

	// Output:
	// gmm 1 [1] [3.25]
	// 0
	// models: unknown parameter "mu" for model "gmm" (known: means, sigma, weights)
}
