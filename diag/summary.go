package diag

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/thermoai/thermo/internal/sysinfo"
)

// Summary holds the diagnostics of one dimension, named as posterior's
// summarise_draws names them. NaN stands for posterior's NA and is
// written to JSON as null, as is ±Inf.
type Summary struct {
	Mean    float64 `json:"mean"`
	SD      float64 `json:"sd"`
	MCSE    float64 `json:"mcse_mean"` // Monte Carlo standard error of the mean
	Q5      float64 `json:"q5"`
	Q50     float64 `json:"q50"`
	Q95     float64 `json:"q95"`
	ESSBulk float64 `json:"ess_bulk"`
	ESSTail float64 `json:"ess_tail"`
	Rhat    float64 `json:"rhat"`
}

func (s *Summary) fields() [9]struct {
	name string
	v    *float64
} {
	return [9]struct {
		name string
		v    *float64
	}{
		{"mean", &s.Mean}, {"sd", &s.SD}, {"mcse_mean", &s.MCSE},
		{"q5", &s.Q5}, {"q50", &s.Q50}, {"q95", &s.Q95},
		{"ess_bulk", &s.ESSBulk}, {"ess_tail", &s.ESSTail}, {"rhat", &s.Rhat},
	}
}

// MarshalJSON writes NaN and ±Inf as null, which encoding/json refuses
// to write as numbers.
func (s Summary) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, f := range s.fields() {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, f.name)
		b = append(b, ':')
		if v := *f.v; math.IsNaN(v) || math.IsInf(v, 0) {
			b = append(b, "null"...)
		} else {
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads null as NaN.
func (s *Summary) UnmarshalJSON(data []byte) error {
	var m map[string]*float64
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	for _, f := range s.fields() {
		*f.v = math.NaN()
		if p := m[f.name]; p != nil {
			*f.v = *p
		}
	}
	return nil
}

// Options tunes Summarize; the zero value is ready to use.
type Options struct {
	// Workers is the number of goroutines (0: GOMAXPROCS). It never
	// changes the results. Fewer dimensions run at once than workers
	// when the available memory would not hold their room: about 20
	// bytes per draw of a dimension (24 for float64).
	Workers int
}

// maxDraws bounds chains*draws: an index into one dimension's draws
// keeps its top bit to mark a middle draw.
const maxDraws = 1<<31 - 1

// Summarize returns the diagnostics of each of the dim dimensions of data,
// an array [chains, draws, dim] in row-major order (the layout of
// samples.npy and output.Samples), as posterior's summarise_draws. Data
// must be finite. It stops with ctx's error between the steps of a
// dimension.
func Summarize[F float32 | float64](ctx context.Context, data []F, chains, draws, dim int, opts Options) ([]Summary, error) {
	if chains < 1 || draws < 1 || dim < 1 {
		return nil, fmt.Errorf("diag: shape [%d, %d, %d] holds no draws", chains, draws, dim)
	}
	if chains > maxDraws/draws {
		return nil, fmt.Errorf("diag: %d chains x %d draws per dimension is more than %d", chains, draws, maxDraws)
	}
	if len(data) != chains*draws*dim {
		return nil, fmt.Errorf("diag: %d values for shape [%d, %d, %d], want %d", len(data), chains, draws, dim, chains*draws*dim)
	}
	if i := firstNonFinite(data); i >= 0 {
		return nil, fmt.Errorf("diag: draw %d of chain %d, dimension %d, is %v", i/dim%draws, i/(dim*draws), i%dim, data[i])
	}
	return summarize(ctx, data, chains, draws, dim, opts)
}

func firstNonFinite[F float32 | float64](data []F) int {
	for i, v := range data {
		if v-v != 0 { // NaN or ±Inf
			return i
		}
	}
	return -1
}

// summarize runs min(workers, dim) dimensions at once, each with its
// share of the workers inside.
func summarize[F float32 | float64](ctx context.Context, data []F, chains, draws, dim int, opts Options) ([]Summary, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sh := newShape(chains, draws)
	avail := availableMemory()
	outer := min(workers, dim, dimsFit(sh, unsafe.Sizeof(F(0)), avail))
	inner := max(1, workers/outer)
	var table []float64
	if uint64(sh.S)*8 <= avail/4 && !noTable { // else each score is computed as needed
		table = getTable(sh.S, workers)
		defer tablePool.Put(&table)
	}

	out := make([]Summary, dim)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, outer)
	for w := range outer {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dw := getDimWork(sh, data, dim, table, inner)
			defer func() {
				dw.data = nil
				workPool.Put(dw)
			}()
			for {
				k := int(next.Add(1) - 1)
				if k >= dim {
					return
				}
				var err error
				if out[k], err = dw.summarize(ctx, k); err != nil {
					errs[w] = fmt.Errorf("diag: %w", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// noTable makes every score computed as needed (for tests).
var noTable bool

// availableMemory returns the bytes of memory available, or the most
// there can be if the system does not say.
func availableMemory() uint64 {
	avail, err := sysinfo.AvailableMemory()
	if err != nil {
		return math.MaxUint64
	}
	return avail
}

// dimsFit returns how many dimensions of shape sh, of elements of size
// elem, avail bytes hold at work at once (at least one), from the room
// newDimWork takes.
func dimsFit(sh *shape, elem uintptr, avail uint64) int {
	perDraw := uint64(20)
	if elem == 8 {
		perDraw = 24
	}
	return int(max(1, min(avail/(perDraw*uint64(sh.all)), math.MaxInt32)))
}

// Fresh memory costs page faults, which on some virtual machines take
// longer than the work done in it: calls of the same shape in a row reuse
// the room of the last (until the garbage collector takes it).
var workPool, tablePool sync.Pool

func getDimWork[F float32 | float64](sh *shape, data []F, dim int, table []float64, inner int) *dimWork[F] {
	if dw, ok := workPool.Get().(*dimWork[F]); ok && *dw.sh == *sh && dw.inner == inner {
		dw.data, dw.dim, dw.sc.table = data, dim, table
		return dw
	}
	return newDimWork(sh, data, dim, table, inner)
}

func getTable(s, workers int) []float64 {
	if t, ok := tablePool.Get().(*[]float64); ok && len(*t) == s {
		return *t
	}
	return zTable(s, workers)
}
