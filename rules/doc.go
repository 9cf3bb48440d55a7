// Package rules reads, checks and compiles complaint-triage policies
// written in YAML (rule format v1).
//
// Work goes in three steps, in the manner of expr and cel-go:
//
//   - Parse and Load read policy files into a Policy: the policy as
//     written, plain exported data with a Position for everything that can
//     be wrong. Several files form one policy in order, a later file
//     layering on earlier ones.
//   - Compile resolves every name the policy uses (lexicon references,
//     macros, functions, axis values, calendars, regulator clocks, reply
//     placeholders), type-checks each when expression against Env (rules)
//     or StrategyEnv (strategies), applies layering, and builds one
//     automaton over every term. The result is a Program: opaque and
//     immutable.
//   - Program.Evaluate runs the rules on one complaint, keeping its state
//     in a caller-owned Evaluation; Program.ChooseStrategy picks the first
//     strategy whose when holds for the decided axes. The triage package
//     does the voting, rendering and deadlines on top.
//
// Mistakes are *Error values with file, line, column and a stable Code
// (errors.Is matches a Code); every one is reported at once as an Errors
// value. Lint adds warnings and checks inline examples.
//
// # Taxonomy
//
// The three axes of the seeds (cause, severity, behaviour) are declared
// by default; a policy may declare more under axes: and rules vote on any
// of them with vote: {AXIS: VALUE}. Program.Axes lists the taxonomy;
// every tool derives from it.
//
// # Scope
//
// A match list may hold, beside terms and $lexicon references, near items
// ({near: [A, B], within: N}, {then: [A, B], within: N, scope: sentence};
// see Near): A and B at most N characters apart, optionally in order and in
// one clause or sentence. A rule with exclude_praised does not count
// praised occurrences (快递很快), as by default it does not count negated
// ones. Both are computed from the one scan's matches and their
// classify.Place.
// # Match items
//
// Besides terms and $lexicon references, a match list may hold regular
// expressions (/退款.{0,8}没到账/: RE2 on the folded text, each with a
// required literal of two or more characters that goes into the automaton
// and decides where the expression runs) and number items (@money,
// @duration, @quantity: numbers with a unit or currency, whose largest
// amount and longest duration when expressions read as max_amount and
// max_duration). A rule with asserted_only counts only occurrences stated
// as a fact (classify.ModalityAt); one with exclude_modality leaves out
// just the modalities it lists (hypothetical, question, reported, quoted,
// figurative). An axis may aggregate its votes per
// value by sum (the default), max or a capped sum (Axis.Accumulate); count
// a rule's vote once per distinct finding among its hits, up to a limit
// (distinct_terms, Axis.Vote); measure confidence over every tier rather
// than the deciding one (confidence: all); and set its own review
// threshold (min_confidence).
//
// # Configuration
//
// Options (WithLimits, WithFunction, WithCalendar, WithClock) configure
// Parse, Load, Compile and Lint alike; there is no package-level mutable
// state.
//
// # Concurrency
//
// A Program is safe for concurrent use by multiple goroutines. A Policy is
// plain data: do not change it while Compile reads it. An Evaluation
// belongs to one goroutine at a time.
package rules
