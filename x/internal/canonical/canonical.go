// Package canonical holds the chain's rule for account addresses in text:
// one spelling per address. Bech32 decoding accepts an all upper-case
// string as well as the lower-case one, so two texts decode to the same
// bytes; a registry that keyed, compared or stored the text would then see
// two accounts where there is one. Every Atonomi keeper decodes addresses
// through Codec, which refuses any text but the canonical re-encoding of
// its bytes, so only canonical text reaches a comparison or the store.
package canonical

import (
	"errors"
	"fmt"

	"cosmossdk.io/core/address"
)

// ErrNotCanonical is in the chain of the error Codec.StringToBytes returns
// for a decodable address that is not spelled canonically. Callers wrap it
// in their module's registered invalid-address error.
var ErrNotCanonical = errors.New("not canonical: use lower case")

// Codec is an address.Codec whose StringToBytes accepts only the canonical
// text of an address: the one BytesToString produces for its bytes.
type Codec struct {
	inner address.Codec
}

var _ address.Codec = Codec{}

// Wrap returns ac refusing non-canonical text. Wrapping a Codec returns it
// unchanged, so a keeper and the validation it calls may both wrap.
func Wrap(ac address.Codec) Codec {
	if c, ok := ac.(Codec); ok {
		return c
	}
	return Codec{inner: ac}
}

// StringToBytes decodes text, refusing it unless it is the canonical
// spelling of the decoded bytes.
func (c Codec) StringToBytes(text string) ([]byte, error) {
	bz, err := c.inner.StringToBytes(text)
	if err != nil {
		return nil, err
	}
	want, err := c.inner.BytesToString(bz)
	if err != nil {
		return nil, err
	}
	if want != text {
		return nil, fmt.Errorf("address %q is %w (%s)", text, ErrNotCanonical, want)
	}
	return bz, nil
}

// BytesToString encodes bz in its canonical text.
func (c Codec) BytesToString(bz []byte) (string, error) { return c.inner.BytesToString(bz) }
