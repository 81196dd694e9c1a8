package keeper

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
)

func digestOf(i int) [32]byte {
	return proofDigest(types.KeyType(1), []byte{byte(i), byte(i >> 8)}, []byte("msg"), []byte("sig"))
}

// The cache keeps at most two generations: a digest survives one
// generation change and is gone after the second.
func TestVerifiedCacheIsBounded(t *testing.T) {
	c := newVerifiedCache(4)
	for i := range 4 {
		c.add(digestOf(i))
	}
	require.True(t, c.has(digestOf(0)))
	c.add(digestOf(4)) // the first four become the previous generation
	require.True(t, c.has(digestOf(0)), "kept for one more generation")
	for i := 5; i < 9; i++ {
		c.add(digestOf(i))
	}
	require.False(t, c.has(digestOf(0)), "dropped after two generations")
	require.True(t, c.has(digestOf(8)))
	require.LessOrEqual(t, len(c.cur)+len(c.prev), 8)
}

// Only successes are remembered: a bad signature is verified, and refused,
// every time, and a good one is not confused with it.
func TestVerifyCachedRemembersOnlySuccesses(t *testing.T) {
	key, err := devicekit.GenerateKey(devicekit.Ed25519, nil)
	require.NoError(t, err)
	var id devicekit.ID
	id[0] = 1
	msg, err := devicekit.ActivationSignBytes("chain", id, []byte("owner-address-20byte"))
	require.NoError(t, err)
	sig, err := key.Sign(msg)
	require.NoError(t, err)
	d := types.Device{Id: id.String(), KeyType: types.KEY_TYPE_ED25519, PublicKey: key.PublicKey()}

	k := &Keeper{verified: newVerifiedCache(8)}
	bad := append([]byte{}, sig...)
	bad[0] ^= 1
	for range 2 {
		require.Error(t, k.verifyCached(d, msg, bad, proofDigest(d.KeyType, d.PublicKey, msg, bad)))
	}
	require.Empty(t, k.verified.cur)
	good := proofDigest(d.KeyType, d.PublicKey, msg, sig)
	require.NoError(t, k.verifyCached(d, msg, sig, good))
	require.True(t, k.verified.has(good))
	require.NoError(t, k.verifyCached(d, msg, sig, good))
}
