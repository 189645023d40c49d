package graph

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// edgeDigest is the SHA-256 of g's edges as lines "a b\n", a < b in the
// labels given (identity if nil), sorted: the form the reference digests
// were computed in from dwave_networkx's graphs.
func edgeDigest(g *CSR, labels []int) string {
	lab := func(i int) int {
		if labels == nil {
			return i
		}
		return labels[i]
	}
	var es [][2]int
	for i := range g.N {
		for e := g.RowPtr[i]; e < g.RowPtr[i+1]; e++ {
			if j := int(g.Col[e]); i < j {
				a, b := lab(i), lab(j)
				es = append(es, [2]int{min(a, b), max(a, b)})
			}
		}
	}
	slices.SortFunc(es, func(x, y [2]int) int {
		if x[0] != y[0] {
			return x[0] - y[0]
		}
		return x[1] - y[1]
	})
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%d %d\n", e[0], e[1])
	}
	return fmt.Sprintf("%x", sha256.Sum256([]byte(b.String())))
}

func degreeCounts(g *CSR) map[int]int {
	c := map[int]int{}
	for i := range g.N {
		c[g.Degree(i)]++
	}
	return c
}

// The digests, edge counts and degree counts below are those of
// dwave_networkx's pegasus_graph(m) (default offsets_index 0,
// fabric_only=True) and chimera_graph(m, n, t), integer labels.
func TestPegasus(t *testing.T) {
	for _, c := range []struct {
		m, nodes, edges int
		degrees         map[int]int
		digest          string
	}{
		{2, 40, 164, map[int]int{5: 16, 9: 16, 13: 8}, "9a134c8544dc7641cca616e30d26c61ba8432b17e7e5e2a0c52b11a33c4ff84f"},
		{3, 128, 704, map[int]int{6: 32, 10: 32, 14: 64}, "e163086df7b69d1e7d5eec2935cdb086cdc3b405d01faf9656af22a76dc5be99"},
		{4, 264, 1604, map[int]int{6: 32, 7: 16, 10: 32, 11: 16, 14: 112, 15: 56}, "6a2b819cce95a72c47562fe7133c10848c75074ab1e207dd800efe7351cec7fa"},
		{6, 680, 4484, map[int]int{6: 32, 7: 48, 10: 32, 11: 48, 14: 208, 15: 312}, "4703b7d17a04269306d9b8ed521d8b0e08e01a1accdbd6a63fb8c6a81236de61"},
		{14, 4264, 30404, map[int]int{6: 32, 7: 176, 10: 32, 11: 176, 14: 592, 15: 3256}, "69135215c5b3e43b4f8d26d49b23ab68060b328b4658d4a5166b58104a16783c"},
		{16, 5640, 40484, map[int]int{6: 32, 7: 208, 10: 32, 11: 208, 14: 688, 15: 4472}, "d8eac0f74904bcc8a2052f242b8b3781eb641a73c9be79639d0b45f592df84ba"},
	} {
		g, err := Pegasus(c.m)
		if err != nil {
			t.Fatal(err)
		}
		m := c.m
		if g.N != c.nodes || g.N != 24*m*(m-1)-8*(m-1) || g.Edges() != c.edges {
			t.Errorf("P%d: %d nodes, %d edges, want %d, %d", m, g.N, g.Edges(), c.nodes, c.edges)
		}
		deg := degreeCounts(g)
		if !mapsEqual(deg, c.degrees) {
			t.Errorf("P%d: degree counts %v, want %v", m, deg, c.degrees)
		}
		if m >= 4 {
			want := map[int]int{6: 32, 7: 16 * (m - 3), 10: 32, 11: 16 * (m - 3), 14: 48*m - 80}
			want[15] = g.N - 64 - 32*(m-3) - (48*m - 80)
			if !mapsEqual(deg, want) {
				t.Errorf("P%d: degree counts %v, want the formula's %v", m, deg, want)
			}
		}
		labels, err := PegasusLabels(m)
		if err != nil {
			t.Fatal(err)
		}
		if d := edgeDigest(g, labels); d != c.digest {
			t.Errorf("P%d: edge digest %s, want dwave_networkx's %s", m, d, c.digest)
		}
		checkCSR(t, fmt.Sprintf("P%d", m), g)
	}
	if _, err := Pegasus(1); err == nil {
		t.Error("Pegasus(1): no error")
	}
}

func mapsEqual(a, b map[int]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestChimera(t *testing.T) {
	for _, c := range []struct {
		m, n, t, edges int
		digest         string
	}{
		{1, 1, 4, 16, "54d98cb3e31d082fe61f41984dc50c1ac6ba112202da16f75d2e7ddfb93a8e09"},
		{2, 3, 4, 124, "fe766913e6fde9f39b3dbf66a206422c5a901e0781e95b17a8f6f608eab7e3c7"},
		{3, 2, 2, 38, "34ab445bd717f703e65cc6c9beaa143b05fa4c9f420fd91560097ac80804abd8"},
		{16, 16, 4, 6016, "2edf8b6b853d8456e99efabc473554dba9c3604cb2a4f2bafb2b1a89cf05891c"},
	} {
		g, err := Chimera(c.m, c.n, c.t)
		if err != nil {
			t.Fatal(err)
		}
		m, n, tt := c.m, c.n, c.t
		if g.N != 2*m*n*tt || g.Edges() != c.edges || c.edges != m*n*tt*tt+(m-1)*n*tt+m*(n-1)*tt {
			t.Errorf("C(%d,%d,%d): %d nodes, %d edges", m, n, tt, g.N, g.Edges())
		}
		if d := edgeDigest(g, nil); d != c.digest {
			t.Errorf("C(%d,%d,%d): edge digest %s, want dwave_networkx's %s", m, n, tt, d, c.digest)
		}
		checkCSR(t, "chimera", g)
	}
	if _, err := Chimera(0, 1, 4); err == nil {
		t.Error("Chimera(0, 1, 4): no error")
	}
}

func TestLattices(t *testing.T) {
	for _, c := range []struct {
		name     string
		g        func() (*CSR, error)
		n, edges int
		degrees  map[int]int
	}{
		{"2d open 3x4", func() (*CSR, error) { return Lattice2D(3, 4, false) }, 12, 17, map[int]int{2: 4, 3: 6, 4: 2}},
		{"2d periodic 4x6", func() (*CSR, error) { return Lattice2D(4, 6, true) }, 24, 48, map[int]int{4: 24}},
		{"2d periodic 2x5", func() (*CSR, error) { return Lattice2D(2, 5, true) }, 10, 15, map[int]int{3: 10}},
		{"2d periodic 1x1", func() (*CSR, error) { return Lattice2D(1, 1, true) }, 1, 0, map[int]int{0: 1}},
		{"3d open 2x3x4", func() (*CSR, error) { return Lattice3D(2, 3, 4, false) }, 24, 46, nil},
		{"3d periodic 4x4x4", func() (*CSR, error) { return Lattice3D(4, 4, 4, true) }, 64, 192, map[int]int{6: 64}},
		{"king 3x3", func() (*CSR, error) { return King(3, 3) }, 9, 20, map[int]int{3: 4, 5: 4, 8: 1}},
		{"king 4x5", func() (*CSR, error) { return King(4, 5) }, 20, 2*4*5 - 4 - 5 + 2*3*4, nil},
	} {
		g, err := c.g()
		if err != nil {
			t.Fatal(err)
		}
		if g.N != c.n || g.Edges() != c.edges {
			t.Errorf("%s: %d nodes, %d edges, want %d, %d", c.name, g.N, g.Edges(), c.n, c.edges)
		}
		if c.degrees != nil && !mapsEqual(degreeCounts(g), c.degrees) {
			t.Errorf("%s: degree counts %v, want %v", c.name, degreeCounts(g), c.degrees)
		}
		checkCSR(t, c.name, g)
	}
	// Node (x, y) = x*l2 + y: in 3x4 open, node 5 = (1, 1) has 1, 4, 6, 9.
	g, _ := Lattice2D(3, 4, false)
	if got := g.Col[g.RowPtr[5]:g.RowPtr[6]]; !slices.Equal(got, []int32{1, 4, 6, 9}) {
		t.Errorf("lattice 3x4 node 5: neighbours %v", got)
	}
	for _, f := range []func() (*CSR, error){
		func() (*CSR, error) { return Lattice2D(0, 3, false) },
		func() (*CSR, error) { return Lattice3D(2, -1, 2, true) },
		func() (*CSR, error) { return King(3, 0) },
	} {
		if _, err := f(); err == nil {
			t.Error("bad lattice size: no error")
		}
	}
}

func TestRandomRegular(t *testing.T) {
	for _, c := range []struct{ n, d int }{{1000, 3}, {100, 10}, {50, 49}, {10, 0}, {2, 1}} {
		g, err := RandomRegular(c.n, c.d, 7)
		if err != nil {
			t.Fatal(err)
		}
		if g.N != c.n || g.Edges() != c.n*c.d/2 {
			t.Fatalf("regular %d,%d: %d nodes, %d edges", c.n, c.d, g.N, g.Edges())
		}
		for i := range g.N {
			if g.Degree(i) != c.d {
				t.Fatalf("regular %d,%d: node %d has degree %d", c.n, c.d, i, g.Degree(i))
			}
		}
		checkCSR(t, "regular", g)
	}
	a, _ := RandomRegular(1000, 3, 7)
	b, _ := RandomRegular(1000, 3, 7)
	c, _ := RandomRegular(1000, 3, 8)
	if edgeDigest(a, nil) != edgeDigest(b, nil) {
		t.Error("RandomRegular: same seed, different graphs")
	}
	if edgeDigest(a, nil) == edgeDigest(c, nil) {
		t.Error("RandomRegular: seeds 7 and 8 give the same graph")
	}
	for _, c := range []struct{ n, d int }{{5, 3}, {4, 4}, {0, 0}, {5, -1}} {
		if _, err := RandomRegular(c.n, c.d, 1); err == nil {
			t.Errorf("RandomRegular(%d, %d): no error", c.n, c.d)
		}
	}
}

func TestWeights(t *testing.T) {
	g, _ := Lattice2D(5, 5, true)
	h := WithWeights(g, func(i, j int) float64 {
		if i >= j {
			t.Fatalf("WithWeights called with i=%d >= j=%d", i, j)
		}
		return float64(10*i + j)
	})
	checkCSR(t, "weighted", h)
	for i := range h.N {
		for e := h.RowPtr[i]; e < h.RowPtr[i+1]; e++ {
			j := int(h.Col[e])
			if h.W[e] != float64(10*min(i, j)+max(i, j)) {
				t.Fatalf("edge (%d, %d) weight %v", i, j, h.W[e])
			}
		}
	}
	for _, w := range g.W {
		if w != 1 {
			t.Fatal("WithWeights changed its input")
		}
	}

	p, _ := Pegasus(6)
	s := RandomSigns(p, 3)
	checkCSR(t, "signs", s)
	plus := 0
	for _, w := range s.W {
		if w != 1 && w != -1 {
			t.Fatalf("RandomSigns weight %v", w)
		}
		if w == 1 {
			plus++
		}
	}
	// plus/2 ~ Binomial(E, 1/2): within 5 standard deviations of E/2.
	e := float64(s.Edges())
	if d := float64(plus/2) - e/2; d*d > 25*e/4 {
		t.Errorf("RandomSigns: %d of %d edges +1", plus/2, s.Edges())
	}
	if edgeDigest(s, nil) != edgeDigest(p, nil) || !slices.Equal(RandomSigns(p, 3).W, s.W) || slices.Equal(RandomSigns(p, 4).W, s.W) {
		t.Error("RandomSigns: not a reweighting determined by the seed")
	}
}
