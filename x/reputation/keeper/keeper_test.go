package keeper_test

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	"github.com/atonomi/atonomid/x/reputation"
	"github.com/atonomi/atonomid/x/reputation/keeper"
	"github.com/atonomi/atonomid/x/reputation/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// Defaults of the fixture's manufacturers: the value of a type no auditor
// has scored yet.
const (
	acmeDefault  = 5000
	boschDefault = 3000
)

type fixture struct {
	ctx      sdk.Context
	k        *keeper.Keeper
	msgs     types.MsgServer
	queries  types.QueryServer
	auditors *fakeAuditors
	devices  *fakeDevices
	makers   *fakeManufacturers
	token    *fakeToken
	gov      string // the x/gov module account: the only one that changes params
	outsider string // operates nothing

	// Auditors: sentinel (weight 100; security, social), veritas (weight
	// 300; security, service-quality), both active, and dormant (weight 50;
	// security), suspended. Each field is the auditor's operator.
	sentinel string
	veritas  string
	dormant  string
	// acmeOps is acme's first operator: it receives the manufacturer's share
	// of score rewards. boschOps is bosch's.
	acmeOps  string
	boschOps string

	// meter and lamp are devices of acme, pump one of bosch.
	meter string
	lamp  string
	pump  string
}

func setup(t testing.TB) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	encCfg := moduletestutil.MakeTestEncodingConfig(reputation.AppModuleBasic{})
	gov, err := testutil.AccCodec.BytesToString(authtypes.NewModuleAddress("gov"))
	require.NoError(t, err)
	f := &fixture{
		ctx:      testutil.NewContext(t, key),
		gov:      gov,
		outsider: testutil.Bech32(t, "outsider"),
		sentinel: testutil.Bech32(t, "sentinel-ops"),
		veritas:  testutil.Bech32(t, "veritas-ops"),
		dormant:  testutil.Bech32(t, "dormant-ops"),
		acmeOps:  testutil.Bech32(t, "acme-ops"),
		boschOps: testutil.Bech32(t, "bosch-ops"),
		meter:    deviceID("meter"),
		lamp:     deviceID("lamp"),
		pump:     deviceID("pump"),
		token:    &fakeToken{paused: map[tokentypes.Action]bool{}, balance: map[string]uint64{}},
	}
	f.auditors = &fakeAuditors{byOperator: map[string]*auditortypes.Auditor{
		f.sentinel: {Id: "sentinel", Operator: f.sentinel, Status: auditortypes.STATUS_ACTIVE, ReputationTypes: []string{"security", "social"}, Weight: 100},
		f.veritas:  {Id: "veritas", Operator: f.veritas, Status: auditortypes.STATUS_ACTIVE, ReputationTypes: []string{"security", "service-quality"}, Weight: 300},
		f.dormant:  {Id: "dormant", Operator: f.dormant, Status: auditortypes.STATUS_SUSPENDED, ReputationTypes: []string{"security"}, Weight: 50},
	}}
	f.makers = &fakeManufacturers{m: map[string]manufacturertypes.Manufacturer{
		"acme":  {Id: "acme", Operators: []string{f.acmeOps, testutil.Bech32(t, "acme-ops-2")}, Status: manufacturertypes.STATUS_ACTIVE, DefaultReputation: acmeDefault},
		"bosch": {Id: "bosch", Operators: []string{f.boschOps}, Status: manufacturertypes.STATUS_ACTIVE, DefaultReputation: boschDefault},
	}}
	f.devices = &fakeDevices{d: map[devicekit.ID]*devicetypes.Device{}, makers: f.makers}
	for id, maker := range map[string]string{f.meter: "acme", f.lamp: "acme", f.pump: "bosch"} {
		f.devices.add(id, maker)
	}
	for _, a := range []string{f.sentinel, f.veritas, f.dormant, f.outsider, f.acmeOps} {
		f.token.balance[a] = 1_000_000
	}
	f.k = keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), f.gov, testutil.AccCodec,
		f.auditors, f.devices, f.makers, f.token)
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.queries = keeper.NewQueryServer(f.k)
	require.NoError(t, f.k.InitGenesis(f.ctx, types.DefaultGenesis()))
	return f
}

// deviceID is the id of a test device named serial.
func deviceID(serial string) string {
	return devicekit.DeviceID([]byte("salt"), []byte(serial)).String()
}

// score is a batch entry.
func score(device, reputationType string, value uint32) types.ScoreEntry {
	return types.ScoreEntry{DeviceId: device, ReputationType: reputationType, Score: value}
}

// write sends a batch signed by operator on a fresh event manager, so that
// f.events returns this message's events only.
func (f *fixture) write(operator string, entries ...types.ScoreEntry) (*types.MsgWriteScoresResponse, error) {
	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	return f.msgs.WriteScores(f.ctx, &types.MsgWriteScores{Operator: operator, Scores: entries})
}

// mustWrite writes a batch and fails the test if it is refused.
func (f *fixture) mustWrite(t *testing.T, operator string, entries ...types.ScoreEntry) {
	t.Helper()
	res, err := f.write(operator, entries...)
	require.NoError(t, err)
	require.Equal(t, uint64(len(entries)), res.Written)
}

// advance moves the chain on by blocks.
func (f *fixture) advance(blocks int64) {
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + blocks)
}

// setParams replaces the params as governance would.
func (f *fixture) setParams(t *testing.T, edit func(p *types.Params)) {
	t.Helper()
	p, err := f.k.GetParams(f.ctx)
	require.NoError(t, err)
	edit(&p)
	_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
}

// events returns the typed events emitted since the last write.
func (f *fixture) events(t *testing.T) []proto.Message { return testutil.Events(t, f.ctx) }

// aggregate returns the stored aggregate of a device and type.
func (f *fixture) aggregate(t *testing.T, device, reputationType string) types.Aggregate {
	t.Helper()
	res, err := f.queries.Aggregate(f.ctx, &types.QueryAggregateRequest{DeviceId: device, ReputationType: reputationType})
	require.NoError(t, err)
	return res.Aggregate
}

// history returns the whole queryable history of a device and type.
func (f *fixture) history(t *testing.T, device, reputationType string) []types.Score {
	t.Helper()
	res, err := f.queries.History(f.ctx, &types.QueryHistoryRequest{DeviceId: device, ReputationType: reputationType})
	require.NoError(t, err)
	return res.Scores
}

// allAggregates lists the stored aggregates in key order: what genesis
// import must rebuild.
func (f *fixture) allAggregates(t *testing.T) []types.Aggregate {
	t.Helper()
	var out []types.Aggregate
	require.NoError(t, f.k.Aggregates.Walk(f.ctx, nil, func(_ collections.Pair[devicekit.ID, string], a types.Aggregate) (bool, error) {
		out = append(out, a)
		return false, nil
	}))
	return out
}

// state returns the exported module state: what "changes no state" compares.
func (f *fixture) state(t *testing.T) *types.GenesisState {
	t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	return gs
}

// snapshot is what a refused message must leave as it was: the module's
// state, its derived aggregates, the devices' exclusion flags and every call
// made into the other modules.
type snapshot struct {
	genesis    *types.GenesisState
	aggregates []types.Aggregate
	devices    string
	excludes   []string
	charged    []string
	rewards    []string
	credits    []string
}

func (f *fixture) snapshot(t *testing.T) snapshot {
	t.Helper()
	return snapshot{
		genesis:    f.state(t),
		aggregates: f.allAggregates(t),
		devices:    f.devices.String(),
		excludes:   append([]string(nil), f.devices.calls...),
		charged:    append([]string(nil), f.token.charged...),
		rewards:    append([]string(nil), f.token.rewards...),
		credits:    append([]string(nil), f.token.credits...),
	}
}

// reward is the fake token keeper's record of a reward request.
func reward(maker, auditor, beneficiary string, blocks uint64) string {
	return fmt.Sprintf("%s %s %s %d", maker, auditor, beneficiary, blocks)
}

// fee is the fake token keeper's record of a reputation-write fee.
func fee(payer string, units uint64, maker string) string {
	return fmt.Sprintf("%s %s %d %s", payer, tokentypes.FeeReputation, units, maker)
}

// exclusion is the fake device keeper's record of a SetExcluded call.
func exclusion(device string, excluded, changed bool) string {
	return fmt.Sprintf("%s excluded=%t changed=%t", device, excluded, changed)
}

// fakeAuditors stands in for x/auditor: operator → auditor.
type fakeAuditors struct {
	byOperator map[string]*auditortypes.Auditor
}

func (f *fakeAuditors) GetAuditor(_ context.Context, id string) (auditortypes.Auditor, error) {
	for _, a := range f.byOperator {
		if a.Id == id {
			return *a, nil
		}
	}
	return auditortypes.Auditor{}, errorsmod.Wrapf(auditortypes.ErrUnknownAuditor, "%s", id)
}

func (f *fakeAuditors) ActiveAuditorOperatedBy(_ context.Context, operator string) (auditortypes.Auditor, error) {
	if err := auditortypes.ValidateOperator(testutil.AccCodec, operator); err != nil {
		return auditortypes.Auditor{}, err
	}
	a, ok := f.byOperator[operator]
	if !ok {
		return auditortypes.Auditor{}, errorsmod.Wrapf(auditortypes.ErrNotOperator, "%s operates no auditor", operator)
	}
	if a.Status != auditortypes.STATUS_ACTIVE {
		return *a, errorsmod.Wrapf(auditortypes.ErrAuditorInactive, "%s is %s", a.Id, a.Status.StatusName())
	}
	return *a, nil
}

// fakeDevices stands in for x/device: the devices and their exclusion flags,
// with every SetExcluded call recorded.
type fakeDevices struct {
	d     map[devicekit.ID]*devicetypes.Device
	calls []string
	// makers give a device added the default reputation of its manufacturer
	// at that moment, as x/device's registration does.
	makers *fakeManufacturers
}

func (f *fakeDevices) add(id, maker string) {
	parsed, err := devicekit.ParseID(id)
	if err != nil {
		panic(err)
	}
	f.d[parsed] = &devicetypes.Device{Id: id, ManufacturerId: maker, Status: devicetypes.STATUS_ACTIVE,
		DefaultReputation: f.makers.m[maker].DefaultReputation}
}

func (f *fakeDevices) String() string {
	var out []string
	for _, d := range f.d {
		out = append(out, fmt.Sprintf("%s excluded=%t", d.Id, d.Excluded))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func (f *fakeDevices) excluded(id string) bool {
	parsed, _ := devicekit.ParseID(id)
	return f.d[parsed].Excluded
}

func (f *fakeDevices) GetDevice(_ context.Context, id devicekit.ID) (devicetypes.Device, error) {
	d, ok := f.d[id]
	if !ok {
		return devicetypes.Device{}, errorsmod.Wrapf(devicetypes.ErrUnknownDevice, "%s", id)
	}
	return *d, nil
}

func (f *fakeDevices) SetExcluded(_ context.Context, id devicekit.ID, excluded bool) (bool, error) {
	d, ok := f.d[id]
	if !ok {
		return false, errorsmod.Wrapf(devicetypes.ErrUnknownDevice, "%s", id)
	}
	changed := d.Excluded != excluded
	d.Excluded = excluded
	f.calls = append(f.calls, exclusion(id.String(), excluded, changed))
	return changed, nil
}

// fakeManufacturers stands in for x/manufacturer.
type fakeManufacturers struct {
	m map[string]manufacturertypes.Manufacturer
}

func (f *fakeManufacturers) GetManufacturer(_ context.Context, id string) (manufacturertypes.Manufacturer, error) {
	m, ok := f.m[id]
	if !ok {
		return m, errorsmod.Wrap(manufacturertypes.ErrUnknownManufacturer, id)
	}
	return m, nil
}

// fakeToken charges 1 uatmi per unit from in-memory balances and records
// each charge, each reward request and each auditor pool credit; it keeps
// the payee of the last auditor epoch end it was asked for.
type fakeToken struct {
	paused  map[tokentypes.Action]bool
	balance map[string]uint64
	charged []string
	rewards []string
	credits []string
	payee   tokentypes.AuditorPayee
}

// credit is the fake token keeper's record of a batch's auditor pool
// credit: the auditor, its weight and the blocks of each credited score.
func credit(auditorID string, weight uint32, blocks ...uint64) string {
	return fmt.Sprintf("%s weight=%d blocks=%v", auditorID, weight, blocks)
}

func (f *fakeToken) CreditAuditorScores(_ context.Context, auditorID string, weight uint32, blocks []uint64) (math.Int, error) {
	f.credits = append(f.credits, credit(auditorID, weight, blocks...))
	return math.NewIntFromUint64(uint64(weight) * uint64(len(blocks))), nil
}

func (f *fakeToken) EndAuditorEpoch(_ context.Context, payee tokentypes.AuditorPayee) error {
	f.payee = payee
	return nil
}

func (f *fakeToken) CheckNotPaused(_ context.Context, a tokentypes.Action) error {
	if f.paused[a] {
		return tokentypes.ErrPaused
	}
	return nil
}

func (f *fakeToken) ChargeFee(_ context.Context, payer sdk.AccAddress, kind tokentypes.FeeKind, units uint64, maker string) (math.Int, error) {
	p, err := testutil.AccCodec.BytesToString(payer)
	if err != nil {
		return math.Int{}, err
	}
	if f.balance[p] < units {
		return math.Int{}, tokentypes.ErrInsufficientFunds
	}
	f.balance[p] -= units
	f.charged = append(f.charged, fmt.Sprintf("%s %s %d %s", p, kind, units, maker))
	return math.NewIntFromUint64(units), nil
}

func (f *fakeToken) PayReputationReward(_ context.Context, maker string, auditor, beneficiary sdk.AccAddress, blocks uint64) (math.Int, error) {
	a, err := testutil.AccCodec.BytesToString(auditor)
	if err != nil {
		return math.Int{}, err
	}
	b, err := testutil.AccCodec.BytesToString(beneficiary)
	if err != nil {
		return math.Int{}, err
	}
	f.rewards = append(f.rewards, reward(maker, a, b, blocks))
	return math.NewInt(500), nil
}

func TestNewKeeperRefusesAnEmptyAuthority(t *testing.T) {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	encCfg := moduletestutil.MakeTestEncodingConfig(reputation.AppModuleBasic{})
	require.Panics(t, func() {
		keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), "", testutil.AccCodec, nil, nil, nil, nil)
	})
}

func TestGetters(t *testing.T) {
	f := setup(t)
	require.Equal(t, f.gov, f.k.GetAuthority())
	params, err := f.k.GetParams(f.ctx)
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), params)
}

// ServiceProviders pages, in id order, through the devices that advertise
// serviceType from the one whose raw id is start, keeping those keep
// accepts until limit are kept, as x/device does; the next key is the raw id
// to go on from.
func (f *fakeDevices) ServiceProviders(_ context.Context, serviceType string, start []byte, limit int,
	keep func(devicetypes.Device) (bool, error),
) ([]devicetypes.Device, []byte, error) {
	var ids []devicekit.ID
	for id, d := range f.d {
		for _, s := range d.Services {
			if s.ServiceType == serviceType && bytes.Compare(id[:], start) >= 0 {
				ids = append(ids, id)
			}
		}
	}
	sort.Slice(ids, func(i, j int) bool { return bytes.Compare(ids[i][:], ids[j][:]) < 0 })
	var out []devicetypes.Device
	for _, id := range ids {
		if len(out) == limit {
			return out, append([]byte(nil), id[:]...), nil
		}
		ok, err := keep(*f.d[id])
		if err != nil {
			return nil, nil, err
		}
		if ok {
			out = append(out, *f.d[id])
		}
	}
	return out, nil, nil
}
