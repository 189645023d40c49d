package nn

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"testing"

	"github.com/thermoai/thermo/internal/golden"
	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/rng"
)

// ============================================================================
// The digests in testdata/golden-training.txt pin the bits of a network
// trained by a few DSM updates, and of its forces, for every activation in
// both precisions: what a user's trained demon is. CI checks them on every
// kernel path and under qemu-aarch64. Regenerate them with
// `go test ./nn/ -run TestGoldenTraining -update` only for a deliberate
// change of the network's or the trainer's arithmetic, and say so.
// ============================================================================

var update = flag.Bool("update", false, "rewrite the golden digests in testdata")

const goldenTraining = "testdata/golden-training.txt"

func trainedDigest[F kernel.Float](act Activation) string {
	net, err := New[F](Config{Dim: 3, Hidden: []int{19, 17}, Activation: act, Head: Score, Time: Time{Raw: true, Frequencies: 2}}, 3)
	if err != nil {
		panic(err)
	}
	tr := &Trainer[F]{Net: net, Loss: DSM[F]{Sigma: 0.4, Seed: 4}, Opt: &Adam{LR: 1e-2}, Workers: 2}
	const n = 2*TrainBlock + 29
	ch := rng.NewChain(5, 0)
	x := make([]F, 3*n)
	for u := range 5 {
		for i := range x {
			x[i] = F(ch.Normal64())
		}
		if _, err := tr.Update(x, n, 0.1*float64(u)); err != nil {
			panic(err)
		}
	}
	h := sha256.New()
	for _, l := range net.Layers {
		binary.Write(h, binary.LittleEndian, l.W)
		binary.Write(h, binary.LittleEndian, l.B)
	}
	f := make([]F, 3*n)
	NewDemon(net).Force(0.3, x, f, n)
	binary.Write(h, binary.LittleEndian, f)
	binary.Write(h, binary.LittleEndian, tr.Losses)
	return hex.EncodeToString(h.Sum(nil))
}

// TestGoldenTraining checks the digests of trained networks and their
// forces against testdata.
func TestGoldenTraining(t *testing.T) {
	if err := kernel.EnvError(); err != nil {
		t.Skip(err)
	}
	got := map[string]string{}
	var keys []string
	for _, act := range []Activation{Tanh, SiLU, Softplus} {
		for _, prec := range []string{"f32", "f64"} {
			k := fmt.Sprintf("%v/%s", act, prec)
			if prec == "f32" {
				got[k] = trainedDigest[float32](act)
			} else {
				got[k] = trainedDigest[float64](act)
			}
			keys = append(keys, k)
		}
	}
	golden.Check(t, goldenTraining, "SHA-256 of trained weights, forces and losses per activation/precision; see golden_test.go", keys, got, *update)
}
