package exactsum

import (
	"bytes"
	"encoding"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

var (
	_ encoding.BinaryMarshaler   = (*Acc)(nil)
	_ encoding.BinaryUnmarshaler = (*Acc)(nil)
)

// refPrec is enough for big.Float to add any float64 values exactly: the
// span 2^-1074..2^1024 plus growth from a few million additions.
const refPrec = 2200

// bigSum is the reference: the exact sum in big.Float, rounded once.
func bigSum(xs []float64) float64 {
	s := new(big.Float).SetPrec(refPrec).SetMode(big.ToNearestEven)
	for _, x := range xs {
		s.Add(s, new(big.Float).SetFloat64(x))
	}
	return bigToFloat64(s)
}

func bigToFloat64(s *big.Float) float64 {
	f, _ := s.Float64()
	if f == 0 {
		return 0 // an exact zero sum is +0 by definition of Acc
	}
	return f
}

// exactValue is the value held by a's limbs, in units of 2^-1074, computed
// without relying on carry.
func exactValue(a *Acc) *big.Int {
	v := new(big.Int)
	for i := len(a.limbs) - 1; i >= 0; i-- {
		v.Lsh(v, digitBits)
		v.Add(v, big.NewInt(a.limbs[i]))
	}
	return v
}

func intToFloat64(v *big.Int) float64 {
	f := new(big.Float).SetPrec(refPrec).SetMode(big.ToNearestEven).SetInt(v)
	return bigToFloat64(f.SetMantExp(f, -1074))
}

func sumOf(xs []float64) *Acc {
	var a Acc
	for _, x := range xs {
		a.Add(x)
	}
	return &a
}

func same(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }

// wild draws finite values of wildly different magnitudes, with extra weight
// on the extremes of the range.
func wild(r *rand.Rand) float64 {
	sign := 1.0
	if r.IntN(2) == 0 {
		sign = -1
	}
	switch r.IntN(8) {
	case 0: // subnormal
		return sign * math.Float64frombits(r.Uint64()&(1<<52-1))
	case 1:
		return sign * math.MaxFloat64 / 4
	case 2: // any finite
		return math.Float64frombits(r.Uint64N(0x7ff<<52) | uint64(r.IntN(2))<<63)
	case 3: // near the smallest normal
		return sign * math.Float64frombits(r.Uint64N(4<<52))
	case 4: // near the largest
		return sign * math.Float64frombits(0x7fe<<52|r.Uint64N(1<<52))
	case 5:
		return sign * math.Ldexp(r.Float64(), r.IntN(200)-100)
	default:
		return r.NormFloat64()
	}
}

// wildSet returns n wild values, some of which cancel exactly or nearly.
func wildSet(r *rand.Rand, n int) []float64 {
	xs := make([]float64, 0, n)
	for len(xs) < n {
		x := wild(r)
		xs = append(xs, x)
		switch r.IntN(6) {
		case 0:
			xs = append(xs, -x)
		case 1:
			xs = append(xs, -math.Nextafter(x, 0))
		}
	}
	r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	return xs
}

func TestCases(t *testing.T) {
	p := math.Ldexp
	tiny := math.SmallestNonzeroFloat64
	maxf := math.MaxFloat64
	for _, c := range []struct {
		name string
		xs   []float64
		want float64
	}{
		{"empty", nil, 0},
		{"negative zero", []float64{math.Copysign(0, -1)}, 0},
		{"cancel", []float64{1e300, -3, -1e300, 3}, 0},
		{"cancel subnormal", []float64{tiny, -tiny}, 0},
		{"tiny", []float64{tiny}, tiny},
		{"-tiny", []float64{-tiny}, -tiny},
		{"two tiny", []float64{tiny, tiny}, 2 * tiny},
		{"largest subnormal", []float64{0x1p-1022, -tiny}, math.Float64frombits(1<<52 - 1)},
		{"subnormals to normal", []float64{math.Float64frombits(1 << 51), math.Float64frombits(1 << 51)}, 0x1p-1022},
		{"negative subnormal sum", []float64{-0x1p-1022, tiny, 0x1p-1060}, -0x1p-1022 + tiny + 0x1p-1060},
		{"absorbed", []float64{1e308, 1, -1e308}, 1},
		{"beyond range and back", []float64{maxf, maxf, -maxf}, maxf},
		{"overflow", []float64{maxf, maxf}, math.Inf(1)},
		{"negative overflow", []float64{-maxf, -maxf / 2}, math.Inf(-1)},
		{"below half ulp of max", []float64{maxf, p(1, 969)}, maxf},
		{"tie at max rounds to Inf", []float64{maxf, p(1, 970)}, math.Inf(1)},
		{"just below tie at max", []float64{maxf, p(1, 970), -tiny}, maxf},
		{"-just below tie at max", []float64{-maxf, -p(1, 970), tiny}, -maxf},
		{"tie to even down", []float64{1, 0x1p-53}, 1},
		{"above tie", []float64{1, 0x1p-53, tiny}, 1 + 0x1p-52},
		{"below tie", []float64{1, 0x1p-53, -tiny}, 1},
		{"tie to even up", []float64{1 + 0x1p-52, 0x1p-53}, 1 + 0x1p-51},
		{"tie below one", []float64{1, -0x1p-54}, 1},
		{"just below one", []float64{1, -0x1p-54, -tiny}, 1 - 0x1p-53},
		{"negative tie", []float64{-1 - 0x1p-52, -0x1p-53}, -1 - 0x1p-51},
		{"rounds up into next binade", []float64{2 - 0x1p-52, 0x1p-53}, 2},
		{"sticky far below", []float64{0x1p100, 0x1p47, 0x1p-1074}, 0x1p100 + 0x1p48},
	} {
		a := sumOf(c.xs)
		if got := a.Float64(); !same(got, c.want) {
			t.Errorf("%s: got %v (%#x), want %v (%#x)", c.name, got, math.Float64bits(got), c.want, math.Float64bits(c.want))
		}
		if ref := bigSum(c.xs); !same(ref, c.want) {
			t.Errorf("%s: big.Float reference gives %v, want %v", c.name, ref, c.want)
		}
	}
}

func TestAgainstBig(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 400 {
		xs := wildSet(r, 1+r.IntN(1+trial*5))
		if trial%4 == 0 {
			// A set dominated by one scale, so that the result sits well
			// inside the range and rounding decides the last bit.
			scale := r.IntN(1960) - 1000
			for i := range xs {
				xs[i] = math.Ldexp(r.NormFloat64(), scale+r.IntN(60))
			}
		}
		a := sumOf(xs)
		if got, want := a.Float64(), bigSum(xs); !same(got, want) {
			t.Fatalf("trial %d (%d values): got %v (%#x), want %v (%#x)", trial, len(xs), got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
}

func TestOrderIndependence(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	xs := wildSet(r, 5000)
	whole := sumOf(xs)
	want := whole.Float64()
	wantBytes, _ := whole.MarshalBinary()
	if ref := bigSum(xs); !same(want, ref) {
		t.Fatalf("sequential sum %v, big.Float %v", want, ref)
	}
	for trial := range 30 {
		ys := append([]float64(nil), xs...)
		r.Shuffle(len(ys), func(i, j int) { ys[i], ys[j] = ys[j], ys[i] })
		var parts []*Acc
		for len(ys) > 0 {
			n := min(len(ys), 1+r.IntN(1+len(ys)/(1+trial%7)))
			parts = append(parts, sumOf(ys[:n]))
			ys = ys[n:]
		}
		// Merge in a random tree: pairs of random partial sums, some of
		// them through their encoding as another process would.
		for len(parts) > 1 {
			i, j := r.IntN(len(parts)), r.IntN(len(parts)-1)
			if j >= i {
				j++
			}
			b := parts[j]
			if r.IntN(3) == 0 {
				data, err := b.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				b = new(Acc)
				if err := b.UnmarshalBinary(data); err != nil {
					t.Fatal(err)
				}
			}
			parts[i].Merge(b)
			parts[j] = parts[len(parts)-1]
			parts = parts[:len(parts)-1]
		}
		got := parts[0]
		if !same(got.Float64(), want) {
			t.Fatalf("trial %d: got %v, want %v", trial, got.Float64(), want)
		}
		gotBytes, _ := got.MarshalBinary()
		if !bytes.Equal(gotBytes, wantBytes) {
			t.Fatalf("trial %d: encoding differs:\n%x\n%x", trial, gotBytes, wantBytes)
		}
	}
}

func TestMergeSelf(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	xs := wildSet(r, 300)
	a := sumOf(xs)
	a.Merge(a)
	if got, want := a.Float64(), bigSum(append(xs, xs...)); !same(got, want) {
		t.Errorf("a.Merge(a): got %v, want %v", got, want)
	}
}

func TestMergeLeavesArgument(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	b := sumOf(wildSet(r, 100))
	before := *b
	var a Acc
	a.Add(1)
	a.Merge(b)
	if *b != before {
		t.Error("Merge modified its argument")
	}
}

func TestFloat64LeavesValue(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	a := sumOf(wildSet(r, 100))
	before := *a
	a.Float64()
	a.MarshalBinary()
	if *a != before {
		t.Error("Float64 or MarshalBinary modified the accumulator")
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	nan := sumOf([]float64{1, math.NaN()})
	for i, a := range []*Acc{
		new(Acc),
		sumOf([]float64{-1}),
		sumOf([]float64{math.MaxFloat64, math.MaxFloat64}),
		sumOf([]float64{-math.MaxFloat64, -math.MaxFloat64, -math.MaxFloat64}),
		sumOf([]float64{math.SmallestNonzeroFloat64}),
		sumOf(wildSet(r, 1000)),
		nan,
	} {
		data, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var b Acc
		b.Add(42) // overwritten
		if err := b.UnmarshalBinary(data); err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if !same(a.Float64(), b.Float64()) && !(math.IsNaN(a.Float64()) && math.IsNaN(b.Float64())) {
			t.Errorf("%d: Float64 %v after round trip, want %v", i, b.Float64(), a.Float64())
		}
		again, _ := b.MarshalBinary()
		if !bytes.Equal(again, data) {
			t.Errorf("%d: encoding changed in round trip:\n%x\n%x", i, again, data)
		}
		// Both continue as the same sum.
		more := wildSet(r, 50)
		for _, x := range more {
			a.Add(x)
			b.Add(x)
		}
		if x, y := a.Float64(), b.Float64(); !same(x, y) && !(math.IsNaN(x) && math.IsNaN(y)) {
			t.Errorf("%d: after more additions %v != %v", i, y, x)
		}
	}
}

func TestUnmarshalRefuses(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	good, _ := sumOf(wildSet(r, 200)).MarshalBinary()
	header := func(flags byte, top uint64, lo, n byte) []byte {
		b := []byte("XSUM\x01")
		b = append(b, flags, byte(top>>56), byte(top>>48), byte(top>>40), byte(top>>32),
			byte(top>>24), byte(top>>16), byte(top>>8), byte(top), lo, n)
		return b
	}
	neg := func(v int64) uint64 { return uint64(v) }
	bad := map[string][]byte{
		"empty":             nil,
		"magic":             append([]byte("XSUN"), good[4:]...),
		"version":           append([]byte("XSUM\x02"), good[5:]...),
		"flags":             header(2, 0, 0, 0),
		"trailing":          append(append([]byte(nil), good...), 0),
		"digit range":       append(header(0, 0, 65, 2), 0, 0, 0, 1, 0, 0, 0, 1),
		"leading zero":      append(header(0, 0, 3, 2), 0, 0, 0, 1, 0, 0, 0, 0),
		"trailing zero":     append(header(0, 0, 3, 2), 0, 0, 0, 0, 0, 0, 0, 1),
		"zero not at 0":     header(0, 0, 3, 0),
		"top too large":     header(0, 1<<62, 0, 0),
		"top too negative":  header(0, neg(-1<<62), 0, 0),
		"NaN with digits":   append(header(1, 0, 0, 1), 0, 0, 0, 1),
		"NaN with top":      header(1, 1, 0, 0),
		"count exceeds len": header(0, 0, 0, 1),
	}
	for n := range len(good) {
		bad[fmt.Sprintf("truncated to %d", n)] = good[:n]
	}
	for name, data := range bad {
		var a Acc
		a.Add(3)
		before := a
		err := a.UnmarshalBinary(data)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "exactsum: ") {
			t.Errorf("%s: error %q lacks the package prefix", name, err)
		}
		if a != before {
			t.Errorf("%s: refused input modified the accumulator", name)
		}
	}
	// Sanity of the hand-made headers: the same shapes, made valid, decode.
	for name, data := range map[string][]byte{
		"zero":        header(0, 0, 0, 0),
		"NaN":         header(1, 0, 0, 0),
		"top only":    header(0, neg(-5), 0, 0),
		"last digits": append(header(0, 0, 64, 2), 0, 0, 0, 1, 0, 0, 0, 1),
	} {
		var a Acc
		if err := a.UnmarshalBinary(data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestEncodingGolden pins the encoding, which other processes and later
// versions must read alike.
func TestEncodingGolden(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want string
	}{
		{nil, "5853554d01" + "00" + "0000000000000000" + "0000"},
		// 0.75 + 2^-1074 is 3<<1072 + 1 units: digit 0 is 1, digit 33 is 3<<16.
		{[]float64{1, -0.25, 0x1p-1074}, "5853554d01" + "00" + "0000000000000000" + "0022" +
			"00000001" + strings.Repeat("00000000", 32) + "00030000"},
		// -3 is -3<<1074 units: top limb -1, digit 33 is 2^32 - 3<<18, the
		// digits above it all ones.
		{[]float64{-3}, "5853554d01" + "00" + "ffffffffffffffff" + "2121" +
			"fff40000" + strings.Repeat("ffffffff", 32)},
		{[]float64{math.Inf(1)}, "5853554d01" + "01" + "0000000000000000" + "0000"},
	} {
		data, err := sumOf(c.xs).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(data); got != c.want {
			t.Errorf("%v: encoding\n%s, want\n%s", c.xs, got, c.want)
		}
	}
}

// FuzzUnmarshal checks that whatever UnmarshalBinary accepts is canonical:
// it encodes back to the same bytes.
func FuzzUnmarshal(f *testing.F) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, xs := range [][]float64{nil, {1}, {-1}, {math.NaN()}, wildSet(r, 30)} {
		data, _ := sumOf(xs).MarshalBinary()
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Acc
		if err := a.UnmarshalBinary(data); err != nil {
			if !strings.HasPrefix(err.Error(), "exactsum: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			return
		}
		again, _ := a.MarshalBinary()
		if !bytes.Equal(again, data) {
			t.Errorf("accepted non-canonical encoding %x (canonical %x)", data, again)
		}
	})
}

func TestBitFlips(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	good, _ := sumOf(wildSet(r, 100)).MarshalBinary()
	for i := range good {
		for bit := range 8 {
			data := append([]byte(nil), good...)
			data[i] ^= 1 << bit
			var a Acc
			if err := a.UnmarshalBinary(data); err != nil {
				continue
			}
			again, _ := a.MarshalBinary()
			if !bytes.Equal(again, data) {
				t.Errorf("byte %d bit %d: accepted non-canonical encoding", i, bit)
			}
		}
	}
}

func TestNaNInf(t *testing.T) {
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		a := sumOf([]float64{1, bad, 2})
		if !math.IsNaN(a.Float64()) {
			t.Errorf("sum with %v: got %v, want NaN", bad, a.Float64())
		}
		var b Acc
		b.Add(5)
		b.Merge(a)
		if !math.IsNaN(b.Float64()) {
			t.Errorf("merge of a sum with %v: got %v, want NaN", bad, b.Float64())
		}
		a.Reset()
		if got := a.Float64(); !same(got, 0) {
			t.Errorf("after Reset: got %v, want 0", got)
		}
		a.Add(7)
		if got := a.Float64(); got != 7 {
			t.Errorf("after Reset and Add(7): got %v", got)
		}
	}
	// NaN sums encode alike whatever else they hold.
	x, _ := sumOf([]float64{1, math.NaN()}).MarshalBinary()
	y, _ := sumOf([]float64{math.Inf(-1), 1e300, 3}).MarshalBinary()
	if !bytes.Equal(x, y) {
		t.Errorf("NaN encodings differ: %x %x", x, y)
	}
}

func TestManyAdds(t *testing.T) {
	const n = 1_000_000
	for _, x := range []float64{
		0.1,
		-math.Nextafter(2, 0),                // all mantissa bits set
		math.Ldexp(math.Nextafter(2, 0), 30), // shifted to the top of a limb
		math.MaxFloat64 / 4,
		-math.SmallestNonzeroFloat64,
		math.Float64frombits(1<<52 - 1), // largest subnormal
	} {
		var a Acc
		for range n {
			a.Add(x)
		}
		want := new(big.Float).SetPrec(refPrec).SetFloat64(x)
		want.Mul(want, big.NewFloat(n))
		if got, w := a.Float64(), bigToFloat64(want); !same(got, w) {
			t.Errorf("%d × %v: got %v, want %v", n, x, got, w)
		}
		for range n {
			a.Add(-x)
		}
		if got := a.Float64(); !same(got, 0) {
			t.Errorf("%d × %v then as many of its negation: got %v, want 0", n, x, got)
		}
	}
}

// TestLazyCarry drives the accumulator across the carry settlement of Add by
// claiming more pending additions than were made, which keeps the bound
// valid.
func TestLazyCarry(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	xs := wildSet(r, 2000)
	var a Acc
	for i, x := range xs {
		if i%97 == 0 {
			a.pending = addLimit - int64(r.IntN(3))
		}
		a.Add(x)
	}
	if got, want := a.Float64(), bigSum(xs); !same(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestExtremeLimbs fills the limbs to the bound the invariant allows and
// checks that settling carries and merging keep the exact value.
func TestExtremeLimbs(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	fill := func(pending int64) *Acc {
		a := &Acc{pending: pending}
		lim := pending * digitMask
		for i := range nDigits {
			switch r.IntN(3) {
			case 0:
				a.limbs[i] = lim
			case 1:
				a.limbs[i] = -lim
			default:
				a.limbs[i] = r.Int64N(2*lim+1) - lim
			}
		}
		a.limbs[top] = r.Int64N(2*topLimit+1) - topLimit
		return a
	}
	for trial := range 200 {
		a, b := fill(1+r.Int64N(addLimit)), fill(1+r.Int64N(addLimit))
		if trial%2 == 0 {
			a.pending, b.pending = addLimit, addLimit
			for i := range nDigits {
				a.limbs[i] = addLimit * digitMask
				b.limbs[i] = -addLimit * digitMask
			}
		}
		va, vb := exactValue(a), exactValue(b)
		want := new(big.Int).Add(va, vb)

		c := *a
		c.normalize()
		if exactValue(&c).Cmp(va) != 0 {
			t.Fatalf("trial %d: normalize changed the value", trial)
		}
		for i := range nDigits {
			if c.limbs[i] < 0 || c.limbs[i] > digitMask {
				t.Fatalf("trial %d: digit %d = %d after normalize", trial, i, c.limbs[i])
			}
		}
		if got, w := a.Float64(), intToFloat64(va); !same(got, w) {
			t.Fatalf("trial %d: Float64 %v, want %v", trial, got, w)
		}

		a.Merge(b)
		if a.invalid {
			// Only a top limb beyond topLimit may give up exactness.
			if new(big.Int).Rsh(new(big.Int).Abs(want), digitBits*nDigits).Cmp(big.NewInt(topLimit)) <= 0 {
				t.Fatalf("trial %d: Merge gave up on an in-range sum", trial)
			}
			continue
		}
		if exactValue(a).Cmp(want) != 0 {
			t.Fatalf("trial %d: Merge lost exactness", trial)
		}
	}
}

func TestCapacity(t *testing.T) {
	// Far beyond anything Add can reach in practice: the sum is given up as
	// NaN rather than wrapped around.
	var a Acc
	data, _ := (&Acc{limbs: [nLimbs]int64{top: topLimit}}).MarshalBinary()
	if err := a.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if got := a.Float64(); !math.IsInf(got, 1) {
		t.Errorf("at capacity: got %v, want +Inf", got)
	}
	a.Merge(&a)
	if got := a.Float64(); !math.IsNaN(got) {
		t.Errorf("beyond capacity: got %v, want NaN", got)
	}
}

func TestZeroValue(t *testing.T) {
	var a Acc
	if got := a.Float64(); !same(got, 0) {
		t.Errorf("zero value: got %v", got)
	}
	a.Merge(new(Acc))
	a.Add(-2.5)
	if got := a.Float64(); got != -2.5 {
		t.Errorf("got %v, want -2.5", got)
	}
}

var sink float64

func BenchmarkAdd(b *testing.B) {
	r := rand.New(rand.NewPCG(23, 24))
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = math.Ldexp(r.NormFloat64(), r.IntN(40)-20)
	}
	var a Acc
	i := 0
	for b.Loop() {
		a.Add(xs[i&1023])
		i++
	}
	sink = a.Float64()
}

func BenchmarkFloat64(b *testing.B) {
	r := rand.New(rand.NewPCG(25, 26))
	a := sumOf(wildSet(r, 100))
	for b.Loop() {
		sink = a.Float64()
	}
}

func BenchmarkMerge(b *testing.B) {
	r := rand.New(rand.NewPCG(27, 28))
	x, y := sumOf(wildSet(r, 100)), sumOf(wildSet(r, 100))
	for b.Loop() {
		x.Merge(y)
	}
}
