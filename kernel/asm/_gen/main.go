// Command _gen writes the amd64 layer kernels of package asm, the layer
// products (product_amd64.s), the outer products of the weight gradient
// (outer_amd64.s) and the bias and tanh of an activation (act_amd64.s),
// with the Go declarations of each file's functions
// (product_stubs_amd64.go, outer_stubs_amd64.go, act_stubs_amd64.go).
//
// The kernels repeat over precision, vector width and variant; the
// generator writes each from one description in Go. Run it from
// kernel/asm with go generate, which runs
//
//	go run -C _gen . -out ..
//
// The exported wrappers of the kernels, and their registration with
// package isa, are hand-written Go in kernel/asm.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/pass"
	"github.com/mmcloughlin/avo/printer"
)

// command is the command that writes the files, named in their header.
var command = []string{"go", "run", "-C", "_gen", ".", "-out", ".."}

// constraint is the build constraint of every file written: the assembly
// kernels build with the gc toolchain unless purego or noasm is set.
const constraint = "gc,!purego,!noasm"

// files lists the files written: the assembly file name.s and the stubs
// name_stubs.go, with _amd64 before the extension, and the function that
// describes the file's kernels.
var files = []struct {
	name string
	gen  func()
}{
	{"product", products},
	{"outer", outers},
	{"act", tanhs},
}

func main() {
	// The avo build package defines its own flags on the default set,
	// for programs that write one file.
	fs := flag.NewFlagSet(os.Args[0], flag.ExitOnError)
	out := fs.String("out", "..", "directory to write the files to (kernel/asm)")
	fs.Parse(os.Args[1:])
	for _, f := range files {
		if err := generate(*out, f.name, f.gen); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", f.name, err)
			os.Exit(1)
		}
	}
}

// generate runs gen in a new context and writes its assembly and stubs to
// dir.
func generate(dir, name string, gen func()) error {
	a = build.NewContext()
	a.ConstraintExpr(constraint)
	gen()
	f, err := a.Result()
	if err != nil {
		return err
	}
	if err := pass.Compile.Execute(f); err != nil {
		return err
	}
	cfg := printer.Config{Argv: command, Pkg: "asm"}
	outputs := []struct {
		path string
		p    printer.Printer
	}{
		{name + "_amd64.s", printer.NewGoAsm(cfg)},
		{name + "_stubs_amd64.go", printer.NewStubs(cfg)},
	}
	for _, o := range outputs {
		b, err := o.p.Print(f)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, o.path)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
			continue
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
