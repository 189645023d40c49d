package graph

import (
	"container/heap"
	"fmt"
	"slices"
)

// A colouring gives each node a colour 0, 1, ... such that neighbours
// differ; the nodes of one colour can be updated together in a block
// Gibbs sweep.

// Greedy colours g greedily in largest-degree-first order (ties by node
// index), giving each node the smallest colour its coloured neighbours
// leave free. It returns the colour of each node and the number of
// colours.
func Greedy(g *CSR) (colours []int, k int) {
	order := make([]int, g.N)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return g.Degree(b) - g.Degree(a) })
	colours = make([]int, g.N)
	for i := range colours {
		colours[i] = -1
	}
	var used []int // used[c] == v+1 marks colour c as taken next to v
	for _, v := range order {
		for e := g.RowPtr[v]; e < g.RowPtr[v+1]; e++ {
			if c := colours[g.Col[e]]; c >= 0 {
				used[c] = v + 1
			}
		}
		c := 0
		for c < len(used) && used[c] == v+1 {
			c++
		}
		if c == len(used) {
			used = append(used, 0)
		}
		colours[v] = c
	}
	return colours, len(used)
}

// DSATUR colours g by Brélaz's DSATUR: repeatedly colour, with the
// smallest free colour, the uncoloured node with the most distinct colours
// among its neighbours (ties: larger degree, then smaller index). It is
// exact on bipartite graphs (two colours if there is an edge). It returns
// the colour of each node and the number of colours.
func DSATUR(g *CSR) (colours []int, k int) {
	colours = make([]int, g.N)
	for i := range colours {
		colours[i] = -1
	}
	sat := make([]int, g.N)
	q := make(satQueue, 0, g.N)
	for v := range g.N {
		q = append(q, satItem{v: v, sat: 0, deg: g.Degree(v)})
	}
	heap.Init(&q)
	var used []int
	for q.Len() > 0 {
		it := heap.Pop(&q).(satItem)
		v := it.v
		if colours[v] >= 0 || it.sat != sat[v] {
			continue // stale entry
		}
		for e := g.RowPtr[v]; e < g.RowPtr[v+1]; e++ {
			if c := colours[g.Col[e]]; c >= 0 {
				used[c] = v + 1
			}
		}
		c := 0
		for c < len(used) && used[c] == v+1 {
			c++
		}
		if c == len(used) {
			used = append(used, 0)
		}
		colours[v] = c
		for e := g.RowPtr[v]; e < g.RowPtr[v+1]; e++ {
			u := int(g.Col[e])
			if colours[u] >= 0 || hasNeighbourColour(g, colours, u, v, c) {
				continue
			}
			sat[u]++
			heap.Push(&q, satItem{v: u, sat: sat[u], deg: g.Degree(u)})
		}
	}
	return colours, len(used)
}

// hasNeighbourColour reports whether a neighbour of u other than skip has
// colour c.
func hasNeighbourColour(g *CSR, colours []int, u, skip, c int) bool {
	for e := g.RowPtr[u]; e < g.RowPtr[u+1]; e++ {
		if w := int(g.Col[e]); w != skip && colours[w] == c {
			return true
		}
	}
	return false
}

type satItem struct{ v, sat, deg int }

// satQueue is a max-heap by saturation, then degree, then smaller index.
type satQueue []satItem

func (q satQueue) Len() int { return len(q) }
func (q satQueue) Less(i, j int) bool {
	a, b := q[i], q[j]
	if a.sat != b.sat {
		return a.sat > b.sat
	}
	if a.deg != b.deg {
		return a.deg > b.deg
	}
	return a.v < b.v
}
func (q satQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *satQueue) Push(x any)   { *q = append(*q, x.(satItem)) }
func (q *satQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

// Classes returns the nodes of each colour, in ascending order; class c
// holds the nodes of colour c, for c up to the largest colour.
func Classes(colours []int) [][]int {
	k := 0
	for _, c := range colours {
		k = max(k, c+1)
	}
	classes := make([][]int, k)
	for v, c := range colours {
		if c >= 0 {
			classes[c] = append(classes[c], v)
		}
	}
	return classes
}

// CheckColouring returns an error naming the first problem if colours is
// not a proper colouring of g: a length other than g.N, a negative colour,
// or an edge whose ends share a colour.
func CheckColouring(g *CSR, colours []int) error {
	if len(colours) != g.N {
		return fmt.Errorf("graph: %d colours for %d nodes", len(colours), g.N)
	}
	for v, c := range colours {
		if c < 0 {
			return fmt.Errorf("graph: node %d has colour %d", v, c)
		}
	}
	for v := range g.N {
		for e := g.RowPtr[v]; e < g.RowPtr[v+1]; e++ {
			if u := int(g.Col[e]); v < u && colours[u] == colours[v] {
				return fmt.Errorf("graph: edge (%d, %d) has colour %d at both ends", v, u, colours[v])
			}
		}
	}
	return nil
}
