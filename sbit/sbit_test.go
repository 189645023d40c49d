package sbit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"testing"

	"github.com/thermoai/thermo/engine"
	"github.com/thermoai/thermo/graph"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// TestEnergyKnownState checks E(s) on a 4-cycle worked by hand:
// couplings J01 = 1, J12 = -0.5, J23 = 2, J03 = 0.25, fields
// (0.5, -1, 0, 0.25), s = (+, -, -, +):
// -Σ J_ij s_i s_j = -(-1 - 0.5 - 2 + 0.25) = 3.25, -h·s = -1.75, E = 1.5.
func TestEnergyKnownState(t *testing.T) {
	g, err := graph.FromEdges(4, []graph.Edge{{I: 0, J: 1, W: 1}, {I: 1, J: 2, W: -0.5}, {I: 2, J: 3, W: 2}, {I: 0, J: 3, W: 0.25}})
	if err != nil {
		t.Fatal(err)
	}
	m := &Model{J: g, H: []float64{0.5, -1, 0, 0.25}, Beta: 1}
	s := []int8{1, -1, -1, 1}
	if e := m.Energy(s); e != 1.5 {
		t.Errorf("E = %v, want 1.5", e)
	}
	// h^loc_2 = h_2 + J21 s1 + J23 s3 = 0 + 0.5 + 2.
	if h := m.LocalField(s, 2); h != 2.5 {
		t.Errorf("local field of spin 2 = %v, want 2.5", h)
	}
	m.H = nil
	if e := m.Energy(s); e != 3.25 {
		t.Errorf("E without fields = %v, want 3.25", e)
	}
}

// TestFlipEnergy: flipping spin i changes E by 2 s_i h_i^loc, in every
// state of a random network.
func TestFlipEnergy(t *testing.T) {
	m := randomModel(t, 9, 0.4, 1, 8)
	s := make([]int8, m.N())
	for k := range 1 << m.N() {
		SetState(s, k)
		if StateIndex(s) != k {
			t.Fatalf("state %d comes back as %d", k, StateIndex(s))
		}
		e := m.Energy(s)
		for i := range s {
			de := 2 * float64(s[i]) * m.LocalField(s, i)
			s[i] = -s[i]
			if d := m.Energy(s) - e - de; d > 1e-12 || d < -1e-12 {
				t.Fatalf("state %d, spin %d: ΔE off by %v", k, i, d)
			}
			s[i] = -s[i]
		}
	}
}

func TestValidate(t *testing.T) {
	m := randomModel(t, 5, 0.5, 1, 1)
	if _, err := NewGibbs[float64](m, make([]int, m.N())); err == nil {
		t.Error("a colouring with neighbours of one colour was accepted")
	}
	colours, _ := graph.Greedy(m.J)
	if _, err := NewGibbs[float64](m, colours); err != nil {
		t.Error(err)
	}
	bad := *m
	bad.H = []float64{1}
	if _, err := NewMetropolis[float64](&bad); err == nil {
		t.Error("a model with one field for five spins was accepted")
	}
	if _, err := NewPBit[float64](m, 0); err == nil {
		t.Error("a flip rate of 0 was accepted")
	}
	if _, err := Uniformise(m, 1, 1, []int8{1, 0, 1, 1, 1}, new(rng.Chain), nil); err == nil {
		t.Error("a spin of 0 was accepted")
	}
}

func samplers[F kernel.Float](t *testing.T, m *Model) map[string]Sampler[F] {
	t.Helper()
	g, err := NewGibbs[F](m, nil)
	if err != nil {
		t.Fatal(err)
	}
	mh, err := NewMetropolis[F](m)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := NewPBit[F](m, 2)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]Sampler[F]{"gibbs": g, "metropolis": mh, "pbit": pb}
}

func runMem[F kernel.Float](t *testing.T, cfg engine.Config, s Sampler[F]) []F {
	t.Helper()
	sink := newMemSink[F](cfg)
	if _, err := engine.RunJob(context.Background(), cfg, NewJob(s, sink)); err != nil {
		t.Fatal(err)
	}
	return sink.data
}

// TestDeterminism: the samples of every sampler are the same bit for bit
// with 1 and 2 workers and shards of 16 and 48 chains; a sub-range of
// chains run alone gives the same chains; and float32 runs are as
// deterministic. (float32 and float64 runs differ: the engine's initial
// normal draws, whose signs are the initial spins, differ.)
func TestDeterminism(t *testing.T) {
	m := randomModel(t, 11, 0.3, 0.8, 4)
	cfg := Config(m.N(), 150, 40, 9)
	cfg.Burnin, cfg.Thin, cfg.Dt = 10, 3, 0.5
	s32, s64 := samplers[float32](t, m), samplers[float64](t, m)
	for _, name := range []string{"gibbs", "metropolis", "pbit"} {
		var ref []float64
		for _, wk := range []struct{ workers, shard int }{{1, 16}, {2, 48}, {2, 16}, {1, 48}} {
			c := cfg
			c.Workers, c.ShardSize = wk.workers, wk.shard
			got := runMem(t, c, s64[name])
			if ref == nil {
				ref = got
				continue
			}
			if !slices.Equal(got, ref) {
				t.Errorf("%s: %d workers, shards of %d: samples differ", name, wk.workers, wk.shard)
			}
		}
		flips := 0
		for k := range ref {
			if k >= m.N() && ref[k] != ref[k-m.N()] {
				flips++
			}
		}
		if flips < len(ref)/20 {
			t.Errorf("%s: only %d of %d recorded spins changed", name, flips, len(ref))
		}
		c := cfg
		c.Workers, c.ShardSize = 2, 16
		a := runMem(t, c, s32[name])
		c.Workers, c.ShardSize = 1, 48
		if b := runMem(t, c, s32[name]); !slices.Equal(a, b) {
			t.Errorf("%s: float32 samples differ between 2 workers with shards of 16 and 1 with 48", name)
		}
		sub := cfg
		sub.Chains, sub.FirstChain = 37, 61
		part := runMem(t, sub, s64[name])
		row := cfg.Draws() * cfg.Dim
		if !slices.Equal(part, ref[61*row:98*row]) {
			t.Errorf("%s: chains 61..97 run alone differ", name)
		}
	}
}

// TestCheckpointResume: a run stopped at a checkpoint and resumed (with
// other workers) records the same samples as the run that never stopped.
func TestCheckpointResume(t *testing.T) {
	m := randomModel(t, 8, 0.4, 0.8, 6)
	cfg := Config(m.N(), 100, 30, 5)
	cfg.ShardSize, cfg.Workers, cfg.Burnin, cfg.Thin = 32, 2, 4, 2
	for name, s := range samplers[float64](t, m) {
		want := runMem(t, cfg, s)
		var saved []byte
		ck := &engine.Checkpointing{EverySteps: 12, Save: func(b []byte) error {
			if saved == nil {
				saved = slices.Clone(b) // the state after step 12
			}
			return nil
		}}
		sink := newMemSink[float64](cfg)
		if _, err := engine.RunJob(context.Background(), cfg, withCheckpoint(NewJob(s, sink), ck)); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sink.data, want) {
			t.Fatalf("%s: checkpoints changed the samples", name)
		}
		if saved == nil {
			t.Fatalf("%s: no checkpoint was saved", name)
		}
		c := cfg
		c.Workers = 1
		sink = newMemSink[float64](c)
		ck = &engine.Checkpointing{Resume: saved, Save: func([]byte) error { return nil }}
		if _, err := engine.RunJob(context.Background(), c, withCheckpoint(NewJob(s, sink), ck)); err != nil {
			t.Fatalf("%s: resume: %v", name, err)
		}
		// Draws after step 12: (12 - burnin)/thin = 4 draws were written before.
		row, d0 := cfg.Draws()*cfg.Dim, 4*cfg.Dim
		for ch := range cfg.Chains {
			if !slices.Equal(sink.data[ch*row+d0:(ch+1)*row], want[ch*row+d0:(ch+1)*row]) {
				t.Fatalf("%s: chain %d: resumed samples differ", name, ch)
			}
		}
	}
}

func withCheckpoint[F kernel.Float](j engine.Job[F], ck *engine.Checkpointing) engine.Job[F] {
	j.Checkpoint = ck
	return j
}

// TestUniformiseStepper: a PBit step of a chain is Uniformise on that
// chain's stream.
func TestUniformiseStepper(t *testing.T) {
	m := randomModel(t, 6, 0.5, 0.9, 2)
	p, err := NewPBit[float64](m, 3)
	if err != nil {
		t.Fatal(err)
	}
	const n = 5
	sh := &engine.Shard[float64]{N: n, Dim: m.N(), X: make([]float64, n*m.N()), Streams: rng.NewStreams(4, 100, n)}
	p.Init(sh, nil, engine.Clock{}) // X is 0: every spin +1
	p.Step(sh, nil, engine.Clock{Dt: 0.7, KT: 1})
	s := make([]int8, m.N())
	for c := range n {
		ch := rng.NewChain(4, 100+uint64(c))
		for i := range s {
			s[i] = 1
		}
		events, err := Uniformise(m, 3, 0.7, s, &ch, nil)
		if err != nil {
			t.Fatal(err)
		}
		if events == 0 {
			t.Errorf("chain %d: no candidate event in time 0.7 at total rate 18", c)
		}
		for i := range s {
			if sh.X[i*n+c] != float64(s[i]) {
				t.Fatalf("chain %d spin %d: stepper %v, Uniformise %d", c, i, sh.X[i*n+c], s[i])
			}
		}
	}
	if _, err := Gillespie(m, 1, -1, s, new(rng.Chain), nil); err == nil {
		t.Error("a negative time was accepted")
	}
}

// TestGoldenDigest pins the SHA-256 of a small run of every sampler, in
// float32 and float64, so that any machine (arm64 under qemu among them)
// must give the same bits.
func TestGoldenDigest(t *testing.T) {
	m := randomModel(t, 9, 0.4, 0.9, 12)
	cfg := Config(m.N(), 40, 25, 3)
	cfg.Burnin, cfg.Dt = 5, 0.8
	cfg.KT = 1.25
	want := map[string]string{
		"gibbs/float32":      "f1a0955300f5d623ce18a83fa42d25829c372bbcc70a19576e4a1403f9c9deb4",
		"metropolis/float32": "a7160a7fcf30d75282ac63e01c33950297a44a001d09c929957c107f1c75d388",
		"pbit/float32":       "ea64d3941ce0b2005e33781e1bea042add77312a94d68f94efa0409924aedde1",
		"gibbs/float64":      "d060eea76e607da0917d2b6ac08b4aea2aed9f7371033fc57f4829aafbe82f1f",
		"metropolis/float64": "1955e9a156dd8da738bfe6c66fe20a74e7978da05261e48f428265a9a9fff3e7",
		"pbit/float64":       "e5fde3e0a170256feba29c525d8cffc97cf0a6d4656a0ae75e43ff879a48108b",
	}
	got := map[string]string{}
	for name, s := range samplers[float32](t, m) {
		got[name+"/float32"] = digest(runMem(t, cfg, s))
	}
	for name, s := range samplers[float64](t, m) {
		got[name+"/float64"] = digest(runMem(t, cfg, s))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: digest %s, want %s", k, got[k], w)
		}
	}
}

func digest[F kernel.Float](x []F) string {
	h := sha256.New()
	for _, v := range x {
		binary.Write(h, binary.LittleEndian, v)
	}
	return hex.EncodeToString(h.Sum(nil))
}
