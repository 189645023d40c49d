// Package graph builds the sparse coupling graphs of s-bit networks:
// Gset Max-Cut instances, random regular graphs, lattices, King's graphs,
// and the Chimera and Pegasus topologies of D-Wave's annealers, with a
// colouring for block Gibbs sweeps.
package graph

import "fmt"

// CSR is an undirected weighted graph of N nodes in compressed sparse row
// form: the neighbours of node i are Col[RowPtr[i]:RowPtr[i+1]], in
// ascending order, with the weights W of the same edges. Every edge
// appears twice, once from each end, with the same weight; there are no
// self-loops.
type CSR struct {
	N      int
	RowPtr []int
	Col    []int32
	W      []float64
}

// Edge is an undirected edge between nodes I and J with weight W.
type Edge struct {
	I, J int
	W    float64
}

// FromEdges builds the graph of n nodes with the given edges; an edge
// given twice (in either direction) or a self-loop is an error naming it.
func FromEdges(n int, edges []Edge) (*CSR, error) {
	deg := make([]int, n)
	seen := make(map[[2]int]bool, len(edges))
	for k, e := range edges {
		if e.I < 0 || e.I >= n || e.J < 0 || e.J >= n {
			return nil, fmt.Errorf("graph: edge %d (%d, %d) outside nodes 0..%d", k, e.I, e.J, n-1)
		}
		if e.I == e.J {
			return nil, fmt.Errorf("graph: edge %d is a self-loop at node %d", k, e.I)
		}
		key := [2]int{min(e.I, e.J), max(e.I, e.J)}
		if seen[key] {
			return nil, fmt.Errorf("graph: edge %d (%d, %d) is given twice", k, e.I, e.J)
		}
		seen[key] = true
		deg[e.I]++
		deg[e.J]++
	}
	g := &CSR{N: n, RowPtr: make([]int, n+1)}
	for i, d := range deg {
		g.RowPtr[i+1] = g.RowPtr[i] + d
	}
	g.Col = make([]int32, g.RowPtr[n])
	g.W = make([]float64, g.RowPtr[n])
	next := append([]int(nil), g.RowPtr[:n]...)
	for _, e := range edges {
		g.Col[next[e.I]], g.W[next[e.I]] = int32(e.J), e.W
		next[e.I]++
		g.Col[next[e.J]], g.W[next[e.J]] = int32(e.I), e.W
		next[e.J]++
	}
	for i := range n {
		sortRow(g.Col[g.RowPtr[i]:g.RowPtr[i+1]], g.W[g.RowPtr[i]:g.RowPtr[i+1]])
	}
	return g, nil
}

// sortRow sorts a row's neighbours ascending, carrying their weights.
func sortRow(col []int32, w []float64) {
	for i := 1; i < len(col); i++ {
		for j := i; j > 0 && col[j] < col[j-1]; j-- {
			col[j], col[j-1] = col[j-1], col[j]
			w[j], w[j-1] = w[j-1], w[j]
		}
	}
}

// Edges returns the number of undirected edges.
func (g *CSR) Edges() int { return len(g.Col) / 2 }

// Degree returns the number of neighbours of node i.
func (g *CSR) Degree(i int) int { return g.RowPtr[i+1] - g.RowPtr[i] }
