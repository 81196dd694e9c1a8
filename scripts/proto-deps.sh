# Copies the .proto files that proto/ imports out of the Go module cache into
# build/proto-deps (the second module of buf.yaml's local workspace), so
# that buf needs no remote registry. Source it from the repository root.

deps=build/proto-deps
rm -rf "$deps"
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
