// Package lightproof verifies answers about Atonomi records against an
// AppHash that the caller already trusts (taken from a header it verified
// against the validators' signatures). It lets a gateway or a device act on
// a device record, a reputation or a manufacturer from any untrusted node,
// cache or relay.
//
// Like devicekit, it depends on nothing from the node: no app, no x/
// module and no Cosmos SDK package, only ics23 and CometBFT's proof types.
// That keeps it small enough for firmware toolchains. It builds the store
// keys of the layout contract (docs/light-clients.md) itself and decodes
// the proven protobuf values with its own readers.
//
// # What is verified
//
// A store read at height H returns a value and exactly two proof ops,
// committed in the AppHash of header H+1:
//
//   - "ics23:iavl": its key is the store key, its proof an ICS-23 existence
//     or non-existence proof up to the module store's root;
//   - "ics23:simple": its key is the store name, its proof the store root's
//     membership in the AppHash.
//
// VerifyEntry accepts exactly that and nothing else. The ops must be these
// two, in this order, with these types, bound to the requested key and
// store. Presence or absence is decided by the kind of the IAVL proof, never
// by the length of the value. An existence proof must carry the value that
// was served, and an absence proof must come with no value.
//
// The lookups (VerifyDevice, VerifyReputation, VerifyOwnerAggregate,
// VerifyManufacturer) build the key from what was asked. They then check
// that the decoded record is the one asked for (its own id, type or
// owner). A valid proof of some other key is refused.
//
// # What is not verified here
//
// Whether the AppHash is trustworthy, and whether it is fresh, is the
// caller's part: a proof that a device was active stays valid forever. The
// caller must take the AppHash from a header it verified, not older than
// it accepts.
package lightproof
