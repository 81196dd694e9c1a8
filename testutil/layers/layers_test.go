package layers_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/atonomi/atonomid/testutil/layers"
)

// TestLayers checks every package of x/, devicekit and docs, with its tests,
// against the layering rule of package layers (docs/architecture.md).
func TestLayers(t *testing.T) {
	graph := importGraph(t)
	found := map[string]string{}
	nodes := make([]string, 0, len(graph))
	for n := range graph {
		nodes = append(nodes, n)
	}
	sort.Strings(nodes)
	for _, n := range nodes {
		rel, variant, ok := split(n)
		if !ok {
			continue
		}
		class := layers.Classify(rel)
		if class.Kind == layers.Other {
			continue
		}
		if class.Kind == layers.InModule {
			if _, ok := layers.Levels[class.Module]; !ok {
				t.Errorf("x/%s is not a layered module: add it to layers.Levels and docs/architecture.md", class.Module)
			}
		}
		switch variant {
		case "": // the package's own code
			walk(graph, n, class, false, found)
		case "[" + layers.Module + "/" + rel + ".test]": // with its tests
			walk(graph, n, class, class.Kind == layers.InModule, found)
		}
	}
	edges := make([]string, 0, len(found))
	for edge := range found {
		edges = append(edges, edge)
	}
	sort.Strings(edges)
	for _, edge := range edges {
		t.Errorf("%s: %s", edge, found[edge])
	}
}

// walk records in found every import reachable from start that the rule
// refuses to a package of class from; with harnessAllowed it neither checks
// nor follows the whole-app harnesses.
func walk(graph map[string][]string, start string, from layers.Class, harnessAllowed bool, found map[string]string) {
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		parent := queue[0]
		queue = queue[1:]
		importer := display(parent)
		for _, child := range graph[parent] {
			rel, _, ok := split(child)
			if !ok || seen[child] {
				continue
			}
			seen[child] = true
			if harnessAllowed && layers.IsHarness(rel) {
				continue
			}
			if why := layers.Check(from, rel); why != "" {
				edge := fmt.Sprintf("%s imports %s", importer, rel)
				if _, dup := found[edge]; !dup {
					found[edge] = fmt.Sprintf("%s (reached from %s)", why, display(start))
				}
				continue
			}
			queue = append(queue, child)
		}
	}
}

// split returns a package's path relative to layers.Module, without a
// "_test" suffix, and its test variant ("[p.test]" or ""); ok is false for
// packages outside the module and for generated test mains.
func split(node string) (rel, variant string, ok bool) {
	name, variant, _ := strings.Cut(node, " ")
	if strings.HasSuffix(name, ".test") {
		return "", "", false
	}
	rel, ok = strings.CutPrefix(name, layers.Module+"/")
	if !ok {
		return "", "", false
	}
	return strings.TrimSuffix(rel, "_test"), variant, true
}

// display names a package as the rule's messages do: its path relative to
// layers.Module, "_test" for an external test package, " (with its tests)"
// for a package compiled with its own test files.
func display(node string) string {
	name, variant, _ := strings.Cut(node, " ")
	rel := strings.TrimPrefix(name, layers.Module+"/")
	if variant == "["+name+".test]" {
		return rel + " (with its tests)"
	}
	return rel
}

// importGraph is `go list -deps -test` of the whole module: every package,
// test variants and external test packages included, with its imports.
func importGraph(t *testing.T) map[string][]string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("go", "list", "-deps", "-test", "-f", "{{.ImportPath}}{{range .Imports}}\t{{.}}{{end}}", layers.Module+"/...") //nolint:gosec // a fixed command line
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	graph := map[string][]string{}
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		graph[fields[0]] = fields[1:]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(graph) == 0 {
		t.Fatal("go list listed no packages")
	}
	return graph
}

// TestStandaloneLibrariesReachNoSDK lists everything the standalone
// libraries' own code reaches: no package of the Cosmos SDK.
func TestStandaloneLibrariesReachNoSDK(t *testing.T) {
	for _, lib := range layers.Standalone {
		var stdout, stderr bytes.Buffer
		cmd := exec.Command("go", "list", "-deps", layers.Module+"/"+lib+"/...") //nolint:gosec // a fixed command line
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("go list %s: %v\n%s", lib, err, stderr.String())
		}
		deps := strings.Fields(stdout.String())
		if len(deps) == 0 {
			t.Fatalf("go list listed nothing for %s", lib)
		}
		for _, dep := range deps {
			for _, sdk := range layers.SDKPrefixes {
				if strings.HasPrefix(dep, sdk) {
					t.Errorf("%s reaches %s: a standalone library imports nothing of the Cosmos SDK", lib, dep)
				}
			}
		}
	}
}

func TestCheck(t *testing.T) {
	device := layers.Class{Kind: layers.InModule, Module: "device"}
	token := layers.Class{Kind: layers.InModule, Module: "token"}
	manufacturer := layers.Class{Kind: layers.InModule, Module: "manufacturer"}
	internal := layers.Class{Kind: layers.Internal}
	library := layers.Class{Kind: layers.Library}
	cases := []struct {
		name string
		from layers.Class
		rel  string
		ok   bool
	}{
		{"a module imports a module below it", device, "x/token/types", true},
		{"a module imports its own packages", device, "x/device/keeper", true},
		{"a module imports x/internal", device, "x/internal/registry", true},
		{"a module imports a standalone library", device, "devicekit", true},
		{"a module does not import a module above it", token, "x/device/types", false},
		{"manufacturer and auditor do not import each other", manufacturer, "x/auditor/types", false},
		{"a module's code does not import the app", device, "app", false},
		{"x/internal imports another x/internal package", internal, "x/internal/pagination", true},
		{"x/internal imports no module", internal, "x/permission/types", false},
		{"a standalone library imports another", library, "docs", true},
		{"a standalone library imports no module", library, "x/device/types", false},
		{"a standalone library imports no x/internal package", library, "x/internal/canonical", false},
		{"a standalone library imports no testutil", library, "testutil", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			why := layers.Check(c.from, c.rel)
			if (why == "") != c.ok {
				t.Fatalf("Check(%+v, %q) = %q, want allowed %v", c.from, c.rel, why, c.ok)
			}
		})
	}
}
