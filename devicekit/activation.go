package devicekit

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
)

// ActivationDomain is the 21-byte ASCII prefix of every activation message.
// It separates activation signatures from any other use of a device key and
// carries a version for future formats.
const ActivationDomain = "atonomi-activation-v1"

// Errors returned by ActivationSignBytes.
var (
	// ErrInvalidChainID is returned for an empty, over-long or non-UTF-8
	// chain id.
	ErrInvalidChainID = errors.New("devicekit: invalid chain id")
	// ErrInvalidOwner is returned for an empty or over-long owner address.
	ErrInvalidOwner = errors.New("devicekit: invalid owner address")
)

// ActivationSignBytes returns the activation message M that a device signs to
// hand itself to owner on the chain chainID:
//
//	"atonomi-activation-v1" || u16be(len(chainID)) || chainID ||
//	id (32 bytes) || u16be(len(owner)) || owner
//
// owner is the raw account address (for example the 20 bytes behind a bech32
// address), not its text form, so that the message does not depend on the
// chain's bech32 prefix. Both variable fields must be 1..65535 bytes long;
// the length prefixes make the encoding unambiguous.
func ActivationSignBytes(chainID string, id ID, owner []byte) ([]byte, error) {
	if len(chainID) == 0 || len(chainID) > math.MaxUint16 {
		return nil, fmt.Errorf("%w: length %d, want 1..%d", ErrInvalidChainID, len(chainID), math.MaxUint16)
	}
	if !utf8.ValidString(chainID) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrInvalidChainID)
	}
	if len(owner) == 0 || len(owner) > math.MaxUint16 {
		return nil, fmt.Errorf("%w: length %d, want 1..%d", ErrInvalidOwner, len(owner), math.MaxUint16)
	}

	m := make([]byte, 0, len(ActivationDomain)+2+len(chainID)+IDSize+2+len(owner))
	m = append(m, ActivationDomain...)
	m = binary.BigEndian.AppendUint16(m, uint16(len(chainID)))
	m = append(m, chainID...)
	m = append(m, id[:]...)
	m = binary.BigEndian.AppendUint16(m, uint16(len(owner)))
	m = append(m, owner...)
	return m, nil
}
