package devicekit_test

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
)

func TestDeviceID(t *testing.T) {
	tests := []struct {
		name   string
		salt   string
		serial string
	}{
		{name: "the vector device is the hash of salt then serial", salt: "acme-salt", serial: "SN-0001"},
		{name: "an empty salt hashes the serial alone", salt: "", serial: "SN-0001"},
		{name: "an empty serial hashes the salt alone", salt: "acme-salt", serial: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := sha256.Sum256([]byte(tc.salt + tc.serial))
			require.Equal(t, devicekit.ID(want), devicekit.DeviceID([]byte(tc.salt), []byte(tc.serial)))
		})
	}

	t.Run("the vector device id has a fixed value", func(t *testing.T) {
		require.Equal(t, "dc3fcc8c4baeab90d29fde72f92298c961e523c4d489c31719ca9b4dcd4dacba",
			devicekit.DeviceID([]byte("acme-salt"), []byte("SN-0001")).String())
	})
}

func TestParseID(t *testing.T) {
	const lower = "dc3fcc8c4baeab90d29fde72f92298c961e523c4d489c31719ca9b4dcd4dacba"
	tests := []struct {
		name         string
		in           string
		wantErr      bool
		nonCanonical bool
	}{
		{name: "lowercase hex parses", in: lower},
		{name: "uppercase hex is refused as not canonical", in: strings.ToUpper(lower), wantErr: true, nonCanonical: true},
		{name: "mixed case is refused as not canonical", in: "DC3fcc8c4baeab90d29fde72f92298c961e523c4d489c31719ca9b4dcd4dacBA", wantErr: true, nonCanonical: true},
		{name: "one upper-case digit is refused as not canonical", in: lower[:63] + "A", wantErr: true, nonCanonical: true},
		{name: "one character short is rejected", in: lower[1:], wantErr: true},
		{name: "one character long is rejected", in: lower + "0", wantErr: true},
		{name: "a 0x prefix is rejected", in: "0x" + lower[2:], wantErr: true},
		{name: "a non-hex character is rejected", in: "g" + lower[1:], wantErr: true},
		{name: "surrounding whitespace is rejected", in: " " + lower[1:], wantErr: true},
		{name: "the empty string is rejected", in: "", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, err := devicekit.ParseID(tc.in)
			if tc.wantErr {
				require.ErrorIs(t, err, devicekit.ErrInvalidID)
				require.Equal(t, tc.nonCanonical, errors.Is(err, devicekit.ErrNonCanonicalID), "%v", err)
				require.Equal(t, devicekit.ID{}, id, "a refused id parses to nothing")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.in, id.String())
		})
	}

	t.Run("every spelling but the lower-case one is refused", func(t *testing.T) {
		// Flip the case of each letter digit in turn: no single flip yields
		// a second accepted spelling of the id.
		for i := range len(lower) {
			if lower[i] < 'a' || lower[i] > 'f' {
				continue
			}
			flipped := lower[:i] + strings.ToUpper(lower[i:i+1]) + lower[i+1:]
			_, err := devicekit.ParseID(flipped)
			require.ErrorIs(t, err, devicekit.ErrNonCanonicalID, "position %d", i)
		}
	})
	t.Run("the refusal says to use lower case", func(t *testing.T) {
		_, err := devicekit.ParseID(strings.ToUpper(lower))
		require.ErrorContains(t, err, "not canonical: use lower case")
	})
}

func TestIDJSON(t *testing.T) {
	t.Run("an id round-trips through JSON as lowercase hex", func(t *testing.T) {
		id := devicekit.DeviceID([]byte("acme-salt"), []byte("SN-0001"))
		raw, err := json.Marshal(id)
		require.NoError(t, err)
		require.Equal(t, `"`+id.String()+`"`, string(raw))
		var back devicekit.ID
		require.NoError(t, json.Unmarshal(raw, &back))
		require.Equal(t, id, back)
	})
	t.Run("a malformed JSON id is rejected", func(t *testing.T) {
		var back devicekit.ID
		require.ErrorIs(t, json.Unmarshal([]byte(`"abc"`), &back), devicekit.ErrInvalidID)
	})
	t.Run("an upper-case JSON id is rejected", func(t *testing.T) {
		id := devicekit.DeviceID([]byte("acme-salt"), []byte("SN-0001"))
		var back devicekit.ID
		require.ErrorIs(t, json.Unmarshal([]byte(`"`+strings.ToUpper(id.String())+`"`), &back), devicekit.ErrNonCanonicalID)
		require.Equal(t, devicekit.ID{}, back, "nothing is decoded")
	})
}
