package devicekit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// IDSize is the length in bytes of a device id.
const IDSize = 32

// ErrInvalidID is returned when a textual device id is malformed.
var ErrInvalidID = errors.New("devicekit: invalid device id")

// ErrNonCanonicalID is returned for a device id written with upper-case hex
// digits. It wraps ErrInvalidID: an id has one text form, so that two
// spellings can never stand for one device where ids are compared as text.
var ErrNonCanonicalID = fmt.Errorf("%w: not canonical: use lower case", ErrInvalidID)

// ID is a device id: SHA-256(salt || serial). The salt keeps raw serial
// numbers off the public chain while keeping the id reproducible by the
// manufacturer.
type ID [IDSize]byte

// DeviceID derives the id of the device with the given manufacturer salt and
// serial number.
func DeviceID(salt, serial []byte) ID {
	h := sha256.New()
	h.Write(salt)
	h.Write(serial)
	var id ID
	h.Sum(id[:0])
	return id
}

// String returns the id as 64 lowercase hexadecimal characters, the only
// textual form the chain stores.
func (id ID) String() string {
	return hex.EncodeToString(id[:])
}

// ParseID parses a device id written as exactly 64 lower-case hexadecimal
// characters, the form String produces, and nothing else: no upper-case
// digits (ErrNonCanonicalID), no 0x prefix, no whitespace, no other length.
func ParseID(s string) (ID, error) {
	var id ID
	if len(s) != 2*IDSize {
		return id, fmt.Errorf("%w: want %d lower-case hex characters, got %d", ErrInvalidID, 2*IDSize, len(s))
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return ID{}, fmt.Errorf("%w: %v", ErrInvalidID, err) //nolint:errorlint // devicekit's errors wrap only its own sentinels; the parser's error is detail
	}
	if id.String() != s {
		return ID{}, fmt.Errorf("%w: %q", ErrNonCanonicalID, s)
	}
	return id, nil
}

// MarshalText implements encoding.TextMarshaler so ids appear as lowercase
// hex in JSON and YAML.
func (id ID) MarshalText() ([]byte, error) {
	return []byte(id.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with the rules of ParseID.
func (id *ID) UnmarshalText(text []byte) error {
	parsed, err := ParseID(string(text))
	if err != nil {
		return err
	}
	*id = parsed
	return nil
}
