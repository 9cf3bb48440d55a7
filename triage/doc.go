// Package triage triages customer complaints written in Chinese: given a
// complaint, an Engine decides its cause, severity, the customer's
// behaviour and every other axis the policy declares, chooses a handling
// strategy with deadlines and a rendered opening reply, and keeps the
// evidence that led there.
//
// An Engine is built on a compiled rules.Program: Default for the built-in
// Chinese policy, Load for policy files (the path "builtin" layers on the
// built-in policy), or New for a Program of one's own. Options configure
// the decision log, metrics, tracing and text limits, and are all checked
// by New.
//
// A Decision's JSON form is stable within SchemaVersion; its JSON Schema
// is decision.schema.json beside this package.
//
// # Concurrency
//
// An Engine and a Reloader are safe for concurrent use by multiple
// goroutines. A Decision belongs to its caller; TriageInto reuses one.
package triage
