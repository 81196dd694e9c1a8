package devicekit

import (
	"errors"
	"fmt"
)

// KeyType identifies a device signature scheme. Its numeric value is the
// one-byte code used on the wire (in Merkle leaves), so the values must never
// be renumbered.
type KeyType uint8

// Supported key types. The zero value is deliberately not a valid key type so
// that an unset field is caught rather than silently meaning secp256k1.
const (
	// Secp256k1 is ECDSA on secp256k1 with SHA-256 and low-S signatures.
	Secp256k1 KeyType = 1
	// Ed25519 is RFC 8032 Ed25519.
	Ed25519 KeyType = 2
	// Secp256r1 is ECDSA on NIST P-256 with SHA-256 and low-S signatures.
	Secp256r1 KeyType = 3
	// Mldsa65 is FIPS 204 ML-DSA-65 with an empty context string.
	Mldsa65 KeyType = 4
)

// Public key and signature sizes in bytes.
const (
	// Secp256k1PublicKeySize is the size of a compressed SEC1 secp256k1 point.
	Secp256k1PublicKeySize = 33
	// Ed25519PublicKeySize is the size of an RFC 8032 Ed25519 public key.
	Ed25519PublicKeySize = 32
	// Secp256r1PublicKeySize is the size of a compressed SEC1 P-256 point.
	Secp256r1PublicKeySize = 33
	// Mldsa65PublicKeySize is the size of a FIPS 204 ML-DSA-65 public key.
	Mldsa65PublicKeySize = 1952

	// ECDSASignatureSize is the size of an r || s secp256k1 or secp256r1
	// signature.
	ECDSASignatureSize = 64
	// Ed25519SignatureSize is the size of an RFC 8032 Ed25519 signature.
	Ed25519SignatureSize = 64
	// Mldsa65SignatureSize is the size of a FIPS 204 ML-DSA-65 signature.
	Mldsa65SignatureSize = 3309
)

// ErrUnknownKeyType is returned for a key type name or code this package
// does not support.
var ErrUnknownKeyType = errors.New("devicekit: unknown key type")

var keyTypeNames = map[KeyType]string{
	Secp256k1: "secp256k1",
	Ed25519:   "ed25519",
	Secp256r1: "secp256r1",
	Mldsa65:   "mldsa65",
}

// KeyTypes returns all supported key types in code order.
func KeyTypes() []KeyType {
	return []KeyType{Secp256k1, Ed25519, Secp256r1, Mldsa65}
}

// Valid reports whether kt is a supported key type.
func (kt KeyType) Valid() bool {
	_, ok := keyTypeNames[kt]
	return ok
}

// String returns the canonical name of the key type ("secp256k1", "ed25519",
// "secp256r1", "mldsa65"), or "unknown(N)" for an unsupported value.
func (kt KeyType) String() string {
	if name, ok := keyTypeNames[kt]; ok {
		return name
	}
	return fmt.Sprintf("unknown(%d)", uint8(kt))
}

// Code returns the one-byte wire code of the key type.
func (kt KeyType) Code() byte {
	return byte(kt)
}

// PublicKeySize returns the public key size of the key type in bytes, or 0
// for an unsupported key type.
func (kt KeyType) PublicKeySize() int {
	switch kt {
	case Secp256k1:
		return Secp256k1PublicKeySize
	case Ed25519:
		return Ed25519PublicKeySize
	case Secp256r1:
		return Secp256r1PublicKeySize
	case Mldsa65:
		return Mldsa65PublicKeySize
	default:
		return 0
	}
}

// SignatureSize returns the signature size of the key type in bytes, or 0
// for an unsupported key type.
func (kt KeyType) SignatureSize() int {
	switch kt {
	case Secp256k1, Secp256r1:
		return ECDSASignatureSize
	case Ed25519:
		return Ed25519SignatureSize
	case Mldsa65:
		return Mldsa65SignatureSize
	default:
		return 0
	}
}

// ParseKeyType parses a canonical key type name as returned by String. Names
// are matched exactly (lower case) because they are part of the wire
// contract, and a lenient parser would let two spellings of one type exist.
func ParseKeyType(s string) (KeyType, error) {
	for kt, name := range keyTypeNames {
		if name == s {
			return kt, nil
		}
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownKeyType, s)
}

// KeyTypeFromCode returns the key type with the given wire code.
func KeyTypeFromCode(code byte) (KeyType, error) {
	kt := KeyType(code)
	if !kt.Valid() {
		return 0, fmt.Errorf("%w: code %d", ErrUnknownKeyType, code)
	}
	return kt, nil
}

// MarshalText implements encoding.TextMarshaler using the canonical name.
func (kt KeyType) MarshalText() ([]byte, error) {
	if !kt.Valid() {
		return nil, fmt.Errorf("%w: code %d", ErrUnknownKeyType, uint8(kt))
	}
	return []byte(kt.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with the rules of
// ParseKeyType.
func (kt *KeyType) UnmarshalText(text []byte) error {
	parsed, err := ParseKeyType(string(text))
	if err != nil {
		return err
	}
	*kt = parsed
	return nil
}
