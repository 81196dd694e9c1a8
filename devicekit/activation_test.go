package devicekit_test

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
)

func TestActivationSignBytesLayout(t *testing.T) {
	id := devicekit.DeviceID([]byte(vectorSalt), []byte(vectorSerial))
	owner := vectorOwner()
	m, err := devicekit.ActivationSignBytes(vectorChainID, id, owner)
	require.NoError(t, err)

	// Walk the message field by field, as firmware would build it.
	take, rest := fieldWalker(t, m)
	require.Equal(t, 21, len(devicekit.ActivationDomain))
	require.Equal(t, "atonomi-activation-v1", string(take(21)))
	require.Equal(t, uint16(len(vectorChainID)), binary.BigEndian.Uint16(take(2)))
	require.Equal(t, vectorChainID, string(take(len(vectorChainID))))
	require.Equal(t, id[:], take(32))
	require.Equal(t, uint16(20), binary.BigEndian.Uint16(take(2)))
	require.Equal(t, owner, take(20))
	require.Empty(t, rest())
	require.Len(t, m, 21+2+14+32+2+20)
}

func TestActivationSignBytesLimits(t *testing.T) {
	id := devicekit.DeviceID([]byte(vectorSalt), []byte(vectorSerial))
	tests := []struct {
		name    string
		chainID string
		owner   []byte
		wantErr error
	}{
		{name: "a one-byte chain id and owner are accepted", chainID: "a", owner: []byte{1}},
		{name: "a 65535-byte chain id is accepted", chainID: strings.Repeat("c", 65535), owner: vectorOwner()},
		{name: "a 65535-byte owner is accepted", chainID: vectorChainID, owner: bytes.Repeat([]byte{7}, 65535)},
		{name: "a 32-byte owner (module or contract address) is accepted", chainID: vectorChainID, owner: bytes.Repeat([]byte{9}, 32)},
		{name: "an empty chain id is rejected", chainID: "", owner: vectorOwner(), wantErr: devicekit.ErrInvalidChainID},
		{name: "a 65536-byte chain id is rejected", chainID: strings.Repeat("c", 65536), owner: vectorOwner(), wantErr: devicekit.ErrInvalidChainID},
		{name: "a chain id that is not UTF-8 is rejected", chainID: "atonomi-\xff", owner: vectorOwner(), wantErr: devicekit.ErrInvalidChainID},
		{name: "an empty owner is rejected", chainID: vectorChainID, owner: nil, wantErr: devicekit.ErrInvalidOwner},
		{name: "a 65536-byte owner is rejected", chainID: vectorChainID, owner: make([]byte, 65536), wantErr: devicekit.ErrInvalidOwner},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := devicekit.ActivationSignBytes(tc.chainID, id, tc.owner)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Nil(t, m)
				return
			}
			require.NoError(t, err)
			require.Len(t, m, 21+2+len(tc.chainID)+32+2+len(tc.owner))
		})
	}

	t.Run("a UTF-8 chain id is length-prefixed in bytes, not runes", func(t *testing.T) {
		m, err := devicekit.ActivationSignBytes("atonomí", id, vectorOwner())
		require.NoError(t, err)
		require.Equal(t, uint16(8), binary.BigEndian.Uint16(m[21:23]))
	})

	t.Run("signing with an invalid chain id fails before signing", func(t *testing.T) {
		key := vectorKey(t, devicekit.Ed25519, "limits")
		_, err := key.SignActivation("", id, vectorOwner())
		require.ErrorIs(t, err, devicekit.ErrInvalidChainID)
	})
}

func TestActivationIsBoundToEveryField(t *testing.T) {
	id := devicekit.DeviceID([]byte(vectorSalt), []byte(vectorSerial))
	owner := vectorOwner()
	otherOwner := append(append([]byte{}, owner[:19]...), 0xff)

	changes := []struct {
		name    string
		chainID string
		id      devicekit.ID
		owner   []byte
	}{
		{name: "another chain id", chainID: "atonomi-test-2", id: id, owner: owner},
		{name: "another device id", chainID: vectorChainID, id: devicekit.DeviceID([]byte(vectorSalt), []byte("SN-0002")), owner: owner},
		{name: "another owner", chainID: vectorChainID, id: id, owner: otherOwner},
		{name: "a longer owner with the same prefix", chainID: vectorChainID, id: id, owner: append(append([]byte{}, owner...), 0)},
		{name: "a truncated chain id", chainID: vectorChainID[:13], id: id, owner: owner},
	}
	for _, kt := range devicekit.KeyTypes() {
		key := vectorKey(t, kt, "binding/"+kt.String())
		orig, err := devicekit.ActivationSignBytes(vectorChainID, id, owner)
		require.NoError(t, err)
		sig, err := key.SignActivation(vectorChainID, id, owner)
		require.NoError(t, err)
		require.NoError(t, devicekit.Verify(kt, key.PublicKey(), orig, sig))

		for _, c := range changes {
			t.Run(kt.String()+" signature does not verify for "+c.name, func(t *testing.T) {
				changed, err := devicekit.ActivationSignBytes(c.chainID, c.id, c.owner)
				require.NoError(t, err)
				require.NotEqual(t, orig, changed)
				require.ErrorIs(t, devicekit.Verify(kt, key.PublicKey(), changed, sig), devicekit.ErrBadSignature)
			})
		}
	}
}
