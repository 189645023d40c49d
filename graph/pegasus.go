package graph

import (
	"fmt"
	"slices"
)

// pegasusShifts are dwave_networkx's default (offsets_index 0) shift
// offsets S0 of the vertical and S1 of the horizontal qubits.
var pegasusShifts = [2][12]int{
	{2, 2, 2, 2, 10, 10, 10, 10, 6, 6, 6, 6},
	{6, 6, 6, 6, 2, 2, 2, 2, 10, 10, 10, 10},
}

// Pegasus returns D-Wave's Pegasus graph P(m), m >= 2, as
// dwave_networkx's pegasus_graph(m) builds it by default (offsets_index
// 0, fabric_only=True, nice_coordinates=False), after Boothby, King,
// Raymond and Lanting, "Next-generation topology of D-Wave quantum
// processors" (2020).
//
// A qubit has the Pegasus index (u, w, k, z): orientation u (0 vertical,
// 1 horizontal), major offset w < m, minor offset k < 12, parallel offset
// z < m-1; its dwave_networkx linear label is ((u*m + w)*12 + k)*(m-1) + z.
// The couplers are
//
//	external: (u, w, k, z) ~ (u, w, k, z+1)
//	odd:      (u, w, 2j, z) ~ (u, w, 2j+1, z)
//	internal: (0, w, k, z) ~ (1, z + [k' < S0[k]], k', w - [k < S1[k']])
//
// with the shift offsets S0 = {2,2,2,2,10,10,10,10,6,6,6,6} (vertical)
// and S1 = {6,6,6,6,2,2,2,2,10,10,10,10} (horizontal). fabric_only keeps
// the qubits of the main fabric: for w = 0 those with k >= min(S1) (u = 0)
// or k >= min(S0) (u = 1), and for w = m-1 those with k < 12 - max(S1)
// (u = 0) or k < 12 - max(S0) (u = 1). Node i of the result is the i-th
// kept qubit in ascending linear label; PegasusLabels gives the labels.
//
// Checked in the tests against dwave_networkx (its generators/pegasus.py
// run unmodified with networkx 3.6): 24m(m-1) - 8(m-1) nodes (4264 for
// m = 14, 5640 for m = 16), 30404 and 40484 edges for m = 14 and 16, the
// SHA-256 of the sorted edge list in dwave labels for m = 2, 3, 4, 6, 14,
// 16, and the degree counts, for m >= 4: 32 nodes of degree 6, 16(m-3)
// of 7, 32 of 10, 16(m-3) of 11, 48m-80 of 14 and the rest 15 (the
// maximum).
func Pegasus(m int) (*CSR, error) {
	if m < 2 {
		return nil, fmt.Errorf("graph: pegasus %d: needs m >= 2", m)
	}
	labels, index := pegasusNodes(m)
	m1 := m - 1
	label := func(u, w, k, z int) int { return ((u*m+w)*12+k)*m1 + z }
	var edges []Edge
	add := func(a, b int) {
		ia, ib := index[a], index[b]
		if ia >= 0 && ib >= 0 {
			edges = append(edges, Edge{I: ia, J: ib, W: 1})
		}
	}
	s0, s1 := pegasusShifts[0], pegasusShifts[1]
	for u := range 2 {
		for w := range m {
			for k := range 12 {
				for z := range m1 {
					if z+1 < m1 {
						add(label(u, w, k, z), label(u, w, k, z+1))
					}
					if k%2 == 0 {
						add(label(u, w, k, z), label(u, w, k+1, z))
					}
				}
			}
		}
	}
	for w := range m {
		for kk := range 12 {
			lo, hi := 0, 12
			if w == 0 {
				lo = s1[kk]
			}
			if w == m1 {
				hi = s1[kk]
			}
			for k := lo; k < hi; k++ {
				for z := range m1 {
					w1, z1 := z, w
					if kk < s0[k] {
						w1++
					}
					if k < s1[kk] {
						z1--
					}
					add(label(0, w, k, z), label(1, w1, kk, z1))
				}
			}
		}
	}
	return mustBuild(len(labels), edges), nil
}

// PegasusLabels returns, for each node of Pegasus(m), its dwave_networkx
// linear label ((u*m + w)*12 + k)*(m-1) + z.
func PegasusLabels(m int) ([]int, error) {
	if m < 2 {
		return nil, fmt.Errorf("graph: pegasus %d: needs m >= 2", m)
	}
	labels, _ := pegasusNodes(m)
	return labels, nil
}

// pegasusNodes returns the linear labels of the fabric qubits, ascending,
// and the node of each of the 24m(m-1) labels (-1 if not in the fabric).
func pegasusNodes(m int) (labels, index []int) {
	start := [2]int{minOf(pegasusShifts[1]), minOf(pegasusShifts[0])}
	end := [2]int{12 - maxOf(pegasusShifts[1]), 12 - maxOf(pegasusShifts[0])}
	index = make([]int, 24*m*(m-1))
	for q := range index {
		k := q / (m - 1) % 12
		w := q / (m - 1) / 12 % m
		u := q / (m - 1) / 12 / m
		if (w == 0 && k < start[u]) || (w == m-1 && k >= 12-end[u]) {
			index[q] = -1
			continue
		}
		index[q] = len(labels)
		labels = append(labels, q)
	}
	return labels, index
}

func minOf(s [12]int) int { return slices.Min(s[:]) }
func maxOf(s [12]int) int { return slices.Max(s[:]) }
