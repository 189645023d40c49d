package models

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestNames(t *testing.T) {
	t.Parallel()
	names := Names()
	if !slices.IsSorted(names) {
		t.Errorf("Names() = %v, not sorted", names)
	}
	if len(names) != len(paramKeys) {
		t.Errorf("Names() = %v, but %d models have parameters", names, len(paramKeys))
	}
	for _, name := range names {
		if name == "mlp" {
			continue // needs a weights directory: TestMLPModel
		}
		for _, dim := range []int{1, 4} {
			m, err := New(name, dim, 1)
			if err != nil {
				t.Fatalf("New(%q, %d, 1): %v", name, dim, err)
			}
			if m.Name() != name || m.Dim() != dim {
				t.Errorf("New(%q, %d, 1) has name %q and dim %d", name, dim, m.Name(), m.Dim())
			}
			if _, ok := m.(Reference); !ok {
				t.Errorf("%s does not implement Reference", name)
			}
			if _, ok := m.(Diagonal); ok != (name == "gaussian") {
				t.Errorf("%s: implements Diagonal = %t", name, ok)
			}
		}
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	_, err := New("foo", 2, 0)
	const want = `models: unknown model "foo" (known: coupled, double-well, gaussian, gmm, linear, mlp, rc)`
	if err == nil || err.Error() != want {
		t.Errorf("New(\"foo\", 2, 0): error %v, want %s", err, want)
	}
	for _, name := range Names() {
		if name == "mlp" {
			continue // needs a weights directory: TestMLPModel
		}
		for _, dim := range []int{0, -1} {
			if _, err := New(name, dim, 0); err == nil || !strings.HasPrefix(err.Error(), "models: dim") {
				t.Errorf("New(%q, %d, 0): error %v, want one naming dim", name, dim, err)
			}
		}
	}
}

func TestFromParamsTOML(t *testing.T) {
	t.Parallel()
	const config = `
[gaussian]
stiffness = [1, 2.5, 4]
mean = 0.5

[coupled]
J = [[2, 0.5, 0], [0.5, 1, 0], [0, 0, 3]]

[double-well]
barrier = 3
width = 2
tilt = -0.5

[gmm]
weights = [1, 3]
means = [[-2, 0, 0], [2, 1, 1]]
sigma = [0.5, 1]

[rc]
R = [1, 2, 0.5]
C = 2
Rc = [[0, 3, 0], [3, 0, 0], [0, 0, 0]]
T = 0.5
noisy_coupling = false
bias = [0, 0.1, 0]

[linear]
A = [[-1, 0.5, 0], [0, -2, 0], [0, 0, -1]]
B = [0.5, 0, -1]
C = [[1, 0, 0], [0.5, 1, 0], [0, 0, 2]]
`
	var tables map[string]map[string]any
	if _, err := toml.Decode(config, &tables); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]any{
		"gaussian":    {"stiffness": []float64{1, 2.5, 4}, "mean": []float64{0.5, 0.5, 0.5}},
		"coupled":     {"J": [][]float64{{2, 0.5, 0}, {0.5, 1, 0}, {0, 0, 3}}},
		"double-well": {"barrier": 3.0, "width": 2.0, "tilt": -0.5},
		"gmm": {
			"weights": []float64{1, 3},
			"means":   [][]float64{{-2, 0, 0}, {2, 1, 1}},
			"sigma":   []float64{0.5, 1},
		},
		"linear": {
			"A": [][]float64{{-1, 0.5, 0}, {0, -2, 0}, {0, 0, -1}}, "B": []float64{0.5, 0, -1},
			"C": [][]float64{{1, 0, 0}, {0.5, 1, 0}, {0, 0, 2}},
		},
		"rc": {
			"R": []float64{1, 2, 0.5}, "C": []float64{2, 2, 2},
			"Rc": [][]float64{{0, 3, 0}, {3, 0, 0}, {0, 0, 0}}, "Cc": [][]float64{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
			"T": 0.5, "noisy_coupling": false, "bias": []float64{0, 0.1, 0},
			"drift": []float64{0, 0, 0}, "extra_noise": []float64{0, 0, 0},
		},
	}
	for _, name := range Names() {
		if name == "mlp" {
			continue // needs a weights directory: TestMLPModel
		}
		m, err := FromParams(name, 3, 0, tables[name])
		if err != nil {
			t.Fatalf("FromParams(%q): %v", name, err)
		}
		if got := m.Params(); !reflect.DeepEqual(got, want[name]) {
			t.Errorf("FromParams(%q).Params() = %v, want %v", name, got, want[name])
		}
	}

	// A gmm table with only means gets equal weights and unit sigma.
	m, err := FromParams("gmm", 1, 0, map[string]any{"means": []any{[]any{int64(-1)}, []any{0.0}, []any{int64(1)}}})
	if err != nil {
		t.Fatal(err)
	}
	g := m.(*GMM)
	if !slices.Equal(g.Weights, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}) || !slices.Equal(g.Sigma, []float64{1, 1, 1}) {
		t.Errorf("gmm with only means: weights %v, sigma %v, want equal weights and sigma 1", g.Weights, g.Sigma)
	}
}

// TestParamsRoundTrip checks that the parameters a run records, in TOML or
// in JSON, rebuild the same model.
func TestParamsRoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range Names() {
		if name == "mlp" {
			continue // needs a weights directory: TestMLPModel
		}
		m := must(New(name, 3, 9))
		want := m.Params()

		var buf bytes.Buffer
		if err := toml.NewEncoder(&buf).Encode(want); err != nil {
			t.Fatal(err)
		}
		var fromTOML map[string]any
		if _, err := toml.Decode(buf.String(), &fromTOML); err != nil {
			t.Fatal(err)
		}
		js, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON map[string]any
		if err := json.Unmarshal(js, &fromJSON); err != nil {
			t.Fatal(err)
		}

		for format, params := range map[string]map[string]any{"Go": want, "TOML": fromTOML, "JSON": fromJSON} {
			got, err := FromParams(name, 3, 0, params)
			if err != nil {
				t.Fatalf("%s: FromParams from %s: %v", name, format, err)
			}
			if !reflect.DeepEqual(got.Params(), want) {
				t.Errorf("%s: FromParams from %s gives %v, want %v", name, format, got.Params(), want)
			}
		}
	}
}

func TestFromParamsErrors(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name   string
		params map[string]any
		want   string
	}{
		{"gaussian", map[string]any{"stiffnes": 1.0},
			`models: unknown parameter "stiffnes" for model "gaussian" (known: mean, stiffness)`},
		{"gmm", map[string]any{"b": 1, "a": 1}, `unknown parameter "a"`},
		{"gaussian", map[string]any{"stiffness": "stiff"}, `parameter "stiffness"`},
		{"gaussian", map[string]any{"mean": []any{1.0, "x"}}, `parameter "mean": element 1 is string`},
		{"gaussian", map[string]any{"mean": []any{1.0}}, "mean has length 1"},
		{"gaussian", map[string]any{"stiffness": int64(-1)}, "stiffness[0]"},
		{"coupled", map[string]any{"J": 2.0}, `parameter "J" is float64`},
		{"coupled", map[string]any{"J": [][]any{{1.0}}}, "J has 1 rows, want dim = 2"},
		{"coupled", map[string]any{"J": []any{[]any{1.0, 0.0}, 7.0}}, `parameter "J" row 1`},
		{"coupled", map[string]any{"J": [][]float64{{1, 3}, {3, 1}}}, "J is not positive definite"},
		{"double-well", map[string]any{"barrier": []any{1.0}}, `parameter "barrier" is []interface {}`},
		{"double-well", map[string]any{"width": -2.0}, "width"},
		{"gmm", map[string]any{"weights": 0.5}, `parameter "weights"`},
		{"gmm", map[string]any{"weights": []any{1.0, 2.0, 3.0}}, "weights has length 3"},
		{"gmm", map[string]any{"means": [][]any{{1.0}, {2.0}}}, "means[0] has length 1, want dim = 2"},
		{"gmm", map[string]any{"sigma": []float64{1, 0}}, "sigma[1]"},
		{"rc", map[string]any{"R": []any{1.0, 0.0}}, "R[1]"},
		{"rc", map[string]any{"Rc": [][]any{{0.0, 1.0}, {2.0, 0.0}}}, "Rc is not symmetric"},
	} {
		_, err := FromParams(test.name, 2, 0, test.params)
		if err == nil || !strings.HasPrefix(err.Error(), "models: ") || !strings.Contains(err.Error(), test.want) {
			t.Errorf("FromParams(%q, 2, 0, %v): error %v, want one containing %s", test.name, test.params, err, test.want)
		}
	}
}
