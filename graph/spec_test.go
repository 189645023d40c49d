package graph

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		spec     string
		n, edges int
		signs    bool
	}{
		{"pegasus:14", 4264, 30404, false},
		{"pegasus:16", 5640, 40484, false},
		{"chimera:16", 2048, 6016, false},
		{"chimera:16,16,4", 2048, 6016, false},
		{"chimera:2,3,4", 48, 124, false},
		{"lattice2d:32x32", 1024, 2 * 32 * 31, false},
		{"lattice2d:32x32,periodic", 1024, 2048, false},
		{"lattice3d:8x8x8", 512, 3 * 64 * 7, false},
		{"lattice3d:8x8x8,periodic", 512, 3 * 512, false},
		{"king:32x32", 1024, 2*32*31 + 2*31*31, false},
		{"regular:1000,3,7", 1000, 1500, false},
		{"regular:1000,3,7,signs=2", 1000, 1500, true},
		{"pegasus:6,signs=1", 680, 4484, true},
		{"testdata/G14.txt.gz", 800, 4694, false},
		{"gset:testdata/G22.txt.gz", 2000, 19990, false},
	} {
		g, err := Parse(c.spec)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.spec, err)
			continue
		}
		if g.N != c.n || g.Edges() != c.edges {
			t.Errorf("Parse(%q): %d nodes, %d edges, want %d, %d", c.spec, g.N, g.Edges(), c.n, c.edges)
		}
		neg := false
		for _, w := range g.W {
			neg = neg || w == -1
		}
		if neg != c.signs {
			t.Errorf("Parse(%q): negative weights %v, want %v", c.spec, neg, c.signs)
		}
		s, err := ParseSpec(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		want := c.spec
		if s.Kind == "gset" && !strings.HasPrefix(want, "gset:") {
			want = "gset:" + want
		}
		if s.Kind != "chimera" || len(s.Size) == 3 {
			if got := s.String(); got != want {
				t.Errorf("ParseSpec(%q).String() = %q", c.spec, got)
			}
		}
	}
	a, _ := Parse("regular:1000,3,7")
	b, _ := RandomRegular(1000, 3, 7)
	if edgeDigest(a, nil) != edgeDigest(b, nil) {
		t.Error("Parse(regular:1000,3,7) differs from RandomRegular(1000, 3, 7)")
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ spec, want string }{
		{"pegasus:1", "needs m >= 2"},
		{"pegasus:x", "size \"x\""},
		{"pegasus:", "size \"\""},
		{"pegasus:4,4", "pegasus takes 1 sizes, not 2"},
		{"chimera:16,16", "chimera takes 3 sizes, not 2"},
		{"chimera:0", "chimera 0,0,4"},
		{"lattice2d:32", "lattice2d takes 2 sizes, not 1"},
		{"lattice2d:32x", "size \"\""},
		{"lattice3d:8x8", "lattice3d takes 3 sizes, not 2"},
		{"king:32x32,periodic", "periodic applies to lattices only"},
		{"regular:1000,3", "regular takes n,d,seed"},
		{"regular:1000,3,-1", "seed \"-1\""},
		{"regular:9,3,1", "no simple 3-regular graph on 9 nodes"},
		{"pegasus:4,signs=x", "signs seed \"x\""},
		{"no/such/file.txt", "no such file"},
		{"gset:G14.txt", "no such file"},
		{"gset:", "path goes with kind gset"},
	} {
		_, err := Parse(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.spec) {
			t.Errorf("Parse(%q) = %v, want an error naming the spec with %q", c.spec, err, c.want)
		}
	}
	if _, err := Parse("no/such/file.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Parse of an absent file: %v does not wrap fs.ErrNotExist", err)
	}
}

func TestFromSpecTOML(t *testing.T) {
	var cfg struct{ Graph Spec }
	_, err := toml.Decode(`
[graph]
kind = "chimera"
size = [2, 3, 4]
signs = 5
`, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	g, err := FromSpec(cfg.Graph)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := Chimera(2, 3, 4)
	if edgeDigest(g, nil) != edgeDigest(c, nil) || g.W[0] != RandomSigns(c, 5).W[0] {
		t.Errorf("FromSpec(%v) is not RandomSigns(Chimera(2, 3, 4), 5)", cfg.Graph)
	}
	for _, c := range []struct {
		s    Spec
		want string
	}{
		{Spec{Kind: "torus", Size: []int{3}}, `unknown kind "torus"`},
		{Spec{Kind: "pegasus", Size: []int{4}, Seed: 3}, "seed applies to regular only"},
		{Spec{Kind: "lattice2d", Size: []int{4, 4}, Path: "x"}, "path goes with kind gset"},
		{Spec{Kind: "gset"}, "path goes with kind gset"},
		{Spec{Kind: "lattice3d", Size: []int{4, 4, 0}}, `spec "lattice3d:4x4x0": lattice 4x4x0`},
	} {
		if _, err := FromSpec(c.s); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("FromSpec(%+v) = %v, want an error with %q", c.s, err, c.want)
		}
	}
	g, err = FromSpec(Spec{Kind: "gset", Path: "testdata/G70.txt.gz"})
	if err != nil || g.N != 10000 {
		t.Errorf("FromSpec of G70: %v", err)
	}
}
