package isa

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, name := range []string{"generic", "AVX2", "avx512", "neon"} {
		i, err := Parse(name)
		if err != nil || !strings.EqualFold(i.String(), name) {
			t.Errorf("Parse(%q) = %v, %v", name, i, err)
		}
	}
	if _, err := Parse("sse9"); err == nil || !strings.Contains(err.Error(), "sse9") {
		t.Errorf("Parse(sse9): %v", err)
	}
}

func TestEnvSetting(t *testing.T) {
	defer resolve()
	t.Setenv("THERMO_ISA", "generic")
	resolve()
	if Current() != Generic || EnvError() != nil {
		t.Errorf("THERMO_ISA=generic: current %v, error %v", Current(), EnvError())
	}
	t.Setenv("THERMO_ISA", "bogus")
	resolve()
	if err := EnvError(); err == nil || !strings.Contains(err.Error(), "THERMO_ISA") {
		t.Errorf("THERMO_ISA=bogus: error %v", err)
	}
	// A path of another architecture is refused with the reason.
	other := "neon"
	if Check(NEON) == nil {
		other = "avx2"
	}
	t.Setenv("THERMO_ISA", other)
	resolve()
	if err := EnvError(); err == nil || !strings.Contains(err.Error(), other) {
		t.Errorf("THERMO_ISA=%s: error %v", other, err)
	}
}

func TestForFallsBack(t *testing.T) {
	Register(Generic, "test/family")
	if got := For("test/family"); got != Generic {
		t.Errorf("For(test/family) = %v, want generic", got)
	}
	for _, i := range Available() {
		restore := Force(i)
		if Current() != i {
			t.Errorf("Force(%v): current %v", i, Current())
		}
		if got := For("test/family"); got != Generic {
			t.Errorf("under %v a generic-only family runs %v", i, got)
		}
		restore()
	}
	defer func() {
		if recover() == nil {
			t.Error("Force of an unusable path did not panic")
		}
	}()
	Force(ISA(99))
}
