package graph

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/thermoai/thermo/rng"
)

// Generators return graphs with every weight 1; WithWeights and
// RandomSigns set other weights. Random ones draw from chain 0 of
// rng.NewChain(seed, 0), so a seed gives the same graph on every platform.

// randSource returns the random source of a generator for seed.
func randSource(seed uint64) *rand.Rand {
	ch := rng.NewChain(seed, 0)
	return rand.New(&ch.P)
}

// mustBuild builds a generator's graph, whose edges are valid by
// construction.
func mustBuild(n int, edges []Edge) *CSR {
	g, err := FromEdges(n, edges)
	if err != nil {
		panic(err)
	}
	return g
}

// RandomRegular returns a uniform-ish random simple d-regular graph on n
// nodes, built by the pairing (configuration) model: the n*d stubs are
// shuffled and paired; pairs that would make a self-loop or a repeated
// edge are set aside and their stubs re-paired, and if no valid pairing of
// the remaining stubs exists the construction restarts (Steger and
// Wormald's variant, as networkx's random_regular_graph). It needs
// 0 <= d < n and n*d even.
func RandomRegular(n, d int, seed uint64) (*CSR, error) {
	if n < 1 || d < 0 || d >= n || n*d%2 != 0 {
		return nil, fmt.Errorf("graph: no simple %d-regular graph on %d nodes", d, n)
	}
	r := randSource(seed)
	for range 1000 {
		if edges, ok := tryRegular(n, d, r); ok {
			return mustBuild(n, edges), nil
		}
	}
	return nil, fmt.Errorf("graph: no %d-regular graph on %d nodes after 1000 restarts", d, n)
}

// tryRegular makes one attempt at a random d-regular pairing.
func tryRegular(n, d int, r *rand.Rand) ([]Edge, bool) {
	stubs := make([]int, 0, n*d)
	for v := range n {
		for range d {
			stubs = append(stubs, v)
		}
	}
	adj := make(map[[2]int]bool, n*d/2)
	edges := make([]Edge, 0, n*d/2)
	left := make([]int, n)
	for len(stubs) > 0 {
		r.Shuffle(len(stubs), func(i, j int) { stubs[i], stubs[j] = stubs[j], stubs[i] })
		clear(left)
		for k := 0; k < len(stubs); k += 2 {
			a, b := min(stubs[k], stubs[k+1]), max(stubs[k], stubs[k+1])
			if a != b && !adj[[2]int{a, b}] {
				adj[[2]int{a, b}] = true
				edges = append(edges, Edge{I: a, J: b, W: 1})
			} else {
				left[a]++
				left[b]++
			}
		}
		stubs = stubs[:0]
		var open []int
		for v, c := range left {
			if c > 0 {
				open = append(open, v)
			}
			for range c {
				stubs = append(stubs, v)
			}
		}
		if len(stubs) > 0 && !pairable(open, adj) {
			return nil, false
		}
	}
	return edges, true
}

// pairable reports whether two of the nodes with free stubs can still be
// joined.
func pairable(open []int, adj map[[2]int]bool) bool {
	for x, a := range open {
		for _, b := range open[x+1:] {
			if !adj[[2]int{a, b}] {
				return true
			}
		}
	}
	return false
}

// Lattice2D returns the l1 x l2 square lattice; node (x, y) is x*l2 + y.
// With periodic set both directions wrap around; a wrap edge is left out
// where it would repeat an edge (a side of 2) or be a self-loop (a side
// of 1).
func Lattice2D(l1, l2 int, periodic bool) (*CSR, error) {
	if l1 < 1 || l2 < 1 {
		return nil, fmt.Errorf("graph: lattice %dx%d", l1, l2)
	}
	return Lattice(periodic, l1, l2)
}

// Lattice3D returns the l1 x l2 x l3 cubic lattice; node (x, y, z) is
// (x*l2 + y)*l3 + z. Periodic as for Lattice2D.
func Lattice3D(l1, l2, l3 int, periodic bool) (*CSR, error) {
	if l1 < 1 || l2 < 1 || l3 < 1 {
		return nil, fmt.Errorf("graph: lattice %dx%dx%d", l1, l2, l3)
	}
	return Lattice(periodic, l1, l2, l3)
}

// Lattice returns the hypercubic lattice with the given sides, nodes
// numbered row-major (the last coordinate fastest); periodic as for
// Lattice2D.
func Lattice(periodic bool, sides ...int) (*CSR, error) {
	n := 1
	for _, l := range sides {
		if l < 1 {
			return nil, fmt.Errorf("graph: lattice side %d in %v", l, sides)
		}
		n *= l
	}
	var edges []Edge
	stride := n
	for _, l := range sides {
		stride /= l
		for v := range n {
			x := v / stride % l
			switch {
			case x+1 < l:
				edges = append(edges, Edge{I: v, J: v + stride, W: 1})
			case periodic && l > 2:
				edges = append(edges, Edge{I: v, J: v - x*stride, W: 1})
			}
		}
	}
	return mustBuild(n, edges), nil
}

// King returns the l1 x l2 King's graph: the squares of a board joined
// where a chess king moves (the four sides and four diagonals), open
// boundaries; node (x, y) is x*l2 + y.
func King(l1, l2 int) (*CSR, error) {
	if l1 < 1 || l2 < 1 {
		return nil, fmt.Errorf("graph: king %dx%d", l1, l2)
	}
	var edges []Edge
	for x := range l1 {
		for y := range l2 {
			v := x*l2 + y
			if y+1 < l2 {
				edges = append(edges, Edge{I: v, J: v + 1, W: 1})
			}
			if x+1 < l1 {
				edges = append(edges, Edge{I: v, J: v + l2, W: 1})
				if y+1 < l2 {
					edges = append(edges, Edge{I: v, J: v + l2 + 1, W: 1})
				}
				if y > 0 {
					edges = append(edges, Edge{I: v, J: v + l2 - 1, W: 1})
				}
			}
		}
	}
	return mustBuild(l1*l2, edges), nil
}

// Chimera returns D-Wave's Chimera graph C(m, n, t): an m x n grid of
// unit cells, each a complete bipartite K_{t,t} between its vertical
// (u = 0) and horizontal (u = 1) qubits, vertical qubits coupled to the
// same qubit of the cell below and horizontal ones to the cell to the
// right. Node (i, j, u, k) is ((i*n + j)*2 + u)*t + k, dwave_networkx's
// chimera_graph(m, n, t) labelling, whose edge set this equals (checked
// by digest in the tests). It has 2mnt nodes and mnt^2 + (m-1)nt + m(n-1)t
// edges.
func Chimera(m, n, t int) (*CSR, error) {
	if m < 1 || n < 1 || t < 1 {
		return nil, fmt.Errorf("graph: chimera %d,%d,%d", m, n, t)
	}
	q := func(i, j, u, k int) int { return ((i*n+j)*2+u)*t + k }
	var edges []Edge
	for i := range m {
		for j := range n {
			for k0 := range t {
				for k1 := range t {
					edges = append(edges, Edge{I: q(i, j, 0, k0), J: q(i, j, 1, k1), W: 1})
				}
			}
			for k := range t {
				if i+1 < m {
					edges = append(edges, Edge{I: q(i, j, 0, k), J: q(i+1, j, 0, k), W: 1})
				}
				if j+1 < n {
					edges = append(edges, Edge{I: q(i, j, 1, k), J: q(i, j+1, 1, k), W: 1})
				}
			}
		}
	}
	return mustBuild(2*m*n*t, edges), nil
}

// WithWeights returns a copy of g whose edge {i, j} has weight w(i, j),
// called once per edge with i < j.
func WithWeights(g *CSR, w func(i, j int) float64) *CSR {
	h := &CSR{N: g.N, RowPtr: slices.Clone(g.RowPtr), Col: slices.Clone(g.Col), W: make([]float64, len(g.W))}
	for i := range g.N {
		for e := g.RowPtr[i]; e < g.RowPtr[i+1]; e++ {
			if j := int(g.Col[e]); i < j {
				h.W[e] = w(i, j)
				h.W[mirror(g, j, i)] = h.W[e]
			}
		}
	}
	return h
}

// mirror returns the position of edge (j, i) in row j.
func mirror(g *CSR, j, i int) int {
	row := g.Col[g.RowPtr[j]:g.RowPtr[j+1]]
	k, ok := slices.BinarySearch(row, int32(i))
	if !ok {
		panic(fmt.Sprintf("graph: edge (%d, %d) stored from one end only", i, j))
	}
	return g.RowPtr[j] + k
}

// RandomSigns returns a copy of g with each weight +1 or -1 with equal
// probability, drawn in edge order (rows ascending, i < j) from seed.
func RandomSigns(g *CSR, seed uint64) *CSR {
	ch := rng.NewChain(seed, 0)
	return WithWeights(g, func(int, int) float64 {
		if ch.P.Uint32()>>31 == 0 {
			return -1
		}
		return 1
	})
}
