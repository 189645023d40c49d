package graph

import (
	"fmt"
	"slices"
	"testing"
)

// colourCases are graphs of every generator; bipartite ones have a
// chromatic number of 2.
func colourCases(t *testing.T) []struct {
	name      string
	g         *CSR
	bipartite bool
} {
	t.Helper()
	must := func(g *CSR, err error) *CSR {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	p6 := must(Pegasus(6))
	return []struct {
		name      string
		g         *CSR
		bipartite bool
	}{
		{"lattice2d 32x32 periodic", must(Lattice2D(32, 32, true)), true},
		{"lattice2d 7x9 open", must(Lattice2D(7, 9, false)), true},
		{"lattice2d 5x5 periodic", must(Lattice2D(5, 5, true)), false},
		{"lattice3d 8x8x8 periodic", must(Lattice3D(8, 8, 8, true)), true},
		{"lattice3d 3x5x7 open", must(Lattice3D(3, 5, 7, false)), true},
		{"king 32x32", must(King(32, 32)), false},
		{"chimera 16,16,4", must(Chimera(16, 16, 4)), true},
		{"chimera 3,5,2", must(Chimera(3, 5, 2)), true},
		{"regular 1000,3", must(RandomRegular(1000, 3, 1)), false},
		{"regular 200,10", must(RandomRegular(200, 10, 1)), false},
		{"pegasus 6", p6, false},
		{"pegasus 6 signs", RandomSigns(p6, 1), false},
		{"pegasus 16", must(Pegasus(16)), false},
		{"G14", must(LoadGset("testdata/G14.txt.gz")), false},
		{"G22", must(LoadGset("testdata/G22.txt.gz")), false},
		{"empty", must(FromEdges(3, nil)), false},
	}
}

func TestColourings(t *testing.T) {
	for _, c := range colourCases(t) {
		for _, alg := range []struct {
			name string
			f    func(*CSR) ([]int, int)
		}{{"Greedy", Greedy}, {"DSATUR", DSATUR}} {
			colours, k := alg.f(c.g)
			if err := CheckColouring(c.g, colours); err != nil {
				t.Errorf("%s %s: %v", alg.name, c.name, err)
			}
			classes := Classes(colours)
			if len(classes) != k || slices.Max(append(colours, -1))+1 != k {
				t.Errorf("%s %s: %d colours reported, %d used", alg.name, c.name, k, len(classes))
			}
			total := 0
			for col, cl := range classes {
				if len(cl) == 0 || !slices.IsSorted(cl) {
					t.Errorf("%s %s: class %d empty or unsorted", alg.name, c.name, col)
				}
				for _, v := range cl {
					if colours[v] != col {
						t.Errorf("%s %s: node %d in class %d has colour %d", alg.name, c.name, v, col, colours[v])
					}
				}
				total += len(cl)
			}
			if total != c.g.N {
				t.Errorf("%s %s: classes hold %d of %d nodes", alg.name, c.name, total, c.g.N)
			}
			if alg.name == "DSATUR" && c.bipartite && k != 2 {
				t.Errorf("DSATUR %s: %d colours on a bipartite graph", c.name, k)
			}
			t.Logf("%-6s %-26s %d colours", alg.name, c.name, k)
		}
	}
}

// TestPegasusColours pins the number of colours DSATUR finds on
// Pegasus, 4, which is optimal: P(m) contains K_4 (two odd-coupled
// vertical qubits crossing two odd-coupled horizontal ones).
func TestPegasusColours(t *testing.T) {
	for _, m := range []int{2, 4, 6, 14, 16} {
		g, _ := Pegasus(m)
		if !hasK4(g) {
			t.Errorf("P%d: no K_4", m)
		}
		if _, k := DSATUR(g); k != 4 {
			t.Errorf("DSATUR on P%d: %d colours, want 4", m, k)
		}
	}
}

// hasK4 reports whether g contains a complete graph on 4 nodes.
func hasK4(g *CSR) bool {
	adj := func(a, b int) bool {
		_, ok := slices.BinarySearch(g.Col[g.RowPtr[a]:g.RowPtr[a+1]], int32(b))
		return ok
	}
	for a := range g.N {
		row := g.Col[g.RowPtr[a]:g.RowPtr[a+1]]
		for x, b := range row {
			for y, c := range row[x+1:] {
				if !adj(int(b), int(c)) {
					continue
				}
				for _, d := range row[x+1+y+1:] {
					if adj(int(b), int(d)) && adj(int(c), int(d)) {
						return true
					}
				}
			}
		}
	}
	return false
}

func TestCheckColouring(t *testing.T) {
	g, _ := Lattice2D(2, 2, false) // the square 0-1-3-2-0
	for _, c := range []struct {
		colours []int
		want    string
	}{
		{[]int{0, 1, 1, 0}, ""},
		{[]int{0, 1, 1}, "3 colours for 4 nodes"},
		{[]int{0, 1, -1, 0}, "node 2 has colour -1"},
		{[]int{0, 0, 1, 1}, "edge (0, 1) has colour 0 at both ends"},
	} {
		err := CheckColouring(g, c.colours)
		if got := fmt.Sprint(err); (c.want == "" && err != nil) || (c.want != "" && got != "graph: "+c.want) {
			t.Errorf("CheckColouring(%v) = %v, want %q", c.colours, err, c.want)
		}
	}
	if got := Classes([]int{2, 0, 2, 1, 0}); fmt.Sprint(got) != "[[1 4] [3] [0 2]]" {
		t.Errorf("Classes = %v", got)
	}
}
