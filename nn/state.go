package nn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"
)

// A Trainer's state goes into a run's checkpoint (the engine saves hooks
// that implement encoding.BinaryMarshaler): the network's parameters,
// Adam's moments and step, the updates done and their losses, so that a
// resumed run trains on to the same bits.

const trainerMagic = "TNN\x01"

// MarshalBinary encodes the trainer's state.
func (tr *Trainer[F]) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	put := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString(trainerMagic)
	var z F
	put(uint8(unsafe.Sizeof(z)))
	put(uint64(tr.updates))
	put(uint64(len(tr.Losses)))
	put(tr.Losses)
	put(uint64(len(tr.Net.Layers)))
	for _, l := range tr.Net.Layers {
		put(uint64(len(l.W)))
		put(l.W)
		put(uint64(len(l.B)))
		put(l.B)
	}
	a := tr.Opt
	put(uint64(a.steps))
	put(a.pow1)
	put(a.pow2)
	put(uint64(len(a.m)))
	for i := range a.m {
		put(uint64(len(a.m[i])))
		put(a.m[i])
		put(a.v[i])
	}
	return b.Bytes(), nil
}

// UnmarshalBinary restores a state that MarshalBinary encoded, into a
// trainer whose network has the same shape.
func (tr *Trainer[F]) UnmarshalBinary(data []byte) error {
	if !bytes.HasPrefix(data, []byte(trainerMagic)) {
		return errors.New("nn: not a trainer state")
	}
	r := bytes.NewReader(data[len(trainerMagic):])
	var err error
	get := func(v any) {
		if err == nil {
			err = binary.Read(r, binary.LittleEndian, v)
		}
	}
	count := func(limit int) int {
		var n uint64
		get(&n)
		if err == nil && n > uint64(limit) {
			err = fmt.Errorf("nn: trainer state holds a count of %d, more than %d", n, limit)
		}
		return int(n)
	}
	var size uint8
	get(&size)
	var z F
	if err == nil && int(size) != int(unsafe.Sizeof(z)) {
		return fmt.Errorf("nn: trainer state of %d-byte parameters, this trainer has %d", size, unsafe.Sizeof(z))
	}
	var updates uint64
	get(&updates)
	losses := make([]float64, count(r.Len()/8))
	get(losses)
	if nl := count(1 << 20); err == nil && nl != len(tr.Net.Layers) {
		return fmt.Errorf("nn: trainer state of %d layers, the network has %d", nl, len(tr.Net.Layers))
	}
	params := make([][]F, 0, 2*len(tr.Net.Layers))
	for l, layer := range tr.Net.Layers {
		for _, want := range []int{len(layer.W), len(layer.B)} {
			n := count(r.Len())
			if err == nil && n != want {
				return fmt.Errorf("nn: trainer state: layer %d has a tensor of %d parameters, the network's has %d", l, n, want)
			}
			p := make([]F, n)
			get(p)
			params = append(params, p)
		}
	}
	var a Adam
	var steps uint64
	get(&steps)
	get(&a.pow1)
	get(&a.pow2)
	nm := count(len(params))
	for i := 0; i < nm && err == nil; i++ {
		n := count(r.Len() / 16)
		if err == nil && n != len(params[i]) {
			return fmt.Errorf("nn: trainer state: Adam moments of %d values for a tensor of %d", n, len(params[i]))
		}
		m, v := make([]float64, n), make([]float64, n)
		get(m)
		get(v)
		a.m, a.v = append(a.m, m), append(a.v, v)
	}
	if err != nil {
		return fmt.Errorf("nn: trainer state: %w", err)
	}
	if r.Len() != 0 {
		return fmt.Errorf("nn: trainer state: %d bytes left over", r.Len())
	}
	for _, p := range params {
		for _, v := range p {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return errors.New("nn: trainer state holds a parameter that is not finite")
			}
		}
	}
	for l := range tr.Net.Layers {
		copy(tr.Net.Layers[l].W, params[2*l])
		copy(tr.Net.Layers[l].B, params[2*l+1])
	}
	tr.Net.Changed()
	tr.updates, tr.Losses = int(updates), losses
	tr.Opt.steps, tr.Opt.pow1, tr.Opt.pow2, tr.Opt.m, tr.Opt.v = int(steps), a.pow1, a.pow2, a.m, a.v
	return nil
}
