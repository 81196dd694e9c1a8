package keeper_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device"
	"github.com/atonomi/atonomid/x/device/keeper"
	"github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

const chainID = "atonomi-test-1"

type fixture struct {
	ctx       sdk.Context
	key       *storetypes.KVStoreKey
	k         *keeper.Keeper
	msgs      types.MsgServer
	queries   types.QueryServer
	makers    *fakeManufacturers
	token     *fakeToken
	gov       string
	authority string // a registrar
	operator  string // operator of "acme"
	rival     string // operator of "bosch"
	owner     sdk.AccAddress
	ownerStr  string
	outsider  string
	keys      map[string]devicekit.PrivateKey // device id → key
}

func setup(t testing.TB) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	encCfg := moduletestutil.MakeTestEncodingConfig(device.NewAppModuleBasic(testutil.AccCodec))
	gov, err := testutil.AccCodec.BytesToString(authtypes.NewModuleAddress("gov"))
	require.NoError(t, err)
	f := &fixture{
		ctx:       testutil.NewContext(t, key).WithChainID(chainID),
		key:       key,
		gov:       gov,
		authority: testutil.Bech32(t, "registrar"),
		operator:  testutil.Bech32(t, "acme-ops"),
		rival:     testutil.Bech32(t, "bosch-ops"),
		outsider:  testutil.Bech32(t, "outsider"),
		token:     &fakeToken{paused: map[tokentypes.Action]bool{}, balance: map[string]uint64{}},
		keys:      map[string]devicekit.PrivateKey{},
	}
	f.owner, f.ownerStr = testutil.Addr(t, "owner")
	f.makers = &fakeManufacturers{m: map[string]*manufacturertypes.Manufacturer{
		"acme":  {Id: "acme", Operators: []string{f.operator}, Status: manufacturertypes.STATUS_ACTIVE},
		"bosch": {Id: "bosch", Operators: []string{f.rival}, Status: manufacturertypes.STATUS_ACTIVE},
	}}
	for _, a := range []string{f.operator, f.rival, f.ownerStr, f.outsider} {
		f.token.balance[a] = 1_000_000
	}
	f.k = keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), testutil.AccCodec, gov,
		f.makers, f.token, fakePermission{f.authority: true, gov: true},
		[]sdk.AccAddress{authtypes.NewModuleAddress("gov"), authtypes.NewModuleAddress("bonded_tokens_pool")})
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.queries = keeper.NewQueryServer(f.k)
	require.NoError(t, f.k.InitGenesis(f.ctx, types.DefaultGenesis()))
	return f
}

// entry makes a whitelist entry with a fresh deterministic key of type kt.
func (f *fixture) entry(t testing.TB, serial string, kt devicekit.KeyType) types.DeviceEntry {
	t.Helper()
	id := devicekit.DeviceID([]byte("salt"), []byte(serial))
	seed := sha256.Sum256([]byte(serial))
	priv, err := devicekit.GenerateKey(kt, &seedReader{seed: seed[:]})
	require.NoError(t, err)
	f.keys[id.String()] = priv
	return types.DeviceEntry{Id: id.String(), KeyType: types.KeyType(kt), PublicKey: priv.PublicKey(), Protocols: []string{"mqtt"}, DeviceType: "smart-meter"}
}

// register whitelists entries for acme and fails the test if it cannot.
func (f *fixture) register(t *testing.T, entries ...types.DeviceEntry) {
	t.Helper()
	_, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme", Devices: entries})
	require.NoError(t, err)
}

// sign makes the device's activation proof for owner.
func (f *fixture) sign(t testing.TB, id string, owner sdk.AccAddress, chain string) []byte {
	t.Helper()
	parsed, err := devicekit.ParseID(id)
	require.NoError(t, err)
	sig, err := f.keys[id].SignActivation(chain, parsed, owner)
	require.NoError(t, err)
	return sig
}

// activate registers a secp256r1 device and activates it for f.owner.
func (f *fixture) activate(t *testing.T, serial string) types.DeviceEntry {
	t.Helper()
	e := f.entry(t, serial, devicekit.Secp256r1)
	f.register(t, e)
	_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)})
	require.NoError(t, err)
	return e
}

// linkWallet links wallet to the owner's device id: the owner offers, the
// wallet accepts.
func (f *fixture) linkWallet(t *testing.T, id, wallet string) {
	t.Helper()
	f.offerWallet(t, id, wallet)
	_, err := f.msgs.AcceptWallet(f.ctx, &types.MsgAcceptWallet{Wallet: wallet, DeviceId: id, Owner: f.ownerStr})
	require.NoError(t, err)
}

// offerWallet has the owner offer wallet for id, accepted up to 10 blocks on.
func (f *fixture) offerWallet(t *testing.T, id, wallet string) {
	t.Helper()
	_, err := f.msgs.OfferWallet(f.ctx, &types.MsgOfferWallet{Owner: f.ownerStr, DeviceId: id, Wallet: wallet, ExpiryHeight: f.ctx.BlockHeight() + 10})
	require.NoError(t, err)
}

func (f *fixture) device(t *testing.T, id string) types.Device {
	t.Helper()
	res, err := f.queries.Device(f.ctx, &types.QueryDeviceRequest{Id: id})
	require.NoError(t, err)
	return res.Device
}

// snapshot is what a refused message must leave as it was.
type snapshot struct {
	genesis *types.GenesisState
	makers  string
	charged []string
}

func (f *fixture) snapshot(t *testing.T) snapshot {
	t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	return snapshot{genesis: gs, makers: f.makers.String(), charged: append([]string(nil), f.token.charged...)}
}

// seedReader is a deterministic randomness source for key generation.
type seedReader struct {
	seed []byte
	n    int
}

func (r *seedReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.seed[r.n%len(r.seed)] ^ byte(r.n/len(r.seed))
		r.n++
	}
	return len(p), nil
}

type fakeManufacturers struct {
	m map[string]*manufacturertypes.Manufacturer
}

func (f *fakeManufacturers) String() string {
	return fmt.Sprintf("acme %d/%d bosch %d/%d", f.m["acme"].DevicesRegistered, f.m["acme"].DevicesActive,
		f.m["bosch"].DevicesRegistered, f.m["bosch"].DevicesActive)
}

func (f *fakeManufacturers) GetManufacturer(_ context.Context, id string) (manufacturertypes.Manufacturer, error) {
	m, ok := f.m[id]
	if !ok {
		return manufacturertypes.Manufacturer{}, errorsmod.Wrap(manufacturertypes.ErrUnknownManufacturer, id)
	}
	return *m, nil
}

func (f *fakeManufacturers) ActiveManufacturerOperatedBy(ctx context.Context, id, operator string) (manufacturertypes.Manufacturer, error) {
	m, err := f.GetManufacturer(ctx, id)
	if err != nil {
		return m, err
	}
	if !m.IsOperator(operator) {
		return m, manufacturertypes.ErrNotOperator
	}
	return m, m.CheckActive()
}

func (f *fakeManufacturers) AddDeviceCounts(_ context.Context, id string, registered, active int64) error {
	m := f.m[id]
	m.DevicesRegistered = uint64(int64(m.DevicesRegistered) + registered)
	m.DevicesActive = uint64(int64(m.DevicesActive) + active)
	return nil
}

// fakeToken charges 1 uatmi per unit from in-memory balances and records each charge.
type fakeToken struct {
	paused  map[tokentypes.Action]bool
	balance map[string]uint64
	charged []string
}

func (f *fakeToken) ChargeFee(_ context.Context, payer sdk.AccAddress, kind tokentypes.FeeKind, units uint64, mfr string) (math.Int, error) {
	p, _ := testutil.AccCodec.BytesToString(payer)
	if f.balance[p] < units {
		return math.Int{}, tokentypes.ErrInsufficientFunds
	}
	f.balance[p] -= units
	f.charged = append(f.charged, fmt.Sprintf("%s %s %d %s", p, kind, units, mfr))
	return math.NewIntFromUint64(units), nil
}

func (f *fakeToken) CheckNotPaused(_ context.Context, a tokentypes.Action) error {
	if f.paused[a] {
		return tokentypes.ErrPaused
	}
	return nil
}

type fakePermission map[string]bool

func (p fakePermission) IsAuthority(_ context.Context, addr string) (bool, error) {
	return p[addr], nil
}

// CheckGovernance lets only x/gov's module account through, as x/permission does.
func (p fakePermission) CheckGovernance(_ context.Context, addr, action string) error {
	gov, _ := testutil.AccCodec.BytesToString(authtypes.NewModuleAddress("gov"))
	if addr != gov {
		return errorsmod.Wrapf(sdkerrors.ErrUnauthorized, "%s: %s", action, addr)
	}
	return nil
}
