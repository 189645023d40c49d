package nn

import (
	"fmt"
	"math"

	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// Activation is the nonlinearity a layer applies to its pre-activation
// z = W h + b, element by element.
type Activation int

const (
	Identity Activation = iota // a(z) = z
	Tanh                       // a(z) = tanh z
	SiLU                       // a(z) = z σ(z), σ the logistic function
	Softplus                   // a(z) = log(1 + e^z)
)

var activationNames = [...]string{"identity", "tanh", "silu", "softplus"}

func (a Activation) String() string {
	if a >= 0 && int(a) < len(activationNames) {
		return activationNames[a]
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// ParseActivation returns the activation called name: "identity" (or
// "linear"), "tanh", "silu" (or "swish") or "softplus".
func ParseActivation(name string) (Activation, error) {
	switch name {
	case "linear":
		return Identity, nil
	case "swish":
		return SiLU, nil
	}
	for i, s := range activationNames {
		if s == name {
			return Activation(i), nil
		}
	}
	return 0, fmt.Errorf("nn: unknown activation %q (known: identity, tanh, silu, softplus)", name)
}

// MarshalText and UnmarshalText write and read the activation's name.
func (a Activation) MarshalText() ([]byte, error) {
	if a < 0 || int(a) >= len(activationNames) {
		return nil, fmt.Errorf("nn: unknown activation %d", int(a))
	}
	return []byte(a.String()), nil
}

func (a *Activation) UnmarshalText(b []byte) error {
	v, err := ParseActivation(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// eval returns a(z) and a'(z), computed in float64 with the portable
// exponential and logarithm of package rng, so that every architecture
// gives the same bits: every product is rounded before it is added (the
// conversions keep the compiler from fusing them on arm64).
func (a Activation) eval(z float64) (y, dy float64) {
	switch a {
	case Tanh:
		t := tanh(z)
		return t, 1 - float64(t*t)
	case SiLU:
		s := sigmoid(z)
		return z * s, s * (1 + float64(z*(1-s)))
	case Softplus:
		return softplus(z), sigmoid(z)
	}
	return z, 1
}

// tanh is tanh z from the portable expm1: tanh|z| = e/(e+2) with
// e = expm1(2|z|), and ±1 beyond |z| = 20 where that is already exact.
func tanh(z float64) float64 {
	a := math.Abs(z)
	if a > 20 {
		return math.Copysign(1, z)
	}
	if math.IsNaN(z) {
		return z
	}
	e := rng.Expm1(2 * a)
	return math.Copysign(e/(e+2), z)
}

// sigmoid is 1/(1 + e^-z), without overflow for either sign of z.
func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + rng.Exp(-z))
	}
	e := rng.Exp(z)
	return e / (1 + e)
}

// softplus is log(1 + e^z) = max(z, 0) + log1p(e^-|z|).
func softplus(z float64) float64 {
	return math.Max(z, 0) + log1p(rng.Exp(-math.Abs(z)))
}

// log1p is log(1 + u) for u in [0, 1], accurate for small u: with
// w = 1 + u rounded, log(w) · u/(w-1) corrects the rounding of w
// (Goldberg 1991, theorem 4).
func log1p(u float64) float64 {
	w := 1 + u
	if w == 1 {
		return u
	}
	return rng.Log(w) * (u / (w - 1))
}

// activate adds the bias to each of the rows of z (n chains each) and
// applies a in place; when d is not nil it also writes a' at the
// pre-activation there. Identity with no d only adds the bias. In float32,
// tanh is kernel.BiasTanh32, vectorised; the others, and float64, are
// eval's, one element at a time.
func activate[F kernel.Float](a Activation, z []F, n int, b []F, d []F) {
	if a == Tanh {
		if z32, ok := any(z).([]float32); ok {
			d32, _ := any(d).([]float32)
			kernel.BiasTanh32(z32, n, any(b).([]float32), d32)
			return
		}
	}
	for o, bo := range b {
		row := z[o*n : o*n+n]
		if a == Identity {
			for c := range row {
				row[c] += bo
			}
			if d != nil {
				dr := d[o*n : o*n+n]
				for c := range dr {
					dr[c] = 1
				}
			}
			continue
		}
		if d == nil {
			for c, v := range row {
				y, _ := a.eval(float64(v + bo))
				row[c] = F(y)
			}
			continue
		}
		dr := d[o*n : o*n+n]
		dr = dr[:len(row)]
		for c, v := range row {
			y, dy := a.eval(float64(v + bo))
			row[c], dr[c] = F(y), F(dy)
		}
	}
}
