package devicekit_test

import (
	"crypto/sha256"
	"encoding/json"
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
		name    string
		in      string
		want    string
		wantErr bool
	}{
		{name: "lowercase hex parses", in: lower, want: lower},
		{name: "uppercase hex parses and prints lowercase", in: strings.ToUpper(lower), want: lower},
		{name: "mixed case parses and prints lowercase", in: "DC3fcc8c4baeab90d29fde72f92298c961e523c4d489c31719ca9b4dcd4dacBA", want: lower},
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
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, id.String())
		})
	}
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
}
