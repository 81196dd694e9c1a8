package lightproof

import (
	"crypto/sha256"

	"github.com/atonomi/atonomid/devicekit"
)

// The module stores of the records this package proves (the <store> of
// the ABCI query path /store/<store>/key).
const (
	StoreDevice       = "device"
	StoreReputation   = "reputation"
	StoreManufacturer = "manufacturer"
	StorePayment      = "payment"
)

// Collection prefixes of the layout contract (docs/light-clients.md).
const (
	prefixDevices         = 0x01 // device: id → Device
	prefixKeyHashes       = 0x02 // device: key hash → 0x01
	prefixAggregates      = 0x02 // reputation: (id, type) → Aggregate
	prefixOwnerAggregates = 0x08 // reputation: (owner, type) → OwnerAggregate
	prefixManufacturers   = 0x00 // manufacturer: id → Manufacturer
	prefixNonces          = 0x01 // payment: id → uint64
)

// idNonTerminal is the length byte before a device id that is not the last
// part of a key.
const idNonTerminal = 0x20

// DeviceKey is the key of a device's record in store "device".
func DeviceKey(id devicekit.ID) []byte {
	return append([]byte{prefixDevices}, id[:]...)
}

// CredentialKey is the key of a credential's entry in store "device": it
// is present once a device registered the key, revoked or not.
func CredentialKey(keyType devicekit.KeyType, publicKey []byte) []byte {
	h := sha256.Sum256(append([]byte{byte(keyType)}, publicKey...))
	return append([]byte{prefixKeyHashes}, h[:]...)
}

// AggregateKey is the key of a device's aggregate in a reputation type, in
// store "reputation".
func AggregateKey(id devicekit.ID, reputationType string) []byte {
	key := append([]byte{prefixAggregates, idNonTerminal}, id[:]...)
	return append(key, reputationType...)
}

// OwnerAggregateKey is the key of an account's aggregate over the devices
// it owns, in a reputation type, in store "reputation". owner is the
// account's address bytes (at most 255).
func OwnerAggregateKey(owner []byte, reputationType string) []byte {
	key := append([]byte{prefixOwnerAggregates, byte(len(owner))}, owner...)
	return append(key, reputationType...)
}

// ManufacturerKey is the key of a manufacturer's record in store
// "manufacturer".
func ManufacturerKey(id string) []byte {
	return append([]byte{prefixManufacturers}, id...)
}

// NonceKey is the key of a device's next payment nonce in store "payment".
func NonceKey(id devicekit.ID) []byte {
	return append([]byte{prefixNonces}, id[:]...)
}
