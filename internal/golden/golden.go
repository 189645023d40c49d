// Package golden keeps files of named SHA-256 digests that tests pin:
// one "name digest" per line, comments after '#'. Changing a pinned
// digest breaks the reproducibility of what users computed; a test
// rewrites its file only when asked (-update).
package golden

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// Check compares the digests got, in the order of keys, with those of
// the file at path, reporting every missing, changed or extra one; with
// update it writes them to the file instead, under the comment header.
func Check(t testing.TB, path, header string, keys []string, got map[string]string, update bool) {
	t.Helper()
	if update {
		var sb strings.Builder
		sb.WriteString("# " + header + "\n")
		for _, k := range keys {
			fmt.Fprintf(&sb, "%s %s\n", k, got[k])
		}
		if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	want := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			t.Fatalf("%s: malformed line %q", path, line)
		}
		want[f[0]] = f[1]
	}
	for _, k := range keys {
		switch w, ok := want[k]; {
		case !ok:
			t.Errorf("%s: no golden digest (run with -update)", k)
		case w != got[k]:
			t.Errorf("%s: digest %.16s, golden %.16s", k, got[k], w)
		}
	}
	if len(want) != len(keys) {
		t.Errorf("%s holds %d digests, the test computes %d", path, len(want), len(keys))
	}
}
