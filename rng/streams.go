package rng

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Streams holds the random state of a batch of n consecutive chains
// in structure-of-arrays form: four slices of length n indexed by
// chain, one for each word of the primary state, and the chains' keys
// (see State), so that vector code can load the states of consecutive
// chains into the lanes of a register; and the count of normal values
// drawn, which the chains of a batch share, since every fill draws the
// same number from each.
type Streams struct {
	p     [4][]uint32
	key   []uint64
	drawn uint64
	buf   []uint32 // the memory of p

	// Scratch for the reject records of the vector fills.
	rejIdx, rejLayer []uint32
}

// NewStreams returns the states of chains first, first+1, …,
// first+n-1 for seed. The state of a chain depends only on seed and
// its global index, never on first or n, so a batch of chains can be
// split or regrouped without changing any chain's draws.
func NewStreams(seed, first uint64, n int) *Streams {
	if n < 0 {
		panic("rng: negative number of chains")
	}
	s := newStreams(n)
	s.seed(seed, first)
	return s
}

// Reset sets s to the states NewStreams(seed, first, n) returns, reusing
// the memory of s, its scratch included, where it is large enough: a
// worker that runs one batch of chains after another need not allocate
// for each.
func (s *Streams) Reset(seed, first uint64, n int) {
	if n < 0 {
		panic("rng: negative number of chains")
	}
	if cap(s.buf) < 4*n || cap(s.key) < n {
		t := newStreams(n)
		s.buf, s.key = t.buf, t.key
	}
	s.slice(n)
	s.drawn = 0
	s.seed(seed, first)
}

func newStreams(n int) *Streams {
	// One allocation keeps the primary states contiguous; the capacity
	// limits stop an append to one slice from spilling into the next.
	s := Streams{buf: make([]uint32, 4*n), key: make([]uint64, n)}
	s.slice(n)
	return &s
}

// slice points p and key to the first n chains' worth of their memory.
func (s *Streams) slice(n int) {
	for j := range 4 {
		s.p[j] = s.buf[j*n : (j+1)*n : (j+1)*n]
	}
	s.key = s.key[:n]
}

// seed sets the states of the chains to those of chains first, first+1,
// … for seed.
func (s *Streams) seed(seed, first uint64) {
	for c := range s.Len() {
		p, key := seedChain(seed, first+uint64(c))
		s.set(c, Chain{P: p, Key: key})
	}
}

func (s *Streams) set(c int, ch Chain) {
	p := ch.P
	s.p[0][c], s.p[1][c], s.p[2][c], s.p[3][c] = p.s0, p.s1, p.s2, p.s3
	s.key[c] = ch.Key
}

// advance adds rows to the count of normal draws of every chain, after
// a normal fill of rows rows.
func (s *Streams) advance(rows int) {
	s.drawn += uint64(rows)
}

// Len returns the number of chains in s.
func (s *Streams) Len() int {
	return len(s.p[0])
}

// State returns the slices holding the primary states p of the chains
// and their keys, each of length s.Len(), and the count of normal
// values each chain has drawn. The slices
// share memory with s: writes through them change s. They exist for
// vector implementations of the fills, which must leave the states
// exactly as the generic code would.
func (s *Streams) State() (p [4][]uint32, key []uint64, drawn uint64) {
	return s.p, s.key, s.drawn
}

// Chain returns a copy of the state of the c-th chain of s; for s from
// NewStreams(seed, first, n) that is global chain first+c.
func (s *Streams) Chain(c int) Chain {
	return Chain{P: s.primary(c), Key: s.key[c], Pos: s.drawn}
}

// SetChain sets the state of the c-th chain of s to ch, which must have
// drawn as many normal values as the chains of s.
func (s *Streams) SetChain(c int, ch Chain) {
	if ch.Pos != s.drawn {
		panic(fmt.Sprintf("rng: SetChain: the chain has drawn %d normal values, the batch %d", ch.Pos, s.drawn))
	}
	s.set(c, ch)
}

// Checkpoint format, all little-endian:
//
//	magic   [4]byte "TRNG"
//	version uint32  2
//	n       uint64  number of chains
//	words   [8][n]uint32  P0, P1, P2, P3, the low and high words of the
//	                      keys, and of the counts of normal values drawn
const (
	streamsMagic   = "TRNG"
	streamsVersion = 2
	streamsHeader  = 16
)

// MarshalBinary encodes the state of s for a checkpoint. It
// implements encoding.BinaryMarshaler.
func (s *Streams) MarshalBinary() ([]byte, error) {
	n := s.Len()
	b := make([]byte, streamsHeader, streamsHeader+32*n)
	copy(b, streamsMagic)
	binary.LittleEndian.PutUint32(b[4:], streamsVersion)
	binary.LittleEndian.PutUint64(b[8:], uint64(n))
	for _, w := range s.p {
		for _, v := range w {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
	}
	for _, shift := range []uint{0, 32} {
		for _, k := range s.key {
			b = binary.LittleEndian.AppendUint32(b, uint32(k>>shift))
		}
	}
	for _, shift := range []uint{0, 32} {
		for range n {
			b = binary.LittleEndian.AppendUint32(b, uint32(s.drawn>>shift))
		}
	}
	return b, nil
}

// UnmarshalBinary replaces the state of s by the one encoded in data
// by MarshalBinary. It implements encoding.BinaryUnmarshaler. On
// error s is left unchanged.
func (s *Streams) UnmarshalBinary(data []byte) error {
	if len(data) < streamsHeader {
		return errors.New("rng: checkpoint too short for header")
	}
	if string(data[:4]) != streamsMagic {
		return errors.New("rng: not a stream checkpoint")
	}
	if v := binary.LittleEndian.Uint32(data[4:]); v != streamsVersion {
		return fmt.Errorf("rng: unsupported checkpoint version %d", v)
	}
	n := binary.LittleEndian.Uint64(data[8:])
	body := uint64(len(data) - streamsHeader)
	if body%32 != 0 || body/32 != n {
		return fmt.Errorf("rng: checkpoint of %d bytes does not hold %d chains", len(data), n)
	}
	t := newStreams(int(n))
	data = data[streamsHeader:]
	word := func(j, c int) uint32 {
		return binary.LittleEndian.Uint32(data[4*(j*int(n)+c):])
	}
	for j, w := range t.p {
		for c := range w {
			w[c] = word(j, c)
		}
	}
	for c := range t.key {
		t.key[c] = uint64(word(4, c)) | uint64(word(5, c))<<32
	}
	for c := range int(n) {
		pos := uint64(word(6, c)) | uint64(word(7, c))<<32
		if c == 0 {
			t.drawn = pos
		} else if pos != t.drawn {
			return fmt.Errorf("rng: checkpoint holds %d normal values drawn for chain %d and %d for chain 0", pos, c, t.drawn)
		}
		if t.primary(c) == (Stream{}) {
			return fmt.Errorf("rng: checkpoint holds an all-zero state for chain %d", c)
		}
	}
	*s = *t
	return nil
}
