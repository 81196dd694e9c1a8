# atonomid — build, test and run the Atonomi chain.
#
# The two commands a newcomer needs:
#   make demo   build, start a single-node chain in build/demo and walk it
#   make test   unit, keeper and in-process network tests

BINDIR     ?= build
BINARY     := $(BINDIR)/atonomid
GOBIN      ?= $(shell go env GOPATH)/bin
VERSION    ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT     ?= $(shell git rev-parse HEAD 2>/dev/null)
SDK        := github.com/cosmos/cosmos-sdk/version
LDFLAGS    := -X $(SDK).Name=atonomi -X $(SDK).AppName=atonomid -X $(SDK).Version=$(VERSION) -X $(SDK).Commit=$(COMMIT)

# Pinned protobuf tool versions (installed with `go install`, no registry needed).
BUF_VERSION          := v1.75.0
GOGOPROTO_VERSION    := v1.7.2
GRPC_GATEWAY_VERSION := v1.16.0
OPENAPIV2_VERSION    := v2.29.0
PROTOC_GEN_DOC_VERSION := v1.5.1
# Pinned linter (installed with `go install` by lint-tools; .golangci.yml configures it).
GOLANGCI_LINT_VERSION := v2.15.0

export PATH := $(GOBIN):$(PATH)

.PHONY: all build install test test-race lint lint-tools fuzz bench sim-long proto-tools proto-gen proto-gen-ts proto-check proto-check-ts proto-docs \
        localnet-start localnet-stop localnet-status localnet-faults demo guides load clean

all: build

build:
	go build -ldflags '$(LDFLAGS)' -o $(BINARY) ./cmd/atonomid

install:
	go install -ldflags '$(LDFLAGS)' ./cmd/atonomid

# Unit, keeper and in-process network tests, and the short simulation
# (app/sim_test.go: 25 blocks, one seed). `-p 1` keeps the network tests
# (each starts validators in-process) from competing for the 2 cores.
test:
	go test -p 1 -timeout 25m -count=1 ./...

# The long simulation (docs/simulation.md): every simulation test over
# SIM_BLOCKS blocks of up to SIM_BLOCK_SIZE operations for each of SIM_SEEDS,
# the determinism test running each seed three times. A seed the SDK skips
# (every validator tombstoned: "empty validator set") fails the target, so a
# skip is never read as a pass; the whole log is in build/sim-long.log.
SIM_SEEDS      ?= 1,7
SIM_BLOCKS     ?= 500
SIM_BLOCK_SIZE ?= 50
SIM_TIMEOUT    ?= 3h
sim-long:
	@mkdir -p $(BINDIR)
	@go test ./app/ -count=1 -v -timeout $(SIM_TIMEOUT) \
	  -run 'TestFullAppSimulation|TestAppImportExport|TestAppSimulationAfterImport|TestAppStateDeterminism' \
	  -NumBlocks=$(SIM_BLOCKS) -BlockSize=$(SIM_BLOCK_SIZE) -SimSeeds=$(SIM_SEEDS) -SimRuns=3 \
	  >$(BINDIR)/sim-long.log 2>&1; rc=$$?; \
	  grep -E '^ *--- (PASS|FAIL|SKIP)|^(ok|FAIL)[[:space:]]' $(BINDIR)/sim-long.log; \
	  if grep -q -- '--- SKIP' $(BINDIR)/sim-long.log; then echo "a seed was skipped (see docs/simulation.md): choose other SIM_SEEDS"; exit 1; fi; \
	  exit $$rc

# The benchmarks docs/benchmarks.md records.
bench:
	go test ./devicekit/ -run '^$$' -bench Verify -benchtime 2s
	go test ./x/device/keeper/ -run '^$$' -bench . -benchtime 20x
	go test ./x/reputation/keeper/ ./x/token/keeper/ ./x/payment/keeper/ -run '^$$' -bench . -benchtime 20x

# Runs every fuzz target for FUZZTIME each (their seeds also run in `make test`).
FUZZTIME ?= 30s
# Every package with a fuzz target, so a new target is run without editing this list.
FUZZ_PACKAGES = $(shell git grep -l '^func Fuzz' -- '*_test.go' | xargs -n1 dirname | sort -u | sed 's|^|./|')
fuzz:
	@for pkg in $(FUZZ_PACKAGES); do \
	  for target in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$target"; \
	    go test $$pkg -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 200x || exit 1; \
	  done; \
	done

# gofmt and goimports, go vet and the linters .golangci.yml enables
# (generated code and clients/ excluded). `-j 2`: the 2 cores.
lint: lint-tools
	golangci-lint run -j 2 ./...

lint-tools:
	@command -v golangci-lint >/dev/null && golangci-lint version 2>/dev/null | grep -q 'version $(GOLANGCI_LINT_VERSION:v%=%) ' || \
	  go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

proto-tools:
	@command -v buf >/dev/null && buf --version | grep -q $(BUF_VERSION:v%=%) || go install github.com/bufbuild/buf/cmd/buf@$(BUF_VERSION)
	go install github.com/cosmos/gogoproto/protoc-gen-gocosmos@$(GOGOPROTO_VERSION)
	go install github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway@$(GRPC_GATEWAY_VERSION)
	go install github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2@$(OPENAPIV2_VERSION)

proto-gen: proto-tools
	./scripts/protocgen.sh

# The TypeScript client's protobuf code (clients/ts/src/generated) from proto/,
# with the ts-proto that clients/ts/package-lock.json pins (needs node and npm).
proto-gen-ts: proto-tools
	./scripts/protocgen-ts.sh

# Runs every command of the guides (docs/*-guide.md, docs/operators.md) on a
# fresh single-node chain in build/guide, and stops it.
guides: build
	LOCALNET_PORT_OFFSET=$${LOCALNET_PORT_OFFSET:-3000} ./scripts/guides.sh

# docs/api-reference.md from the .proto comments (reads proto/, writes only that file).
proto-docs: proto-tools
	go install github.com/pseudomuto/protoc-gen-doc/cmd/protoc-gen-doc@$(PROTOC_GEN_DOC_VERSION)
	./scripts/protodocs.sh

# Fails when the committed generated code (or API reference) differs from what proto/ generates.
proto-check: proto-gen proto-docs
	@git diff --exit-code -- '*.pb.go' '*.pb.gw.go' docs/openapi.json docs/api-reference.md || \
	  (echo "generated code is stale: run 'make proto-gen' and commit"; exit 1)
	@test -z "$$(git status --porcelain -- '*.pb.go' '*.pb.gw.go')" || \
	  (echo "untracked generated files: run 'make proto-gen' and commit"; git status --porcelain -- '*.pb.go' '*.pb.gw.go'; exit 1)
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory proto-check-ts; \
	else echo "node and npm not found: the TypeScript client (clients/ts) is not checked"; fi

# Fails when clients/ts/src/generated differs from what proto/ generates.
proto-check-ts: proto-gen-ts
	@git diff --exit-code -- clients/ts/src/generated || \
	  (echo "generated TypeScript is stale: run 'make proto-gen-ts' and commit"; exit 1)
	@test -z "$$(git status --porcelain -- clients/ts/src/generated)" || \
	  (echo "untracked generated TypeScript: run 'make proto-gen-ts' and commit"; git status --porcelain -- clients/ts/src/generated; exit 1)

# A 4-validator network of separate processes on 127.0.0.1 (build/localnet).
localnet-start: build
	./scripts/localnet.sh start

localnet-stop:
	./scripts/localnet.sh stop

localnet-status:
	./scripts/localnet.sh status

# Fault drill (not part of `make test`): a fresh 4-validator network in
# build/faultnet, ports offset by 1000; stops, kills and restarts validators
# while a client registers devices. See docs/security.md.
localnet-faults: build
	./scripts/localnet-faults.sh

# A single-node chain in build/demo, walked through its features step by step.
demo: build
	./scripts/demo.sh

# A fresh 4-validator network in build/loadnet (ports +2000), the load
# generator in each mode against it, the reports, and the network stopped.
# LOAD_MODES, LOAD_DURATION and LOAD_ARGS shape the run (scripts/load.sh).
load: build
	./scripts/load.sh

clean:
	rm -rf $(BINDIR)
