#!/usr/bin/env bash
# Regenerates the gogoproto, grpc-gateway and OpenAPI code from proto/ without
# any remote registry: the imported .proto files are copied out of the Go
# module cache, and the protoc plugins are the pinned `go install`ed ones
# (see the Makefile's proto-tools target).
set -euo pipefail
cd "$(dirname "$0")/.."

deps=build/proto-deps
rm -rf "$deps" build/gen build/openapi
mkdir -p "$deps"

# `go mod download -json <module>` fetches the version go.mod selects and
# prints its module-cache directory, even before go.sum is complete.
moddir() { go mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'; }

sdk=$(moddir github.com/cosmos/cosmos-sdk)
gogo=$(moddir github.com/cosmos/gogoproto)
cproto=$(moddir github.com/cosmos/cosmos-proto)
gw=$(moddir github.com/grpc-ecosystem/grpc-gateway)

copy() { # copy <src root> <relative path>
  mkdir -p "$deps/$(dirname "$2")"
  cp "$1/$2" "$deps/$2"
}
copy "$sdk/proto" cosmos/msg/v1/msg.proto
copy "$sdk/proto" cosmos/base/query/v1beta1/pagination.proto
copy "$sdk/proto" cosmos/base/v1beta1/coin.proto
copy "$sdk/proto" amino/amino.proto
copy "$gogo" gogoproto/gogo.proto
copy "$cproto/proto" cosmos_proto/cosmos.proto
copy "$gw/third_party/googleapis" google/api/annotations.proto
copy "$gw/third_party/googleapis" google/api/http.proto
chmod -R u+w "$deps"

buf generate --template buf.gen.yaml --path proto/atonomi

# gocosmos writes by Go import path; move the files into the module tree.
cp -r build/gen/github.com/atonomi/atonomid/* ./
# build/gen would otherwise be a second copy of the packages inside the module.
rm -rf build/gen
mkdir -p docs
cp build/openapi/atonomi.swagger.json docs/openapi.json
