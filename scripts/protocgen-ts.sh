#!/usr/bin/env bash
# Regenerates the TypeScript client's protobuf code (clients/ts/src/generated)
# from proto/atonomi with ts-proto, offline: buf reads the same local
# workspace as scripts/protocgen.sh (imports copied out of the Go module
# cache), and the plugin is the ts-proto that clients/ts/package-lock.json
# pins, installed by `npm ci` when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

ts=clients/ts
# `npm ls` fails when ts-proto is missing or is not the pinned version.
if ! (cd "$ts" && npm ls ts-proto >/dev/null 2>&1); then
  (cd "$ts" && npm ci --ignore-scripts --no-audit --no-fund)
fi

rm -rf build/ts-gen
source scripts/proto-deps.sh
buf generate --template buf.gen.ts.yaml --path proto/atonomi
node "$ts/scripts/copy-generated.mjs" build/ts-gen "$ts/src/generated"
rm -rf build/ts-gen
