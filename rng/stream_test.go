package rng

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The expected outputs in TestXoshiroKnownAnswer and TestSplitMix64
// come from the reference C implementations of xoshiro128++ 1.0 and
// SplitMix64 by Blackman and Vigna, compiled and run for these
// states.

func TestXoshiroKnownAnswer(t *testing.T) {
	for _, test := range []struct {
		state Stream
		want  []uint32
	}{
		{
			state: Stream{1, 2, 3, 4},
			want: []uint32{
				641, 1573767, 3222811527, 3517856514,
				836907274, 4247214768, 3867114732, 1355841295,
				495546011, 621204420, 3221853640, 3734666907,
			},
		},
		{
			state: Stream{0x9e3779b9, 0x7f4a7c15, 0xdeadbeef, 0x01234567},
			want: []uint32{
				0x4b970a08, 0xf5489fe0, 0x5bbb7e32, 0x1126d25d,
				0xe1c94bd8, 0x18ade47d, 0x3986c2b7, 0xcfb17a4c,
				0x4e5995b9, 0xe3d03767, 0x6d996b2d, 0x185b2c4e,
			},
		},
	} {
		s := test.state
		for i, want := range test.want {
			if got := s.Uint32(); got != want {
				t.Errorf("state %x: output %d = %d, want %d", test.state, i, got, want)
			}
		}
	}
}

func TestSplitMix64(t *testing.T) {
	want := []uint64{
		6457827717110365317, 3203168211198807973, 9817491932198370423,
		4593380528125082431, 16408922859458223821,
	}
	x := uint64(1234567)
	for i, w := range want {
		x += golden64
		if got := mix64(x); got != w {
			t.Errorf("output %d = %d, want %d", i, got, w)
		}
	}
}

func TestSeedDerivation(t *testing.T) {
	// The derivation documented in the package comment, spelled out.
	const seed, chain = 42, 7
	x := mix64(seed) ^ mix64(chain+0x9e3779b97f4a7c15)
	var w [3]uint64
	for j := range w {
		x += 0x9e3779b97f4a7c15
		w[j] = mix64(x)
	}
	want := Chain{
		P:   Stream{uint32(w[0]), uint32(w[0] >> 32), uint32(w[1]), uint32(w[1] >> 32)},
		Key: w[2],
	}
	if got := NewChain(seed, chain); got != want {
		t.Errorf("NewChain(%d, %d) = %x, want %x", seed, chain, got, want)
	}
}

func TestStreamUint64AndRead(t *testing.T) {
	a := NewStream(3, 5)
	b := a
	for range 10 {
		lo, hi := a.Uint32(), a.Uint32()
		if got, want := b.Uint64(), uint64(lo)|uint64(hi)<<32; got != want {
			t.Fatalf("Uint64 = %#x, want %#x", got, want)
		}
	}

	a = NewStream(3, 5)
	b = a
	var want []byte
	for range 9 {
		want = binary.LittleEndian.AppendUint32(want, a.Uint32())
	}
	got := make([]byte, 35)
	if n, err := b.Read(got); n != len(got) || err != nil {
		t.Fatalf("Read = %d, %v; want %d, nil", n, err, len(got))
	}
	if !bytes.Equal(got, want[:35]) {
		t.Errorf("Read gave % x, want % x", got, want[:35])
	}
	if b != a {
		t.Error("Read of 35 bytes did not consume exactly 9 outputs")
	}
}

func TestStreamIsSource(t *testing.T) {
	s := NewStream(1, 2)
	r := rand.New(&s)
	if v := r.Float64(); v < 0 || v >= 1 {
		t.Errorf("Float64 = %v out of [0, 1)", v)
	}
}

func TestBatchingInvariance(t *testing.T) {
	const seed, dims = 99, 257
	big := NewStreams(seed, 0, 10)
	small := NewStreams(seed, 3, 4)
	for c := range 4 {
		if big.Chain(3+c) != small.Chain(c) {
			t.Fatalf("chain %d: state differs between batches", 3+c)
		}
		if NewStream(seed, uint64(3+c)) != small.Chain(c).P {
			t.Fatalf("chain %d: NewStream differs from the primary stream in Streams", 3+c)
		}
	}

	fills := []struct {
		name string
		fill func(s *Streams, n int) []float64
	}{
		{"Normal32", func(s *Streams, n int) []float64 {
			d := make([]float32, dims*n)
			FillNormal32(d, s)
			return widen(d)
		}},
		{"Normal64", func(s *Streams, n int) []float64 {
			d := make([]float64, dims*n)
			FillNormal64(d, s)
			return d
		}},
		{"Uniform32", func(s *Streams, n int) []float64 {
			d := make([]float32, dims*n)
			FillUniform32(d, s)
			return widen(d)
		}},
		{"Uniform64", func(s *Streams, n int) []float64 {
			d := make([]float64, dims*n)
			FillUniform64(d, s)
			return d
		}},
		{"Exp32", func(s *Streams, n int) []float64 {
			d := make([]float32, dims*n)
			FillExp32(d, s)
			return widen(d)
		}},
		{"Exp64", func(s *Streams, n int) []float64 {
			d := make([]float64, dims*n)
			FillExp64(d, s)
			return d
		}},
	}
	// Running every fill twice in sequence also checks that the
	// states are left where the next fill must continue.
	for round := range 2 {
		for _, f := range fills {
			a := f.fill(big, 10)
			b := f.fill(small, 4)
			for c := range 4 {
				for k := range dims {
					x, y := a[k*10+3+c], b[k*4+c]
					if math.Float64bits(x) != math.Float64bits(y) {
						t.Fatalf("round %d %s: chain %d draw %d: %v in batch of 10, %v in batch of 4",
							round, f.name, 3+c, k, x, y)
					}
				}
			}
		}
	}
	for c := range 4 {
		if big.Chain(3+c) != small.Chain(c) {
			t.Errorf("chain %d: final state differs between batches", 3+c)
		}
	}
}

func widen(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

// TestChainMatchesFill checks that the scalar Chain methods and
// NewStream reproduce the fills, slow paths included.
func TestChainMatchesFill(t *testing.T) {
	const seed, first, n, dims = 5, 1000, 3, 2000
	check := func(name string, got []float64, draw func(ch *Chain) float64) {
		t.Helper()
		for c := range n {
			ch := NewChain(seed, first+uint64(c))
			for k := range dims {
				want := draw(&ch)
				if g := got[k*n+c]; math.Float64bits(g) != math.Float64bits(want) {
					t.Fatalf("%s: chain %d draw %d = %v, Chain gives %v", name, c, k, g, want)
				}
			}
		}
	}
	d32 := make([]float32, dims*n)
	d64 := make([]float64, dims*n)

	FillNormal32(d32, NewStreams(seed, first, n))
	check("Normal32", widen(d32), func(ch *Chain) float64 { return float64(ch.Normal32()) })
	FillNormal64(d64, NewStreams(seed, first, n))
	check("Normal64", d64, func(ch *Chain) float64 { return ch.Normal64() })
	FillUniform32(d32, NewStreams(seed, first, n))
	check("Uniform32", widen(d32), func(ch *Chain) float64 { return float64(ch.Uniform32()) })
	FillUniform64(d64, NewStreams(seed, first, n))
	check("Uniform64", d64, func(ch *Chain) float64 { return ch.Uniform64() })
	FillExp32(d32, NewStreams(seed, first, n))
	check("Exp32", widen(d32), func(ch *Chain) float64 { return float64(ch.Exp32()) })
	FillExp64(d64, NewStreams(seed, first, n))
	check("Exp64", d64, func(ch *Chain) float64 { return ch.Exp64() })

	FillUniform64(d64, NewStreams(seed, first, n))
	for c := range n {
		p := NewStream(seed, first+uint64(c))
		for k := range dims {
			if got, want := d64[k*n+c], p.Float64(); got != want {
				t.Fatalf("chain %d draw %d: FillUniform64 = %v, Stream.Float64 = %v", c, k, got, want)
			}
		}
	}
}

func TestGenericFill(t *testing.T) {
	type named float64
	const seed, n, dims = 8, 5, 40
	want32 := make([]float32, n*dims)
	want64 := make([]float64, n*dims)
	got32 := make([]float32, n*dims)
	got64 := make([]float64, n*dims)
	gotNamed := make([]named, n*dims)
	for _, f := range []struct {
		name   string
		f32    func([]float32, *Streams)
		f64    func([]float64, *Streams)
		g32    func([]float32, *Streams)
		g64    func([]float64, *Streams)
		gNamed func([]named, *Streams)
	}{
		{"Normal", FillNormal32, FillNormal64, FillNormal[float32], FillNormal[float64], FillNormal[named]},
		{"Uniform", FillUniform32, FillUniform64, FillUniform[float32], FillUniform[float64], FillUniform[named]},
		{"Exp", FillExp32, FillExp64, FillExp[float32], FillExp[float64], FillExp[named]},
	} {
		f.f32(want32, NewStreams(seed, 0, n))
		f.f64(want64, NewStreams(seed, 0, n))
		f.g32(got32, NewStreams(seed, 0, n))
		f.g64(got64, NewStreams(seed, 0, n))
		f.gNamed(gotNamed, NewStreams(seed, 0, n))
		if !slices.Equal(got32, want32) {
			t.Errorf("Fill%s[float32] differs from Fill%s32", f.name, f.name)
		}
		if !slices.Equal(got64, want64) {
			t.Errorf("Fill%s[float64] differs from Fill%s64", f.name, f.name)
		}
		for i, v := range gotNamed {
			if float64(v) != want64[i] {
				t.Errorf("Fill%s[named] differs from Fill%s64", f.name, f.name)
				break
			}
		}
	}
}

func TestFillPanics(t *testing.T) {
	for _, test := range []struct {
		name string
		f    func()
	}{
		{"ragged", func() { FillNormal64(make([]float64, 7), NewStreams(1, 0, 3)) }},
		{"empty streams", func() { FillUniform32(make([]float32, 1), NewStreams(1, 0, 0)) }},
		{"negative n", func() { NewStreams(1, 0, -1) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", test.name)
				}
			}()
			test.f()
		}()
	}
	// Empty fills are allowed.
	FillNormal32(nil, NewStreams(1, 0, 0))
	FillNormal32(nil, NewStreams(1, 0, 4))
}

func TestExpZero(t *testing.T) {
	if v := exp32(0); v != 0 || math.Signbit(float64(v)) {
		t.Errorf("exp32(0) = %v, want +0", v)
	}
	if v := exp64(0); v != 0 || math.Signbit(v) {
		t.Errorf("exp64(0) = %v, want +0", v)
	}
	if v := exp64(math.MaxUint64); v != 53*math.Ln2 {
		t.Errorf("exp64(max) = %v, want %v", v, 53*math.Ln2)
	}
}

func TestStateShared(t *testing.T) {
	s := NewStreams(4, 10, 6)
	p, key, drawn := s.State()
	for j := range 4 {
		if len(p[j]) != 6 || len(key) != 6 {
			t.Fatalf("State slice lengths %d, %d, want 6", len(p[j]), len(key))
		}
	}
	ch := NewChain(4, 12)
	if p[0][2] != ch.P.s0 || p[3][2] != ch.P.s3 || key[2] != ch.Key || drawn != 0 {
		t.Error("State does not hold chain 12 at index 2")
	}
	p[0][2]++
	if s.Chain(2).P.s0 != ch.P.s0+1 {
		t.Error("State slices are not shared with the Streams")
	}
	other := NewChain(9, 9)
	s.SetChain(5, other)
	if s.Chain(5) != other {
		t.Error("SetChain did not set the state")
	}
	FillNormal32(make([]float32, 6*3), s)
	if got := s.Chain(5).Pos; got != 3 {
		t.Errorf("after a fill of 3 rows, Pos = %d, want 3", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("SetChain of a chain with another count of normal draws did not panic")
		}
	}()
	s.SetChain(5, other)
}

func TestMarshalRoundTrip(t *testing.T) {
	s := NewStreams(11, 20, 37)
	// Advance the counts of normal draws too.
	FillNormal64(make([]float64, 37*500), s)
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 16+32*37 {
		t.Errorf("encoded length %d, want %d", len(b), 16+32*37)
	}
	var u Streams
	if err := u.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if u.Len() != s.Len() {
		t.Fatalf("decoded %d chains, want %d", u.Len(), s.Len())
	}
	for c := range s.Len() {
		if u.Chain(c) != s.Chain(c) {
			t.Fatalf("chain %d differs after round trip", c)
		}
	}
	x := make([]float64, 37*100)
	y := make([]float64, 37*100)
	FillNormal64(x, s)
	FillNormal64(y, &u)
	if !slices.Equal(x, y) {
		t.Error("draws differ after round trip")
	}

	var empty Streams
	b0, _ := empty.MarshalBinary()
	if err := u.UnmarshalBinary(b0); err != nil || u.Len() != 0 {
		t.Errorf("empty round trip: Len %d, err %v", u.Len(), err)
	}
}

func TestUnmarshalCorrupt(t *testing.T) {
	s := NewStreams(11, 0, 3)
	good, _ := s.MarshalBinary()
	zeroState := slices.Clone(good)
	// Chain 1's primary words are at P0..P3[1].
	for j := range 4 {
		binary.LittleEndian.PutUint32(zeroState[16+4*(3*j+1):], 0)
	}
	hugeN := slices.Clone(good)
	binary.LittleEndian.PutUint64(hugeN[8:], 1<<62)
	for _, test := range []struct {
		name string
		data []byte
	}{
		{"nil", nil},
		{"short header", good[:10]},
		{"truncated", good[:len(good)-1]},
		{"extra", append(slices.Clone(good), 0)},
		{"magic", append([]byte("XRNG"), good[4:]...)},
		{"version", append(append(slices.Clone(good[:4]), 3, 0, 0, 0), good[8:]...)},
		{"count", hugeN},
		{"zero state", zeroState},
	} {
		u := NewStreams(1, 0, 2)
		before := u.Chain(0)
		err := u.UnmarshalBinary(test.data)
		if err == nil {
			t.Errorf("%s: no error", test.name)
			continue
		}
		if msg := err.Error(); len(msg) < 5 || msg[:5] != "rng: " {
			t.Errorf("%s: error %q lacks the rng: prefix", test.name, msg)
		}
		if u.Len() != 2 || u.Chain(0) != before {
			t.Errorf("%s: failed decode modified the Streams", test.name)
		}
	}
}

func TestStreamsReset(t *testing.T) {
	s := NewStreams(5, 100, 40)
	FillNormal64(make([]float64, 40*7), s)
	for _, n := range []int{40, 17, 64} {
		s.Reset(9, 3, n)
		want := NewStreams(9, 3, n)
		if !sameState(s, want) || s.Len() != n {
			t.Fatalf("Reset to %d chains differs from NewStreams", n)
		}
		a, b := make([]float32, n*5), make([]float32, n*5)
		FillNormal32(a, s)
		FillNormal32(b, want)
		if !slices.Equal(a, b) {
			t.Fatalf("Reset to %d chains draws differently from NewStreams", n)
		}
	}
}
