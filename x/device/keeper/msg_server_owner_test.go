package keeper_test

import (
	"strings"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/bech32"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// ownerListing returns the ids of the devices listed for owner.
func (f *fixture) ownerListing(t *testing.T, owner string) []string {
	t.Helper()
	res, err := f.queries.DevicesByOwner(f.ctx, &types.QueryDevicesByOwnerRequest{Owner: owner})
	require.NoError(t, err)
	ids := []string{}
	for _, d := range res.Devices {
		ids = append(ids, d.Id)
	}
	return ids
}

// serviceListing returns the ids of the devices advertising serviceType.
func (f *fixture) serviceListing(t *testing.T, serviceType string) []string {
	t.Helper()
	res, err := f.queries.DevicesByService(f.ctx, &types.QueryDevicesByServiceRequest{ServiceType: serviceType})
	require.NoError(t, err)
	ids := []string{}
	for _, d := range res.Devices {
		ids = append(ids, d.Id)
	}
	return ids
}

// fullPolicy is a valid policy that uses every field.
func fullPolicy(t *testing.T) types.Policy {
	t.Helper()
	return types.Policy{
		SpendingLimits: types.SpendingLimits{PerMinute: math.NewInt(10), PerHour: math.NewInt(500), PerDay: math.NewInt(10_000)},
		MinCounterpartyReputation: []types.ReputationMinimum{
			{ReputationType: "uptime", MinScore: 80},
			{ReputationType: "data-quality", MinScore: manufacturertypes.MaxReputation},
		},
		AllowedManufacturers:    []string{"acme", "bosch"},
		AllowedDevices:          []string{devicekit.DeviceID([]byte("salt"), []byte("peer")).String()},
		GeohashPrefixes:         []string{"u33d", "9q8yyk8ytpxr"},
		Regions:                 []string{"DE", "US-CA"},
		Attributes:              []types.Attribute{{Key: "site", Value: "berlin-3"}, {Key: "tier", Value: ""}},
		RequireAttestedLocation: true,
	}
}

func TestTransferDevice(t *testing.T) {
	f := setup(t)
	id := f.activate(t, "SN-T").Id
	f.linkWallet(t, id, testutil.Bech32(t, "wallet"))
	buyer := testutil.Bech32(t, "buyer")

	_, err := f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: buyer})
	require.NoError(t, err)
	d := f.device(t, id)
	require.Equal(t, buyer, d.Owner)
	require.EqualValues(t, 1, d.Transfers)
	require.Equal(t, types.STATUS_ACTIVE, d.Status)
	require.Empty(t, d.Wallet, "the seller's wallet does not go with the device: the buyer must not spend it")
	testutil.RequireLastEvent(t, f.ctx, &types.EventDeviceTransferred{DeviceId: id, From: f.ownerStr, To: buyer, Transfers: 1})
	require.Empty(t, f.ownerListing(t, f.ownerStr), "the old owner's listing loses the device")
	require.Equal(t, []string{id}, f.ownerListing(t, buyer), "the new owner's listing gains it")
	require.Equal(t, "acme 1/1 bosch 0/0", f.makers.String(), "a transfer leaves the counts")

	before := f.snapshot(t)
	_, err = f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: f.outsider})
	require.ErrorIs(t, err, types.ErrUnauthorized, "the old owner has no say any more")
	require.Equal(t, before, f.snapshot(t))

	_, err = f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: buyer, DeviceId: id, NewOwner: f.ownerStr})
	require.NoError(t, err)
	d = f.device(t, id)
	require.Equal(t, f.ownerStr, d.Owner)
	require.EqualValues(t, 2, d.Transfers, "every transfer counts")
	testutil.RequireLastEvent(t, f.ctx, &types.EventDeviceTransferred{DeviceId: id, From: buyer, To: f.ownerStr, Transfers: 2})
	require.Equal(t, []string{id}, f.ownerListing(t, f.ownerStr))
	require.Empty(t, f.ownerListing(t, buyer))
}

func TestTransferDeviceKeepsTheOtherDevicesOfTheOwner(t *testing.T) {
	f := setup(t)
	a := f.activate(t, "SN-A").Id
	b := f.activate(t, "SN-B").Id
	require.ElementsMatch(t, []string{a, b}, f.ownerListing(t, f.ownerStr))
	buyer := testutil.Bech32(t, "buyer")
	_, err := f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: a, NewOwner: buyer})
	require.NoError(t, err)
	require.Equal(t, []string{b}, f.ownerListing(t, f.ownerStr))
	require.Equal(t, []string{a}, f.ownerListing(t, buyer))
}

func TestTransferRefusals(t *testing.T) {
	buyer := testutil.Bech32(t, "buyer")
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture, id string)
		msg     func(f *fixture, id string) *types.MsgTransferDevice
		wantErr error
	}{
		{name: "an outsider cannot transfer the device", wantErr: types.ErrUnauthorized,
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: f.outsider, DeviceId: id, NewOwner: f.outsider}
			}},
		{name: "the manufacturer cannot transfer the device", wantErr: types.ErrUnauthorized,
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: f.operator, DeviceId: id, NewOwner: buyer}
			}},
		{name: "the authority cannot transfer the device", wantErr: types.ErrUnauthorized,
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: f.authority, DeviceId: id, NewOwner: buyer}
			}},
		{name: "a suspended device is not transferred", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture, id string) { f.lifecycleSuspend(t, f.ownerStr, id) },
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: buyer}
			}},
		{name: "a device suspended by the authority is not transferred", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture, id string) { f.lifecycleSuspend(t, f.authority, id) },
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: buyer}
			}},
		{name: "a device is not transferred to its owner", wantErr: types.ErrInvalidAddress,
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: f.ownerStr}
			}},
		{name: "gov's module account cannot receive a device", wantErr: types.ErrModuleAccount,
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: f.gov}
			}},
		{name: "the bonded pool cannot receive a device", wantErr: types.ErrModuleAccount,
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				pool, err := testutil.AccCodec.BytesToString(authtypes.NewModuleAddress("bonded_tokens_pool"))
				require.NoError(t, err)
				return &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: pool}
			}},
		{name: "a malformed new owner is refused", wantErr: types.ErrInvalidAddress,
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: "atonomi1buyer"}
			}},
		{name: "a new owner of another chain's prefix is refused", wantErr: types.ErrInvalidAddress,
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				buyerBytes, _ := testutil.Addr(t, "buyer")
				foreign, err := bech32.ConvertAndEncode("cosmos", buyerBytes)
				require.NoError(t, err)
				return &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: foreign}
			}},
		{name: "an empty new owner is refused", wantErr: types.ErrInvalidAddress,
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id}
			}},
		{name: "a malformed owner is refused", wantErr: types.ErrInvalidAddress,
			msg: func(_ *fixture, id string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: "owner", DeviceId: id, NewOwner: buyer}
			}},
		{name: "an unknown device is refused", wantErr: types.ErrUnknownDevice,
			msg: func(f *fixture, _ string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: devicekit.DeviceID([]byte("salt"), []byte("none")).String(), NewOwner: buyer}
			}},
		{name: "a malformed device id is refused", wantErr: types.ErrInvalidDeviceID,
			msg: func(f *fixture, id string) *types.MsgTransferDevice {
				return &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: "0x" + id[2:], NewOwner: buyer}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			id := f.activate(t, "SN-T").Id
			if c.prepare != nil {
				c.prepare(t, f, id)
			}
			msg := c.msg(f, id)
			before := f.snapshot(t)
			_, err := f.msgs.TransferDevice(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t), "a refused transfer changes nothing")
		})
	}
}

func TestTransferOfARegisteredDevice(t *testing.T) {
	f := setup(t)
	e := f.entry(t, "SN-R", devicekit.Ed25519)
	f.register(t, e)
	before := f.snapshot(t)
	for _, signer := range []string{f.ownerStr, f.operator, f.authority} {
		_, err := f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: signer, DeviceId: e.Id, NewOwner: f.outsider})
		require.ErrorIs(t, err, types.ErrUnauthorized, "a registered device has no owner to transfer it")
	}
	require.Equal(t, before, f.snapshot(t))
}

func TestSetPolicy(t *testing.T) {
	f := setup(t)
	id := f.activate(t, "SN-P").Id
	require.Equal(t, types.DefaultPolicy(), f.device(t, id).Policy, "a new device has no limits")

	p := fullPolicy(t)
	_, err := f.msgs.SetPolicy(f.ctx, &types.MsgSetPolicy{Owner: f.ownerStr, DeviceId: id, Policy: p})
	require.NoError(t, err)
	require.Equal(t, p, f.device(t, id).Policy)
	testutil.RequireLastEvent(t, f.ctx, &types.EventPolicySet{DeviceId: id, Owner: f.ownerStr})

	_, err = f.msgs.SetPolicy(f.ctx, &types.MsgSetPolicy{Owner: f.ownerStr, DeviceId: id, Policy: types.DefaultPolicy()})
	require.NoError(t, err)
	require.Equal(t, types.DefaultPolicy(), f.device(t, id).Policy, "the policy is replaced, not merged")

	// The owner may still restrict a device it has suspended, e.g. a stolen one.
	f.lifecycleSuspend(t, f.ownerStr, id)
	_, err = f.msgs.SetPolicy(f.ctx, &types.MsgSetPolicy{Owner: f.ownerStr, DeviceId: id, Policy: p})
	require.NoError(t, err)
	require.Equal(t, p, f.device(t, id).Policy)
}

func TestSetPolicyAcceptsTheLimits(t *testing.T) {
	f := setup(t)
	id := f.activate(t, "SN-P").Id
	p := types.DefaultPolicy()
	for i := 0; i < types.MaxListLength; i++ {
		serial := []byte{byte(i)}
		p.AllowedDevices = append(p.AllowedDevices, devicekit.DeviceID([]byte("salt"), serial).String())
		p.Regions = append(p.Regions, "US-"+string(rune('A'+i%26))+string(rune('A'+i/26)))
		p.MinCounterpartyReputation = append(p.MinCounterpartyReputation, types.ReputationMinimum{ReputationType: "r" + string(rune('a'+i%26)) + string(rune('a'+i/26)), MinScore: uint32(i)})
	}
	for i := 0; i < types.MaxAttributes; i++ {
		p.Attributes = append(p.Attributes, types.Attribute{Key: strings.Repeat(string(rune('a'+i)), types.MaxAttrKeyLength), Value: strings.Repeat("v", types.MaxAttrValLength)})
	}
	p.GeohashPrefixes = []string{"0123456789bc", "defghjkmnpqr", "stuvwxyz"}
	_, err := f.msgs.SetPolicy(f.ctx, &types.MsgSetPolicy{Owner: f.ownerStr, DeviceId: id, Policy: p})
	require.NoError(t, err)
	require.Equal(t, p, f.device(t, id).Policy)
}

func TestSetPolicyRefusals(t *testing.T) {
	many := func(n int, gen func(i int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = gen(i)
		}
		return out
	}
	cases := []struct {
		name    string
		mutate  func(p *types.Policy)
		wantErr error
	}{
		{name: "a negative spending limit is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.SpendingLimits.PerHour = math.NewInt(-1) }},
		{name: "a missing spending limit is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.SpendingLimits.PerDay = math.Int{} }},
		{name: "a geohash with the letter a is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.GeohashPrefixes = []string{"u33a"} }},
		{name: "an upper-case geohash is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.GeohashPrefixes = []string{"U33D"} }},
		{name: "an empty geohash prefix is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.GeohashPrefixes = []string{""} }},
		{name: "a geohash longer than 12 characters is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.GeohashPrefixes = []string{"u33dc0cpke7vx"} }},
		{name: "a country name is not a region code", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.Regions = []string{"Germany"} }},
		{name: "a lower-case region code is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.Regions = []string{"de"} }},
		{name: "a subdivision longer than three characters is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.Regions = []string{"US-CALI"} }},
		{name: "a reputation type listed twice is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) {
				p.MinCounterpartyReputation = []types.ReputationMinimum{{ReputationType: "uptime", MinScore: 1}, {ReputationType: "uptime", MinScore: 2}}
			}},
		{name: "a malformed reputation type is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) {
				p.MinCounterpartyReputation = []types.ReputationMinimum{{ReputationType: "Uptime", MinScore: 1}}
			}},
		{name: "a one-letter reputation type, which no auditor can be admitted for, is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) {
				p.MinCounterpartyReputation = []types.ReputationMinimum{{ReputationType: "u", MinScore: 1}}
			}},
		{name: "a minimum score above 2147483647 is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) {
				p.MinCounterpartyReputation = []types.ReputationMinimum{{ReputationType: "uptime", MinScore: manufacturertypes.MaxReputation + 1}}
			}},
		{name: "a malformed allowed device id is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.AllowedDevices = []string{"SN-0001"} }},
		{name: "a malformed allowed manufacturer id is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.AllowedManufacturers = []string{"Acme Corp"} }},
		{name: "a one-letter manufacturer id is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.AllowedManufacturers = []string{"a"} }},
		{name: "more than 32 allowed devices are refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) {
				p.AllowedDevices = many(types.MaxListLength+1, func(i int) string {
					return devicekit.DeviceID([]byte("salt"), []byte{byte(i)}).String()
				})
			}},
		{name: "more than 32 regions are refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.Regions = many(types.MaxListLength+1, func(int) string { return "DE" }) }},
		{name: "more than 32 geohash prefixes are refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) {
				p.GeohashPrefixes = many(types.MaxListLength+1, func(int) string { return "u33d" })
			}},
		{name: "more than 32 allowed manufacturers are refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) {
				p.AllowedManufacturers = many(types.MaxListLength+1, func(int) string { return "acme" })
			}},
		{name: "more than 32 reputation minimums are refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) {
				p.MinCounterpartyReputation = nil
				for i := 0; i <= types.MaxListLength; i++ {
					p.MinCounterpartyReputation = append(p.MinCounterpartyReputation,
						types.ReputationMinimum{ReputationType: "r" + string(rune('a'+i%26)) + string(rune('a'+i/26))})
				}
			}},
		{name: "an attribute without a key is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) { p.Attributes = []types.Attribute{{Value: "x"}} }},
		{name: "an attribute listed twice is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) {
				p.Attributes = []types.Attribute{{Key: "site", Value: "a"}, {Key: "site", Value: "b"}}
			}},
		{name: "an attribute value longer than 256 characters is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) {
				p.Attributes = []types.Attribute{{Key: "site", Value: strings.Repeat("v", types.MaxAttrValLength+1)}}
			}},
		{name: "more than 16 attributes are refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(p *types.Policy) {
				p.Attributes = nil
				for i := 0; i <= types.MaxAttributes; i++ {
					p.Attributes = append(p.Attributes, types.Attribute{Key: string(rune('a' + i))})
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			id := f.activate(t, "SN-P").Id
			p := fullPolicy(t)
			c.mutate(&p)
			before := f.snapshot(t)
			_, err := f.msgs.SetPolicy(f.ctx, &types.MsgSetPolicy{Owner: f.ownerStr, DeviceId: id, Policy: p})
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t), "a refused policy changes nothing")
		})
	}

	for _, signer := range []string{"outsider", "operator", "authority"} {
		t.Run("the "+signer+" cannot set the policy", func(t *testing.T) {
			f := setup(t)
			id := f.activate(t, "SN-P").Id
			who := map[string]string{"outsider": f.outsider, "operator": f.operator, "authority": f.authority}[signer]
			before := f.snapshot(t)
			_, err := f.msgs.SetPolicy(f.ctx, &types.MsgSetPolicy{Owner: who, DeviceId: id, Policy: fullPolicy(t)})
			require.ErrorIs(t, err, types.ErrUnauthorized)
			require.Equal(t, before, f.snapshot(t))
		})
	}
}

func TestSetServices(t *testing.T) {
	f := setup(t)
	a := f.activate(t, "SN-A").Id
	b := f.activate(t, "SN-B").Id
	electricity := types.Service{ServiceType: "electricity", Price: math.NewInt(12), Metadata: []types.Attribute{{Key: "unit", Value: "kWh"}}}
	weather := types.Service{ServiceType: "weather-data", Price: math.ZeroInt()}

	_, err := f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: a, Services: []types.Service{electricity, weather}})
	require.NoError(t, err)
	testutil.RequireLastEvent(t, f.ctx, &types.EventServicesSet{DeviceId: a, ServiceTypes: []string{"electricity", "weather-data"}})
	require.Len(t, f.device(t, a).Services, 2)
	require.Equal(t, electricity.String(), f.device(t, a).Services[0].String())
	require.Equal(t, []string{a}, f.serviceListing(t, "electricity"))
	require.Equal(t, []string{a}, f.serviceListing(t, "weather-data"))

	_, err = f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: b, Services: []types.Service{electricity}})
	require.NoError(t, err)
	require.ElementsMatch(t, []string{a, b}, f.serviceListing(t, "electricity"), "a service type lists every device offering it")

	_, err = f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: a, Services: []types.Service{weather}})
	require.NoError(t, err)
	require.Equal(t, []string{b}, f.serviceListing(t, "electricity"), "a replaced service leaves its listing")
	require.Equal(t, []string{a}, f.serviceListing(t, "weather-data"))
	testutil.RequireLastEvent(t, f.ctx, &types.EventServicesSet{DeviceId: a, ServiceTypes: []string{"weather-data"}})

	_, err = f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: a})
	require.NoError(t, err)
	require.Empty(t, f.device(t, a).Services)
	require.Empty(t, f.serviceListing(t, "weather-data"), "an empty list withdraws every service")
	require.Equal(t, []string{b}, f.serviceListing(t, "electricity"), "another device's services stay")
	testutil.RequireLastEvent(t, f.ctx, &types.EventServicesSet{DeviceId: a, ServiceTypes: []string{}})
}

func TestSetServicesRefusals(t *testing.T) {
	svc := func(serviceType string, price int64) types.Service {
		return types.Service{ServiceType: serviceType, Price: math.NewInt(price)}
	}
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture, id string)
		msg     func(f *fixture, id string) *types.MsgSetServices
		wantErr error
	}{
		{name: "a service type listed twice is refused", wantErr: types.ErrInvalidService,
			msg: func(f *fixture, id string) *types.MsgSetServices {
				return &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id, Services: []types.Service{svc("bandwidth", 1), svc("bandwidth", 2)}}
			}},
		{name: "an upper-case service type is refused", wantErr: types.ErrInvalidService,
			msg: func(f *fixture, id string) *types.MsgSetServices {
				return &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id, Services: []types.Service{svc("Electricity", 1)}}
			}},
		{name: "a service type with a space is refused", wantErr: types.ErrInvalidService,
			msg: func(f *fixture, id string) *types.MsgSetServices {
				return &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id, Services: []types.Service{svc("weather data", 1)}}
			}},
		{name: "a one-letter service type is refused", wantErr: types.ErrInvalidService,
			msg: func(f *fixture, id string) *types.MsgSetServices {
				return &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id, Services: []types.Service{svc("e", 1)}}
			}},
		{name: "a negative price is refused", wantErr: types.ErrInvalidService,
			msg: func(f *fixture, id string) *types.MsgSetServices {
				return &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id, Services: []types.Service{svc("bandwidth", -1)}}
			}},
		{name: "a missing price is refused", wantErr: types.ErrInvalidService,
			msg: func(f *fixture, id string) *types.MsgSetServices {
				return &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id, Services: []types.Service{{ServiceType: "bandwidth"}}}
			}},
		{name: "more than 8 services are refused", wantErr: types.ErrInvalidService,
			msg: func(f *fixture, id string) *types.MsgSetServices {
				var s []types.Service
				for i := 0; i <= types.MaxServices; i++ {
					s = append(s, svc("svc-"+string(rune('a'+i)), 1))
				}
				return &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id, Services: s}
			}},
		{name: "a service attribute listed twice is refused", wantErr: types.ErrInvalidService,
			msg: func(f *fixture, id string) *types.MsgSetServices {
				s := svc("bandwidth", 1)
				s.Metadata = []types.Attribute{{Key: "unit", Value: "GB"}, {Key: "unit", Value: "MB"}}
				return &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id, Services: []types.Service{s}}
			}},
		{name: "a suspended device does not advertise", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture, id string) { f.lifecycleSuspend(t, f.ownerStr, id) },
			msg: func(f *fixture, id string) *types.MsgSetServices {
				return &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id, Services: []types.Service{svc("bandwidth", 1)}}
			}},
		{name: "a suspended device cannot even clear its services", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture, id string) { f.lifecycleSuspend(t, f.operator, id) },
			msg: func(f *fixture, id string) *types.MsgSetServices {
				return &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id}
			}},
		{name: "an outsider cannot set the services", wantErr: types.ErrUnauthorized,
			msg: func(f *fixture, id string) *types.MsgSetServices {
				return &types.MsgSetServices{Owner: f.outsider, DeviceId: id, Services: []types.Service{svc("bandwidth", 1)}}
			}},
		{name: "the manufacturer cannot set the services", wantErr: types.ErrUnauthorized,
			msg: func(f *fixture, id string) *types.MsgSetServices {
				return &types.MsgSetServices{Owner: f.operator, DeviceId: id}
			}},
		{name: "a malformed owner is refused", wantErr: types.ErrInvalidAddress,
			msg: func(_ *fixture, id string) *types.MsgSetServices {
				return &types.MsgSetServices{Owner: "not-an-address", DeviceId: id}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			id := f.activate(t, "SN-S").Id
			_, err := f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id, Services: []types.Service{svc("electricity", 3)}})
			require.NoError(t, err)
			if c.prepare != nil {
				c.prepare(t, f, id)
			}
			msg := c.msg(f, id)
			before := f.snapshot(t)
			_, err = f.msgs.SetServices(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t), "refused services change nothing")
		})
	}
}

func TestSetServicesOfARegisteredDevice(t *testing.T) {
	f := setup(t)
	e := f.entry(t, "SN-R", devicekit.Ed25519)
	f.register(t, e)
	before := f.snapshot(t)
	_, err := f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: e.Id,
		Services: []types.Service{{ServiceType: "bandwidth", Price: math.OneInt()}}})
	require.ErrorIs(t, err, types.ErrUnauthorized, "a registered device has no owner")
	require.Equal(t, before, f.snapshot(t))
}

func TestOwnerOperationsOnARevokedDevice(t *testing.T) {
	cases := []struct {
		name string
		run  func(f *fixture, id string) error
	}{
		{"a revoked device is not transferred", func(f *fixture, id string) error {
			_, err := f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: f.outsider})
			return err
		}},
		{"a revoked device gets no new policy", func(f *fixture, id string) error {
			_, err := f.msgs.SetPolicy(f.ctx, &types.MsgSetPolicy{Owner: f.ownerStr, DeviceId: id, Policy: types.DefaultPolicy()})
			return err
		}},
		{"a revoked device does not advertise", func(f *fixture, id string) error {
			_, err := f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id,
				Services: []types.Service{{ServiceType: "bandwidth", Price: math.OneInt()}}})
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			id := f.activate(t, "SN-X").Id
			f.lifecycleRevoke(t, f.gov, id)
			before := f.snapshot(t)
			require.ErrorIs(t, c.run(f, id), types.ErrInvalidStatus)
			require.Equal(t, before, f.snapshot(t))
		})
	}
}

func TestOnlyActiveDevicesAreListedAsProviders(t *testing.T) {
	f := setup(t)
	e := f.activate(t, "PROVIDER")
	_, err := f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: e.Id,
		Services: []types.Service{{ServiceType: "bandwidth", Price: math.NewInt(3)}}})
	require.NoError(t, err)
	require.Equal(t, []string{e.Id}, f.serviceListing(t, "bandwidth"))

	_, err = f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: f.ownerStr, DeviceId: e.Id})
	require.NoError(t, err)
	require.Empty(t, f.serviceListing(t, "bandwidth"), "a suspended device is not offered")
	require.Len(t, f.device(t, e.Id).Services, 1, "its adverts are kept for its return")

	_, err = f.msgs.ReinstateDevice(f.ctx, &types.MsgReinstateDevice{Signer: f.ownerStr, DeviceId: e.Id})
	require.NoError(t, err)
	require.Equal(t, []string{e.Id}, f.serviceListing(t, "bandwidth"), "reinstated, it is offered again")

	_, err = f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.operator, DeviceId: e.Id})
	require.NoError(t, err)
	require.Empty(t, f.serviceListing(t, "bandwidth"))
	require.Empty(t, f.device(t, e.Id).Services, "a revoked device's adverts are gone")
}
