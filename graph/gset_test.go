package graph

import (
	"strings"
	"testing"
)

func TestLoadGset(t *testing.T) {
	for _, c := range []struct {
		file     string
		n, edges int
	}{
		{"G14.txt.gz", 800, 4694},
		{"G22.txt.gz", 2000, 19990},
		{"G70.txt.gz", 10000, 9999},
	} {
		g, err := LoadGset("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		if g.N != c.n || g.Edges() != c.edges {
			t.Errorf("%s: %d nodes, %d edges, want %d, %d", c.file, g.N, g.Edges(), c.n, c.edges)
		}
		checkCSR(t, c.file, g)
		for _, w := range g.W {
			if w != 1 {
				t.Fatalf("%s: weight %v, want 1", c.file, w)
			}
		}
	}
}

func TestReadGset(t *testing.T) {
	g, err := ReadGset(strings.NewReader("4 3 \n1 2 1\n\n2 3 -1.5\n4 1 2\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	if g.N != 4 || g.Edges() != 3 {
		t.Fatalf("%d nodes, %d edges", g.N, g.Edges())
	}
	// Row 0: neighbours 1 (w 1) and 3 (w 2); row 2: neighbour 1 (w -1.5).
	if got := g.Col[g.RowPtr[0]:g.RowPtr[1]]; len(got) != 2 || got[0] != 1 || got[1] != 3 || g.W[g.RowPtr[0]+1] != 2 {
		t.Errorf("row 0: %v %v", got, g.W[g.RowPtr[0]:g.RowPtr[1]])
	}
	if g.Col[g.RowPtr[2]] != 1 || g.W[g.RowPtr[2]] != -1.5 {
		t.Errorf("row 2: %v %v", g.Col[g.RowPtr[2]:g.RowPtr[3]], g.W[g.RowPtr[2]:g.RowPtr[3]])
	}
	checkCSR(t, "small", g)
}

func TestReadGsetErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "empty"},
		{"4\n", "line 1: header"},
		{"4 x\n", "line 1: header"},
		{"0 0\n", "line 1: header"},
		{"3 4\n", "line 1: header declares 4 edges"},
		{"4 2\n1 2 1\n", "declares 2 edges, found 1"},
		{"4 1\n1 2 1\n2 3 1\n", "line 3: more edge lines"},
		{"4 1\n1 2\n", "line 2: \"1 2\" is not"},
		{"4 1\n1 2 1 1\n", "line 2:"},
		{"4 1\na 2 1\n", "line 2: node \"a\""},
		{"4 1\n1 2.5 1\n", "line 2: node \"2.5\""},
		{"4 1\n0 2 1\n", "line 2: edge (0, 2) outside nodes 1..4"},
		{"4 1\n1 5 1\n", "line 2: edge (1, 5) outside"},
		{"4 1\n3 3 1\n", "line 2: self-loop at node 3"},
		{"4 2\n1 2 1\n\n2 1 1\n", "line 4: edge (2, 1) already given on line 2"},
		{"4 1\n1 2 w\n", "line 2: weight \"w\""},
		{"4 1\n1 2 NaN\n", "line 2: weight \"NaN\""},
		{"4 1\n1 2 1e999\n", "line 2: weight"},
	} {
		_, err := ReadGset(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "graph: gset") {
			t.Errorf("ReadGset(%q) = %v, want an error with %q", c.in, err, c.want)
		}
	}
	if _, err := LoadGset("testdata/absent.txt"); err == nil {
		t.Error("LoadGset of an absent file: no error")
	}
}

// checkCSR checks the invariants of the CSR type: rows sorted, every
// edge stored from both ends with the same weight, no self-loops.
func checkCSR(t *testing.T, name string, g *CSR) {
	t.Helper()
	if len(g.RowPtr) != g.N+1 || g.RowPtr[0] != 0 || g.RowPtr[g.N] != len(g.Col) || len(g.W) != len(g.Col) {
		t.Fatalf("%s: malformed CSR", name)
	}
	for i := range g.N {
		for e := g.RowPtr[i]; e < g.RowPtr[i+1]; e++ {
			j := int(g.Col[e])
			if j == i || j < 0 || j >= g.N {
				t.Fatalf("%s: bad neighbour %d of %d", name, j, i)
			}
			if e > g.RowPtr[i] && g.Col[e-1] >= g.Col[e] {
				t.Fatalf("%s: row %d not strictly ascending", name, i)
			}
			if g.W[mirror(g, j, i)] != g.W[e] {
				t.Fatalf("%s: edge (%d, %d) weights differ by end", name, i, j)
			}
		}
	}
}
