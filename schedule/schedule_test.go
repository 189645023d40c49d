package schedule

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func lin(from, to float64) Schedule { return Schedule{Kind: KindLinear, From: from, To: to} }
func geo(from, to float64) Schedule { return Schedule{Kind: KindGeometric, From: from, To: to} }
func pts(p ...Point) Schedule       { return Schedule{Kind: KindPoints, Points: p} }

// ulps returns the distance between a and b in units in the last place;
// both must be positive.
func ulps(a, b float64) int64 {
	d := int64(math.Float64bits(a)) - int64(math.Float64bits(b))
	if d < 0 {
		d = -d
	}
	return d
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		text string
		want Schedule
	}{
		{"0.5", Constant(0.5)},
		{" 2 ", Constant(2)},
		{"1e-7", Constant(1e-7)},
		{"constant:0.5", Constant(0.5)},
		{"linear:3:0.05", lin(3, 0.05)},
		{"linear: 3 : 0.05 ", lin(3, 0.05)},
		{"geometric:3:0.05", geo(3, 0.05)},
		{"geometric:0.01:1", geo(0.01, 1)},
		{"points:0=3,50=1,100=0.2", pts(Point{0, 3}, Point{50, 1}, Point{100, 0.2})},
		{"points: 0 = 3, 50 = 1", pts(Point{0, 3}, Point{50, 1})},
		{"points:10=1", pts(Point{10, 1})},
		{"points:-5=1,2.5=4", pts(Point{-5, 1}, Point{2.5, 4})},
	} {
		got, err := Parse(c.text)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.text, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) = %#v, want %#v", c.text, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		text string
		want string // the error contains it, after `schedule: "TEXT"`
	}{
		{"", "is empty"},
		{"   ", "is empty"},
		{"abc", "is not a number"},
		{"cosine:1:2", `unknown kind "cosine"`},
		{":1:2", `unknown kind ""`},
		{"Linear:1:2", `unknown kind "Linear"`},
		{"geometric:3", "needs two values, from and to (geometric:FROM:TO)"},
		{"linear:3", "needs two values, from and to (linear:FROM:TO)"},
		{"linear:1:2:3", "needs two values"},
		{"linear:", "needs two values"},
		{"constant:1:2", "needs one value"},
		{"constant:", "has an empty value"},
		{"linear::2", "has an empty from"},
		{"linear:1:", "has an empty to"},
		{"linear:x:2", `has from "x", which is not a number`},
		{"geometric:3:0.o5", `has to "0.o5", which is not a number`},
		{"linear:1e400:1", "has from 1e400 out of the float64 range"},
		{"NaN", "constant value must be positive and finite, got NaN"},
		{"-1", "constant value must be positive and finite, got -1"},
		{"0", "constant value must be positive and finite, got 0"},
		{"+Inf", "constant value must be positive and finite, got +Inf"},
		{"linear:-1:2", "linear from must be positive and finite, got -1"},
		{"linear:1:NaN", "linear to must be positive and finite, got NaN"},
		{"geometric:0:1", "geometric from must be positive and finite, got 0"},
		{"geometric:1:-0.5", "geometric to must be positive and finite, got -0.5"},
		{"points:", "needs at least one point"},
		{"points:0=3,50", `has points[1] "50", which is not TIME=VALUE`},
		{"points:0=3,,", `has points[1] "", which is not TIME=VALUE`},
		{"points:0=3,x=1", `has points[1] time "x", which is not a number`},
		{"points:0=3,5=y", `has points[1] value "y", which is not a number`},
		{"points:0=3,5=", "has an empty points[1] value"},
		{"points:0=3,50=1,40=2", "points[2] time 40 must be after points[1] time 50"},
		{"points:0=3,0=1", "points[1] time 0 must be after points[0] time 0"},
		{"points:0=3,NaN=1", "points[1] time must be finite, got NaN"},
		{"points:0=3,inf=1", "points[1] time must be finite, got +Inf"},
		{"points:0=3,5=-1", "points[1] value must be positive and finite, got -1"},
		{"points:0=NaN", "points[0] value must be positive and finite, got NaN"},
	} {
		s, err := Parse(c.text)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want an error", c.text, s)
			continue
		}
		prefix := fmt.Sprintf("schedule: %q", c.text)
		if msg := err.Error(); !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, c.want) {
			t.Errorf("Parse(%q) error %q, want %s ... %s", c.text, msg, prefix, c.want)
		}
	}
}

func TestStringRoundTrip(t *testing.T) {
	schedules := []Schedule{
		Constant(0.5), Constant(1e-7), Constant(1.0 / 3), Constant(math.MaxFloat64),
		Constant(math.SmallestNonzeroFloat64),
		lin(3, 0.05), lin(0.1, 0.2), geo(3, 0.05), geo(1e-300, 1e300),
		pts(Point{0, 3}, Point{50, 1}, Point{100, 0.2}),
		pts(Point{-0.1, 1.0 / 7}, Point{1e21, 2}),
	}
	r := rand.New(rand.NewPCG(1, 2))
	positive := func() float64 {
		// Random bits over the whole positive finite range.
		for {
			v := math.Float64frombits(r.Uint64() >> 1)
			if v > 0 && v <= math.MaxFloat64 {
				return v
			}
		}
	}
	for range 200 {
		schedules = append(schedules, Constant(positive()), lin(positive(), positive()), geo(positive(), positive()),
			pts(Point{-positive(), positive()}, Point{0, positive()}, Point{positive(), positive()}))
	}
	for _, s := range schedules {
		if err := s.Check("kT"); err != nil {
			t.Fatalf("%v", err)
		}
		text := s.String()
		back, err := Parse(text)
		if err != nil {
			t.Errorf("Parse(%q): %v", text, err)
			continue
		}
		if !reflect.DeepEqual(back, s) {
			t.Errorf("Parse(%q) = %#v, want %#v", text, back, s)
		}
		if again := back.String(); again != text {
			t.Errorf("String of Parse(%q) = %q", text, again)
		}
	}
	for text, want := range map[string]string{
		"0.5":                     "0.5",
		"constant:0.50":           "0.5",
		"linear:3:0.05":           "linear:3:0.05",
		"geometric: 3.0 : 5e-2":   "geometric:3:0.05",
		"points:0=3,50=1,100=0.2": "points:0=3,50=1,100=0.2",
		"points:0e0=3, 1e2=0.2":   "points:0=3,100=0.2",
	} {
		s, err := Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.String(); got != want {
			t.Errorf("Parse(%q).String() = %q, want %q", text, got, want)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{
		KindConstant: "constant", KindLinear: "linear", KindGeometric: "geometric", KindPoints: "points",
		Kind(7): "Kind(7)", Kind(-1): "Kind(-1)",
	} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

// pairs are (From, To) pairs for the linear and geometric tests.
var pairs = [][2]float64{
	{3, 0.05}, {0.05, 3}, {1, 2}, {0.1, 0.3}, {1.0 / 3, 1e-4}, {1e-3, 1e3}, {2, 2},
	{1e-300, 1e300}, {1e300, 1e-300}, {math.MaxFloat64, 1},
	// Unclamped, these would end an ulp below To.
	{0.5897631521644457, 0.5795201176220568}, {35.5028656904055, 15.188464129942643},
}

func TestAtEnds(t *testing.T) {
	for _, p := range pairs {
		for _, s := range []Schedule{lin(p[0], p[1]), geo(p[0], p[1])} {
			for _, T := range []float64{1, 100, 0.3, 1e-9, 12345.678} {
				for _, c := range []struct{ t, want float64 }{
					{0, s.From}, {T, s.To},
					{-1, s.From}, {math.Inf(-1), s.From}, {-T, s.From},
					{T * (1 + 1e-15), s.To}, {2 * T, s.To}, {math.Inf(1), s.To},
				} {
					if got := s.At(c.t, T); math.Float64bits(got) != math.Float64bits(c.want) {
						t.Errorf("%v At(%v, %v) = %v, want %v", s, c.t, T, got, c.want)
					}
				}
			}
		}
	}
	if got := Constant(0.7).At(123, 10); got != 0.7 {
		t.Errorf("Constant(0.7).At = %v", got)
	}
}

func TestAtLinear(t *testing.T) {
	// These midpoints are exact because To-From is.
	for _, p := range [][2]float64{{3, 1}, {1, 2}, {0.25, 4}, {10, 0.5}, {1.5, 1.25}, {3, 0.05}} {
		s := lin(p[0], p[1])
		if got, want := s.At(5, 10), (p[0]+p[1])/2; got != want {
			t.Errorf("%v At(T/2) = %v, want %v", s, got, want)
		}
	}
	s := lin(3, 1)
	for _, c := range []struct{ t, want float64 }{{2.5, 2.5}, {7.5, 1.5}, {1, 2.8}} {
		if got := s.At(c.t, 10); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%v At(%v, 10) = %v, want %v", s, c.t, got, c.want)
		}
	}
}

func TestAtGeometricMidpoint(t *testing.T) {
	for _, p := range [][2]float64{{3, 0.05}, {0.05, 3}, {1, 2}, {10, 0.1}, {0.5, 8}, {1, 1e-3}} {
		s := geo(p[0], p[1])
		got, want := s.At(50, 100), math.Sqrt(p[0]*p[1])
		if d := ulps(got, want); d > 2 {
			t.Errorf("%v At(T/2) = %v, want sqrt(From To) = %v (%d ulps)", s, got, want, d)
		}
	}
	// Beyond the pairs above the midpoint is within the accuracy of
	// rng.Exp and rng.Log, a few ulps each, which grows with |log(To/From)|.
	r := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		a := math.Exp(r.Float64()*20 - 10)
		b := a * math.Exp(r.Float64()*14-7)
		s := geo(a, b)
		got, want := s.At(0.5, 1), math.Sqrt(a*b)
		if d := ulps(got, want); d > 8 {
			t.Fatalf("%v At(T/2) = %v, want sqrt(From To) = %v (%d ulps)", s, got, want, d)
		}
	}
	// The quarter points of an extreme range, where the ratio overflows.
	s := geo(1e-300, 1e300)
	for _, c := range []struct{ t, want float64 }{{0.25, 1e-150}, {0.5, 1}, {0.75, 1e150}} {
		if got := s.At(c.t, 1); math.Abs(got-c.want) > 1e-12*c.want {
			t.Errorf("%v At(%v, 1) = %v, want %v", s, c.t, got, c.want)
		}
	}
}

func TestAtMonotone(t *testing.T) {
	const T = 7.3
	var times []float64
	for i := range 20001 {
		times = append(times, T*float64(i)/20000)
	}
	// The ulps next to the ends, where a rounded value could cross From
	// or To.
	for i := range 64 {
		times = append(times, math.Float64frombits(uint64(i)), math.Float64frombits(math.Float64bits(T)-uint64(i)))
	}
	slices.Sort(times)
	for _, p := range pairs {
		for _, s := range []Schedule{lin(p[0], p[1]), geo(p[0], p[1])} {
			sign := 1.0
			if s.To < s.From {
				sign = -1
			}
			prev := s.At(times[0], T)
			for _, tt := range times[1:] {
				v := s.At(tt, T)
				if sign*(v-prev) < 0 {
					t.Fatalf("%v is not monotone: At(%v) = %v after %v", s, tt, v, prev)
				}
				if lo, hi := min(s.From, s.To), max(s.From, s.To); !(v >= lo && v <= hi) {
					t.Fatalf("%v At(%v) = %v leaves [%v, %v]", s, tt, v, lo, hi)
				}
				prev = v
			}
		}
	}
}

func TestAtPoints(t *testing.T) {
	s := pts(Point{10, 3}, Point{50, 1}, Point{100, 0.2})
	const T = 200
	for _, c := range []struct{ t, want float64 }{
		{0, 3}, {5, 3}, {-1, 3}, // held before the first point
		{10, 3}, {50, 1}, {100, 0.2}, // exact at the points
		{30, 2}, {20, 2.5}, {40, 1.5}, // linear between them
		{75, 0.6}, {150, 0.2}, {T, 0.2}, {1e9, 0.2}, // held after the last
	} {
		got := s.At(c.t, T)
		if math.Abs(got-c.want) > 2e-16*c.want {
			t.Errorf("%v At(%v, %v) = %v, want %v", s, c.t, T, got, c.want)
		}
	}
	// t is clamped to [0, T]: a point beyond T is never reached.
	if got := s.At(90, 60); got != s.At(60, 60) {
		t.Errorf("At(90, 60) = %v, want At(60, 60) = %v", got, s.At(60, 60))
	}
	if got := pts(Point{5, 0.4}).At(1, 10); got != 0.4 {
		t.Errorf("a single point: At = %v, want 0.4", got)
	}
	// Between two points the value stays between theirs.
	s = pts(Point{0, 0.1}, Point{0.3, 0.7})
	for i := range 1001 {
		if v := s.At(0.3*float64(i)/1000, 1); !(v >= 0.1 && v <= 0.7) {
			t.Fatalf("At(%v) = %v leaves [0.1, 0.7]", 0.3*float64(i)/1000, v)
		}
	}
}

func TestIsConstant(t *testing.T) {
	for _, c := range []struct {
		s    Schedule
		want bool
	}{
		{Constant(1), true},
		{lin(2, 2), true},
		{geo(2, 2), true},
		{pts(Point{0, 2}, Point{1, 2}), true},
		{pts(Point{0, 2}), true},
		{lin(2, 1), false},
		{geo(2, 1), false},
		{pts(Point{0, 2}, Point{1, 3}), false},
		{pts(), false},
		{Schedule{Kind: 9}, false},
	} {
		if got := c.s.IsConstant(); got != c.want {
			t.Errorf("%v.IsConstant() = %v, want %v", c.s, got, c.want)
		}
		if c.want {
			v := c.s.At(0, 1)
			for _, tt := range []float64{0.25, 0.5, 1} {
				if got := c.s.At(tt, 1); got != v {
					t.Errorf("%v is constant but At(%v) = %v != At(0) = %v", c.s, tt, got, v)
				}
			}
		}
	}
}

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		s    Schedule
		want string // "" for no error
	}{
		{Constant(0.5), ""},
		{lin(3, 0.05), ""},
		{pts(Point{0, 1}), ""},
		{Schedule{}, "schedule: kT: constant value must be positive and finite, got 0"},
		{Constant(math.Inf(1)), "schedule: kT: constant value must be positive and finite, got +Inf"},
		{lin(math.NaN(), 1), "schedule: kT: linear from must be positive and finite, got NaN"},
		{geo(1, -2), "schedule: kT: geometric to must be positive and finite, got -2"},
		{pts(), "schedule: kT: points needs at least one point"},
		{pts(Point{0, 1}, Point{1, 2}, Point{1, 3}), "schedule: kT: points[2] time 1 must be after points[1] time 1"},
		{pts(Point{math.Inf(-1), 1}), "schedule: kT: points[0] time must be finite, got -Inf"},
		{pts(Point{0, 1}, Point{1, 0}), "schedule: kT: points[1] value must be positive and finite, got 0"},
		{Schedule{Kind: 4, From: 1}, "schedule: kT: kind Kind(4) is unknown (known: constant, linear, geometric, points)"},
	} {
		err := c.s.Check("kT")
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%v: %v", c.s, err)
		case c.want != "" && (err == nil || err.Error() != c.want):
			t.Errorf("%#v: error %v, want %s", c.s, err, c.want)
		}
	}
	if err := Constant(-1).Check(""); err == nil || err.Error() != "schedule: constant value must be positive and finite, got -1" {
		t.Errorf("Check without a name: %v", err)
	}
}

const tomlDoc = `
number = 0.5
integer = 2
text = "geometric:3:0.05"
geometric = {kind = "geometric", from = 3, to = 0.05}
linear = {kind = "linear", from = 1, to = 2.5}
constant = {kind = "constant", value = 4}
points = {kind = "points", points = [[0, 3], [50, 1.0], [100.5, 0.2]]}

[table]
kind = "points"
points = [[0, 1], [1, 2]]

[bad]
unknown = {kind = "linear", from = 3, to = 1, form = 2}
other = {kind = "linear", from = 3, to = 1, points = [[0, 1]]}
nokind = {from = 3, to = 1}
badkind = {kind = "cosine", from = 3, to = 1}
kindnum = {kind = 3}
missing = {kind = "geometric", from = 3}
nopoints = {kind = "points"}
strnum = {kind = "linear", from = "3", to = 1}
negative = -1
zero = 0
nan = nan
array = [1, 2]
badtext = "geometric:3"
pointpair = {kind = "points", points = [[0, 1, 2]]}
pointstr = {kind = "points", points = [[0, "1"]]}
pointsflat = {kind = "points", points = [0, 1]}
pointsorder = {kind = "points", points = [[5, 1], [5, 2]]}
pointsneg = {kind = "geometric", from = 1, to = -3}
`

func TestFromTOML(t *testing.T) {
	var doc map[string]any
	if _, err := toml.Decode(tomlDoc, &doc); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]Schedule{
		"number":    Constant(0.5),
		"integer":   Constant(2),
		"text":      geo(3, 0.05),
		"geometric": geo(3, 0.05),
		"linear":    lin(1, 2.5),
		"constant":  Constant(4),
		"points":    pts(Point{0, 3}, Point{50, 1}, Point{100.5, 0.2}),
		"table":     pts(Point{0, 1}, Point{1, 2}),
	} {
		got, err := FromTOML(doc[key])
		if err != nil {
			t.Errorf("%s: %v", key, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", key, got, want)
		}
	}
	bad := doc["bad"].(map[string]any)
	for key, want := range map[string]string{
		"unknown":     `schedule: unknown key "form" in a linear table (known: kind, from, to)`,
		"other":       `schedule: unknown key "points" in a linear table (known: kind, from, to)`,
		"nokind":      "schedule: a table needs a kind (constant, linear, geometric, points)",
		"badkind":     `schedule: kind "cosine" is unknown (known: constant, linear, geometric, points)`,
		"kindnum":     "schedule: kind must be a string, got int64",
		"missing":     "schedule: a geometric table needs to (keys: kind, from, to)",
		"nopoints":    "schedule: a points table needs points, an array of [time, value] pairs",
		"strnum":      "schedule: linear from must be a number, got string",
		"negative":    "schedule: constant value must be positive and finite, got -1",
		"zero":        "schedule: constant value must be positive and finite, got 0",
		"nan":         "schedule: constant value must be positive and finite, got NaN",
		"array":       "schedule: a schedule is a number, a string or a table, not []interface {}",
		"badtext":     `schedule: "geometric:3" needs two values, from and to (geometric:FROM:TO)`,
		"pointpair":   "schedule: points[0] must be a [time, value] pair, got [0 1 2]",
		"pointstr":    "schedule: points[0] must hold two numbers, got [0 1]",
		"pointsflat":  "schedule: points[0] must be a [time, value] pair, got 0",
		"pointsorder": "schedule: points[1] time 5 must be after points[0] time 5",
		"pointsneg":   "schedule: geometric to must be positive and finite, got -3",
	} {
		s, err := FromTOML(bad[key])
		if err == nil || err.Error() != want {
			t.Errorf("bad.%s = %v: error %v, want %s", key, s, err, want)
		}
	}
	// Typed values, as a caller may build them in Go.
	for _, c := range []struct {
		v    any
		want Schedule
	}{
		{3, Constant(3)},
		{float32(0.5), Constant(0.5)},
		{uint8(7), Constant(7)},
		{map[string]any{"kind": "points", "points": [][]float64{{0, 1}, {2, 3}}}, pts(Point{0, 1}, Point{2, 3})},
		{map[string]any{"kind": "points", "points": []any{[]int64{0, 1}}}, pts(Point{0, 1})},
	} {
		got, err := FromTOML(c.v)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("FromTOML(%#v) = %v, %v; want %v", c.v, got, err, c.want)
		}
	}
}

// config is a spec-like struct with schedule fields.
type config struct {
	KT Schedule `toml:"kT" json:"kT"`
	Dt Schedule `toml:"dt" json:"dt"`
}

func TestTOMLStruct(t *testing.T) {
	// A number reaches UnmarshalTOML whole, not rounded to six decimals.
	var c config
	doc := "kT = 0.123456789\ndt = {kind = \"points\", points = [[0, 1e-7], [5, 2e-7]]}\n"
	if _, err := toml.Decode(doc, &c); err != nil {
		t.Fatal(err)
	}
	want := config{KT: Constant(0.123456789), Dt: pts(Point{0, 1e-7}, Point{5, 2e-7})}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("decoded %#v, want %#v", c, want)
	}

	var buf bytes.Buffer
	want = config{KT: geo(3, 0.05), Dt: pts(Point{0, 0.01}, Point{50, 0.02})}
	if err := toml.NewEncoder(&buf).Encode(want); err != nil {
		t.Fatal(err)
	}
	const text = "kT = \"geometric:3:0.05\"\ndt = \"points:0=0.01,50=0.02\"\n"
	if buf.String() != text {
		t.Errorf("encoded %q, want %q", buf.String(), text)
	}
	var back config
	if _, err := toml.Decode(buf.String(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, want) {
		t.Errorf("decoded %#v, want %#v", back, want)
	}

	_, err := toml.Decode("kT = \"linear:3\"\n", &back)
	if err == nil || !strings.Contains(err.Error(), `schedule: "linear:3" needs two values`) {
		t.Errorf("bad schedule in a struct: %v", err)
	}
}

func TestJSON(t *testing.T) {
	want := config{KT: lin(3, 0.05), Dt: Constant(0.01)}
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"kT":"linear:3:0.05","dt":"0.01"}` {
		t.Errorf("json: %s", b)
	}
	var back config
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, want) {
		t.Errorf("decoded %#v, want %#v", back, want)
	}
	back = want
	if err := json.Unmarshal([]byte(`{"kT":"linear:-3:1"}`), &back); err == nil ||
		!strings.Contains(err.Error(), "linear from must be positive") {
		t.Errorf("bad schedule: %v", err)
	}
	if !reflect.DeepEqual(back.KT, want.KT) {
		t.Errorf("a failed UnmarshalText changed the schedule to %v", back.KT)
	}
}

// ============================================================
// The golden bits pin At on every architecture (the test runs
// under qemu-aarch64 too). Kinetic temperatures and steps of
// users' runs depend on them: a change breaks reproducibility.
// Regenerate (go test -run Golden -update, which prints the
// table) only for a deliberate, documented change.
// ============================================================

var update = flag.Bool("update", false, "print the golden table of TestGoldenBits")

var goldenSchedules = []Schedule{
	lin(3, 0.05),
	geo(3, 0.05),
	geo(1e-4, 7),
	geo(1e-300, 1e300),
	pts(Point{0, 3}, Point{50, 1}, Point{100, 0.2}),
}

var goldenTimes = []float64{0.1, 1.0 / 3, 50, 77.7, 99.9}

const goldenT = 100

// goldenBits[i][j] is math.Float64bits(goldenSchedules[i].At(goldenTimes[j], goldenT)).
var goldenBits = [][]uint64{
	{0x4007f9f559b3d07d, 0x4007ebdc8057619f, 0x3ff8666666666666, 0x3fe6a6b50b0f27b8, 0x3fab1c432ca57a40}, // linear:3:0.05
	{0x4007e6e5517e877f, 0x4007acb7a967389f, 0x3fd8c97ef43f7248, 0x3fbfe5675c042eb3, 0x3fa9b47cda15e65e}, // geometric:3:0.05
	{0x3f1a822c8582973a, 0x3f1b352555788200, 0x3f9b17ada62cc3b8, 0x3fe29ca6ba666945, 0x401bb079f63dc80d}, // geometric:0.0001:7
	{0x01c55429cfb8c479, 0x0210be08d0527e33, 0x3ff0000000000000, 0x6271338b44729784, 0x7e18015108cc2420}, // geometric:1e-300:1e+300
	{0x4007f7ced916872b, 0x4007e4b17e4b17e5, 0x3ff0000000000000, 0x3fe1d14e3bcd35a8, 0x3fc9ce075f6fd21c}, // points:0=3,50=1,100=0.2
}

func TestGoldenBits(t *testing.T) {
	got := make([][]uint64, len(goldenSchedules))
	for i, s := range goldenSchedules {
		for _, tt := range goldenTimes {
			got[i] = append(got[i], math.Float64bits(s.At(tt, goldenT)))
		}
	}
	if *update {
		var b strings.Builder
		for i, row := range got {
			b.WriteString("\t{")
			for j, x := range row {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%#016x", x)
			}
			fmt.Fprintf(&b, "}, // %v\n", goldenSchedules[i])
		}
		t.Logf("goldenBits:\n%s", b.String())
		return
	}
	if !reflect.DeepEqual(got, goldenBits) {
		for i := range got {
			for j := range got[i] {
				if i >= len(goldenBits) || j >= len(goldenBits[i]) || got[i][j] != goldenBits[i][j] {
					t.Errorf("%v At(%v, %v) = %v (%#016x), golden %v", goldenSchedules[i], goldenTimes[j], goldenT,
						math.Float64frombits(got[i][j]), got[i][j], golden(i, j))
				}
			}
		}
	}
}

func golden(i, j int) string {
	if i < len(goldenBits) && j < len(goldenBits[i]) {
		return fmt.Sprintf("%v (%#016x)", math.Float64frombits(goldenBits[i][j]), goldenBits[i][j])
	}
	return "missing"
}
