package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/thermoai/thermo"
	"github.com/thermoai/thermo/kernel"
)

func infoCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("info", "info", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	brand, features := kernel.CPUFeatures()
	var avail []string
	for _, i := range kernel.Available() {
		avail = append(avail, i.String())
	}
	fmt.Fprintf(stdout, "thermo %s, %s %s/%s, %d cores\n", thermo.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Fprintf(stdout, "cpu:        %s\n", brand)
	fmt.Fprintf(stdout, "features:   %s\n", strings.Join(features, " "))
	fmt.Fprintf(stdout, "paths:      %s (usable here; THERMO_ISA forces one)\n", strings.Join(avail, ", "))
	if err := kernel.EnvError(); err != nil {
		fmt.Fprintf(stdout, "THERMO_ISA: refused: %v\n", err)
	}
	fmt.Fprintf(stdout, "path:       %s\n", kernel.Current())
	fmt.Fprintf(stdout, "kernels:\n")
	for _, f := range kernel.Families() {
		fmt.Fprintf(stdout, "  %-12s %s\n", f, kernel.PathFor(f))
	}
	return nil
}
