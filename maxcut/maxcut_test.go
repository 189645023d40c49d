package maxcut

import (
	"testing"

	"github.com/thermoai/thermo/graph"
	"github.com/thermoai/thermo/rng"
)

// TestCut checks the cut of a 4-cycle with weights 1, 2, 3, 4.
func TestCut(t *testing.T) {
	g, err := graph.FromEdges(4, []graph.Edge{{I: 0, J: 1, W: 1}, {I: 1, J: 2, W: 2}, {I: 2, J: 3, W: 3}, {I: 3, J: 0, W: 4}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		s    []int8
		want float64
	}{{[]int8{1, 1, 1, 1}, 0}, {[]int8{1, -1, 1, -1}, 10}, {[]int8{1, 1, -1, -1}, 6}} {
		if got, err := Cut(g, c.s); err != nil || got != c.want {
			t.Errorf("cut of %v = %v (%v), want %v", c.s, got, err, c.want)
		}
	}
	if _, err := Cut(g, []int8{1, 0, 1, 1}); err == nil {
		t.Error("an assignment of 0 was accepted")
	}
}

// TestAnnealSmall: on random graphs of 16 nodes with random weights the
// annealer finds the maximum cut, found here by trying all 2^16
// assignments.
func TestAnnealSmall(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		ch := rng.NewChain(seed, 99)
		const n = 16
		var edges []graph.Edge
		for i := range n {
			for j := i + 1; j < n; j++ {
				if ch.Uniform64() < 0.4 {
					edges = append(edges, graph.Edge{I: i, J: j, W: float64(1 + int(ch.Uniform64()*5))})
				}
			}
		}
		g, err := graph.FromEdges(n, edges)
		if err != nil {
			t.Fatal(err)
		}
		var exact float64
		s := make([]int8, n)
		for m := range 1 << n {
			for i := range n {
				s[i] = int8(1 - 2*((m>>i)&1))
			}
			c, _ := Cut(g, s)
			exact = max(exact, c)
		}
		best, cut, flips, err := Anneal(g, Schedule{Beta0: 0.05, Beta1: 3, Sweeps: 2000}, seed)
		if err != nil {
			t.Fatal(err)
		}
		if cut != exact || flips != n*2000 {
			t.Errorf("seed %d: cut %v, the maximum is %v (%d flips)", seed, cut, exact, flips)
		}
		if c, _ := Cut(g, best); c != cut {
			t.Errorf("seed %d: the best assignment cuts %v, reported %v", seed, c, cut)
		}
	}
}
