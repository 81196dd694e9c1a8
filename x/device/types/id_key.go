package types

import (
	"encoding/json"
	"fmt"

	"cosmossdk.io/collections/codec"

	"github.com/atonomi/atonomid/devicekit"
)

// DeviceIDKey is the collections key codec of a device id, the one form in
// which every module keys its stores by device. Its bytes are those of
// collections.BytesKey over the id's 32 bytes, which the stores used before:
// the raw id in terminal position and, in non-terminal position, the length
// byte 0x20 before it. Decoding refuses any other length, so a corrupt or
// foreign key fails loudly instead of becoming a different id.
var DeviceIDKey codec.KeyCodec[devicekit.ID] = deviceIDKey{}

type deviceIDKey struct{}

func (deviceIDKey) Encode(buffer []byte, key devicekit.ID) (int, error) {
	return copy(buffer, key[:]), nil
}

func (deviceIDKey) Decode(buffer []byte) (int, devicekit.ID, error) {
	var id devicekit.ID
	if len(buffer) != devicekit.IDSize {
		return 0, id, fmt.Errorf("%w: device id key of %d bytes, want %d", codec.ErrEncoding, len(buffer), devicekit.IDSize)
	}
	copy(id[:], buffer)
	return devicekit.IDSize, id, nil
}

func (deviceIDKey) Size(devicekit.ID) int { return devicekit.IDSize }

func (deviceIDKey) EncodeNonTerminal(buffer []byte, key devicekit.ID) (int, error) {
	buffer[0] = devicekit.IDSize
	return 1 + copy(buffer[1:], key[:]), nil
}

func (deviceIDKey) DecodeNonTerminal(buffer []byte) (int, devicekit.ID, error) {
	var id devicekit.ID
	if len(buffer) == 0 || buffer[0] != devicekit.IDSize {
		return 0, id, fmt.Errorf("%w: device id key must start with its length %d", codec.ErrEncoding, devicekit.IDSize)
	}
	if len(buffer) < 1+devicekit.IDSize {
		return 0, id, fmt.Errorf("%w: device id key of %d bytes, want %d", codec.ErrEncoding, len(buffer)-1, devicekit.IDSize)
	}
	copy(id[:], buffer[1:])
	return 1 + devicekit.IDSize, id, nil
}

func (deviceIDKey) SizeNonTerminal(devicekit.ID) int { return 1 + devicekit.IDSize }

// EncodeJSON writes the id as its one text form, 64 lower-case hex digits
// in a JSON string.
func (deviceIDKey) EncodeJSON(key devicekit.ID) ([]byte, error) { return json.Marshal(key) }

// DecodeJSON reads the text form with the rules of devicekit.ParseID.
func (deviceIDKey) DecodeJSON(b []byte) (devicekit.ID, error) {
	var id devicekit.ID
	err := json.Unmarshal(b, &id)
	return id, err
}

func (deviceIDKey) Stringify(key devicekit.ID) string { return key.String() }

func (deviceIDKey) KeyType() string { return "device_id" }
