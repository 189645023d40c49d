package models

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/exp/constraints"
)

// Names returns the registry names of the models, sorted.
func Names() []string {
	return []string{"coupled", "double-well", "gaussian", "gmm", "linear", "mlp", "rc"}
}

// paramKeys lists the parameters FromParams accepts for each model. They
// are also the keys each model's Params method writes, so that a run's
// recorded parameters can be fed back to FromParams.
var paramKeys = map[string][]string{
	"coupled":     {"J"},
	"double-well": {"barrier", "tilt", "width"},
	"gaussian":    {"mean", "stiffness"},
	"gmm":         {"means", "sigma", "weights"},
	"linear":      {"A", "B", "C"},
	"mlp":         {"weights"},
	"rc":          {"C", "Cc", "R", "Rc", "T", "bias", "drift", "extra_noise", "noisy_coupling"},
}

// New returns the model called name in dim dimensions with its default
// parameters:
//
//   - "gaussian": stiffness 1 and mean 0 in every dimension;
//   - "coupled": J = I + A Aᵀ/dim with A a dim×dim matrix of unit-variance
//     entries drawn from seed, so that the eigenvalues of J lie in about [1, 5];
//   - "double-well": barrier 1, width 1 and no tilt;
//   - "linear": A = -J of the coupled model of the seed, B = 0, C = √2 I:
//     the coupled model's overdamped dynamics;
//   - "gmm": weights 0.3 and 0.7, means at -1.5 and +1.5 on every axis,
//     sigma 1. The modes are 3√dim apart, close enough in a few dimensions
//     for Langevin chains at kT = 1 to cross between them; in many
//     dimensions the crossings become rare;
//   - "rc": the ring of RC nodes of NewRCRing, in equilibrium at T = 1.
//
// seed is used only by models with random parameters. New returns an error
// if name is not one of Names or dim is less than one.
func New(name string, dim int, seed uint64) (Model, error) {
	return FromParams(name, dim, seed, nil)
}

// FromParams is like New but overrides the defaults with params, typically a
// TOML table decoded into map[string]any. The keys are those of the model's
// Params method:
//
//   - "gaussian": "stiffness" and "mean", each a number, applied to every
//     dimension, or an array of dim numbers;
//   - "coupled": "J", a dim×dim array of arrays; seed is then unused;
//   - "double-well": "barrier", "width" and "tilt", numbers;
//   - "mlp": "weights", the directory of a network saved by nn.Save;
//   - "gmm": "weights", an array of K numbers; "means", K arrays of dim
//     numbers; "sigma", a number or an array of K numbers. When "means" is
//     given, the weights default to 1/K and sigma to 1;
//   - "rc": "R" and "C", the resistor and capacitor of each node to ground,
//     each a number for every node or an array of dim numbers (default 1);
//     "Rc" and "Cc", the coupling resistors and capacitors, dim×dim arrays
//     with 0 for none (default: NewRCRing's when neither is given, none
//     when only the other is); "T", a number (default 1);
//     "noisy_coupling", a boolean (default true); "bias", the source
//     currents, a number or an array of dim numbers (default 0).
//
// Numbers may be float64 or any Go integer or float type; arrays may be
// []any, []float64 or []int64, and arrays of arrays [][]any, [][]float64 or
// []any holding arrays. An unknown key is an error that names it.
func FromParams(name string, dim int, seed uint64, params map[string]any) (Model, error) {
	keys, ok := paramKeys[name]
	if !ok {
		return nil, fmt.Errorf("models: unknown model %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	if dim < 1 {
		return nil, fmt.Errorf("models: dim must be at least 1, got %d", dim)
	}
	unknown := make([]string, 0, len(params))
	for k := range params {
		if !slices.Contains(keys, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		// Map order is random; report the same key every time.
		slices.Sort(unknown)
		return nil, fmt.Errorf("models: unknown parameter %q for model %q (known: %s)",
			unknown[0], name, strings.Join(keys, ", "))
	}
	p := paramTable(params)

	switch name {
	case "linear":
		a, err := p.matrix("A")
		if err != nil {
			return nil, err
		}
		c, err := p.matrix("C")
		if err != nil {
			return nil, err
		}
		if a == nil && c == nil {
			// The default: the overdamped dynamics of the coupled model
			// of this seed at kT = 1, A = -J and C = √2 I.
			cm, err := NewRandomCoupled(dim, seed)
			if err != nil {
				return nil, err
			}
			a, c = make([][]float64, dim), make([][]float64, dim)
			for i := range dim {
				a[i], c[i] = make([]float64, dim), make([]float64, dim)
				for j := range dim {
					a[i][j] = -cm.J.At(i, j)
				}
				c[i][i] = math.Sqrt2
			}
		}
		if a == nil || c == nil {
			return nil, fmt.Errorf("models: model \"linear\" needs both params.A and params.C, %d×%d matrices", dim, dim)
		}
		b, err := p.vector("B", dim)
		if err != nil {
			return nil, err
		}
		if len(a) != dim {
			return nil, fmt.Errorf("models: A has %d rows, want dim = %d", len(a), dim)
		}
		return NewLinearModel(a, b, c)

	case "mlp":
		dir, ok := p["weights"].(string)
		if !ok || dir == "" {
			return nil, fmt.Errorf("models: model \"mlp\" needs params.weights, the directory of a saved network")
		}
		return LoadMLP(dir, dim)

	case "gaussian":
		stiffness, err := p.vector("stiffness", dim)
		if err != nil {
			return nil, err
		}
		mean, err := p.vector("mean", dim)
		if err != nil {
			return nil, err
		}
		return NewGaussian(dim, stiffness, mean)

	case "coupled":
		j, err := p.matrix("J")
		if err != nil {
			return nil, err
		}
		if j == nil {
			return NewRandomCoupled(dim, seed)
		}
		if len(j) != dim {
			return nil, fmt.Errorf("models: J has %d rows, want dim = %d", len(j), dim)
		}
		return NewCoupled(j)

	case "double-well":
		barrier, err := p.number("barrier", 1)
		if err != nil {
			return nil, err
		}
		width, err := p.number("width", 1)
		if err != nil {
			return nil, err
		}
		tilt, err := p.number("tilt", 0)
		if err != nil {
			return nil, err
		}
		if err := checkFinite("tilt", []float64{tilt}); err != nil {
			return nil, err
		}
		w, err := NewDoubleWell(dim, barrier, width)
		if err != nil {
			return nil, err
		}
		w.Tilt = tilt
		return w, nil

	case "gmm":
		means, err := p.matrix("means")
		if err != nil {
			return nil, err
		}
		var weights []float64
		if means == nil {
			means = [][]float64{make([]float64, dim), make([]float64, dim)}
			for k := range dim {
				means[0][k] = -1.5
				means[1][k] = 1.5
			}
			weights = []float64{0.3, 0.7}
		} else {
			for j, m := range means {
				if len(m) != dim {
					return nil, fmt.Errorf("models: means[%d] has length %d, want dim = %d", j, len(m), dim)
				}
			}
			weights = make([]float64, len(means))
			for j := range weights {
				weights[j] = 1 / float64(len(means))
			}
		}
		w, err := p.vector("weights", -1)
		if err != nil {
			return nil, err
		}
		if w != nil {
			weights = w
		}
		sigma, err := p.vector("sigma", len(means))
		if err != nil {
			return nil, err
		}
		if sigma == nil {
			sigma = make([]float64, len(means))
			for j := range sigma {
				sigma[j] = 1
			}
		}
		return NewGMM(weights, means, sigma)

	case "rc":
		return rcFromParams(p, dim)
	}
	panic("models: registry out of sync with paramKeys")
}

// paramTable reads typed values out of a decoded TOML or JSON table.
type paramTable map[string]any

// number returns the number under key, or def when key is absent.
func (p paramTable) number(key string, def float64) (float64, error) {
	v, ok := p[key]
	if !ok {
		return def, nil
	}
	x, ok := toFloat(v)
	if !ok {
		return 0, fmt.Errorf("models: parameter %q is %T, want a number", key, v)
	}
	return x, nil
}

// boolean returns the boolean under key, or def when key is absent.
func (p paramTable) boolean(key string, def bool) (bool, error) {
	v, ok := p[key]
	if !ok {
		return def, nil
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("models: parameter %q is %T, want true or false", key, v)
	}
	return b, nil
}

// vector returns the array under key, or nil when key is absent. A single
// number is repeated n times, or rejected if n is negative.
func (p paramTable) vector(key string, n int) ([]float64, error) {
	v, ok := p[key]
	if !ok {
		return nil, nil
	}
	if x, ok := toFloat(v); ok && n >= 0 {
		vec := make([]float64, n)
		for i := range vec {
			vec[i] = x
		}
		return vec, nil
	}
	vec, err := toVector(v)
	if err != nil {
		return nil, fmt.Errorf("models: parameter %q: %v", key, err)
	}
	return vec, nil
}

// matrix returns the array of arrays under key, or nil when key is absent.
func (p paramTable) matrix(key string) ([][]float64, error) {
	v, ok := p[key]
	if !ok {
		return nil, nil
	}
	var rows []any
	switch v := v.(type) {
	case [][]float64:
		m := make([][]float64, len(v))
		for i, r := range v {
			m[i] = slices.Clone(r)
		}
		return m, nil
	case [][]any:
		rows = make([]any, len(v))
		for i, r := range v {
			rows[i] = r
		}
	case []any:
		rows = v
	default:
		return nil, fmt.Errorf("models: parameter %q is %T, want an array of arrays of numbers", key, v)
	}
	m := make([][]float64, len(rows))
	for i, r := range rows {
		row, err := toVector(r)
		if err != nil {
			return nil, fmt.Errorf("models: parameter %q row %d: %v", key, i, err)
		}
		m[i] = row
	}
	return m, nil
}

func toVector(v any) ([]float64, error) {
	switch v := v.(type) {
	case []float64:
		return slices.Clone(v), nil
	case []int64:
		vec := make([]float64, len(v))
		for i, x := range v {
			vec[i] = float64(x)
		}
		return vec, nil
	case []int:
		vec := make([]float64, len(v))
		for i, x := range v {
			vec[i] = float64(x)
		}
		return vec, nil
	case []any:
		vec := make([]float64, len(v))
		for i, e := range v {
			x, ok := toFloat(e)
			if !ok {
				return nil, fmt.Errorf("element %d is %T, want a number", i, e)
			}
			vec[i] = x
		}
		return vec, nil
	}
	return nil, fmt.Errorf("got %T, want an array of numbers", v)
}

func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int8:
		return float64(v), true
	case int16:
		return float64(v), true
	case int32:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint:
		return float64(v), true
	case uint8:
		return float64(v), true
	case uint16:
		return float64(v), true
	case uint32:
		return float64(v), true
	case uint64:
		return float64(v), true
	}
	return 0, false
}

// checkPositive returns an error naming field unless every element of v is
// positive and finite.
func checkPositive(field string, v []float64) error {
	for i, x := range v {
		if !(x > 0) || math.IsInf(x, 1) {
			return fmt.Errorf("models: %s[%d] = %v, want a positive finite number", field, i, x)
		}
	}
	return nil
}

// checkFinite returns an error naming field unless every element of v is
// finite.
func checkFinite(field string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("models: %s[%d] = %v, want a finite number", field, i, x)
		}
	}
	return nil
}

// checkKT returns an error unless kT is a usable temperature.
func checkKT(kT float64) error {
	if !(kT > 0) || math.IsInf(kT, 1) {
		return fmt.Errorf("models: kT = %v, want a positive finite number", kT)
	}
	return nil
}

// convert returns v in precision F.
func convert[F constraints.Float](v []float64) []F {
	out := make([]F, len(v))
	for i, x := range v {
		out[i] = F(x)
	}
	return out
}

// row returns the n values of dimension k in a dimension-major batch, with
// its capacity capped so that the compiler can prove later indexing safe.
func row[F constraints.Float](x []F, k, n int) []F {
	return x[k*n : k*n+n : k*n+n]
}

// checkBatch panics unless x and out hold dim*n and n*outDim values.
// Demons index with row without further checks, so this keeps a short
// slice from being read partially before the panic.
func checkBatch(lenX, lenOut, dim, outDim, n int) {
	if n < 0 {
		panic("models: negative number of chains")
	}
	if lenX < dim*n {
		panic("models: x shorter than Dim()*n")
	}
	if lenOut < outDim*n {
		panic("models: output shorter than the batch")
	}
}

func checkChains(n int) {
	if n < 0 {
		panic("models: negative number of chains")
	}
}
