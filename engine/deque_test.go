package engine

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestDequeOwnerOrder(t *testing.T) {
	d := newDeque(4)
	for i := range 4 {
		if !d.push(int64(i)) {
			t.Fatalf("push %d refused", i)
		}
	}
	if d.push(9) {
		t.Fatal("push into a full deque succeeded")
	}
	if v, _ := d.steal(); v != 0 {
		t.Fatalf("steal got %d, want the tail 0", v)
	}
	if v, _ := d.pop(); v != 3 {
		t.Fatalf("pop got %d, want the head 3", v)
	}
	d.push(7)
	for _, want := range []int64{7, 2, 1} {
		if v, ok := d.pop(); !ok || v != want {
			t.Fatalf("pop got %d,%v, want %d", v, ok, want)
		}
	}
	if _, ok := d.pop(); ok {
		t.Fatal("pop from an empty deque succeeded")
	}
}

// TestDequeStress has one owner pushing and popping while many thieves
// steal; every task must be taken exactly once.
func TestDequeStress(t *testing.T) {
	const tasks, thieves = 200000, 8
	d := newDeque(64)
	taken := make([]atomic.Int32, tasks)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range thieves {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if v, ok := d.steal(); ok {
					taken[v].Add(1)
				}
			}
		}()
	}
	for i := 0; i < tasks; {
		if d.push(int64(i)) {
			i++
		}
		// Popping more than is pushed keeps the deque near empty, where a
		// pop and a steal race for the last task.
		for range i % 3 {
			if v, ok := d.pop(); ok {
				taken[v].Add(1)
			}
		}
	}
	for {
		v, ok := d.pop()
		if !ok {
			break
		}
		taken[v].Add(1)
	}
	stop.Store(true)
	wg.Wait()
	for i := range taken {
		if n := taken[i].Load(); n != 1 {
			t.Fatalf("task %d taken %d times", i, n)
		}
	}
}

func TestPoolRunsEveryTaskOnce(t *testing.T) {
	for _, workers := range []int{1, 2, 7, 16} {
		for _, n := range []int{0, 1, 5, 100} {
			count := make([]atomic.Int32, n)
			pool(workers, n, func(_ int, task int64) {
				count[task].Add(1)
			})
			for i := range count {
				if c := count[i].Load(); c != 1 {
					t.Fatalf("workers=%d n=%d: task %d ran %d times", workers, n, i, c)
				}
			}
		}
	}
}
