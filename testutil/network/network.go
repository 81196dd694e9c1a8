// Package network starts an in-process network of atonomid validators (the
// SDK's testutil/network) whose genesis allowlists them, and drives it
// through the same CLI commands a user types.
package network

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"cosmossdk.io/log/v2"
	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/go-bip39"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	pruningtypes "github.com/cosmos/cosmos-sdk/store/v2/pruning/types"
	clitestutil "github.com/cosmos/cosmos-sdk/testutil/cli"
	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/atonomi/atonomid/app"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// Network is a running in-process network.
type Network struct {
	*sdknetwork.Network
	t   testing.TB
	app *app.App // codecs and autocli options for the CLI
}

// Config returns a network config of n validators. Their operator accounts
// are derived from fresh mnemonics so that genesis can allowlist them, and
// validator 0 is also a registrar of the network authority.
func Config(t testing.TB, n int) sdknetwork.Config {
	t.Helper()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()))
	cfg := sdknetwork.DefaultConfig(func() sdknetwork.TestFixture {
		return sdknetwork.TestFixture{
			AppConstructor: appConstructor,
			GenesisState:   a.DefaultGenesis(),
			EncodingConfig: moduletestutil.TestEncodingConfig{
				InterfaceRegistry: a.InterfaceRegistry(),
				Codec:             a.AppCodec(),
				TxConfig:          a.TxConfig(),
				Amino:             a.LegacyAmino(),
			},
		}
	})
	cfg.ChainID = "atonomi-network"
	cfg.NumValidators = n
	cfg.BondDenom = app.BondDenom
	cfg.MinGasPrices = "0" + app.BondDenom

	perm := permissiontypes.DefaultGenesis()
	for i := 0; i < n; i++ {
		entropy, err := bip39.NewEntropy(256)
		require.NoError(t, err)
		mnemonic, err := bip39.NewMnemonic(entropy)
		require.NoError(t, err)
		cfg.Mnemonics = append(cfg.Mnemonics, mnemonic)
		operator := operatorAddress(t, mnemonic)
		perm.AllowedValidators = append(perm.AllowedValidators,
			permissiontypes.AllowedValidator{Operator: operator, Note: fmt.Sprintf("node%d", i)})
		if i == 0 {
			perm.Params.Registrars = []string{operator}
		}
	}
	cfg.GenesisState[permissiontypes.ModuleName] = cfg.Codec.MustMarshalJSON(perm)
	onLoopback(&cfg)
	return cfg
}

// onLoopback makes every validator listen on 127.0.0.1 only: the SDK's
// network binds its RPC, P2P, ABCI, API and gRPC servers to 0.0.0.0, but
// tests must not open ports to other machines. The validators' configs are
// final when the app is constructed, before any server starts.
func onLoopback(cfg *sdknetwork.Config) {
	construct := cfg.AppConstructor
	cfg.AppConstructor = func(val sdknetwork.ValidatorI) servertypes.Application {
		cmt, srv := val.GetCtx().Config, val.GetAppConfig()
		for _, addr := range []*string{
			&cmt.RPC.ListenAddress, &cmt.P2P.ListenAddress, &cmt.P2P.PersistentPeers, &cmt.ProxyApp,
			&srv.API.Address, &srv.GRPC.Address,
		} {
			*addr = loopback(*addr)
		}
		return construct(val)
	}
}

// loopback rewrites the wildcard host in addresses to 127.0.0.1.
func loopback(addrs string) string { return strings.ReplaceAll(addrs, "0.0.0.0", "127.0.0.1") }

// operatorAddress derives the account the network's keyring makes from mnemonic.
func operatorAddress(t testing.TB, mnemonic string) string {
	t.Helper()
	derived, err := hd.Secp256k1.Derive()(mnemonic, "", sdk.GetConfig().GetFullBIP44Path())
	require.NoError(t, err)
	return sdk.AccAddress(hd.Secp256k1.Generate()(derived).PubKey().Address()).String()
}

func appConstructor(val sdknetwork.ValidatorI) servertypes.Application {
	return app.New(val.GetCtx().Logger, dbm.NewMemDB(), true,
		simtestutil.NewAppOptionsWithFlagHome(val.GetCtx().Config.RootDir),
		baseapp.SetPruning(pruningtypes.NewPruningOptionsFromString(val.GetAppConfig().Pruning)),
		baseapp.SetMinGasPrices(val.GetAppConfig().MinGasPrices),
		baseapp.SetChainID(val.GetCtx().Viper.GetString(flags.FlagChainID)),
	)
}

// EnableSwagger turns on the API server's Swagger routes (api.swagger in
// app.toml), which the SDK's network always turns off. The validators'
// config is read by the API server after the app is constructed.
func EnableSwagger(cfg *sdknetwork.Config) {
	construct := cfg.AppConstructor
	cfg.AppConstructor = func(val sdknetwork.ValidatorI) servertypes.Application {
		val.GetAppConfig().API.Swagger = true
		return construct(val)
	}
}

// New starts a network from cfg and stops it when the test ends.
func New(t testing.TB, cfg sdknetwork.Config) *Network {
	t.Helper()
	n, err := sdknetwork.New(t, t.TempDir(), cfg)
	require.NoError(t, err)
	t.Cleanup(n.Cleanup)
	_, err = n.WaitForHeight(1)
	require.NoError(t, err)
	for _, v := range n.Validators {
		v.RPCAddress, v.APIAddress, v.P2PAddress = loopback(v.RPCAddress), loopback(v.APIAddress), loopback(v.P2PAddress)
	}
	return &Network{
		Network: n,
		t:       t,
		app:     app.New(log.NewNopLogger(), dbm.NewMemDB(), true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir())),
	}
}

// CLI runs an atonomid command (e.g. "query", "permission", "params") as a
// client of validator val, and returns its output.
func (n *Network) CLI(val int, args ...string) (string, error) {
	n.t.Helper()
	v := n.Validators[val]
	root := &cobra.Command{Use: app.Name}
	opts := n.app.AutoCliOpts()
	opts.ClientCtx = v.ClientCtx
	if err := opts.EnhanceRootCommand(root); err != nil {
		return "", err
	}
	out, err := clitestutil.ExecTestCLICmd(v.ClientCtx, root, args)
	return strings.TrimSpace(out.String()), err
}

// TxFlags are the flags that make a tx command sign with validator val's key
// and broadcast it through validator 0, the one node that serves RPC; callers
// wait for the block themselves (WaitForTx).
func (n *Network) TxFlags(val int) []string {
	return []string{
		"--from", n.Validators[val].Address.String(),
		"--node", n.Validators[0].RPCAddress,
		"--chain-id", n.Config.ChainID,
		"--yes", "--output", "json",
		"--keyring-backend", "test",
		"--gas", "400000",
	}
}

// WaitForTx waits up to 10 blocks for the tx with the given hex hash to be
// committed and returns its result.
func (n *Network) WaitForTx(hash string) (*abci.ExecTxResult, error) {
	bz, err := hex.DecodeString(hash)
	if err != nil {
		return nil, err
	}
	client := n.Validators[0].RPCClient
	for i := 0; i < 10; i++ {
		if res, err := client.Tx(context.Background(), bz, false); err == nil {
			return &res.TxResult, nil
		}
		if err := n.WaitForNextBlock(); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("tx %s was not committed within 10 blocks", hash)
}

// RequireTxCode reads the broadcast response a tx command printed, waits
// for the tx to be committed and checks its result code (0 for success).
func (n *Network) RequireTxCode(t testing.TB, out string, code uint32) *abci.ExecTxResult {
	t.Helper()
	// The response is the last JSON line: commands may print progress
	// (to stderr, which the test CLI captures too) before and after it.
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := len(lines) - 1
	for last > 0 && !strings.HasPrefix(lines[last], "{") {
		last--
	}
	var broadcast sdk.TxResponse
	require.NoError(t, n.Validators[0].ClientCtx.Codec.UnmarshalJSON([]byte(lines[last]), &broadcast), out)
	require.Zero(t, broadcast.Code, "CheckTx accepted the tx: %s", broadcast.RawLog)
	res, err := n.WaitForTx(broadcast.TxHash)
	require.NoError(t, err)
	require.Equal(t, code, res.Code, res.Log)
	return res
}

// Tx runs a tx command signed by validator val and checks its result code.
func (n *Network) Tx(t testing.TB, val int, code uint32, args ...string) *abci.ExecTxResult {
	t.Helper()
	out, err := n.CLI(val, append(append([]string{"tx"}, args...), n.TxFlags(val)...)...)
	require.NoError(t, err, out)
	return n.RequireTxCode(t, out, code)
}

// GRPC connects to validator 0's gRPC server with the gogoproto codec the
// node speaks (custom types such as math.Int need it), closed when the test ends.
func (n *Network) GRPC(t testing.TB) *grpc.ClientConn {
	t.Helper()
	gogo := codec.NewProtoCodec(n.Validators[0].ClientCtx.InterfaceRegistry).GRPCCodec()
	conn, err := grpc.NewClient(n.Validators[0].AppConfig.GRPC.Address,
		grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithDefaultCallOptions(grpc.ForceCodec(gogo)))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return conn
}

// REST gets path from validator 0's REST API, requires 200 OK and returns the body.
func (n *Network) REST(t testing.TB, path string) string {
	t.Helper()
	resp, err := http.Get(n.Validators[0].APIAddress + path)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	return string(body)
}
