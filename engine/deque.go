package engine

import (
	"sync/atomic"
)

// deque is a bounded work-stealing deque of task indices, after Go's
// sync.poolDequeue and the Chase-Lev deque: the owner pushes and pops at
// the head, thieves take from the tail. head and tail share one atomic
// word, so a pop and a steal of the last task cannot both succeed: each
// claims it with a compare-and-swap of the whole word.
type deque struct {
	// headTail packs head (high 32 bits) and tail (low 32 bits); the
	// tasks in [tail, head) are live, indexed modulo len(buf).
	headTail atomic.Uint64
	buf      []atomic.Int64
}

const dequeBits = 32

func newDeque(capacity int) *deque {
	return &deque{buf: make([]atomic.Int64, capacity)}
}

func unpack(ht uint64) (head, tail uint32) {
	return uint32(ht >> dequeBits), uint32(ht)
}

func pack(head, tail uint32) uint64 {
	return uint64(head)<<dequeBits | uint64(tail)
}

// push adds a task at the head; it reports false when the deque is full.
// Only the owner calls push.
func (d *deque) push(task int64) bool {
	for {
		ht := d.headTail.Load()
		head, tail := unpack(ht)
		if head-tail >= uint32(len(d.buf)) {
			return false
		}
		// The slot at head is free: thieves only read slots in [tail, head).
		d.buf[head%uint32(len(d.buf))].Store(task)
		if d.headTail.CompareAndSwap(ht, pack(head+1, tail)) {
			return true
		}
	}
}

// pop takes the task at the head. Only the owner calls pop.
func (d *deque) pop() (int64, bool) {
	for {
		ht := d.headTail.Load()
		head, tail := unpack(ht)
		if head == tail {
			return 0, false
		}
		task := d.buf[(head-1)%uint32(len(d.buf))].Load()
		next := pack(head-1, tail)
		if head-tail == 1 {
			// The last task is claimed by advancing the tail, as a thief
			// would: the tail never moves back, so a thief that read this
			// slot before a later push reuses it cannot succeed (no ABA).
			next = pack(head, tail+1)
		}
		if d.headTail.CompareAndSwap(ht, next) {
			return task, true
		}
	}
}

// steal takes the task at the tail. Any goroutine may call steal.
func (d *deque) steal() (int64, bool) {
	for {
		ht := d.headTail.Load()
		head, tail := unpack(ht)
		if head == tail {
			return 0, false
		}
		task := d.buf[tail%uint32(len(d.buf))].Load()
		if d.headTail.CompareAndSwap(ht, pack(head, tail+1)) {
			return task, true
		}
	}
}

// pool runs tasks 0..n-1 on workers goroutines, each starting from its own
// deque and stealing from the tails of the others when it runs dry. The
// tasks are dealt round-robin (worker w owns w, w+workers, ...) and each
// owner takes its own in increasing order, so tasks finish roughly in
// order. run is called once per task.
func pool(workers, n int, run func(worker int, task int64)) {
	if workers > n {
		workers = max(n, 1)
	}
	deques := make([]*deque, workers)
	for w := range deques {
		own := (n - w + workers - 1) / workers
		deques[w] = newDeque(max(own, 1))
		// Pushed in reverse so that the owner pops its tasks in order.
		for t := w + (own-1)*workers; t >= w; t -= workers {
			deques[w].push(int64(t))
		}
	}
	done := make(chan struct{})
	for w := range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			for {
				task, ok := deques[w].pop()
				for v := 1; !ok && v < workers; v++ {
					task, ok = deques[(w+v)%workers].steal()
				}
				if !ok {
					// Tasks never spawn tasks, so empty deques stay empty.
					return
				}
				run(w, task)
			}
		}()
	}
	for range workers {
		<-done
	}
}
