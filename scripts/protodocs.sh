#!/usr/bin/env bash
# Writes docs/api-reference.md, the protobuf API reference, from the comments
# in proto/atonomi with protoc-gen-doc (the Makefile's proto-docs target
# installs it). It only reads the .proto files; the generated Go code and
# docs/openapi.json are scripts/protocgen.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf build/api-docs
source scripts/proto-deps.sh
buf generate --template buf.gen.docs.yaml --path proto/atonomi
mkdir -p docs
cp build/api-docs/api-reference.md docs/api-reference.md
