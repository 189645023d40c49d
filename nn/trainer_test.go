package nn_test

import (
	"context"
	"slices"
	"testing"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/models"
	"github.com/thermoai/thermo/nn"
)

// TestTrainerDeterminism trains a score network in place, as an engine
// hook, on the chains of a Gaussian-mixture run, and checks that the
// trained weights and the samples are the same bits for any number of
// workers, trainer goroutines and shard sizes.
func TestTrainerDeterminism(t *testing.T) {
	model, err := models.New("gmm", 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers, shard, trainers int) (*nn.MLP[float32], []float32) {
		net, err := nn.New[float32](nn.Config{Dim: 2, Hidden: []int{16, 16}, Activation: nn.Tanh, Head: nn.Score, Time: nn.Time{Raw: true}}, 5)
		if err != nil {
			t.Fatal(err)
		}
		tr := &nn.Trainer[float32]{Net: net, Loss: nn.DSM[float32]{Sigma: 0.3, Seed: 9}, Opt: &nn.Adam{LR: 1e-2},
			Start: 10, Every: 3, Workers: trainers}
		cfg := engine.Config{Dim: 2, Chains: 2*nn.TrainBlock + 45, Seed: 7, Steps: 40, Burnin: 20, Thin: 5, Dt: 0.05, KT: 1,
			Mass: []float64{1, 1}, Friction: []float64{1, 1}, InitScale: 1, Workers: workers, ShardSize: shard}
		sink := &memSink[float32]{data: make([]float32, cfg.Chains*cfg.Draws()*2), draws: cfg.Draws()}
		// The chains feel the mixture's force plus the network's field,
		// so that every update changes the samples after it.
		newDemon := func(n int) engine.Demon[float32] {
			return &sumDemon[float32]{a: model.Demon32(n), b: nn.NewDemon(net), tmp: make([]float32, 2*n)}
		}
		job := engine.Job[float32]{NewDemon: newDemon,
			Hooks: []engine.Hook[float32]{tr}, Sink: sink}
		if _, err := engine.RunJob(context.Background(), cfg, job); err != nil {
			t.Fatal(err)
		}
		if len(tr.Losses) != 11 { // steps 10, 13, ..., 40
			t.Fatalf("%d updates, want 11", len(tr.Losses))
		}
		return net, sink.data
	}
	want, wantX := run(1, 16, 1)
	for _, c := range [][3]int{{2, 48, 3}, {2, 0, 2}, {3, 112, 1}} {
		got, gotX := run(c[0], c[1], c[2])
		if !slices.Equal(gotX, wantX) {
			t.Errorf("workers %d, shard %d: the samples differ", c[0], c[1])
		}
		for l := range want.Layers {
			if !slices.Equal(got.Layers[l].W, want.Layers[l].W) || !slices.Equal(got.Layers[l].B, want.Layers[l].B) {
				t.Errorf("workers %d, shard %d, trainers %d: layer %d differs", c[0], c[1], c[2], l)
			}
		}
	}
}

// memSink keeps the draws of a two-dimensional run in memory.
type memSink[F float32 | float64] struct {
	data  []F
	draws int
}

func (s *memSink[F]) WriteBlock(c0, n, d0, nd int, block []F) error {
	for c := range n {
		copy(s.data[((c0+c)*s.draws+d0)*2:((c0+c)*s.draws+d0+nd)*2], block[c*nd*2:(c+1)*nd*2])
	}
	return nil
}

// sumDemon adds a tenth of b's force to a's.
type sumDemon[F float32 | float64] struct {
	a, b interface {
		Force(t float64, x, f []F, n int)
	}
	tmp []F
}

func (d *sumDemon[F]) Force(t float64, x, f []F, n int) {
	d.a.Force(t, x, f, n)
	d.b.Force(t, x, d.tmp, n)
	for i, v := range d.tmp[:len(x)] {
		f[i] += 0.1 * v
	}
}

// TestTrainerCheckpoint trains in a checkpointing run, resumes from the
// checkpoint taken at step 22 with a freshly made network and trainer, and
// checks that the trained weights, the losses and the samples are those
// of the run never stopped.
func TestTrainerCheckpoint(t *testing.T) {
	model, err := models.New("gmm", 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		net    *nn.MLP[float64]
		losses []float64
		x      []float64
	}
	run := func(ck *engine.Checkpointing) result {
		net, err := nn.New[float64](nn.Config{Dim: 2, Hidden: []int{8}, Activation: nn.Softplus, Head: nn.Score}, 5)
		if err != nil {
			t.Fatal(err)
		}
		tr := &nn.Trainer[float64]{Net: net, Loss: nn.DSM[float64]{Sigma: 0.3, Seed: 9}, Opt: &nn.Adam{LR: 1e-2}, Start: 5, Every: 4}
		cfg := engine.Config{Dim: 2, Chains: 200, Seed: 7, Steps: 40, Burnin: 20, Thin: 5, Dt: 0.05, KT: 1,
			Mass: []float64{1, 1}, Friction: []float64{1, 1}, InitScale: 1, Workers: 2, ShardSize: 32}
		sink := &memSink[float64]{data: make([]float64, cfg.Chains*cfg.Draws()*2), draws: cfg.Draws()}
		newDemon := func(n int) engine.Demon[float64] {
			return &sumDemon[float64]{a: model.Demon64(n), b: nn.NewDemon(net), tmp: make([]float64, 2*n)}
		}
		job := engine.Job[float64]{NewDemon: newDemon, Hooks: []engine.Hook[float64]{tr}, Sink: sink, Checkpoint: ck}
		if _, err := engine.RunJob(context.Background(), cfg, job); err != nil {
			t.Fatal(err)
		}
		return result{net, tr.Losses, sink.data}
	}
	var saved [][]byte
	want := run(&engine.Checkpointing{EverySteps: 11, Save: func(s []byte) error { saved = append(saved, slices.Clone(s)); return nil }})
	if len(saved) < 2 {
		t.Fatalf("%d checkpoints", len(saved))
	}
	got := run(&engine.Checkpointing{Resume: saved[1], Save: func([]byte) error { return nil }})
	if !slices.Equal(got.losses, want.losses) || !slices.Equal(got.x, want.x) {
		t.Errorf("resumed: losses or samples differ\n%v\n%v", got.losses, want.losses)
	}
	for l := range want.net.Layers {
		if !slices.Equal(got.net.Layers[l].W, want.net.Layers[l].W) || !slices.Equal(got.net.Layers[l].B, want.net.Layers[l].B) {
			t.Errorf("resumed: layer %d differs", l)
		}
	}
}
