package graph

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// ReadGset reads a Max-Cut instance in the Gset format: a header line
// "n m", then m lines "i j w" with 1-indexed nodes i != j and a numeric
// weight w. Node k of the file is node k-1 of the graph. Blank lines are
// skipped; a malformed header, an index out of 1..n, a self-loop, an edge
// given twice (in either direction), a weight that is not a finite number,
// or a number of edge lines other than m is an error naming the line.
func ReadGset(r io.Reader) (*CSR, error) {
	return readGset(r, "gset")
}

// LoadGset reads the Gset file at path (gunzipped first if the name ends
// in ".gz"); errors name the file and line.
func LoadGset(path string) (*CSR, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("graph: %s: %w", path, err)
		}
		defer z.Close()
		r = z
	}
	return readGset(r, path)
}

func readGset(r io.Reader, name string) (*CSR, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	fail := func(format string, a ...any) error {
		return fmt.Errorf("graph: %s line %d: %s", name, line, fmt.Sprintf(format, a...))
	}
	next := func() ([]string, bool) {
		for sc.Scan() {
			line++
			if f := strings.Fields(sc.Text()); len(f) > 0 {
				return f, true
			}
		}
		return nil, false
	}

	head, ok := next()
	if !ok {
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("graph: %s: %w", name, err)
		}
		return nil, fmt.Errorf("graph: %s: empty, no \"n m\" header", name)
	}
	if len(head) != 2 {
		return nil, fail("header %q is not \"n m\"", strings.Join(head, " "))
	}
	n, err1 := strconv.Atoi(head[0])
	m, err2 := strconv.Atoi(head[1])
	if err1 != nil || err2 != nil || n < 1 || m < 0 {
		return nil, fail("header %q is not \"n m\" with n >= 1 and m >= 0", strings.Join(head, " "))
	}
	if maxM := n * (n - 1) / 2; n < 1<<20 && m > maxM {
		return nil, fail("header declares %d edges, more than the %d of a complete graph on %d nodes", m, maxM, n)
	}

	edges := make([]Edge, 0, m)
	seen := make(map[[2]int]int, m)
	for {
		f, ok := next()
		if !ok {
			break
		}
		if len(edges) == m {
			return nil, fail("more edge lines than the %d the header declares", m)
		}
		if len(f) != 3 {
			return nil, fail("%q is not \"i j w\"", strings.Join(f, " "))
		}
		i, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, fail("node %q is not an integer", f[0])
		}
		j, err := strconv.Atoi(f[1])
		if err != nil {
			return nil, fail("node %q is not an integer", f[1])
		}
		if i < 1 || i > n || j < 1 || j > n {
			return nil, fail("edge (%d, %d) outside nodes 1..%d", i, j, n)
		}
		if i == j {
			return nil, fail("self-loop at node %d", i)
		}
		w, err := strconv.ParseFloat(f[2], 64)
		if err != nil || math.IsInf(w, 0) || math.IsNaN(w) {
			return nil, fail("weight %q is not a finite number", f[2])
		}
		key := [2]int{min(i, j), max(i, j)}
		if first, dup := seen[key]; dup {
			return nil, fail("edge (%d, %d) already given on line %d", i, j, first)
		}
		seen[key] = line
		edges = append(edges, Edge{I: i - 1, J: j - 1, W: w})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("graph: %s line %d: %w", name, line+1, err)
	}
	if len(edges) != m {
		return nil, fmt.Errorf("graph: %s: header declares %d edges, found %d", name, m, len(edges))
	}
	return FromEdges(n, edges)
}
