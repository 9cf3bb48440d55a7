//go:build race

package main

// raceEnabled reports a -race build, where timings mean nothing.
const raceEnabled = true
