package schedule_test

import (
	"fmt"
	"log"

	"github.com/thermoai/thermo/schedule"
)

// Anneal the temperature geometrically from kT = 3 to kT = 0.05 over a run
// of 1000 steps of dt = 0.01. Step s starts at t = s·dt on the run's clock,
// which ends at T = 10.
func Example_anneal() {
	kT, err := schedule.Parse("geometric:3:0.05")
	if err != nil {
		log.Fatal(err)
	}
	if err := kT.Check("kT"); err != nil {
		log.Fatal(err)
	}
	const steps, dt = 1000, 0.01
	T := steps * dt
	for _, s := range []int{0, 250, 500, 750, 999} {
		t := float64(s) * dt
		fmt.Printf("step %4d  t = %5.2f  kT = %.4f\n", s, t, kT.At(t, T))
	}
	fmt.Printf("end        t = %5.2f  kT = %.4f\n", T, kT.At(T, T))
	fmt.Println(kT)
	// Output:
	// step    0  t =  0.00  kT = 3.0000
	// step  250  t =  2.50  kT = 1.0779
	// step  500  t =  5.00  kT = 0.3873
	// step  750  t =  7.50  kT = 0.1392
	// step  999  t =  9.99  kT = 0.0502
	// end        t = 10.00  kT = 0.0500
	// geometric:3:0.05
}

// A time step that starts small while the chains leave their initial
// state, then grows: piecewise linear in absolute simulated time, held at
// 0.02 after t = 5.
func Example_points() {
	dt, err := schedule.Parse("points:0=0.005,5=0.02")
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range []float64{0, 2.5, 5, 8} {
		fmt.Printf("t = %3.1f  dt = %g\n", t, dt.At(t, 10))
	}
	// Output:
	// t = 0.0  dt = 0.005
	// t = 2.5  dt = 0.0125
	// t = 5.0  dt = 0.02
	// t = 8.0  dt = 0.02
}
