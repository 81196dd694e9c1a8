package app_test

import (
	"encoding/json"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	vestingtypes "github.com/cosmos/cosmos-sdk/x/auth/vesting/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/testutil/apptest"
	tokenkeeper "github.com/atonomi/atonomid/x/token/keeper"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// TestNoTransactionMovesTokensIntoTheTokenModuleAccount: the token module
// account is one of x/bank's blocked addresses, so every message that would
// send it tokens outside the fee economy is refused, and its balance stays
// exactly what x/token tracks. A surplus can only come from a genesis file.
func TestNoTransactionMovesTokensIntoTheTokenModuleAccount(t *testing.T) {
	c := setupPayments(t)
	ta := c.ta
	token := tokenkeeper.ModuleAddress().String()
	gov := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	sender := c.owner
	some := sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 1_000))

	signed := []struct {
		name string
		msg  sdk.Msg
	}{
		{"a bank send", &banktypes.MsgSend{FromAddress: sender.String(), ToAddress: token, Amount: some}},
		{"a bank multi-send", &banktypes.MsgMultiSend{
			Inputs:  []banktypes.Input{{Address: sender.String(), Coins: some}},
			Outputs: []banktypes.Output{{Address: token, Coins: some}},
		}},
		{"a vesting account", &vestingtypes.MsgCreateVestingAccount{FromAddress: sender.String(), ToAddress: token, Amount: some, EndTime: 2_000_000_000}},
		{"a permanently locked account", &vestingtypes.MsgCreatePermanentLockedAccount{FromAddress: sender.String(), ToAddress: token, Amount: some}},
		{"a periodic vesting account", &vestingtypes.MsgCreatePeriodicVestingAccount{FromAddress: sender.String(), ToAddress: token,
			StartTime: 1_800_000_000, VestingPeriods: []vestingtypes.Period{{Length: 60, Amount: some}}}},
		{"a staking rewards withdraw address", &distrtypes.MsgSetWithdrawAddress{DelegatorAddress: ta.Validator.String(), WithdrawAddress: token}},
	}
	tracked := tokenTracked(t, ta)
	for _, tc := range signed {
		t.Run(tc.name+" to the token module account is refused", func(t *testing.T) {
			signer := sender
			if _, ok := tc.msg.(*distrtypes.MsgSetWithdrawAddress); ok {
				signer = ta.Validator
			}
			res := ta.DeliverTx(signer, tc.msg)
			require.NotZero(t, res.Code, "delivered: %s", res.Log)
			require.Contains(t, res.Log, "not allowed to receive")
		})
	}
	// x/gov's messages run through the router, as its end blocker runs them.
	for _, tc := range []struct {
		name string
		msg  sdk.Msg
	}{
		{"a community pool spend", &distrtypes.MsgCommunityPoolSpend{Authority: gov, Recipient: token, Amount: some}},
		{"a bank send by governance", &banktypes.MsgSend{FromAddress: gov, ToAddress: token, Amount: some}},
	} {
		t.Run(tc.name+" to the token module account is refused", func(t *testing.T) {
			branch, _ := ta.Ctx().CacheContext()
			_, err := ta.MsgServiceRouter().Handler(tc.msg)(branch, tc.msg)
			require.ErrorContains(t, err, "not allowed to receive")
		})
	}
	held := ta.BankKeeper.GetBalance(ta.Ctx(), tokenkeeper.ModuleAddress(), app.BondDenom).Amount
	require.Equal(t, tracked.String(), held.String(), "the account holds what x/token tracks, as before")
	require.NoError(t, tokenkeeper.CheckInvariants(ta.Ctx(), ta.TokenKeeper))
}

// TestGenesisSurplusRoundTrip exports a chain with fees in its pools and
// gives the token module account 777uatmi more in the export's x/bank
// genesis, as a genesis edited by hand or migrated from elsewhere would:
// the new chain starts with them as surplus, shows it, counts it in the
// invariant and exports it, so the next export imports as it is. Less than
// x/token tracks is refused, naming both amounts.
func TestGenesisSurplusRoundTrip(t *testing.T) {
	c := setupPayments(t)
	ta := c.ta
	exported, err := ta.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	tracked := tokenTracked(t, ta)
	require.True(t, tracked.IsPositive(), "the fees filled the pools")

	edited := exported
	edited.AppState = withTokenBalance(t, ta, exported.AppState, 777)
	imported, err := ta.Import(edited)
	require.NoError(t, err, "a surplus in the module account no longer stops the chain")
	ctx := imported.Ctx()
	res, err := tokenkeeper.NewQueryServer(imported.TokenKeeper).Surplus(ctx, &tokentypes.QuerySurplusRequest{})
	require.NoError(t, err)
	require.Equal(t, "777", res.Amount.String())
	require.NoError(t, tokenkeeper.CheckInvariants(ctx, imported.TokenKeeper), "the surplus is counted as backed")

	// The new chain's export carries the surplus, and a chain started from
	// it exports the same token state again.
	again, err := imported.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	token := exportedToken(t, imported, again)
	require.Equal(t, "777", token.Surplus.String())
	held := imported.BankKeeper.GetBalance(imported.Ctx(), tokenkeeper.ModuleAddress(), app.BondDenom).Amount
	require.Equal(t, held.String(), token.Total().String(), "the export's total is the balance behind it")
	third, err := imported.Import(again)
	require.NoError(t, err)
	thirdExport, err := third.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	require.Equal(t, token, exportedToken(t, third, thirdExport), "with the surplus recorded, export and import agree")

	short := exported
	short.AppState = withTokenBalance(t, ta, exported.AppState, -1)
	_, err = ta.Import(short)
	require.ErrorContains(t, err, tokentypes.ErrGenesisDeficit.Error())
	require.ErrorContains(t, err, "total "+tracked.String()+"uatmi but the token module account holds "+tracked.SubRaw(1).String()+"uatmi")
}

// exportedToken is x/token's genesis in an export of ta's chain.
func exportedToken(t *testing.T, ta *apptest.TestApp, exported servertypes.ExportedApp) tokentypes.GenesisState {
	t.Helper()
	var state map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &state))
	var gs tokentypes.GenesisState
	require.NoError(t, ta.AppCodec().UnmarshalJSON(state[tokentypes.ModuleName], &gs))
	return gs
}

// tokenTracked is what x/token tracks in ta's last committed state: every
// pool, reward and the surplus, as its exported genesis lists them.
func tokenTracked(t *testing.T, ta *apptest.TestApp) math.Int {
	t.Helper()
	gs, err := ta.TokenKeeper.ExportGenesis(ta.Ctx())
	require.NoError(t, err)
	return gs.Total()
}

// withTokenBalance returns appState with delta uatmi added to the token
// module account's balance in x/bank's genesis, and to the supply.
func withTokenBalance(t *testing.T, ta *apptest.TestApp, appState json.RawMessage, delta int64) json.RawMessage {
	t.Helper()
	cdc := ta.AppCodec()
	var state map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(appState, &state))
	var bank banktypes.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(state[banktypes.ModuleName], &bank))
	change := func(coins sdk.Coins) sdk.Coins {
		out := sdk.NewCoins(sdk.NewCoin(app.BondDenom, coins.AmountOf(app.BondDenom).AddRaw(delta)))
		for _, c := range coins {
			if c.Denom != app.BondDenom {
				out = out.Add(c)
			}
		}
		return out
	}
	token, found := tokenkeeper.ModuleAddress().String(), false
	for i, b := range bank.Balances {
		if b.Address == token {
			bank.Balances[i].Coins, found = change(b.Coins), true
		}
	}
	require.True(t, found, "the token module account has a balance")
	bank.Supply = change(bank.Supply)
	state[banktypes.ModuleName] = cdc.MustMarshalJSON(&bank)
	out, err := json.Marshal(state)
	require.NoError(t, err)
	return out
}
