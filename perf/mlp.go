package perf

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/nn"
)

// The MLP workloads time a neural demon: d = 64 inputs, two hidden layers
// of 256 with tanh, a scalar potential, and the force by a backward pass,
// on 4096 chains (scripts/peers_torch.py times the same network in
// PyTorch and numpy).
const (
	mlpDim    = 64
	mlpWidth  = 256
	mlpChains = 4096
)

// Units of the MLP workloads.
const (
	UsPerChain = "us/chain"
	Percent    = "%"
)

func mlpNet() *nn.MLP[float32] {
	net, err := nn.New[float32](nn.Config{Dim: mlpDim, Hidden: []int{mlpWidth, mlpWidth}, Activation: nn.Tanh, Head: nn.Potential}, benchSeed)
	if err != nil {
		panic(fmt.Sprintf("perf: %v", err))
	}
	return net
}

// mlpForceFlops is the floating-point operations of the products of one
// force of net on one chain: the forward pass, and the backward pass down
// to the coordinates (the first layer's transpose restricted to them).
func mlpForceFlops(net *nn.MLP[float32]) float64 {
	f := float64(net.FLOPs())
	for l, layer := range net.Layers {
		if l == 0 {
			f += 2 * float64(net.Dim*layer.Out)
		} else {
			f += 2 * float64(layer.In*layer.Out)
		}
	}
	return f
}

// mlpForce returns the time of a force on one chain in microseconds.
func mlpForce(sz size) float64 {
	net := mlpNet()
	n := sz.mlpChains
	d := nn.NewDemon(net)
	x := normalState(mlpDim, n)
	f := make([]float32, mlpDim*n)
	ns := timeCalls(sz.target, func() { d.Force(0, x, f, n) })
	return ns / 1e3 / float64(n)
}

// mlpProducts returns the rate in GFLOP/s of the layer products of the
// force alone, as the demon calls them (nn.Chunk chains at a time): the
// forward products, then the transposed ones down to the coordinates.
func mlpProducts(sz size) float64 {
	net := mlpNet()
	n, chunk := sz.mlpChains, nn.Chunk
	type call struct {
		w       []float32
		out, in int
		neg     bool
	}
	var calls []call
	for _, l := range net.Layers {
		calls = append(calls, call{l.W, l.Out, l.In, false})
	}
	for i := len(net.Layers) - 1; i >= 0; i-- {
		l := net.Layers[i]
		wt := make([]float32, len(l.W))
		out := l.In
		if i == 0 {
			out = net.Dim
		}
		calls = append(calls, call{wt[:out*l.Out], out, l.Out, i == 0})
	}
	x := normalState(mlpWidth, chunk)
	y := make([]float32, mlpWidth*chunk)
	chunks := max(n/chunk, 1)
	ns := timeCalls(sz.target, func() {
		for range chunks {
			for _, c := range calls {
				if c.neg {
					kernel.ProductNeg(y, x, chunk, c.w, c.out, c.in)
				} else {
					kernel.Product(y, x, chunk, c.w, c.out, c.in)
				}
			}
		}
	})
	return mlpForceFlops(net) * float64(chunks*chunk) / ns
}

// mlpTrain returns the time of one training step per chain in
// microseconds: the forward pass, the backward pass and the gradient of
// every parameter, summed over the chains, of the loss Σ U, and the Adam
// update.
func mlpTrain(sz size) float64 {
	net := mlpNet()
	n := sz.mlpChains
	x := normalState(mlpDim, n)
	loss := nn.OutputLoss[float32](func(x, out, g []float32, n int) float64 {
		var s float64
		for c := range n {
			s += float64(out[c])
			g[c] = 1
		}
		return s
	})
	tr := &nn.Trainer[float32]{Net: net, Loss: loss, Opt: &nn.Adam{LR: 1e-9}}
	ns := timeCalls(sz.target, func() {
		if _, err := tr.Update(x, n, 0); err != nil {
			panic(fmt.Sprintf("perf: %v", err))
		}
	})
	return ns / 1e3 / float64(n)
}

// coupledDemonShare returns the share of a coupled/f32/d64 run's time
// spent in its demon: the forces of as many chains and steps, timed alone
// in shards of the size the engine picks, over the whole run's time.
func coupledDemonShare(sz size) float64 {
	total := baoabCoupled(sz) // ns per element-step
	dim, n := sz.coupledDim, sz.coupledChains
	shard := min(n, 512)
	d := coupledModel(dim).Demon32(shard)
	x := normalState(dim, shard)
	f := make([]float32, dim*shard)
	ns := timeCalls(sz.target, func() { d.Force(0, x, f, shard) })
	perElement := ns / float64(dim*shard)
	return 100 * min(perElement/total, 1)
}

func gemm64(sz size) float64 {
	dim, n := sz.coupledDim, sz.coupledChains
	d := coupledModel(dim).Demon64(n)
	x32 := normalState(dim, n)
	x := make([]float64, len(x32))
	for i, v := range x32 {
		x[i] = float64(v)
	}
	f := make([]float64, dim*n)
	ns := timeCalls(sz.target, func() { d.Force(0, x, f, n) })
	return gemmFlops(dim, n) / ns
}

// ouDense times the exact dense OU step of the coupled model's overdamped
// dynamics (engine.NewDenseOU) on the coupled/f32/d64 workload's chains
// and steps: two products of 64×64 matrices per step and the noise.
func ouDense(sz size) float64 {
	m := coupledModel(sz.coupledDim).(models.Linear)
	cfg := engineConfig(sz.coupledDim, sz.coupledChains, sz.coupledSteps, 1)
	sde := func(kT float64) *engine.LinearSDE { return m.LinearSDE(kT, cfg.Friction) }
	newStepper, err := engine.NewDenseOU[float32](sde, cfg.Dt, cfg.KT)
	if err != nil {
		panic(fmt.Sprintf("perf: %v", err))
	}
	job := engine.Job[float32]{NewDemon: func(int) engine.Demon[float32] { return nil }, NewStepper: newStepper}
	run := func(c engine.Config) time.Duration {
		start := time.Now()
		if _, err := engine.RunJob(context.Background(), c, job); err != nil {
			panic(fmt.Sprintf("perf: %v", err))
		}
		return time.Since(start)
	}
	warm := cfg
	warm.Steps, warm.Burnin = 2, 1
	run(warm)
	runtime.GC()
	t := run(cfg)
	return float64(t.Nanoseconds()) / (float64(cfg.Chains) * float64(cfg.Dim) * float64(cfg.Steps))
}
