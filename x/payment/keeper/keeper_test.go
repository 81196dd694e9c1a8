package keeper_test

import (
	"context"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/payment/keeper"
	"github.com/atonomi/atonomid/x/payment/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// fakeDevices is the device registry the payments read; gov's account is
// its one module account.
type fakeDevices map[string]devicetypes.Device

func (fakeDevices) IsModuleAccount(addr []byte) bool {
	return sdk.AccAddress(addr).Equals(authtypes.NewModuleAddress("gov"))
}

func (d fakeDevices) GetDevice(_ context.Context, id devicekit.ID) (devicetypes.Device, error) {
	v, ok := d[id.String()]
	if !ok {
		return v, devicetypes.ErrUnknownDevice
	}
	return v, nil
}

func (d fakeDevices) VerifyDeviceSignature(_ context.Context, dev devicetypes.Device, msg, sig []byte) error {
	return devicekit.Verify(dev.KeyType.Kit(), dev.PublicKey, msg, sig)
}

// fakeReputation holds aggregates by "device/type"; an unscored type is 0.
type fakeReputation map[string]uint32

// fakeThreshold is the fake's exclusion threshold.
const fakeThreshold = 1000

func (r fakeReputation) ReputationOf(_ context.Context, id devicekit.ID, repType string) (uint32, error) {
	return r[id.String()+"/"+repType], nil
}

// Excluded judges as x/reputation does: a device is excluded while one of
// its scored types is below the threshold, whatever its record's flag says.
func (r fakeReputation) Excluded(_ context.Context, id devicekit.ID) (bool, error) {
	for key, v := range r {
		if strings.HasPrefix(key, id.String()+"/") && v < fakeThreshold {
			return true, nil
		}
	}
	return false, nil
}

// fakeToken is x/token's side of payments: the default fee schedule, a
// pause switch and the commission, moved to the token module account.
type fakeToken struct {
	bank   *testutil.FakeBank
	paused bool
}

func (t *fakeToken) CheckNotPaused(_ context.Context, a tokentypes.Action) error {
	if t.paused && a == tokentypes.ACTION_PAYMENTS {
		return tokentypes.ErrPaused
	}
	return nil
}

func (t *fakeToken) GetParams(context.Context) (tokentypes.Params, error) {
	return tokentypes.DefaultParams(), nil
}

func (t *fakeToken) ChargeCommission(ctx context.Context, payer sdk.AccAddress, amount math.Int, _ string) (math.Int, error) {
	c := tokentypes.DefaultParams().Commission(amount)
	return c, t.bank.SendCoinsFromAccountToModule(ctx, payer, tokentypes.ModuleName, sdk.NewCoins(sdk.NewCoin(testutil.Denom, c)))
}

func (t *fakeToken) Shortfall(_ context.Context, payer sdk.AccAddress, _ string, amount math.Int) string {
	if t.bank.Balance(payer).GTE(amount) {
		return ""
	}
	return "has " + t.bank.Balance(payer).String() + ", needs " + amount.String()
}

// payFixture is two active acme devices on chain atonomi-test-1: the
// payer, owned by alice, pays from alice's account; the payee, owned by bob,
// is paid into bob's accepted wallet.
type payFixture struct {
	ctx            sdk.Context
	k              *keeper.Keeper
	msgs           types.MsgServer
	queries        types.QueryServer
	bank           *testutil.FakeBank
	token          *fakeToken
	devices        fakeDevices
	reputation     fakeReputation
	payerOwner     sdk.AccAddress
	payerOwnerStr  string
	payeeWallet    sdk.AccAddress
	payeeWalletStr string
	payer, payee   string
	// payerKey is the payer device's own (Ed25519) key.
	payerKey devicekit.PrivateKey
}

func setupPayments(t testing.TB) *payFixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	f := &payFixture{ctx: testutil.NewContext(t, key).WithChainID("atonomi-test-1"), bank: testutil.NewFakeBank(), reputation: fakeReputation{}}
	f.token = &fakeToken{bank: f.bank}
	f.payerOwner, f.payerOwnerStr = testutil.Addr(t, "alice")
	f.payeeWallet, f.payeeWalletStr = testutil.Addr(t, "bob-wallet")
	f.bank.Balances[string(f.payerOwner)] = math.NewInt(1_000_000)
	f.payer = devicekit.DeviceID([]byte("salt"), []byte("payer")).String()
	f.payee = devicekit.DeviceID([]byte("salt"), []byte("payee")).String()
	device := func(id, owner string) devicetypes.Device {
		return devicetypes.Device{Id: id, ManufacturerId: "acme", Status: devicetypes.STATUS_ACTIVE, Owner: owner, Policy: devicetypes.DefaultPolicy()}
	}
	payee := device(f.payee, testutil.Bech32(t, "bob"))
	payee.Wallet = f.payeeWalletStr
	payer := device(f.payer, f.payerOwnerStr)
	seed := sha256.Sum256([]byte("payer device key"))
	var err error
	f.payerKey, err = devicekit.PrivateKeyFromBytes(devicekit.Ed25519, seed[:])
	require.NoError(t, err)
	payer.KeyType, payer.PublicKey = devicetypes.KEY_TYPE_ED25519, f.payerKey.PublicKey()
	f.devices = fakeDevices{f.payer: payer, f.payee: payee}
	f.k = keeper.NewKeeper(runtime.NewKVStoreService(key), testutil.AccCodec, f.devices, f.reputation, f.token, f.bank)
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.queries = keeper.NewQueryServer(f.k)
	require.NoError(t, f.k.InitGenesis(f.ctx, types.DefaultGenesis()))
	f.ctx = f.ctx.WithBlockTime(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC))
	return f
}

// update changes a device of the fixture.
func (f *payFixture) update(id string, change func(d *devicetypes.Device)) {
	d := f.devices[id]
	change(&d)
	f.devices[id] = d
}

// balance returns an account's uatmi balance.
func (f *payFixture) balance(addr sdk.AccAddress) math.Int { return f.bank.Balance(addr) }

// snapshot is everything a refused payment must leave untouched: the
// spending and every balance.
type snapshot struct {
	genesis  *types.GenesisState
	balances map[string]string
}

func (f *payFixture) snapshot(t *testing.T) snapshot {
	t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	return snapshot{genesis: gs, balances: f.bank.Snapshot()}
}

// commissionHeld is what x/token's fake took as commission.
func (f *payFixture) commissionHeld() math.Int {
	return f.balance(authtypes.NewModuleAddress(tokentypes.ModuleName))
}
