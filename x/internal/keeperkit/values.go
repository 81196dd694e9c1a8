package keeperkit

import (
	"bytes"
	"fmt"

	collcodec "cosmossdk.io/collections/codec"
)

// Stored values are never empty. An ICS-23 proof of absence rests on the
// neighbour leaves of the missing key, and ICS-23 refuses a leaf with an
// empty value (Go's LeafOp.Apply: "leaf op needs value"), so one empty
// value next to a key makes that key's absence unprovable. collections'
// KeySet stores empty values and so does a proto message whose fields are
// all defaults; the two codecs below are how the Atonomi modules avoid
// both.

// Present is the value of an entry of a set: a collections.Map to Present
// is a key set whose entries hold one byte instead of none.
type Present struct{}

// presentByte is Present's encoding.
const presentByte = 0x01

// PresentValue is the value codec of Present: the single byte 0x01.
var PresentValue collcodec.ValueCodec[Present] = presentCodec{}

type presentCodec struct{}

func (presentCodec) Encode(Present) ([]byte, error) { return []byte{presentByte}, nil }

func (presentCodec) Decode(b []byte) (Present, error) {
	if len(b) != 1 || b[0] != presentByte {
		return Present{}, fmt.Errorf("%w: a set entry holds %#x, want %#x", collcodec.ErrEncoding, b, []byte{presentByte})
	}
	return Present{}, nil
}

func (presentCodec) EncodeJSON(Present) ([]byte, error) { return []byte("true"), nil }

func (presentCodec) DecodeJSON(b []byte) (Present, error) {
	if !bytes.Equal(bytes.TrimSpace(b), []byte("true")) {
		return Present{}, fmt.Errorf("%w: a set entry is %s in JSON, want true", collcodec.ErrEncoding, b)
	}
	return Present{}, nil
}

func (presentCodec) Stringify(Present) string { return "present" }

func (presentCodec) ValueType() string { return "atonomi/present" }

// NonEmptyProto wraps vc, the codec of a proto message that can have every
// field at its default (and so encode to no bytes), so that such a message
// is stored with its varint field number field written out as 0. Any proto
// decoder reads that as the same all-default message, so light clients
// decode the value as they would any other; every other message is stored
// exactly as vc encodes it. field must be a varint field (an integer, bool
// or enum) of the message.
func NonEmptyProto[T any](vc collcodec.ValueCodec[T], field uint32) collcodec.ValueCodec[T] {
	if field == 0 || field >= 16 {
		// Field numbers 1-15 have a one-byte tag, which keeps the explicit
		// zero at two bytes and the code below simple.
		panic(fmt.Sprintf("NonEmptyProto: field %d is not in 1-15", field))
	}
	return nonEmptyProto[T]{ValueCodec: vc, zero: []byte{byte(field << 3), 0x00}}
}

type nonEmptyProto[T any] struct {
	collcodec.ValueCodec[T]
	// zero is the explicit encoding of the all-default message: the tag of
	// a varint field and the value 0.
	zero []byte
}

func (c nonEmptyProto[T]) Encode(v T) ([]byte, error) {
	bz, err := c.ValueCodec.Encode(v)
	if err == nil && len(bz) == 0 {
		bz = append([]byte(nil), c.zero...)
	}
	return bz, err
}
