package light

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	lrpc "github.com/cometbft/cometbft/light/rpc"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client/flags"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	clitestutil "github.com/cosmos/cosmos-sdk/testutil/cli"

	"github.com/atonomi/atonomid/cmd/atonomid/verify"
	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/testutil/network"
)

// The in-process network serves RPC on validator 0 only, so it is both the
// primary and the witness here: the tests are about verifying answers, not
// about detecting a lying primary, which needs a second node.
func proxyConfig(t testing.TB, n *network.Network) Config {
	t.Helper()
	_, err := n.WaitForHeight(3)
	require.NoError(t, err)
	h := int64(2)
	c, err := n.Validators[0].RPCClient.Commit(context.Background(), &h)
	require.NoError(t, err)
	rpc := n.Validators[0].RPCAddress
	return Config{ChainID: n.Config.ChainID, Primary: rpc, Witnesses: []string{rpc}, TrustHeight: 2, TrustHash: c.Hash(),
		TrustingPeriod: time.Hour, ListenAddr: "tcp://127.0.0.1:0"}
}

// activeDevice admits acme and activates one of its devices.
func activeDevice(t testing.TB, n *network.Network) (string, devicekit.ID) {
	t.Helper()
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("ab", 32), "--operators", n.Validators[0].Address.String())
	id := n.ActivateDevices(t, "acme", 0, 0, "meter")[0]
	device, err := devicekit.ParseID(id)
	require.NoError(t, err)
	// Proven state lags the node by a block: state H needs header H+1.
	require.NoError(t, n.WaitForNextBlock())
	require.NoError(t, n.WaitForNextBlock())
	return id, device
}

// TestLightProxy: through `atonomid light`, a store read is verified (a
// present device and a proven absence, which CometBFT's own light RPC
// cannot verify), a gRPC-path query is refused, status and broadcasts pass
// through, commits come verified, and `atonomid verify` works through it.
func TestLightProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 1))
	cfg := proxyConfig(t, n)
	id, device := activeDevice(t, n)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p, err := Start(ctx, cfg)
	require.NoError(t, err)
	client, err := rpchttp.New(p.Addr, "/websocket")
	require.NoError(t, err)

	res, err := client.ABCIQuery(ctx, "/store/device/key", lightproof.DeviceKey(device))
	require.NoError(t, err)
	d, err := lightproof.DecodeDevice(res.Response.Value)
	require.NoError(t, err)
	require.Equal(t, id, d.ID)
	require.Equal(t, lightproof.DeviceActive, d.Status)
	require.Len(t, res.Response.ProofOps.GetOps(), 2, "the proof comes along for clients that check again: %v", res.Response.ProofOps)

	unknown := devicekit.DeviceID([]byte("acme"), []byte("none"))
	res, err = client.ABCIQuery(ctx, "/store/device/key", lightproof.DeviceKey(unknown))
	require.NoError(t, err, "a proven absence is an answer")
	require.Empty(t, res.Response.Value)

	for _, path := range []string{"/atonomi.device.v1.Query/Device", "/store/device/subspace", "/app/simulate", "/store//key"} {
		_, err = client.ABCIQuery(ctx, path, []byte{1})
		require.ErrorContains(t, err, "not provable", path)
	}

	st, err := client.Status(ctx)
	require.NoError(t, err)
	require.Equal(t, cfg.ChainID, st.NodeInfo.Network)
	h := st.SyncInfo.LatestBlockHeight - 1
	commit, err := client.Commit(ctx, &h)
	require.NoError(t, err, "commits come verified by the light client")
	require.Equal(t, h, commit.Height)
	latest, err := client.Commit(ctx, nil)
	require.NoError(t, err, "the latest commit the light client trusts")
	require.GreaterOrEqual(t, latest.Height, h)

	// Trust on first use, only when asked for: the primary's latest header,
	// which the witness must confirm.
	tofu := cfg
	tofu.TrustHeight, tofu.TrustHash, tofu.TrustOnFirstUse = 0, nil, true
	second, err := Start(ctx, tofu)
	require.NoError(t, err)
	viaTOFU, err := rpchttp.New(second.Addr, "/websocket")
	require.NoError(t, err)
	_, err = viaTOFU.ABCIQuery(ctx, "/store/device/key", lightproof.DeviceKey(device))
	require.NoError(t, err)
	none := cfg
	none.TrustHeight, none.TrustHash = 0, nil
	_, err = Start(ctx, none)
	require.Error(t, err, "no trust root and no trust-on-first-use")
	none.Witnesses = nil
	_, err = Start(ctx, none)
	require.ErrorContains(t, err, "witness")

	// Broadcasts pass through to the node: a transaction already committed,
	// sent again, gets the node's own refusal.
	var committed []byte
	for height := st.SyncInfo.LatestBlockHeight; height > 1 && committed == nil; height-- {
		block, err := n.Validators[0].RPCClient.Block(ctx, &height)
		require.NoError(t, err)
		if len(block.Block.Txs) > 0 {
			committed = block.Block.Txs[0]
		}
	}
	require.NotNil(t, committed)
	sent, err := client.BroadcastTxSync(ctx, committed)
	if err == nil {
		require.NotZero(t, sent.Code, "the node refuses a replay: %s", sent.Log)
	} else {
		require.ErrorContains(t, err, "tx already exists in cache")
	}

	// `atonomid verify` works through the proxy as through a node.
	root := &cobra.Command{Use: "atonomid"}
	root.PersistentFlags().String(flags.FlagHome, "", "")
	root.AddCommand(verify.Cmd())
	out, err := clitestutil.ExecTestCLICmd(n.Validators[0].ClientCtx, root, []string{"verify", "device", id, "--node", p.Addr,
		"--trust-height", "2", "--trust-hash", fmt.Sprintf("%X", cfg.TrustHash)})
	require.NoError(t, err, out.String())
	require.Contains(t, out.String(), "status: active")
	require.Contains(t, out.String(), "read from "+p.Addr)
}

// TestCometBFTLightRPC pins what CometBFT's own light RPC does with our
// proofs: without the SDK's proof-op decoders (as the stock `cometbft
// light` proxy is built) it cannot verify any (T-A5); with them it accepts
// a present key (T-A1), and it still fails on a proven absence (the
// upstream bug this proxy's own store route avoids).
func TestCometBFTLightRPC(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 1))
	cfg := proxyConfig(t, n)
	id, device := activeDevice(t, n)
	ctx := context.Background()
	lc, err := newLightClient(ctx, cfg)
	require.NoError(t, err)
	next, err := rpchttp.New(cfg.Primary, "/websocket")
	require.NoError(t, err)
	_, err = lc.Update(ctx, time.Now())
	require.NoError(t, err)
	top, err := lc.LastTrustedHeight()
	require.NoError(t, err)
	opts := rpcclient.ABCIQueryOptions{Height: top - 1, Prove: true}

	stock := lrpc.NewClient(next, lc, lrpc.KeyPathFn(lrpc.DefaultMerkleKeyPathFn()))
	_, err = stock.ABCIQueryWithOptions(ctx, "/store/device/key", lightproof.DeviceKey(device), opts)
	require.Error(t, err, "the stock light RPC knows no ics23 proof ops")
	require.True(t, strings.Contains(err.Error(), "ics23") || strings.Contains(err.Error(), "decoder"), err.Error())

	withSDK := lrpc.NewClient(next, lc, lrpc.KeyPathFn(lrpc.DefaultMerkleKeyPathFn()))
	withSDK.RegisterOpDecoder(storetypes.ProofOpIAVLCommitment, storetypes.CommitmentOpDecoder)
	withSDK.RegisterOpDecoder(storetypes.ProofOpSimpleMerkleCommitment, storetypes.CommitmentOpDecoder)
	res, err := withSDK.ABCIQueryWithOptions(ctx, "/store/device/key", lightproof.DeviceKey(device), opts)
	require.NoError(t, err, "CometBFT's light RPC accepts our membership proof")
	d, err := lightproof.DecodeDevice(res.Response.Value)
	require.NoError(t, err)
	require.Equal(t, id, d.ID)

	unknown := devicekit.DeviceID([]byte("acme"), []byte("none"))
	_, err = withSDK.ABCIQueryWithOptions(ctx, "/store/device/key", lightproof.DeviceKey(unknown), opts)
	require.Error(t, err, "upstream still cannot verify an absence (tendermint#7640); if this passes, its bug is fixed")
}
