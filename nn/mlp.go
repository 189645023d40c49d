package nn

import (
	"errors"
	"fmt"
	"math"

	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// Head says what a network's output is.
type Head int

const (
	// Potential: one output, the scalar potential U_θ(t, x); the force
	// is -∇ₓU_θ, by a backward pass through the network.
	Potential Head = iota
	// Score: Dim outputs, a vector field of the shape of x (a diffusion
	// model's score s_θ(x, t)), which is the force itself.
	Score
)

func (h Head) String() string {
	switch h {
	case Potential:
		return "potential"
	case Score:
		return "score"
	}
	return fmt.Sprintf("Head(%d)", int(h))
}

// ParseHead returns the head called "potential" or "score".
func ParseHead(s string) (Head, error) {
	switch s {
	case "potential":
		return Potential, nil
	case "score":
		return Score, nil
	}
	return 0, fmt.Errorf("nn: unknown head %q (known: potential, score)", s)
}

// Time says how the time t enters the network: as extra inputs after the
// Dim coordinates, t itself if Raw, then sin(ω_j t) and cos(ω_j t) for
// j < Frequencies with ω_j = 2π 2^j / Period (Period 1 if zero), from the
// portable rng.Sincos.
type Time struct {
	Raw         bool    `json:"raw"`
	Frequencies int     `json:"frequencies"`
	Period      float64 `json:"period,omitempty"`
}

// Inputs is the number of time features.
func (tf Time) Inputs() int {
	n := 2 * tf.Frequencies
	if tf.Raw {
		n++
	}
	return n
}

func (tf Time) check() error {
	if tf.Frequencies < 0 || tf.Frequencies > 32 {
		return fmt.Errorf("nn: time frequencies %d, want 0 to 32", tf.Frequencies)
	}
	if tf.Period < 0 || math.IsNaN(tf.Period) || math.IsInf(tf.Period, 0) {
		return fmt.Errorf("nn: time period %v, want a positive number (0 for 1)", tf.Period)
	}
	return nil
}

// features writes the time features of t to phi (length Inputs).
func (tf Time) features(t float64, phi []float64) {
	i := 0
	if tf.Raw {
		phi[0] = t
		i = 1
	}
	period := tf.Period
	if period == 0 {
		period = 1
	}
	for j := range tf.Frequencies {
		w := 2 * math.Pi * math.Ldexp(1, j) / period
		phi[i+2*j], phi[i+2*j+1] = rng.Sincos(float64(w * t))
	}
}

// Layer is one affine map and its activation: h' = a(W h + b), with W the
// Out×In row-major matrix (PyTorch's nn.Linear weight has the same
// layout) and B of length Out.
type Layer[F kernel.Float] struct {
	In, Out int
	Act     Activation
	W, B    []F
}

// MLP is a multilayer perceptron over the coordinates of a chain and its
// time features: the inputs are x (Dim values) then the features of t
// (Time), the layers follow in order, and the last layer's output is the
// Head. Its parameters are the Ws and Bs of its layers; a demon made from
// it reads them at every step, so they may change between steps (a
// training update at a barrier).
type MLP[F kernel.Float] struct {
	Dim    int
	Time   Time
	Head   Head
	Layers []Layer[F]

	gen uint64 // bumped by Changed
}

// Config describes a network to build: its input dimension, the widths of
// its hidden layers, their activation, its head and time features.
type Config struct {
	Dim        int
	Hidden     []int
	Activation Activation
	Head       Head
	Time       Time
}

// New returns the network cfg describes, with weights drawn from
// N(0, 1/In) (LeCun's initialisation) from seed, and zero biases; the
// output layer has no activation. The weights depend only on cfg and
// seed.
func New[F kernel.Float](cfg Config, seed uint64) (*MLP[F], error) {
	if cfg.Dim < 1 {
		return nil, fmt.Errorf("nn: dim %d, want at least 1", cfg.Dim)
	}
	if err := cfg.Time.check(); err != nil {
		return nil, err
	}
	for i, w := range cfg.Hidden {
		if w < 1 {
			return nil, fmt.Errorf("nn: hidden layer %d has width %d, want at least 1", i, w)
		}
	}
	m := &MLP[F]{Dim: cfg.Dim, Time: cfg.Time, Head: cfg.Head}
	widths := append([]int{cfg.Dim + cfg.Time.Inputs()}, cfg.Hidden...)
	widths = append(widths, m.outputs())
	for l := range len(widths) - 1 {
		in, out := widths[l], widths[l+1]
		act := cfg.Activation
		if l == len(widths)-2 {
			act = Identity
		}
		layer := Layer[F]{In: in, Out: out, Act: act, W: make([]F, out*in), B: make([]F, out)}
		ch := rng.NewChain(seed, uint64(l))
		scale := 1 / math.Sqrt(float64(in))
		for i := range layer.W {
			layer.W[i] = F(scale * ch.Normal64())
		}
		m.Layers = append(m.Layers, layer)
	}
	return m, m.Check()
}

// outputs is the width of the output the head asks for.
func (m *MLP[F]) outputs() int {
	if m.Head == Score {
		return m.Dim
	}
	return 1
}

// Inputs is the width of the network's input: Dim plus the time features.
func (m *MLP[F]) Inputs() int { return m.Dim + m.Time.Inputs() }

// Params is the number of parameters.
func (m *MLP[F]) Params() int {
	n := 0
	for _, l := range m.Layers {
		n += len(l.W) + len(l.B)
	}
	return n
}

// Check returns an error naming the first tensor whose shape does not fit
// the network, or a parameter that is not finite.
func (m *MLP[F]) Check() error {
	if m.Dim < 1 {
		return fmt.Errorf("nn: dim %d, want at least 1", m.Dim)
	}
	if m.Head != Potential && m.Head != Score {
		return fmt.Errorf("nn: unknown head %d", int(m.Head))
	}
	if err := m.Time.check(); err != nil {
		return err
	}
	if len(m.Layers) == 0 {
		return errors.New("nn: a network needs at least one layer")
	}
	in := m.Inputs()
	for l, layer := range m.Layers {
		if layer.In != in {
			return fmt.Errorf("nn: layer %d takes %d inputs, want %d (the previous layer's outputs)", l, layer.In, in)
		}
		if layer.Out < 1 {
			return fmt.Errorf("nn: layer %d has %d outputs", l, layer.Out)
		}
		if layer.Act < Identity || layer.Act > Softplus {
			return fmt.Errorf("nn: layer %d has an unknown activation %d", l, int(layer.Act))
		}
		if len(layer.W) != layer.Out*layer.In {
			return fmt.Errorf("nn: layer %d weight has %d elements, want %d×%d", l, len(layer.W), layer.Out, layer.In)
		}
		if len(layer.B) != layer.Out {
			return fmt.Errorf("nn: layer %d bias has %d elements, want %d", l, len(layer.B), layer.Out)
		}
		for _, v := range layer.W {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("nn: layer %d weight holds %v", l, v)
			}
		}
		for _, v := range layer.B {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("nn: layer %d bias holds %v", l, v)
			}
		}
		in = layer.Out
	}
	if in != m.outputs() {
		return fmt.Errorf("nn: the last layer has %d outputs, want %d for a %s head", in, m.outputs(), m.Head)
	}
	return nil
}

// Clone returns a deep copy of m.
func (m *MLP[F]) Clone() *MLP[F] {
	c := *m
	c.Layers = make([]Layer[F], len(m.Layers))
	for i, l := range m.Layers {
		l.W = append([]F(nil), l.W...)
		l.B = append([]F(nil), l.B...)
		c.Layers[i] = l
	}
	return &c
}

// FLOPs is the number of floating-point operations of the products of one
// forward pass for one chain, counting a multiply and an add as two.
func (m *MLP[F]) FLOPs() int {
	n := 0
	for _, l := range m.Layers {
		n += 2 * l.In * l.Out
	}
	return n
}

// Changed tells the demons of m that its parameters changed, so that they
// refresh what they derive from them. A Trainer calls it after each
// update; call it after changing weights by hand.
func (m *MLP[F]) Changed() { m.gen++ }

// Convert returns a copy of m with its parameters in precision G (float64
// to float32 rounds to nearest): the float32 and float64 networks of a
// model.
func Convert[G, F kernel.Float](m *MLP[F]) *MLP[G] {
	c := &MLP[G]{Dim: m.Dim, Time: m.Time, Head: m.Head}
	for _, l := range m.Layers {
		w, b := make([]G, len(l.W)), make([]G, len(l.B))
		for i, v := range l.W {
			w[i] = G(v)
		}
		for i, v := range l.B {
			b[i] = G(v)
		}
		c.Layers = append(c.Layers, Layer[G]{In: l.In, Out: l.Out, Act: l.Act, W: w, B: b})
	}
	return c
}
