package rng

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Streams holds the random state of a batch of n consecutive chains
// in structure-of-arrays form: eight slices of length n indexed by
// chain (see State), one for each word of the primary state, and the
// low and high words of each chain's secondary key and of its count of
// normal draws (Chain.Key and Chain.Pos) less the count that all chains
// share, drawn. Vector code can thus load the states of consecutive
// chains into the lanes of a register, and a fill advances every
// chain's count at once.
type Streams struct {
	p, q  [4][]uint32
	drawn uint64

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
	for c := range n {
		p, key := seedChain(seed, first+uint64(c))
		s.set(c, Chain{P: p, Key: key})
	}
	return s
}

func newStreams(n int) *Streams {
	// One allocation keeps a batch's state contiguous; the capacity
	// limits stop an append to one slice from spilling into the next.
	buf := make([]uint32, 8*n)
	var s Streams
	for j := range 4 {
		s.p[j] = buf[j*n : (j+1)*n : (j+1)*n]
		s.q[j] = buf[(4+j)*n : (5+j)*n : (5+j)*n]
	}
	return &s
}

func (s *Streams) set(c int, ch Chain) {
	p := ch.P
	s.p[0][c], s.p[1][c], s.p[2][c], s.p[3][c] = p.s0, p.s1, p.s2, p.s3
	s.q[0][c], s.q[1][c] = uint32(ch.Key), uint32(ch.Key>>32)
	pos := ch.Pos - s.drawn
	s.q[2][c], s.q[3][c] = uint32(pos), uint32(pos>>32)
}

// key returns the secondary key of chain c.
func (s *Streams) key(c int) uint64 {
	return uint64(s.q[0][c]) | uint64(s.q[1][c])<<32
}

// pos returns the number of normal values chain c has drawn.
func (s *Streams) pos(c int) uint64 {
	return s.drawn + (uint64(s.q[2][c]) | uint64(s.q[3][c])<<32)
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
// and their secondary words q (low and high words of the key, then of
// the count of normal draws less the shared count drawn), each of
// length s.Len(), and drawn. They
// share memory with s: writes through them change s. They exist for
// vector implementations of the fills, which must leave the states
// exactly as the generic code would.
func (s *Streams) State() (p, q [4][]uint32, drawn uint64) {
	return s.p, s.q, s.drawn
}

// Chain returns a copy of the state of the c-th chain of s; for s from
// NewStreams(seed, first, n) that is global chain first+c.
func (s *Streams) Chain(c int) Chain {
	return Chain{P: s.primary(c), Key: s.key(c), Pos: s.pos(c)}
}

// SetChain sets the state of the c-th chain of s to ch.
func (s *Streams) SetChain(c int, ch Chain) {
	s.set(c, ch)
}

// Checkpoint format, all little-endian:
//
//	magic   [4]byte "TRNG"
//	version uint32  1
//	n       uint64  number of chains
//	words   [8][n]uint32  P0, P1, P2, P3, Q0, Q1, Q2, Q3
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
	// The counts of normal draws are encoded whole, drawn included.
	lo, hi := make([]uint32, n), make([]uint32, n)
	for c := range n {
		pos := s.pos(c)
		lo[c], hi[c] = uint32(pos), uint32(pos>>32)
	}
	w := s.words()
	w[6], w[7] = lo, hi
	for _, words := range w {
		for _, v := range words {
			b = binary.LittleEndian.AppendUint32(b, v)
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
	for _, w := range t.words() {
		for c := range w {
			w[c] = binary.LittleEndian.Uint32(data)
			data = data[4:]
		}
	}
	for c := range int(n) {
		ch := t.Chain(c)
		if ch.P == (Stream{}) {
			return fmt.Errorf("rng: checkpoint holds an all-zero state for chain %d", c)
		}
	}
	*s = *t
	return nil
}

func (s *Streams) words() [8][]uint32 {
	return [8][]uint32{s.p[0], s.p[1], s.p[2], s.p[3], s.q[0], s.q[1], s.q[2], s.q[3]}
}
