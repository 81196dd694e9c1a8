package keeper_test

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/types"
)

// The wire-format vectors are shared with devicekit: the device side signs
// and builds trees with them, and here the chain must accept them byte for
// byte through its own message path.
type vectorFile struct {
	Activation []struct {
		KeyType   string `json:"key_type"`
		PublicKey string `json:"public_key"`
		ChainID   string `json:"chain_id"`
		DeviceID  string `json:"device_id"`
		Owner     string `json:"owner"`
		Signature string `json:"signature"`
	} `json:"activation"`
	Merkle struct {
		Entries []struct {
			DeviceID  string `json:"device_id"`
			KeyType   string `json:"key_type"`
			PublicKey string `json:"public_key"`
		} `json:"entries"`
		Len    uint64 `json:"len"`
		Root   string `json:"root"`
		Proofs []struct {
			Index int      `json:"index"`
			Proof []string `json:"proof"`
		} `json:"proofs"`
	} `json:"merkle"`
}

func loadVectors(t *testing.T) vectorFile {
	t.Helper()
	bz, err := os.ReadFile("../../../devicekit/testdata/vectors.json")
	require.NoError(t, err)
	var v vectorFile
	require.NoError(t, json.Unmarshal(bz, &v))
	require.Len(t, v.Activation, 4)
	return v
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	bz, err := hex.DecodeString(s)
	require.NoError(t, err)
	return bz
}

func TestChainAcceptsTheActivationVectors(t *testing.T) {
	for _, v := range loadVectors(t).Activation {
		t.Run(v.KeyType, func(t *testing.T) {
			f := setup(t)
			require.Equal(t, chainID, v.ChainID)
			kt, err := devicekit.ParseKeyType(v.KeyType)
			require.NoError(t, err)
			f.register(t, types.DeviceEntry{Id: v.DeviceID, KeyType: types.KeyType(kt), PublicKey: unhex(t, v.PublicKey)})
			owner, err := testutil.AccCodec.BytesToString(sdk.AccAddress(unhex(t, v.Owner)))
			require.NoError(t, err)
			f.token.balance[owner] = 1

			sig := unhex(t, v.Signature)
			tampered := append([]byte(nil), sig...)
			tampered[len(tampered)-1] ^= 1
			_, err = f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: owner, DeviceId: v.DeviceID, Signature: tampered})
			require.ErrorIs(t, err, types.ErrInvalidActivation)
			_, err = f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: owner, DeviceId: v.DeviceID, Signature: sig})
			require.NoError(t, err, "the vector's signature activates the device")
		})
	}
}

func TestChainAcceptsTheMerkleVectors(t *testing.T) {
	m := loadVectors(t).Merkle
	for _, p := range m.Proofs {
		f := setup(t)
		_, err := f.msgs.CommitWhitelist(f.ctx, &types.MsgCommitWhitelist{Operator: f.operator, ManufacturerId: "acme", Root: m.Root, Count: m.Len})
		require.NoError(t, err)
		e := m.Entries[p.Index]
		kt, err := devicekit.ParseKeyType(e.KeyType)
		require.NoError(t, err)
		proof := &types.MerkleProof{Root: m.Root, ManufacturerId: "acme", KeyType: types.KeyType(kt), PublicKey: unhex(t, e.PublicKey), Siblings: p.Proof}

		// With the vector's proof, the chain gets past the tree and stops at
		// the signature, which the vectors do not carry for these entries.
		_, err = f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.DeviceID, MerkleProof: proof})
		require.ErrorIs(t, err, types.ErrInvalidActivation, "index %d: the proof is accepted", p.Index)

		proof.Siblings = append([]string{}, p.Proof...)
		proof.Siblings[0] = hex.EncodeToString(make([]byte, 32))
		_, err = f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.DeviceID, MerkleProof: proof})
		require.ErrorIs(t, err, types.ErrInvalidMerkleProof, "index %d: a tampered proof is refused", p.Index)
	}
}
