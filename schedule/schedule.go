// Package schedule gives a run parameter, the temperature kT or the time
// step dt, as a function of simulated time: for annealing, and for steps
// that change during a run.
//
// # The clock
//
// A schedule is a function of the run's clock t in [0, T], where
// T = steps × dt with the run's total number of steps (burn-in included)
// and the spec's nominal dt. The clock is nominal: step s, counted from 0,
// starts at t = s·dt whatever step sizes a dt schedule actually takes. A kT
// schedule and a dt schedule therefore never depend on each other, and the
// time of a step depends only on its index. Linear and geometric
// schedules are written relative to T and stretch with the run; points are
// absolute times on the same clock.
//
// # Forms
//
// Parse, String and the config files use this text:
//
//	0.5                       constant (also constant:0.5)
//	linear:3:0.05             From + (To-From) t/T
//	geometric:3:0.05          From (To/From)^(t/T)
//	points:0=3,50=1,100=0.2   piecewise linear through (t, value) pairs,
//	                          held before the first and after the last
//
// A TOML file may also give a number or a table, see FromTOML.
//
// # Portability
//
// At returns the same bits on every machine: it calls rng.Exp and rng.Log,
// not package math, and keeps every product out of the compiler's reach for
// fusing with an addition into an FMA.
package schedule

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/thermoai/thermo/rng"
)

// Kind is the shape of a schedule.
type Kind int

// The kinds of schedule. They carry a Kind prefix so that the constructor
// Constant can have the plain name (as in log/slog).
const (
	KindConstant  Kind = iota // From at every t
	KindLinear                // From + (To-From) t/T
	KindGeometric             // From (To/From)^(t/T)
	KindPoints                // piecewise linear through Points
)

var kindNames = []string{"constant", "linear", "geometric", "points"}

// String returns the name of the kind as Parse reads it: "constant",
// "linear", "geometric" or "points".
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

func kindOf(name string) (Kind, bool) {
	i := slices.Index(kindNames, name)
	return Kind(i), i >= 0
}

// Schedule is a value as a function of the run's clock t in [0, T] (see the
// package comment). The zero Schedule is the constant 0, which Check
// refuses.
type Schedule struct {
	Kind Kind
	// From and To are the values at t = 0 and t = T of a linear or
	// geometric schedule; a constant uses From alone.
	From, To float64
	// Points are the (time, value) pairs of a points schedule, in absolute
	// simulated time, times strictly increasing.
	Points []Point
}

// Point is a point of a piecewise linear schedule: value V at simulated
// time T.
type Point struct{ T, V float64 }

// Constant returns the schedule whose value is v at every time.
func Constant(v float64) Schedule {
	return Schedule{Kind: KindConstant, From: v}
}

// At returns the value at time t of a run of length T > 0. Times outside
// [0, T] are clamped to it. Linear and geometric schedules return From at
// t = 0 and To at t = T exactly, are monotone in t and never leave the
// interval between From and To; a points schedule returns V_i at T_i
// exactly and stays between the values of the two points around t. An empty
// points schedule, which Check refuses, gives NaN.
func (s Schedule) At(t, T float64) float64 {
	if t > T {
		t = T
	}
	if t < 0 {
		t = 0
	}
	switch s.Kind {
	case KindLinear, KindGeometric:
		if t <= 0 {
			return s.From
		}
		if t >= T {
			return s.To
		}
		frac := t / T
		var v float64
		if s.Kind == KindLinear {
			v = float64((s.To-s.From)*frac) + s.From
		} else {
			v = geometric(s.From, s.To, frac)
		}
		return between(v, s.From, s.To)
	case KindPoints:
		return pointsAt(s.Points, t)
	}
	return s.From
}

// geometric returns from (to/from)^frac for 0 < frac < 1.
func geometric(from, to, frac float64) float64 {
	l := rng.Log(to / from)
	if math.Abs(l) <= 700 {
		return rng.Exp(float64(frac*l)) * from
	}
	// to/from overflows, underflows or is too large for Exp: interpolate
	// the logarithms, less accurately (log(from) is rounded to an ulp of
	// up to 700, about 1e-13 relative in the result).
	lf := rng.Log(from)
	return rng.Exp(float64(frac*(rng.Log(to)-lf)) + lf)
}

// between clamps v to the closed interval between a and b, which rounding
// could otherwise leave by an ulp near its ends.
func between(v, a, b float64) float64 {
	lo, hi := a, b
	if lo > hi {
		lo, hi = hi, lo
	}
	return min(max(v, lo), hi)
}

func pointsAt(p []Point, t float64) float64 {
	if len(p) == 0 {
		return math.NaN()
	}
	// i is the number of points at or before t.
	i := sort.Search(len(p), func(i int) bool { return p[i].T > t })
	switch {
	case i == 0:
		return p[0].V
	case i == len(p):
		return p[i-1].V
	}
	a, b := p[i-1], p[i]
	u := (t - a.T) / (b.T - a.T)
	return between(float64((b.V-a.V)*u)+a.V, a.V, b.V)
}

// IsConstant reports whether the value does not depend on t: a constant,
// a linear or geometric schedule with From == To, or points that all have
// the same value. The value is then At(0, T), which is From for every kind
// but points.
func (s Schedule) IsConstant() bool {
	switch s.Kind {
	case KindConstant:
		return true
	case KindLinear, KindGeometric:
		return s.From == s.To
	case KindPoints:
		for _, p := range s.Points {
			if p.V != s.Points[0].V {
				return false
			}
		}
		return len(s.Points) > 0
	}
	return false
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// String returns the canonical text of the schedule, which Parse reads back
// to an identical Schedule when the schedule passes Check: "0.5",
// "linear:3:0.05", "geometric:3:0.05" or "points:0=3,50=1,100=0.2".
func (s Schedule) String() string {
	switch s.Kind {
	case KindConstant:
		return formatFloat(s.From)
	case KindLinear, KindGeometric:
		return s.Kind.String() + ":" + formatFloat(s.From) + ":" + formatFloat(s.To)
	case KindPoints:
		var b strings.Builder
		b.WriteString("points:")
		for i, p := range s.Points {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(formatFloat(p.T))
			b.WriteByte('=')
			b.WriteString(formatFloat(p.V))
		}
		return b.String()
	}
	return s.Kind.String()
}

// MarshalText returns String, so that JSON and TOML encode a schedule as
// its text.
func (s Schedule) MarshalText() ([]byte, error) {
	return []byte(s.String()), nil
}

// UnmarshalText sets s to Parse(text). On error s is unchanged.
func (s *Schedule) UnmarshalText(text []byte) error {
	v, err := Parse(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// UnmarshalTOML sets s to FromTOML(v), so that a TOML field of type
// Schedule takes a number, a string or a table; without it the TOML decoder
// would pass a number to UnmarshalText formatted with six decimals. On error
// s is unchanged.
func (s *Schedule) UnmarshalTOML(v any) error {
	got, err := FromTOML(v)
	if err != nil {
		return err
	}
	*s = got
	return nil
}

const knownForms = "a number, linear:FROM:TO, geometric:FROM:TO or points:T=V,T=V,..."

// Parse reads a schedule from its text (see the package comment): a
// number, "constant:V", "linear:FROM:TO", "geometric:FROM:TO" or
// "points:T0=V0,T1=V1,...". Spaces around the numbers are allowed. The
// schedule must pass Check.
func Parse(text string) (Schedule, error) {
	s, err := parse(text)
	if err != nil {
		return Schedule{}, fmt.Errorf("schedule: %q %w", text, err)
	}
	if msg := s.problem(); msg != "" {
		return Schedule{}, fmt.Errorf("schedule: %q: %s", text, msg)
	}
	return s, nil
}

// parse does the work of Parse; its errors follow the quoted text.
func parse(text string) (Schedule, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Schedule{}, errors.New("is empty; want " + knownForms)
	}
	name, rest, found := strings.Cut(text, ":")
	if !found {
		v, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return Schedule{}, errors.New("is not a number nor one of " + knownForms)
		}
		return Constant(v), nil
	}
	kind, ok := kindOf(strings.TrimSpace(name))
	if !ok {
		return Schedule{}, fmt.Errorf("has unknown kind %q (known: %s)", strings.TrimSpace(name), strings.Join(kindNames, ", "))
	}
	switch kind {
	case KindConstant:
		f := strings.Split(rest, ":")
		if len(f) != 1 {
			return Schedule{}, errors.New("needs one value (constant:VALUE)")
		}
		v, err := number("value", f[0])
		return Constant(v), err
	case KindLinear, KindGeometric:
		f := strings.Split(rest, ":")
		if len(f) != 2 {
			return Schedule{}, fmt.Errorf("needs two values, from and to (%s:FROM:TO)", kind)
		}
		from, err := number("from", f[0])
		if err != nil {
			return Schedule{}, err
		}
		to, err := number("to", f[1])
		return Schedule{Kind: kind, From: from, To: to}, err
	}
	if strings.TrimSpace(rest) == "" {
		return Schedule{}, errors.New("needs at least one point (points:T=V,T=V,...)")
	}
	f := strings.Split(rest, ",")
	s := Schedule{Kind: KindPoints, Points: make([]Point, len(f))}
	for i, pair := range f {
		ts, vs, ok := strings.Cut(pair, "=")
		if !ok {
			return Schedule{}, fmt.Errorf("has points[%d] %q, which is not TIME=VALUE", i, strings.TrimSpace(pair))
		}
		var err error
		if s.Points[i].T, err = number(fmt.Sprintf("points[%d] time", i), ts); err != nil {
			return Schedule{}, err
		}
		if s.Points[i].V, err = number(fmt.Sprintf("points[%d] value", i), vs); err != nil {
			return Schedule{}, err
		}
	}
	return s, nil
}

// number parses field, the text of the named field.
func number(name, field string) (float64, error) {
	field = strings.TrimSpace(field)
	v, err := strconv.ParseFloat(field, 64)
	switch {
	case field == "":
		return 0, fmt.Errorf("has an empty %s", name)
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Errorf("has %s %s out of the float64 range", name, field)
	case err != nil:
		return 0, fmt.Errorf("has %s %q, which is not a number", name, field)
	}
	return v, nil
}

// Check reports whether the schedule can serve: every value positive and
// finite, times finite and strictly increasing, at least one point. The
// error names the field, e.g. "schedule: kT: from must be positive and
// finite, got -1".
func (s Schedule) Check(name string) error {
	msg := s.problem()
	switch {
	case msg == "":
		return nil
	case name == "":
		return errors.New("schedule: " + msg)
	}
	return fmt.Errorf("schedule: %s: %s", name, msg)
}

// problem is the one validator behind Check, Parse and FromTOML: it
// describes what is wrong with s, or returns "".
func (s Schedule) problem() string {
	value := func(name string, v float64) string {
		if v > 0 && v <= math.MaxFloat64 {
			return ""
		}
		return fmt.Sprintf("%s must be positive and finite, got %v", name, v)
	}
	switch s.Kind {
	case KindConstant:
		return value("constant value", s.From)
	case KindLinear, KindGeometric:
		if msg := value(s.Kind.String()+" from", s.From); msg != "" {
			return msg
		}
		return value(s.Kind.String()+" to", s.To)
	case KindPoints:
		if len(s.Points) == 0 {
			return "points needs at least one point"
		}
		for i, p := range s.Points {
			if math.IsNaN(p.T) || math.IsInf(p.T, 0) {
				return fmt.Sprintf("points[%d] time must be finite, got %v", i, p.T)
			}
			if i > 0 && !(p.T > s.Points[i-1].T) {
				return fmt.Sprintf("points[%d] time %v must be after points[%d] time %v",
					i, p.T, i-1, s.Points[i-1].T)
			}
			if msg := value(fmt.Sprintf("points[%d] value", i), p.V); msg != "" {
				return msg
			}
		}
		return ""
	}
	return fmt.Sprintf("kind %v is unknown (known: %s)", s.Kind, strings.Join(kindNames, ", "))
}

// tableKeys lists the keys of a TOML table of each kind.
var tableKeys = [][]string{
	KindConstant:  {"kind", "value"},
	KindLinear:    {"kind", "from", "to"},
	KindGeometric: {"kind", "from", "to"},
	KindPoints:    {"kind", "points"},
}

// FromTOML reads a schedule from a TOML value as github.com/BurntSushi/toml
// decodes it into map[string]any:
//
//	kT = 0.5                                    # a number: constant
//	kT = "geometric:3:0.05"                     # a string: see Parse
//	kT = {kind = "geometric", from = 3, to = 0.05}
//	kT = {kind = "linear", from = 3, to = 0.05}
//	kT = {kind = "constant", value = 0.5}
//	kT = {kind = "points", points = [[0, 3], [50, 1], [100, 0.2]]}
//
// Numbers may be any Go integer or float type (TOML gives int64 and
// float64); a key that does not belong to the kind is an error that names
// it. The schedule must pass Check.
func FromTOML(v any) (Schedule, error) {
	switch v := v.(type) {
	case string:
		return Parse(v)
	case map[string]any:
		return fromTable(v)
	}
	x, ok := toFloat(v)
	if !ok {
		return Schedule{}, fmt.Errorf("schedule: a schedule is a number, a string or a table, not %T", v)
	}
	s := Constant(x)
	if msg := s.problem(); msg != "" {
		return Schedule{}, errors.New("schedule: " + msg)
	}
	return s, nil
}

func fromTable(m map[string]any) (Schedule, error) {
	kindValue, ok := m["kind"]
	if !ok {
		return Schedule{}, fmt.Errorf("schedule: a table needs a kind (%s)", strings.Join(kindNames, ", "))
	}
	name, ok := kindValue.(string)
	if !ok {
		return Schedule{}, fmt.Errorf("schedule: kind must be a string, got %T", kindValue)
	}
	kind, ok := kindOf(name)
	if !ok {
		return Schedule{}, fmt.Errorf("schedule: kind %q is unknown (known: %s)", name, strings.Join(kindNames, ", "))
	}
	keys := tableKeys[kind]
	unknown := make([]string, 0, len(m))
	for k := range m {
		if !slices.Contains(keys, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		// Map order is random; report the same key every time.
		slices.Sort(unknown)
		return Schedule{}, fmt.Errorf("schedule: unknown key %q in a %s table (known: %s)",
			unknown[0], kind, strings.Join(keys, ", "))
	}
	num := func(key string) (float64, error) {
		x, ok := m[key]
		if !ok {
			return 0, fmt.Errorf("schedule: a %s table needs %s (keys: %s)", kind, key, strings.Join(keys, ", "))
		}
		f, ok := toFloat(x)
		if !ok {
			return 0, fmt.Errorf("schedule: %s %s must be a number, got %T", kind, key, x)
		}
		return f, nil
	}

	s := Schedule{Kind: kind}
	var err error
	switch kind {
	case KindConstant:
		s.From, err = num("value")
	case KindLinear, KindGeometric:
		if s.From, err = num("from"); err == nil {
			s.To, err = num("to")
		}
	case KindPoints:
		s.Points, err = tablePoints(m["points"])
	}
	if err != nil {
		return Schedule{}, err
	}
	if msg := s.problem(); msg != "" {
		return Schedule{}, errors.New("schedule: " + msg)
	}
	return s, nil
}

// tablePoints reads an array of [time, value] pairs.
func tablePoints(v any) ([]Point, error) {
	if v == nil {
		return nil, errors.New("schedule: a points table needs points, an array of [time, value] pairs")
	}
	list, ok := asList(v)
	if !ok {
		return nil, fmt.Errorf("schedule: points must be an array of [time, value] pairs, got %T", v)
	}
	p := make([]Point, len(list))
	for i, pair := range list {
		xs, ok := asList(pair)
		if !ok || len(xs) != 2 {
			return nil, fmt.Errorf("schedule: points[%d] must be a [time, value] pair, got %v", i, pair)
		}
		t, okT := toFloat(xs[0])
		val, okV := toFloat(xs[1])
		if !okT || !okV {
			return nil, fmt.Errorf("schedule: points[%d] must hold two numbers, got %v", i, pair)
		}
		p[i] = Point{t, val}
	}
	return p, nil
}

// asList returns the elements of an array as decoded from TOML or JSON, or
// of a typed slice of numbers.
func asList(v any) ([]any, bool) {
	switch v := v.(type) {
	case []any:
		return v, true
	case []float64:
		return toAny(v), true
	case []int64:
		return toAny(v), true
	case [][]float64:
		return toAny(v), true
	case [][]any:
		return toAny(v), true
	}
	return nil, false
}

func toAny[E any](s []E) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// toFloat converts a Go number to float64.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}
