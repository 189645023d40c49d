package diag

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// refTol is the largest relative difference from posterior allowed; the
// issue asks for 1e-6; the values agree to 5e-15 (amd64 and arm64).
const refTol = 1e-12

// knownDifferences are the values in which diag departs from posterior
// on purpose: for 2 draws per chain, posterior's split chains of one draw
// lose their matrix shape and its ess_tail reads them transposed.
var knownDifferences = map[string]string{
	"draws2/0/ess_tail": "NaN where posterior reads split chains of one draw transposed",
}

type refRow struct {
	name string
	dim  int
	want Summary
}

func readReference(t *testing.T) map[string][]refRow {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "posterior-reference.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]refRow{}
	for _, rec := range recs[1:] {
		dim, err := strconv.Atoi(rec[1])
		if err != nil {
			t.Fatal(err)
		}
		var s Summary
		for i, f := range s.fields() {
			if rec[2+i] == "NA" {
				*f.v = math.NaN()
				continue
			}
			if *f.v, err = strconv.ParseFloat(rec[2+i], 64); err != nil {
				t.Fatal(err)
			}
		}
		out[rec[0]] = append(out[rec[0]], refRow{rec[0], dim, s})
	}
	return out
}

func summarizeFile(t testing.TB, name string, workers int) []Summary {
	a, err := readNPY(filepath.Join("testdata", name+".npy"))
	if err != nil {
		t.Fatal(err)
	}
	var got []Summary
	if a.F32 != nil {
		got, err = Summarize(context.Background(), a.F32, a.Shape[0], a.Shape[1], a.Shape[2], Options{Workers: workers})
	} else {
		got, err = Summarize(context.Background(), a.F64, a.Shape[0], a.Shape[1], a.Shape[2], Options{Workers: workers})
	}
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// relDiff is |got - want| / |want|, 0 for equal values (NaN and ±Inf
// included) and +Inf when only one is NaN or infinite.
func relDiff(got, want float64) float64 {
	if got == want || math.IsNaN(got) && math.IsNaN(want) {
		return 0
	}
	if math.IsNaN(got) || math.IsNaN(want) || math.IsInf(got, 0) || math.IsInf(want, 0) {
		return math.Inf(1)
	}
	return math.Abs(got-want) / math.Abs(want)
}

// TestPosteriorReference compares every summary with posterior's, made by
// scripts/posterior-reference.sh.
func TestPosteriorReference(t *testing.T) {
	ref := readReference(t)
	if len(ref) == 0 {
		t.Fatal("no reference values")
	}
	worst := map[string]float64{}
	for name, rows := range ref {
		got := summarizeFile(t, name, 1)
		if len(got) != len(rows) {
			t.Fatalf("%s: %d dimensions, posterior %d", name, len(got), len(rows))
		}
		for _, row := range rows {
			g := got[row.dim]
			gf, wf := g.fields(), row.want.fields()
			for i := range gf {
				key := fmt.Sprintf("%s/%d/%s", name, row.dim, gf[i].name)
				d := relDiff(*gf[i].v, *wf[i].v)
				if why, ok := knownDifferences[key]; ok {
					if !math.IsNaN(*gf[i].v) {
						t.Errorf("%s = %v, want NaN (%s)", key, *gf[i].v, why)
					}
					continue
				}
				if d > refTol {
					t.Errorf("%s = %.17g, posterior %.17g (relative difference %.3g)", key, *gf[i].v, *wf[i].v, d)
				}
				worst[gf[i].name] = max(worst[gf[i].name], d)
			}
		}
	}
	for _, f := range (&Summary{}).fields() {
		t.Logf("%-9s largest relative difference from posterior %.3g", f.name, worst[f.name])
	}
}
