package token_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/testutil/network"
	"github.com/atonomi/atonomid/x/token/keeper"
	"github.com/atonomi/atonomid/x/token/types"
)

// TestSurplusOverTheNetwork starts a validator from a genesis whose x/bank
// state gives the token module account 1234uatmi that no pool or reward
// accounts for: the chain starts, and the surplus is shown by the CLI, gRPC
// and REST.
func TestSurplusOverTheNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	cfg := network.Config(t, 1)
	var bank banktypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[banktypes.ModuleName], &bank)
	bank.Balances = append(bank.Balances, banktypes.Balance{
		Address: keeper.ModuleAddress().String(), Coins: sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 1234)),
	})
	cfg.GenesisState[banktypes.ModuleName] = cfg.Codec.MustMarshalJSON(&bank)
	n := network.New(t, cfg)

	out, err := n.CLI(0, "query", "token", "surplus", "--output", "json")
	require.NoError(t, err)
	var cli types.QuerySurplusResponse
	require.NoError(t, n.Validators[0].ClientCtx.Codec.UnmarshalJSON([]byte(out), &cli))
	require.Equal(t, "1234", cli.Amount.String())

	res, err := types.NewQueryClient(n.GRPC(t)).Surplus(context.Background(), &types.QuerySurplusRequest{})
	require.NoError(t, err)
	require.Equal(t, "1234", res.Amount.String())

	var rest struct{ Amount string }
	require.NoError(t, json.Unmarshal([]byte(n.REST(t, "/atonomi/token/v1/surplus")), &rest))
	require.Equal(t, "1234", rest.Amount)
}
