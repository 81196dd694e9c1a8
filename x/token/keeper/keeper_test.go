package keeper_test

import (
	"context"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/token"
	"github.com/atonomi/atonomid/x/token/keeper"
	"github.com/atonomi/atonomid/x/token/types"
)

const denom = "uatmi"

type fixture struct {
	ctx       sdk.Context
	k         *keeper.Keeper
	msgs      types.MsgServer
	queries   types.QueryServer
	bank      *fakeBank
	gov       string
	registrar string
	payer     sdk.AccAddress
	payerStr  string
}

func setup(t testing.TB) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	encCfg := moduletestutil.MakeTestEncodingConfig(token.NewAppModuleBasic(testutil.AccCodec))
	gov, err := testutil.AccCodec.BytesToString(authtypes.NewModuleAddress("gov"))
	require.NoError(t, err)
	f := &fixture{
		ctx:       testutil.NewContext(t, key),
		bank:      &fakeBank{balances: map[string]math.Int{}},
		gov:       gov,
		registrar: testutil.Bech32(t, "registrar"),
	}
	f.payer, f.payerStr = testutil.Addr(t, "payer")
	f.bank.balances[string(f.payer)] = math.NewInt(1_000_000)
	f.k = keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), testutil.AccCodec, gov,
		f.bank, f.bank, testutil.FakeAuthority{f.registrar: true}, authtypes.FeeCollectorName)
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.queries = keeper.NewQueryServer(f.k)
	require.NoError(t, f.k.InitGenesis(f.ctx, types.DefaultGenesis()))
	require.NoError(t, f.k.CreatePool(f.ctx, "acme"))
	return f
}

// balance returns an account's uatmi balance in the fake bank.
func (f *fixture) balance(addr sdk.AccAddress) math.Int {
	if b, ok := f.bank.balances[string(addr)]; ok {
		return b
	}
	return math.ZeroInt()
}

func (f *fixture) moduleBalance(name string) math.Int {
	return f.balance(authtypes.NewModuleAddress(name))
}

// snapshot is everything a refused message must leave untouched.
type snapshot struct {
	genesis  *types.GenesisState
	balances map[string]string
}

func (f *fixture) snapshot(t *testing.T) snapshot {
	t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	b := map[string]string{}
	for k, v := range f.bank.balances {
		b[k] = v.String()
	}
	return snapshot{genesis: gs, balances: b}
}

// fakeBank keeps uatmi balances by raw address; it also plays x/distribution.
type fakeBank struct {
	balances map[string]math.Int
}

func (b *fakeBank) move(from, to sdk.AccAddress, amt sdk.Coins) error {
	amount := amt.AmountOf(denom)
	have, ok := b.balances[string(from)]
	if !ok || have.LT(amount) {
		return sdkerrors.ErrInsufficientFunds
	}
	b.balances[string(from)] = have.Sub(amount)
	if cur, ok := b.balances[string(to)]; ok {
		b.balances[string(to)] = cur.Add(amount)
	} else {
		b.balances[string(to)] = amount
	}
	return nil
}

func (b *fakeBank) SpendableCoins(_ context.Context, addr sdk.AccAddress) sdk.Coins {
	if v, ok := b.balances[string(addr)]; ok {
		return sdk.NewCoins(sdk.NewCoin(denom, v))
	}
	return sdk.NewCoins()
}

func (b *fakeBank) GetBalance(_ context.Context, addr sdk.AccAddress, d string) sdk.Coin {
	if v, ok := b.balances[string(addr)]; ok {
		return sdk.NewCoin(d, v)
	}
	return sdk.NewCoin(d, math.ZeroInt())
}

func (b *fakeBank) SendCoinsFromAccountToModule(_ context.Context, from sdk.AccAddress, module string, amt sdk.Coins) error {
	return b.move(from, authtypes.NewModuleAddress(module), amt)
}

func (b *fakeBank) SendCoinsFromModuleToAccount(_ context.Context, module string, to sdk.AccAddress, amt sdk.Coins) error {
	return b.move(authtypes.NewModuleAddress(module), to, amt)
}

func (b *fakeBank) SendCoinsFromModuleToModule(_ context.Context, from, to string, amt sdk.Coins) error {
	return b.move(authtypes.NewModuleAddress(from), authtypes.NewModuleAddress(to), amt)
}

func (b *fakeBank) SendCoins(_ context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	return b.move(from, to, amt)
}

func (b *fakeBank) FundCommunityPool(_ context.Context, amt sdk.Coins, sender sdk.AccAddress) error {
	return b.move(sender, authtypes.NewModuleAddress("distribution"), amt)
}
