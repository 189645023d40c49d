package nn

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// Training sums the gradient of a loss over the chains in fixed blocks of
// TrainBlock consecutive chains of the run, each block's sum pinned by
// kernel.Outer, and adds the blocks' sums in float64 in block order: the
// result depends on the chains alone, never on the workers or the shard
// size. The parameters are then updated by Adam.

// TrainBlock is the number of consecutive chains whose gradients a trainer
// sums in one pass (kernel.Outer's lanes), before it adds the blocks in
// order. A larger block folds the lanes less often.
const TrainBlock = 512

// Batch is a block of chains as a loss sees it.
type Batch[F kernel.Float] struct {
	First  int     // index in the run of the block's chain 0
	N      int     // chains in the block
	Update int     // updates done before this one
	T      float64 // the run's time at the update
	X      []F     // Dim×N, the chains' positions, dimension-major; read only
	// Input is what the network is given, Dim×N; Prepare writes it.
	Input []F
	// Times are the times the network is given, one per chain; they
	// start at T and Prepare may change them.
	Times []float64
	// Output is the network's output, Out×N, after the forward pass.
	Output []F
	// Grad is the gradient of the block's loss with respect to Output,
	// Out×N; Gradient writes it.
	Grad []F
	// Scratch is Dim×N for the loss's own use between Prepare and
	// Gradient (the noise of denoising score matching).
	Scratch []F
}

// Loss is a training objective, a sum over chains of a loss ℓ of each
// chain's state and the network's output for it. It is used by many
// goroutines at once, each with its own Batch.
type Loss[F kernel.Float] interface {
	// Prepare writes the network's input for the block.
	Prepare(b *Batch[F])
	// Gradient writes dℓ/dOutput into b.Grad and returns Σ ℓ over the
	// block's chains.
	Gradient(b *Batch[F]) float64
}

// DSM is denoising score matching (Vincent 2011) at one noise level: a
// chain x is perturbed to x̃ = x + σε with ε ~ N(0, I) drawn from Seed, the
// update and the chain's index, and
//
//	ℓ = ½ ‖σ s_θ(x̃) + ε‖²,
//
// whose minimum over s is at the score of the data convolved with
// N(0, σ²I), with value ½(d - σ² E‖∇log p_σ(x̃)‖²). The network needs a
// score head.
type DSM[F kernel.Float] struct {
	Sigma float64
	Seed  uint64
}

// Prepare draws the noise and perturbs the chains.
func (l DSM[F]) Prepare(b *Batch[F]) {
	dim := len(b.X) / b.N
	p := rng.NewChain(l.Seed, uint64(b.Update)).P
	seed := p.Uint64()
	for c := range b.N {
		ch := rng.NewChain(seed, uint64(b.First+c))
		for k := range dim {
			e := F(ch.Normal64())
			b.Scratch[k*b.N+c] = e
			b.Input[k*b.N+c] = b.X[k*b.N+c] + F(F(l.Sigma)*e)
		}
	}
}

// Gradient is σ(σ s + ε) per element.
func (l DSM[F]) Gradient(b *Batch[F]) float64 {
	sigma := F(l.Sigma)
	var sum float64
	for i, s := range b.Output[:len(b.Scratch)] {
		r := F(sigma*s) + b.Scratch[i]
		b.Grad[i] = sigma * r
		sum += float64(float64(r) * float64(r))
	}
	return sum / 2
}

// OutputLoss is a loss given as a function of the chains' states and the
// network's output at them: it returns Σ ℓ over the n chains and writes
// dℓ/dout into g (Out×n). The network sees the chains' states unchanged.
// This is how a demon is trained in place on what the chains do (the
// in-situ correction of simulated hardware).
type OutputLoss[F kernel.Float] func(x, out, g []F, n int) float64

// Prepare gives the network the chains' states.
func (f OutputLoss[F]) Prepare(b *Batch[F]) { copy(b.Input, b.X) }

// Gradient calls f.
func (f OutputLoss[F]) Gradient(b *Batch[F]) float64 { return f(b.X, b.Output, b.Grad, b.N) }

// Adam is the optimiser of Kingma and Ba (2015): with g the mean gradient,
//
//	m ← β₁m + (1-β₁)g,  v ← β₂v + (1-β₂)g²,
//	θ ← θ - LR · (m/(1-β₁ᵗ)) / (√(v/(1-β₂ᵗ)) + ε),
//
// in float64 whatever the parameters' precision. Zero Beta1, Beta2 and
// Eps take the usual 0.9, 0.999 and 1e-8.
type Adam struct {
	LR, Beta1, Beta2, Eps float64

	m, v       [][]float64
	steps      int
	pow1, pow2 float64
}

func (a *Adam) defaults() {
	if a.Beta1 == 0 {
		a.Beta1 = 0.9
	}
	if a.Beta2 == 0 {
		a.Beta2 = 0.999
	}
	if a.Eps == 0 {
		a.Eps = 1e-8
	}
}

func (a *Adam) check() error {
	a.defaults()
	if !(a.LR > 0) || math.IsInf(a.LR, 0) {
		return fmt.Errorf("nn: Adam learning rate %v, want a positive number", a.LR)
	}
	if !(a.Beta1 > 0 && a.Beta1 < 1) || !(a.Beta2 > 0 && a.Beta2 < 1) {
		return fmt.Errorf("nn: Adam betas %v and %v, want numbers in (0, 1)", a.Beta1, a.Beta2)
	}
	if !(a.Eps > 0) {
		return fmt.Errorf("nn: Adam epsilon %v, want a positive number", a.Eps)
	}
	return nil
}

// Step updates the float64 parameters ps by their gradients gs, tensor by
// tensor, for optimisers outside a Trainer (the in-situ correction of
// package insitu). The shapes must stay the same from step to step.
func (a *Adam) Step(ps, gs [][]float64) error {
	if err := a.check(); err != nil {
		return err
	}
	if len(ps) != len(gs) {
		return fmt.Errorf("nn: Adam.Step of %d tensors with %d gradients", len(ps), len(gs))
	}
	for i := range ps {
		if len(ps[i]) != len(gs[i]) || (a.m != nil && len(a.m[i]) != len(gs[i])) {
			return fmt.Errorf("nn: Adam.Step: tensor %d has %d parameters and %d gradients", i, len(ps[i]), len(gs[i]))
		}
	}
	adamStep(a, ps, gs)
	return nil
}

// adamStep updates the tensors ps by their mean gradients gs.
func adamStep[F kernel.Float](a *Adam, ps [][]F, gs [][]float64) {
	if a.m == nil {
		a.pow1, a.pow2 = 1, 1
		for _, g := range gs {
			a.m = append(a.m, make([]float64, len(g)))
			a.v = append(a.v, make([]float64, len(g)))
		}
	}
	a.steps++
	// The conversions keep arm64 from fusing the products into 1 - β^t.
	a.pow1 = float64(a.pow1 * a.Beta1)
	a.pow2 = float64(a.pow2 * a.Beta2)
	c1, c2 := 1-a.pow1, 1-a.pow2
	for t, g := range gs {
		p, m, v := ps[t], a.m[t], a.v[t]
		for i, gi := range g {
			// Every product is rounded before it is added, on every
			// architecture.
			m[i] = float64(a.Beta1*m[i]) + float64((1-a.Beta1)*gi)
			v[i] = float64(a.Beta2*v[i]) + float64((1-a.Beta2)*float64(gi*gi))
			p[i] = F(float64(p[i]) - float64(a.LR*(m[i]/c1)/(math.Sqrt(v[i]/c2)+a.Eps)))
		}
	}
}

// Trainer trains a network on the chains of a run: it is an engine hook
// that, every Every steps from step Start on, computes the mean gradient
// of Loss over all chains and updates the network by Opt. Demons made from
// the network see the new parameters from the next step on.
type Trainer[F kernel.Float] struct {
	Net  *MLP[F]
	Loss Loss[F]
	Opt  *Adam
	// Start is the step after which the first update runs, Every the steps
	// between updates (1 if zero), and Updates the number of updates (0:
	// as many as the run has steps for).
	Start, Every, Updates int
	// Workers is the number of goroutines an update uses (1 if zero).
	Workers int

	// Losses holds the mean loss over the chains at each update, before it.
	Losses []float64

	updates int
	work    []*trainWork[F]
	total   [][]float64 // the summed gradient of each tensor, reused
	checked bool
}

// trainWork is one goroutine's scratch.
type trainWork[F kernel.Float] struct {
	ws    *workspace[F]
	batch Batch[F]
	grads *Gradients[F]
}

// Next asks for a barrier at the next update.
func (tr *Trainer[F]) Next(step int) int {
	if tr.Updates > 0 && tr.updates >= tr.Updates {
		return -1
	}
	every := max(tr.Every, 1)
	if step < tr.Start {
		return tr.Start
	}
	return tr.Start + ((step-tr.Start)/every+1)*every
}

// Barrier runs an update on the chains of the ensemble.
func (tr *Trainer[F]) Barrier(e *engine.Ensemble[F]) error {
	if e.Step < tr.Start || (e.Step-tr.Start)%max(tr.Every, 1) != 0 {
		return nil
	}
	n := 0
	for _, sh := range e.Shards {
		n += sh.N
	}
	gather := func(dst []F, first, nb int) {
		// Copy chains [first, first+nb) of the run, which may span shards.
		for _, sh := range e.Shards {
			lo, hi := max(first, sh.Offset), min(first+nb, sh.Offset+sh.N)
			if lo >= hi {
				continue
			}
			for k := range tr.Net.Dim {
				copy(dst[k*nb+lo-first:k*nb+hi-first], sh.X[k*sh.N+lo-sh.Offset:k*sh.N+hi-sh.Offset])
			}
		}
	}
	_, err := tr.update(gather, n, float64(e.Step)*e.Config.Dt)
	return err
}

// Update runs one update from the n chains of the dimension-major x at
// time t, and returns the mean loss before it.
func (tr *Trainer[F]) Update(x []F, n int, t float64) (float64, error) {
	dim := tr.Net.Dim
	if len(x) < dim*n {
		return 0, fmt.Errorf("nn: Update of %d chains in %d dimensions given %d elements", n, dim, len(x))
	}
	gather := func(dst []F, first, nb int) {
		for k := range dim {
			copy(dst[k*nb:k*nb+nb], x[k*n+first:k*n+first+nb])
		}
	}
	return tr.update(gather, n, t)
}

// check validates the trainer before its first update.
func (tr *Trainer[F]) check() error {
	if tr.checked {
		return nil
	}
	if tr.Net == nil || tr.Loss == nil || tr.Opt == nil {
		return errors.New("nn: a Trainer needs a network, a loss and an optimiser")
	}
	if err := tr.Net.Check(); err != nil {
		return err
	}
	if err := tr.Opt.check(); err != nil {
		return err
	}
	tr.checked = true
	return nil
}

func (tr *Trainer[F]) update(gather func(dst []F, first, nb int), n int, t float64) (float64, error) {
	if err := tr.check(); err != nil {
		return 0, err
	}
	if n < 1 {
		return 0, errors.New("nn: an update needs at least one chain")
	}
	m := tr.Net
	workers := max(tr.Workers, 1)
	for len(tr.work) < workers {
		w := &trainWork[F]{ws: newWorkspace(m, TrainBlock), grads: NewGradients(m)}
		out := m.outputs()
		w.batch = Batch[F]{X: make([]F, m.Dim*TrainBlock), Input: make([]F, m.Dim*TrainBlock), Times: make([]float64, TrainBlock),
			Grad: make([]F, out*TrainBlock), Scratch: make([]F, m.Dim*TrainBlock)}
		tr.work = append(tr.work, w)
	}
	for _, w := range tr.work {
		w.ws.transpose()
	}
	if tr.total == nil {
		for _, l := range m.Layers {
			tr.total = append(tr.total, make([]float64, len(l.W)), make([]float64, len(l.B)))
		}
	}
	total := tr.total
	for _, g := range total {
		clear(g)
	}
	blocks := (n + TrainBlock - 1) / TrainBlock
	losses := make([]float64, workers)
	var sum float64
	for b0 := 0; b0 < blocks; b0 += workers {
		var wg sync.WaitGroup
		for w := range min(workers, blocks-b0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				first := (b0 + w) * TrainBlock
				losses[w] = tr.block(tr.work[w], gather, first, min(TrainBlock, n-first), t)
			}()
		}
		wg.Wait()
		for w := range min(workers, blocks-b0) {
			sum += losses[w]
			g := tr.work[w].grads
			for l := range m.Layers {
				addTo(total[2*l], g.W[l])
				addTo(total[2*l+1], g.B[l])
			}
		}
	}
	mean := sum / float64(n)
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		return mean, fmt.Errorf("nn: the loss at update %d is %v", tr.updates, mean)
	}
	params := make([][]F, 0, len(total))
	for _, l := range m.Layers {
		params = append(params, l.W, l.B)
	}
	for _, g := range total {
		for i := range g {
			g[i] /= float64(n)
		}
	}
	adamStep(tr.Opt, params, total)
	m.Changed()
	tr.updates++
	tr.Losses = append(tr.Losses, mean)
	return mean, nil
}

func addTo[F kernel.Float](dst []float64, src []F) {
	for i, v := range src {
		dst[i] += float64(v)
	}
}

// block computes the loss and the gradient of one block of chains.
func (tr *Trainer[F]) block(w *trainWork[F], gather func(dst []F, first, nb int), first, nb int, t float64) float64 {
	m := tr.Net
	b := &w.batch
	b.First, b.N, b.Update, b.T = first, nb, tr.updates, t
	dim, out := m.Dim, m.outputs()
	b.X, b.Input, b.Scratch = b.X[:dim*nb:dim*TrainBlock], b.Input[:dim*nb:dim*TrainBlock], b.Scratch[:dim*nb:dim*TrainBlock]
	b.Grad, b.Times = b.Grad[:out*nb:out*TrainBlock], b.Times[:nb:TrainBlock]
	gather(b.X, first, nb)
	for c := range b.Times {
		b.Times[c] = t
	}
	tr.Loss.Prepare(b)
	w.ws.load(b.Input, nb, 0, nb, 0, b.Times)
	b.Output = w.ws.forward(nb, true)
	clear(b.Grad)
	loss := tr.Loss.Gradient(b)
	w.grads.Zero()
	w.ws.backward(b.Grad, nb, w.grads)
	return loss
}
