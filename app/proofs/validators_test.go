package proofs_test

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/testutil/network"
)

// consKeyJSON is a fresh ed25519 consensus key as the staking commands take
// it.
func consKeyJSON(t *testing.T, n *network.Network) string {
	t.Helper()
	bz, err := n.Validators[0].ClientCtx.Codec.MarshalInterfaceJSON(ed25519.GenPrivKey().PubKey())
	require.NoError(t, err)
	return string(bz)
}

// TestBundleVerifiesAcrossValidatorSetChanges: a device pinned to the
// founding validator's header verifies a peer's bundle after an approved
// operator's validator joins the set, after that validator rotates its
// consensus key (MsgRotateConsPubKey, no registrar involved) and after a
// registrar removes it. Its node never runs: its power stays small, so the
// founding validator keeps signing more than two thirds.
func TestBundleVerifiesAcrossValidatorSetChanges(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n, root, id, device := pinnedNetwork(t)
	self := n.Validators[0].Address.String()

	// The newcomer: a funded, approved operator with a validator of its own.
	kr := n.Validators[0].ClientCtx.Keyring
	rec, _, err := kr.NewMnemonic("newcomer", keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	require.NoError(t, err)
	addr, err := rec.GetAddress()
	require.NoError(t, err)
	newcomer := addr.String()
	n.Tx(t, 0, 0, "bank", "send", self, newcomer, "100000000"+app.BondDenom)
	n.Tx(t, 0, 0, "permission", "allow-validator", newcomer, "a newcomer")
	file := filepath.Join(t.TempDir(), "validator.json")
	require.NoError(t, os.WriteFile(file, []byte(fmt.Sprintf(`{"pubkey": %s, "amount": "10000000%s", "moniker": "newcomer",
		"commission-rate": "0.05", "commission-max-rate": "0.20", "commission-max-change-rate": "0.01", "min-self-delegation": "1"}`,
		consKeyJSON(t, n), app.BondDenom)), 0o600))
	asNewcomer := func(args ...string) {
		t.Helper()
		flags := n.TxFlags(0)
		flags[1] = "newcomer"
		out, err := n.CLI(0, append(append([]string{"tx"}, args...), flags...)...)
		require.NoError(t, err, out)
		n.RequireTxCode(t, out, 0)
	}

	check := func(step string, wantValidators int) {
		t.Helper()
		require.NoError(t, n.WaitForNextBlock())
		require.NoError(t, n.WaitForNextBlock())
		b, code := getBundle(t, n, id, fmt.Sprintf("?trusted_height=%d", root.Header.Height))
		require.Equal(t, 200, code, step)
		v, err := root.VerifyBundle(b, lightproof.Options{TrustingPeriod: 24 * time.Hour, MaxClockDrift: 10 * time.Second,
			Clock: time.Now, MaxAge: time.Minute})
		require.NoError(t, err, step)
		d, found, err := v.Device(device)
		require.NoError(t, err, step)
		require.True(t, found, step)
		require.Equal(t, lightproof.DeviceActive, d.Status, step)
		require.Len(t, lastValidators(t, b), wantValidators, "%s: the bundle's header is signed under the changed set", step)
	}

	asNewcomer("staking", "create-validator", file)
	check("a validator admitted", 2)
	before := lastValidators(t, fetchBundle(t, n, id, ""))

	asNewcomer("staking", "rotate-cons-pub-key", consKeyJSON(t, n))
	check("its consensus key rotated", 2)
	after := lastValidators(t, fetchBundle(t, n, id, ""))
	require.NotEqual(t, before, after, "the rotated key is in the set")

	n.Tx(t, 0, 0, "permission", "remove-validator", newcomer)
	check("the validator removed", 1)
}

func decodeValidatorSet(t *testing.T, hexSet string) *cmttypes.ValidatorSet {
	t.Helper()
	bz, err := hex.DecodeString(hexSet)
	require.NoError(t, err)
	var p cmtproto.ValidatorSet
	require.NoError(t, p.Unmarshal(bz))
	set, err := cmttypes.ValidatorSetFromProto(&p)
	require.NoError(t, err)
	return set
}

// lastValidators lists the consensus keys (hex) of the validator set that
// signed a bundle's last header.
func lastValidators(t *testing.T, b lightproof.Bundle) []string {
	t.Helper()
	set := decodeValidatorSet(t, b.Headers[len(b.Headers)-1].ValidatorSet)
	keys := make([]string, len(set.Validators))
	for i, v := range set.Validators {
		keys[i] = fmt.Sprintf("%X", v.PubKey.Bytes())
	}
	return keys
}
