// Package sysinfo tells how much memory and disk a run can have, so that
// runs too large for them are refused before they start.
package sysinfo

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrUnknown is returned where the system does not say.
var ErrUnknown = errors.New("sysinfo: not known on this system")

// AvailableMemory returns the bytes of memory a new process can use
// without swapping (Linux's MemAvailable).
func AvailableMemory() (uint64, error) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, ErrUnknown
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, ok := strings.Cut(s.Text(), ":")
		if !ok || k != "MemAvailable" {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return 0, ErrUnknown
		}
		return kb << 10, nil
	}
	return 0, ErrUnknown
}

// FreeDisk returns the bytes free to an unprivileged user on the file
// system that path is or would be on: the nearest existing directory at
// or above it.
func FreeDisk(path string) (uint64, error) {
	p, err := filepath.Abs(path)
	if err != nil {
		return 0, err
	}
	for {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return freeDisk(p)
		}
		up := filepath.Dir(p)
		if up == p {
			return 0, ErrUnknown
		}
		p = up
	}
}
