package sysinfo

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestSizes(t *testing.T) {
	m, err := AvailableMemory()
	if err != nil && !errors.Is(err, ErrUnknown) {
		t.Fatal(err)
	}
	if err == nil && m < 1<<20 {
		t.Errorf("%d bytes of memory available", m)
	}
	dir := t.TempDir()
	a, err := FreeDisk(dir)
	if errors.Is(err, ErrUnknown) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	// A directory that does not exist yet is on its parent's file system.
	b, err := FreeDisk(filepath.Join(dir, "not", "yet"))
	if err != nil || b == 0 || a == 0 {
		t.Errorf("free: %d and %d bytes (%v)", a, b, err)
	}
}
