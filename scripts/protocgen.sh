#!/usr/bin/env bash
# Regenerates the gogoproto, grpc-gateway and OpenAPI code from proto/ without
# any remote registry: the imported .proto files are copied out of the Go
# module cache, and the protoc plugins are the pinned `go install`ed ones
# (see the Makefile's proto-tools target).
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf build/gen build/openapi
source scripts/proto-deps.sh

buf generate --template buf.gen.yaml --path proto/atonomi

# gocosmos writes by Go import path; move the files into the module tree.
cp -r build/gen/github.com/atonomi/atonomid/* ./
# build/gen would otherwise be a second copy of the packages inside the module.
rm -rf build/gen
mkdir -p docs
cp build/openapi/atonomi.swagger.json docs/openapi.json
