package graph

import (
	"fmt"
	"strconv"
	"strings"
)

// Spec describes a graph, for configuration files. In TOML:
//
//	[graph]
//	kind = "chimera"   # pegasus, chimera, lattice2d, lattice3d, king, regular, gset
//	size = [16, 16, 4]
//
// Size holds, by kind:
//
//	pegasus    [m]                      Pegasus(m)
//	chimera    [m] or [m, n, t]         Chimera(m, m, 4) or Chimera(m, n, t)
//	lattice2d  [l1, l2]                 Lattice2D(l1, l2, Periodic)
//	lattice3d  [l1, l2, l3]             Lattice3D(l1, l2, l3, Periodic)
//	king       [l1, l2]                 King(l1, l2)
//	regular    [n, d]                   RandomRegular(n, d, Seed)
//	gset       [] (Path names the file)  LoadGset(Path)
//
// Periodic applies to lattices only, Seed to regular only, Path to gset
// only. If Signs is set, the weights are made ±1 by RandomSigns(g, *Signs).
type Spec struct {
	Kind     string  `toml:"kind"`
	Size     []int   `toml:"size"`
	Periodic bool    `toml:"periodic"`
	Seed     uint64  `toml:"seed"`
	Path     string  `toml:"path"`
	Signs    *uint64 `toml:"signs"`
}

// sizes is the number of Size entries each kind takes (chimera also 1).
var sizes = map[string]int{
	"pegasus": 1, "chimera": 3, "lattice2d": 2, "lattice3d": 3,
	"king": 2, "regular": 2, "gset": 0,
}

// FromSpec builds the graph s describes; errors name the spec.
func FromSpec(s Spec) (*CSR, error) { return build(s, s.String()) }

// build builds the graph of s, naming it name in errors.
func build(s Spec, name string) (*CSR, error) {
	g, err := fromSpec(s)
	if err != nil {
		return nil, &specError{name, err}
	}
	if s.Signs != nil {
		g = RandomSigns(g, *s.Signs)
	}
	return g, nil
}

// specError names the spec of an error from building its graph.
type specError struct {
	spec string
	err  error
}

func (e *specError) Error() string {
	return fmt.Sprintf("graph: spec %q: %s", e.spec, strings.TrimPrefix(e.err.Error(), "graph: "))
}

func (e *specError) Unwrap() error { return e.err }

func fromSpec(s Spec) (*CSR, error) {
	want, ok := sizes[s.Kind]
	if !ok {
		return nil, fmt.Errorf("unknown kind %q", s.Kind)
	}
	if len(s.Size) != want && !(s.Kind == "chimera" && len(s.Size) == 1) {
		return nil, fmt.Errorf("%s takes %d sizes, not %d", s.Kind, want, len(s.Size))
	}
	if s.Periodic && s.Kind != "lattice2d" && s.Kind != "lattice3d" {
		return nil, fmt.Errorf("periodic applies to lattices only")
	}
	if s.Seed != 0 && s.Kind != "regular" {
		return nil, fmt.Errorf("seed applies to regular only")
	}
	if (s.Path != "") != (s.Kind == "gset") {
		return nil, fmt.Errorf("path goes with kind gset, and gset needs one")
	}
	z := s.Size
	switch s.Kind {
	case "pegasus":
		return Pegasus(z[0])
	case "chimera":
		if len(z) == 1 {
			return Chimera(z[0], z[0], 4)
		}
		return Chimera(z[0], z[1], z[2])
	case "lattice2d":
		return Lattice2D(z[0], z[1], s.Periodic)
	case "lattice3d":
		return Lattice3D(z[0], z[1], z[2], s.Periodic)
	case "king":
		return King(z[0], z[1])
	case "regular":
		return RandomRegular(z[0], z[1], s.Seed)
	default:
		return LoadGset(s.Path)
	}
}

// String returns s in the form Parse reads.
func (s Spec) String() string {
	if s.Kind == "gset" {
		return "gset:" + s.Path
	}
	sep := ","
	if strings.HasPrefix(s.Kind, "lattice") || s.Kind == "king" {
		sep = "x"
	}
	var b strings.Builder
	b.WriteString(s.Kind + ":")
	for i, v := range s.Size {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(strconv.Itoa(v))
	}
	if s.Periodic {
		b.WriteString(",periodic")
	}
	if s.Kind == "regular" {
		b.WriteString("," + strconv.FormatUint(s.Seed, 10))
	}
	if s.Signs != nil {
		b.WriteString(",signs=" + strconv.FormatUint(*s.Signs, 10))
	}
	return b.String()
}

// ParseSpec reads the command-line form of a graph:
//
//	pegasus:14            Pegasus(14)
//	chimera:16            Chimera(16, 16, 4)
//	chimera:16,16,4       Chimera(16, 16, 4)
//	lattice2d:32x32       Lattice2D(32, 32, false); add ",periodic" to wrap
//	lattice3d:8x8x8       Lattice3D(8, 8, 8, false); ",periodic" as above
//	king:32x32            King(32, 32)
//	regular:1000,3,7      RandomRegular(1000, 3, 7)
//	gset:PATH             LoadGset(PATH)
//
// Any of them but gset may end in ",signs=SEED" for ±1 weights
// (RandomSigns). Anything whose part before the first colon is not one of
// these kinds is the path of a Gset file too.
func ParseSpec(spec string) (Spec, error) {
	kind, rest, ok := strings.Cut(spec, ":")
	if _, known := sizes[kind]; !ok || !known {
		return Spec{Kind: "gset", Path: spec}, nil
	}
	if kind == "gset" {
		return Spec{Kind: "gset", Path: rest}, nil
	}
	s := Spec{Kind: kind}
	fail := func(format string, a ...any) (Spec, error) {
		return Spec{}, fmt.Errorf("graph: spec %q: %s", spec, fmt.Sprintf(format, a...))
	}
	parts := strings.Split(rest, ",")
	for len(parts) > 1 {
		last := parts[len(parts)-1]
		if last == "periodic" {
			s.Periodic = true
		} else if v, found := strings.CutPrefix(last, "signs="); found {
			seed, err := strconv.ParseUint(v, 10, 64)
			if err != nil {
				return fail("signs seed %q is not an unsigned integer", v)
			}
			s.Signs = &seed
		} else {
			break
		}
		parts = parts[:len(parts)-1]
	}
	if kind == "regular" {
		if len(parts) != 3 {
			return fail("regular takes n,d,seed")
		}
		seed, err := strconv.ParseUint(parts[2], 10, 64)
		if err != nil {
			return fail("seed %q is not an unsigned integer", parts[2])
		}
		s.Seed = seed
		parts = parts[:2]
	} else if len(parts) == 1 && kind != "pegasus" && kind != "chimera" {
		parts = strings.Split(parts[0], "x")
	}
	for _, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return fail("size %q is not an integer", p)
		}
		s.Size = append(s.Size, v)
	}
	return s, nil
}

// Parse builds the graph a command-line spec describes (see ParseSpec);
// errors name the spec.
func Parse(spec string) (*CSR, error) {
	s, err := ParseSpec(spec)
	if err != nil {
		return nil, err
	}
	return build(s, spec)
}
