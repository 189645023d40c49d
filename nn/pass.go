package nn

import (
	"fmt"

	"github.com/thermoai/thermo/kernel"
)

// Chunk is the number of chains a workspace passes through the network at
// a time: the activations of all layers of a chunk stay in the core's
// second-level cache. Each chain's result does not depend on it.
const Chunk = 128

// workspace holds the scratch of passes over up to cap chains: the
// inputs, every layer's output and activation derivative, the backward
// vectors, and the transposed weights of the backward pass.
type workspace[F kernel.Float] struct {
	net   *MLP[F]
	in    []F   // Inputs × cap
	h, d  [][]F // per layer, Out × cap
	g, g2 []F   // widest layer × cap
	force []F   // Dim × cap
	ones  []F   // cap ones, for the bias gradients
	phi   []float64
	wt    [][]F // per layer, the In×Out transpose of W (of its first Dim columns for layer 0)
	gen   uint64
	fresh bool
}

func newWorkspace[F kernel.Float](m *MLP[F], cap int) *workspace[F] {
	ws := &workspace[F]{net: m, in: make([]F, m.Inputs()*cap), phi: make([]float64, m.Time.Inputs())}
	widest := m.Inputs()
	for _, l := range m.Layers {
		ws.h = append(ws.h, make([]F, l.Out*cap))
		ws.d = append(ws.d, make([]F, l.Out*cap))
		ws.wt = append(ws.wt, make([]F, l.In*l.Out))
		widest = max(widest, l.Out)
	}
	ws.g, ws.g2 = make([]F, widest*cap), make([]F, widest*cap)
	ws.force = make([]F, m.Dim*cap)
	ws.ones = make([]F, cap)
	for i := range ws.ones {
		ws.ones[i] = 1
	}
	return ws
}

// transpose refreshes the transposed weights when the network changed.
func (ws *workspace[F]) transpose() {
	m := ws.net
	if ws.fresh && ws.gen == m.gen {
		return
	}
	for l, layer := range m.Layers {
		wt := ws.wt[l]
		for o := range layer.Out {
			row := layer.W[o*layer.In : (o+1)*layer.In]
			for i, v := range row {
				wt[i*layer.Out+o] = v
			}
		}
	}
	ws.gen, ws.fresh = m.gen, true
}

// load copies chains c0 to c0+n-1 of the dimension-major x (stride
// stride) into the input rows, followed by the time features of t, or of
// ts[c] per chain when ts is not nil.
func (ws *workspace[F]) load(x []F, stride, c0, n int, t float64, ts []float64) {
	m := ws.net
	for k := range m.Dim {
		copy(ws.in[k*n:k*n+n], x[k*stride+c0:k*stride+c0+n])
	}
	nt := m.Time.Inputs()
	if nt == 0 {
		return
	}
	rows := ws.in[m.Dim*n : (m.Dim+nt)*n]
	if ts == nil {
		m.Time.features(t, ws.phi)
		for j, v := range ws.phi {
			r := rows[j*n : j*n+n]
			for c := range r {
				r[c] = F(v)
			}
		}
		return
	}
	for c := range n {
		m.Time.features(ts[c], ws.phi)
		for j, v := range ws.phi {
			rows[j*n+c] = F(v)
		}
	}
}

// forward passes the n loaded chains through the network and returns the
// output rows; with deriv it keeps every activation's derivative for a
// backward pass.
func (ws *workspace[F]) forward(n int, deriv bool) []F {
	prev := ws.in
	for l, layer := range ws.net.Layers {
		h := ws.h[l][:layer.Out*n]
		kernel.Product(h, prev, n, layer.W, layer.Out, layer.In)
		var d []F
		if deriv {
			d = ws.d[l][:layer.Out*n]
		}
		activate(layer.Act, h, n, layer.B, d)
		prev = h
	}
	return prev
}

// scale multiplies the rows of g by those of d, element by element.
func scale[F kernel.Float](g, d []F) {
	d = d[:len(g)]
	for i := range g {
		g[i] *= d[i]
	}
}

// gradInput writes f = -∇ₓ of the network's single output for the n
// chains of the last forward pass (with deriv), dimension-major with
// stride n.
func (ws *workspace[F]) gradInput(f []F, n int) {
	m := ws.net
	last := len(m.Layers) - 1
	gz := ws.g[:n]
	copy(gz, ws.d[last][:n]) // dU/dz of the output, a'(z)
	for l := last; l > 0; l-- {
		layer := m.Layers[l]
		gp := ws.g2[:layer.In*n]
		kernel.Product(gp, gz, n, ws.wt[l], layer.In, layer.Out)
		scale(gp, ws.d[l-1][:layer.In*n])
		gz = gp
		ws.g, ws.g2 = ws.g2, ws.g
	}
	kernel.ProductNeg(f[:m.Dim*n], gz, n, ws.wt[0][:m.Dim*m.Layers[0].Out], m.Dim, m.Layers[0].Out)
}

// Gradients holds a gradient for every parameter of a network, in the
// shapes of its layers.
type Gradients[F kernel.Float] struct {
	W, B [][]F
}

// NewGradients returns zero gradients shaped like m's parameters.
func NewGradients[F kernel.Float](m *MLP[F]) *Gradients[F] {
	g := &Gradients[F]{}
	for _, l := range m.Layers {
		g.W = append(g.W, make([]F, len(l.W)))
		g.B = append(g.B, make([]F, len(l.B)))
	}
	return g
}

// Zero clears every gradient.
func (g *Gradients[F]) Zero() {
	for i := range g.W {
		clear(g.W[i])
		clear(g.B[i])
	}
}

// Add adds o to g, tensor by tensor.
func (g *Gradients[F]) Add(o *Gradients[F]) {
	for i := range g.W {
		for j, v := range o.W[i] {
			g.W[i][j] += v
		}
		for j, v := range o.B[i] {
			g.B[i][j] += v
		}
	}
}

// backward adds to grads the gradient of Σ_c gout[·, c]·output(c) with
// respect to the parameters, for the n chains of the last forward pass
// (with deriv); gout is Out×n. It overwrites gout.
func (ws *workspace[F]) backward(gout []F, n int, grads *Gradients[F]) {
	m := ws.net
	last := len(m.Layers) - 1
	gz := gout
	scale(gz, ws.d[last][:len(gz)])
	for l := last; l >= 0; l-- {
		layer := m.Layers[l]
		prev := ws.in
		if l > 0 {
			prev = ws.h[l-1]
		}
		kernel.Outer(grads.W[l], gz, prev[:layer.In*n], n, layer.Out, layer.In)
		kernel.Outer(grads.B[l], gz, ws.ones[:n], n, layer.Out, 1)
		if l == 0 {
			break
		}
		gp := ws.g2[:layer.In*n]
		kernel.Product(gp, gz, n, ws.wt[l], layer.In, layer.Out)
		scale(gp, ws.d[l-1][:layer.In*n])
		gz = gp
		ws.g, ws.g2 = ws.g2, ws.g
	}
}

// Demon is a network's force on chains: -∇ₓU_θ(t, x) for a potential
// head, s_θ(x, t) for a score head. It keeps its scratch memory and the
// transposed weights, and is not safe for concurrent use: make one per
// worker. It reads the network's parameters at every call; after changing
// them by hand, call the network's Changed.
type Demon[F kernel.Float] struct {
	ws *workspace[F]
}

// PotentialDemon is the Demon of a potential head, which can also give
// the potential itself, for Metropolis-adjusted samplers.
type PotentialDemon[F kernel.Float] struct {
	Demon[F]
}

// NewDemon returns a demon of m: a *PotentialDemon for a potential head,
// a *Demon for a score head. It panics if m does not pass Check.
func NewDemon[F kernel.Float](m *MLP[F]) interface {
	Force(t float64, x, f []F, n int)
} {
	if err := m.Check(); err != nil {
		panic(err)
	}
	d := Demon[F]{ws: newWorkspace(m, Chunk)}
	if m.Head == Potential {
		return &PotentialDemon[F]{d}
	}
	return &d
}

// Force writes the force at time t on the n chains of the dimension-major
// x into f.
func (d *Demon[F]) Force(t float64, x, f []F, n int) {
	ws := d.ws
	m := ws.net
	if len(x) < m.Dim*n || len(f) < m.Dim*n {
		panic(fmt.Sprintf("nn: Force of %d chains in %d dimensions given %d and %d elements", n, m.Dim, len(x), len(f)))
	}
	ws.transpose()
	for c0 := 0; c0 < n; c0 += Chunk {
		nc := min(Chunk, n-c0)
		ws.load(x, n, c0, nc, t, nil)
		if m.Head == Score {
			out := ws.forward(nc, false)
			for k := range m.Dim {
				copy(f[k*n+c0:k*n+c0+nc], out[k*nc:k*nc+nc])
			}
			continue
		}
		ws.forward(nc, true)
		g := ws.force[:m.Dim*nc]
		ws.gradInput(g, nc)
		for k := range m.Dim {
			copy(f[k*n+c0:k*n+c0+nc], g[k*nc:k*nc+nc])
		}
	}
}

// Energy writes U_θ(t, x) of the n chains of x into u.
func (d *PotentialDemon[F]) Energy(t float64, x []F, u []float64, n int) {
	ws := d.ws
	for c0 := 0; c0 < n; c0 += Chunk {
		nc := min(Chunk, n-c0)
		ws.load(x, n, c0, nc, t, nil)
		out := ws.forward(nc, false)
		for c, v := range out[:nc] {
			u[c0+c] = float64(v)
		}
	}
}
