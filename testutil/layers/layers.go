// Package layers states which of atonomid's packages may import which, the
// rule docs/architecture.md explains; its test checks the whole tree
// against it with `go list -deps -test`.
//
// The modules are layered, each above the ones it builds on:
//
//	permission ← token ← manufacturer, auditor ← device ← reputation ← payment
//
// A package of x/<m> (keeper, types, client, simulation, and their tests)
// may reach, directly or through any other package, only x/<m> itself, the
// modules below m, x/internal/* and the standalone libraries. Manufacturer
// and auditor share a layer and so never reach each other.
//
// x/internal/* may be imported by any module and reaches no module.
// The standalone libraries (devicekit, lightproof, docs) reach no package
// of x/, app, cmd or testutil, in their tests neither, and their own code
// reaches no package of the Cosmos SDK (SDKPrefixes): firmware toolchains
// and gateways vendor them.
//
// One exception, for tests only: a module's tests may import the packages
// that build the whole app (Harnesses): in-process network tests and
// whole-app tests of a module use every module by design. What such a test
// reaches through a harness is not checked; what it imports otherwise is.
package layers

import (
	"fmt"
	"strings"
)

// Module is the Go module path of atonomid.
const Module = "github.com/atonomi/atonomid"

// Levels places each module in its layer: a module may reach the modules of
// a lower level, never one of its own level (but itself) or above.
var Levels = map[string]int{
	"permission":   0,
	"token":        1,
	"manufacturer": 2,
	"auditor":      2,
	"device":       3,
	"reputation":   4,
	"payment":      5,
}

// Harnesses are the packages that build the whole app, which a module's
// tests (and only they) may import.
var Harnesses = []string{"app", "testutil/apptest", "testutil/network"}

// Standalone are the libraries beside the modules that reach none of them.
var Standalone = []string{"devicekit", "lightproof", "docs"}

// SDKPrefixes are the import paths of the Cosmos SDK, which the standalone
// libraries' code never reaches.
var SDKPrefixes = []string{"github.com/cosmos/cosmos-sdk", "cosmossdk.io/"}

// Kind is what a package is to the layering rule.
type Kind int

const (
	// Other packages (app, cmd, testutil) are not layered themselves.
	Other Kind = iota
	// InModule packages are under x/<module>.
	InModule
	// Internal packages are under x/internal.
	Internal
	// Library packages are the standalone libraries.
	Library
)

// Class is a package's kind and, for a module's package, its module.
type Class struct {
	Kind   Kind
	Module string
}

// Classify returns the class of a package given by its path relative to
// Module, with any " [p.test]" variant suffix and "_test" package suffix
// removed.
func Classify(rel string) Class {
	first, rest, _ := strings.Cut(rel, "/")
	switch {
	case first == "x" && (rest == "internal" || strings.HasPrefix(rest, "internal/")):
		return Class{Kind: Internal}
	case first == "x":
		m, _, _ := strings.Cut(rest, "/")
		return Class{Kind: InModule, Module: m}
	}
	for _, lib := range Standalone {
		if first == lib {
			return Class{Kind: Library}
		}
	}
	return Class{Kind: Other}
}

// IsHarness reports whether rel is one of the Harnesses.
func IsHarness(rel string) bool {
	for _, h := range Harnesses {
		if rel == h {
			return true
		}
	}
	return false
}

// Check returns why a package of class from may not reach the package rel,
// or "" when it may.
func Check(from Class, rel string) string {
	to := Classify(rel)
	first, _, _ := strings.Cut(rel, "/")
	switch from.Kind {
	case InModule:
		switch {
		case to.Kind == InModule && to.Module != from.Module:
			lf, okf := Levels[from.Module]
			lt, okt := Levels[to.Module]
			switch {
			case !okf:
				return fmt.Sprintf("x/%s is not a layered module (add it to layers.Levels)", from.Module)
			case !okt:
				return fmt.Sprintf("x/%s is not a layered module (add it to layers.Levels)", to.Module)
			case lt == lf:
				return fmt.Sprintf("x/%s and x/%s share a layer and may not import each other", from.Module, to.Module)
			case lt > lf:
				return fmt.Sprintf("x/%s is above x/%s", to.Module, from.Module)
			}
		case first == "app" || first == "cmd":
			return fmt.Sprintf("a module's code does not import %s (only its tests may import %s)", first, strings.Join(Harnesses, ", "))
		}
	case Internal:
		switch {
		case to.Kind == InModule:
			return "x/internal imports no module"
		case first == "app" || first == "cmd":
			return fmt.Sprintf("x/internal does not import %s", first)
		}
	case Library:
		if to.Kind != Library {
			return "a standalone library imports no other package of atonomid (x/, app, cmd, testutil)"
		}
	}
	return ""
}
