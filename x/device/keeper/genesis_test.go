package keeper_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device"
	"github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// genesisRoot is a well-formed Merkle root made from s.
func genesisRoot(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// genesisDevice is the record of entry e for acme in status st.
func genesisDevice(e types.DeviceEntry, st types.Status, owner string) types.Device {
	return types.Device{
		Id: e.Id, ManufacturerId: "acme", KeyType: e.KeyType, PublicKey: e.PublicKey, Protocols: e.Protocols,
		DeviceType: e.DeviceType, Status: st, Owner: owner, Policy: types.DefaultPolicy(), RegisteredHeight: 3,
	}
}

// validGenesis holds a device of every status and two whitelists.
func validGenesis(t *testing.T, f *fixture) *types.GenesisState {
	t.Helper()
	active := genesisDevice(f.entry(t, "G-ACTIVE", devicekit.Secp256k1), types.STATUS_ACTIVE, f.ownerStr)
	active.Wallet, active.Policy, active.Transfers, active.ActivatedHeight = testutil.Bech32(t, "wallet"), fullPolicy(t), 2, 4
	active.Services = []types.Service{{ServiceType: "electricity", Price: math.NewInt(9)}}
	active.WalletOffer = &types.WalletOffer{Wallet: testutil.Bech32(t, "next-wallet"), ExpiryHeight: 40}
	suspended := genesisDevice(f.entry(t, "G-SUSPENDED", devicekit.Ed25519), types.STATUS_SUSPENDED, f.ownerStr)
	suspended.SuspendedBy = types.RoleOwner
	return &types.GenesisState{
		Params: types.DefaultParams(),
		Devices: []types.Device{
			genesisDevice(f.entry(t, "G-REGISTERED", devicekit.Mldsa65), types.STATUS_REGISTERED, ""),
			active,
			suspended,
			genesisDevice(f.entry(t, "G-REVOKED", devicekit.Secp256r1), types.STATUS_REVOKED, f.ownerStr),
		},
		Whitelists: []types.MerkleWhitelist{
			{Root: genesisRoot("w1"), ManufacturerId: "acme", Count: 3, Activated: 3, CommittedHeight: 2},
			{Root: genesisRoot("w2"), ManufacturerId: "bosch", Count: 10, Protocols: []string{"ble"}, DeviceType: "tracker"},
		},
	}
}

func TestGenesisValidate(t *testing.T) {
	cases := []struct {
		name    string
		mutate  func(t *testing.T, f *fixture, gs *types.GenesisState)
		wantErr error // nil: valid
		wantMsg string
	}{
		{name: "a genesis with a device of every status and whitelists is valid"},
		{name: "the default genesis is valid",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { *gs = *types.DefaultGenesis() }},
		{name: "an empty registry is valid",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Devices, gs.Whitelists = nil, nil }},
		{name: "a device id listed twice is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "listed twice",
			mutate: func(t *testing.T, f *fixture, gs *types.GenesisState) {
				d := genesisDevice(f.entry(t, "G-OTHER", devicekit.Ed25519), types.STATUS_REGISTERED, "")
				d.Id = gs.Devices[0].Id
				gs.Devices = append(gs.Devices, d)
			}},
		{name: "two devices sharing a key are refused", wantErr: types.ErrInvalidGenesis, wantMsg: "share a public key",
			mutate: func(t *testing.T, f *fixture, gs *types.GenesisState) {
				d := genesisDevice(f.entry(t, "G-OTHER", devicekit.Ed25519), types.STATUS_REGISTERED, "")
				d.KeyType, d.PublicKey = gs.Devices[3].KeyType, gs.Devices[3].PublicKey
				gs.Devices = append(gs.Devices, d)
			}},
		{name: "a registered device with an owner is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "device 0",
			mutate: func(_ *testing.T, f *fixture, gs *types.GenesisState) { gs.Devices[0].Owner = f.ownerStr }},
		{name: "an active device without an owner is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "device 1",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Devices[1].Owner = "" }},
		{name: "a malformed owner is refused", wantErr: types.ErrInvalidAddress,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Devices[1].Owner = "owner" }},
		{name: "a malformed wallet is refused", wantErr: types.ErrInvalidAddress, wantMsg: "device 1",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Devices[1].Wallet = "atonomi1wallet" }},
		{name: "a device without an owner is refused a wallet", wantErr: types.ErrInvalidGenesis, wantMsg: "without an owner",
			mutate: func(t *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Devices[0].Wallet = testutil.Bech32(t, "wallet")
			}},
		{name: "a device without an owner is refused a wallet offer", wantErr: types.ErrInvalidGenesis, wantMsg: "without an owner",
			mutate: func(t *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Devices[0].WalletOffer = &types.WalletOffer{Wallet: testutil.Bech32(t, "wallet"), ExpiryHeight: 9}
			}},
		{name: "the owner as its device's wallet is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "own device's wallet",
			mutate: func(_ *testing.T, f *fixture, gs *types.GenesisState) { gs.Devices[1].Wallet = f.ownerStr }},
		{name: "an offer to the owner is refused", wantErr: types.ErrInvalidWalletOffer,
			mutate: func(_ *testing.T, f *fixture, gs *types.GenesisState) { gs.Devices[1].WalletOffer.Wallet = f.ownerStr }},
		{name: "an offer without an expiry is refused", wantErr: types.ErrInvalidWalletOffer,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Devices[1].WalletOffer.ExpiryHeight = 0 }},
		{name: "a malformed offered wallet is refused", wantErr: types.ErrInvalidAddress,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Devices[1].WalletOffer.Wallet = "atonomi1x" }},
		{name: "an invalid policy is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Devices[1].Policy.Regions = []string{"Germany"}
			}},
		{name: "a policy without spending limits is refused", wantErr: types.ErrInvalidPolicy,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Devices[0].Policy = types.Policy{} }},
		{name: "an invalid service is refused", wantErr: types.ErrInvalidService,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Devices[1].Services = append(gs.Devices[1].Services, gs.Devices[1].Services[0])
			}},
		{name: "an unspecified status is refused", wantErr: types.ErrInvalidStatus,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Devices[0].Status = types.STATUS_UNSPECIFIED
			}},
		{name: "an unknown status is refused", wantErr: types.ErrInvalidStatus,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Devices[2].Status = 7 }},
		{name: "a malformed device id is refused", wantErr: types.ErrInvalidDeviceID,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Devices[2].Id = "G-SUSPENDED" }},
		{name: "a key of the wrong length is refused", wantErr: types.ErrInvalidPublicKey,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Devices[3].PublicKey = gs.Devices[3].PublicKey[1:]
			}},
		{name: "a bad protocol is refused", wantErr: types.ErrInvalidEntry,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Devices[0].Protocols = []string{"Zigbee 3"} }},
		{name: "released credentials reserved for their manufacturer are valid",
			mutate: func(t *testing.T, f *fixture, gs *types.GenesisState) {
				free := f.entry(t, "G-RELEASED", devicekit.Ed25519)
				gs.Reservations = []types.Reservation{{DeviceId: free.Id, ManufacturerId: "acme"},
					{KeyHash: hex.EncodeToString(types.KeyHash(free.KeyType, free.PublicKey)), ManufacturerId: "acme"}}
			}},
		{name: "a reservation of a device's id is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "is a device's",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Reservations = []types.Reservation{{DeviceId: gs.Devices[0].Id, ManufacturerId: "acme"}}
			}},
		{name: "a reservation of a device's key is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "the key is device",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				d := gs.Devices[1]
				gs.Reservations = []types.Reservation{{KeyHash: hex.EncodeToString(types.KeyHash(d.KeyType, d.PublicKey)), ManufacturerId: "acme"}}
			}},
		{name: "a reservation of both an id and a key is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "exactly one",
			mutate: func(t *testing.T, f *fixture, gs *types.GenesisState) {
				free := f.entry(t, "G-RELEASED", devicekit.Ed25519)
				gs.Reservations = []types.Reservation{{DeviceId: free.Id, KeyHash: hex.EncodeToString(types.KeyHash(free.KeyType, free.PublicKey)), ManufacturerId: "acme"}}
			}},
		{name: "a reservation without a manufacturer is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "names no manufacturer",
			mutate: func(t *testing.T, f *fixture, gs *types.GenesisState) {
				gs.Reservations = []types.Reservation{{DeviceId: f.entry(t, "G-RELEASED", devicekit.Ed25519).Id}}
			}},
		{name: "a reservation listed twice is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "repeats",
			mutate: func(t *testing.T, f *fixture, gs *types.GenesisState) {
				r := types.Reservation{DeviceId: f.entry(t, "G-RELEASED", devicekit.Ed25519).Id, ManufacturerId: "acme"}
				gs.Reservations = []types.Reservation{r, r}
			}},
		{name: "an upper-case key hash is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "lowercase",
			mutate: func(t *testing.T, f *fixture, gs *types.GenesisState) {
				free := f.entry(t, "G-RELEASED", devicekit.Ed25519)
				gs.Reservations = []types.Reservation{{KeyHash: strings.ToUpper(hex.EncodeToString(types.KeyHash(free.KeyType, free.PublicKey))), ManufacturerId: "acme"}}
			}},
		{name: "a manufacturer's whitelist listed twice is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "listed twice",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				w := gs.Whitelists[1]
				w.Activated = 1
				gs.Whitelists = append(gs.Whitelists, w)
			}},
		{name: "two manufacturers holding the same root is valid: each holds its own whitelist",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				w := gs.Whitelists[1]
				w.ManufacturerId = "acme"
				gs.Whitelists = append(gs.Whitelists, w)
			}},
		{name: "a whitelist with more activated than counted is refused", wantErr: types.ErrInvalidWhitelist, wantMsg: "whitelist 0",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Whitelists[0].Activated = 4 }},
		{name: "a whitelist of zero devices is refused", wantErr: types.ErrInvalidWhitelist, wantMsg: "whitelist 1",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Whitelists[1].Count = 0 }},
		{name: "an upper-case whitelist root is refused", wantErr: types.ErrInvalidWhitelist,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Whitelists[0].Root = "AB" + gs.Whitelists[0].Root[2:]
			}},
		{name: "the highest score as a device's and a whitelist's default reputation is valid",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Devices[1].DefaultReputation = manufacturertypes.MaxReputation
				gs.Whitelists[0].DefaultReputation = manufacturertypes.MaxReputation
			}},
		{name: "a device's default reputation above the highest score is refused", wantErr: types.ErrInvalidGenesis, wantMsg: "default_reputation",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Devices[2].DefaultReputation = manufacturertypes.MaxReputation + 1
			}},
		{name: "a whitelist's default reputation above the highest score is refused", wantErr: types.ErrInvalidWhitelist, wantMsg: "whitelist 1",
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Whitelists[1].DefaultReputation = manufacturertypes.MaxReputation + 1
			}},
		{name: "a zero batch size is refused", wantErr: types.ErrInvalidParams,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Params.MaxBatchSize = 0 }},
		{name: "a zero verification gas is refused", wantErr: types.ErrInvalidParams,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Params.VerifyGasEd25519 = 0 }},
		{name: "a Merkle proof length beyond 64 is refused", wantErr: types.ErrInvalidParams,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) {
				gs.Params.MaxMerkleProofLength = types.MaxMerkleDepth + 1
			}},
		{name: "empty params are refused", wantErr: types.ErrInvalidParams,
			mutate: func(_ *testing.T, _ *fixture, gs *types.GenesisState) { gs.Params = types.Params{} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			gs := validGenesis(t, f)
			if c.mutate != nil {
				c.mutate(t, f, gs)
			}
			err := gs.Validate(testutil.AccCodec)
			if c.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.wantErr)
			if c.wantMsg != "" {
				require.ErrorContains(t, err, c.wantMsg)
			}
			before := f.snapshot(t)
			require.ErrorIs(t, f.k.InitGenesis(f.ctx, gs), c.wantErr, "InitGenesis validates first")
			require.Equal(t, before, f.snapshot(t), "a refused genesis writes nothing")
		})
	}
}

func TestGenesisRefusesAModuleAccountAsWallet(t *testing.T) {
	for name, mutate := range map[string]func(f *fixture, d *types.Device){
		"linked":  func(f *fixture, d *types.Device) { d.Wallet = f.gov },
		"offered": func(f *fixture, d *types.Device) { d.WalletOffer.Wallet = f.gov },
	} {
		t.Run(name, func(t *testing.T) {
			f := setup(t)
			gs := validGenesis(t, f)
			mutate(f, &gs.Devices[1])
			require.NoError(t, gs.Validate(testutil.AccCodec), "only the keeper knows the module accounts")
			before := f.snapshot(t)
			require.ErrorIs(t, f.k.InitGenesis(f.ctx, gs), types.ErrModuleAccount)
			require.Equal(t, before, f.snapshot(t), "a refused genesis writes nothing")
		})
	}
}

func TestGenesisImportOfEveryStatus(t *testing.T) {
	f := setup(t)
	gs := validGenesis(t, f)
	g := setup(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, gs))
	out, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Len(t, out.Devices, len(gs.Devices))
	for _, want := range gs.Devices {
		got := g.device(t, want.Id)
		want.UpdatedHeight = got.UpdatedHeight
		require.Equal(t, want, got)
	}
	require.ElementsMatch(t, gs.Whitelists, out.Whitelists)
}

func TestGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	// Each device keeps its manufacturer's default of its registration:
	// acme's moves from 5000 to 7000 below, before r and the whitelist.
	f.makers.m["acme"].DefaultReputation, f.makers.m["bosch"].DefaultReputation = 5000, 3000
	buyer := testutil.Bech32(t, "buyer")
	// a: transferred, with a policy and services.
	a := f.activate(t, "SN-A")
	_, err := f.msgs.SetPolicy(f.ctx, &types.MsgSetPolicy{Owner: f.ownerStr, DeviceId: a.Id, Policy: fullPolicy(t)})
	require.NoError(t, err)
	_, err = f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: a.Id, Services: []types.Service{
		{ServiceType: "electricity", Price: math.NewInt(7), Metadata: []types.Attribute{{Key: "unit", Value: "kWh"}}},
		{ServiceType: "weather-data", Price: math.ZeroInt()},
	}})
	require.NoError(t, err)
	_, err = f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: a.Id, NewOwner: buyer})
	require.NoError(t, err)
	// b: with a wallet and an offer of another, suspended by its owner;
	// c: revoked by acme; r: registered; x: bosch's.
	b := f.activate(t, "SN-B")
	f.linkWallet(t, b.Id, testutil.Bech32(t, "wallet"))
	f.offerWallet(t, b.Id, testutil.Bech32(t, "next-wallet"))
	f.lifecycleSuspend(t, f.ownerStr, b.Id)
	c := f.activate(t, "SN-C")
	f.lifecycleRevoke(t, f.operator, c.Id)
	f.makers.m["acme"].DefaultReputation = 7000
	r := f.entry(t, "SN-R", devicekit.Ed25519)
	f.register(t, r)
	x := f.entry(t, "SN-X", devicekit.Secp256k1)
	_, err = f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.rival, ManufacturerId: "bosch", Devices: []types.DeviceEntry{x}})
	require.NoError(t, err)
	// w: a Merkle whitelist of three, one of them activated.
	leaves := []types.DeviceEntry{f.entry(t, "W-0", devicekit.Ed25519), f.entry(t, "W-1", devicekit.Mldsa65), f.entry(t, "W-2", devicekit.Secp256r1)}
	tree, root := genesisTree(t, leaves)
	_, err = f.msgs.CommitWhitelist(f.ctx, &types.MsgCommitWhitelist{Operator: f.operator, ManufacturerId: "acme", Root: root, Count: 3, Protocols: []string{"coap"}})
	require.NoError(t, err)
	_, err = f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: leaves[1].Id,
		Signature: f.sign(t, leaves[1].Id, f.owner, chainID), MerkleProof: proofFor(t, tree, 1, leaves[1])})
	require.NoError(t, err)

	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Len(t, exported.Devices, 6)
	require.Len(t, exported.Whitelists, 1)
	require.NoError(t, exported.Validate(testutil.AccCodec))

	// Through the genesis file's JSON, into a fresh chain.
	cdc := moduletestutil.MakeTestEncodingConfig(device.NewAppModuleBasic(testutil.AccCodec)).Codec
	bz, err := cdc.MarshalJSON(exported)
	require.NoError(t, err)
	var imported types.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(bz, &imported))
	g := setup(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, &imported))
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again, "export, import, export gives the same registry")
	for id, want := range map[string]uint32{a.Id: 5000, c.Id: 5000, r.Id: 7000, x.Id: 3000, leaves[1].Id: 7000} {
		require.Equal(t, want, g.device(t, id).DefaultReputation, "device %s keeps the default of its registration", id)
	}

	// The indexes are rebuilt from the devices.
	require.Equal(t, []string{a.Id}, g.ownerListing(t, buyer))
	require.ElementsMatch(t, []string{b.Id, c.Id, leaves[1].Id}, g.ownerListing(t, g.ownerStr))
	require.Equal(t, []string{a.Id}, g.serviceListing(t, "electricity"))
	require.Equal(t, []string{a.Id}, g.serviceListing(t, "weather-data"))
	require.Equal(t, []string{b.Id}, g.lifecycleListed(t, types.STATUS_SUSPENDED))
	require.Equal(t, []string{c.Id}, g.lifecycleListed(t, types.STATUS_REVOKED))
	require.ElementsMatch(t, []string{a.Id, leaves[1].Id}, g.lifecycleListed(t, types.STATUS_ACTIVE))
	for _, id := range []string{r.Id, x.Id} {
		require.Empty(t, g.indexedUnder(t, id), "registered device %s gets no status entry from genesis either", id)
	}
	acme, _ := queryAllPages(t, 2, byManufacturer(g, "acme", types.STATUS_UNSPECIFIED))
	require.Len(t, acme, 4, "acme's devices past registration")
	bosch, _ := queryAllPages(t, 2, byManufacturer(g, "bosch", types.STATUS_UNSPECIFIED))
	require.Empty(t, bosch, "bosch's one device is still registered")
	w, err := g.queries.Whitelist(g.ctx, &types.QueryWhitelistRequest{ManufacturerId: "acme", Root: root})
	require.NoError(t, err)
	require.EqualValues(t, 1, w.Whitelist.Activated)

	// Every imported credential stays taken, revoked or not, and so does every id.
	for _, e := range []types.DeviceEntry{a, c, r, x, leaves[1]} {
		reuse := g.entry(t, "NEW-"+e.Id[:8], devicekit.Ed25519)
		reuse.KeyType, reuse.PublicKey = e.KeyType, e.PublicKey
		before := g.snapshot(t)
		_, err := g.msgs.RegisterDevices(g.ctx, &types.MsgRegisterDevices{Operator: g.operator, ManufacturerId: "acme", Devices: []types.DeviceEntry{reuse}})
		require.ErrorIs(t, err, types.ErrDuplicateKey, "the key of %s", e.Id)
		require.Equal(t, before, g.snapshot(t))
	}
	same := g.entry(t, "SN-R-AGAIN", devicekit.Ed25519)
	same.Id = r.Id
	_, err = g.msgs.RegisterDevices(g.ctx, &types.MsgRegisterDevices{Operator: g.operator, ManufacturerId: "acme", Devices: []types.DeviceEntry{same}})
	require.ErrorIs(t, err, types.ErrDuplicateDevice)

	// The imported chain carries on where the old one stopped.
	_, err = g.msgs.ReinstateDevice(g.ctx, &types.MsgReinstateDevice{Signer: g.ownerStr, DeviceId: b.Id})
	require.NoError(t, err, "who suspended the device is imported with it")
	require.Equal(t, types.STATUS_ACTIVE, g.device(t, b.Id).Status)
	_, err = g.msgs.TransferDevice(g.ctx, &types.MsgTransferDevice{Owner: buyer, DeviceId: a.Id, NewOwner: g.ownerStr})
	require.NoError(t, err)
	require.EqualValues(t, 2, g.device(t, a.Id).Transfers)
	require.Empty(t, g.ownerListing(t, buyer))
	_, err = g.msgs.SetServices(g.ctx, &types.MsgSetServices{Owner: g.ownerStr, DeviceId: a.Id})
	require.NoError(t, err)
	require.Empty(t, g.serviceListing(t, "electricity"), "the imported service index entries are removed")
	g.entry(t, "W-2", devicekit.Secp256r1) // the key of leaf 2, for signing
	_, err = g.msgs.ActivateDevice(g.ctx, &types.MsgActivateDevice{Owner: g.ownerStr, DeviceId: leaves[2].Id,
		Signature: g.sign(t, leaves[2].Id, g.owner, chainID), MerkleProof: proofFor(t, tree, 2, leaves[2])})
	require.NoError(t, err, "the imported whitelist still activates its other devices")
	w, err = g.queries.Whitelist(g.ctx, &types.QueryWhitelistRequest{ManufacturerId: "acme", Root: root})
	require.NoError(t, err)
	require.EqualValues(t, 2, w.Whitelist.Activated)
}

// genesisTree builds the Merkle tree of entries and returns it with its root.
func genesisTree(t *testing.T, entries []types.DeviceEntry) (*devicekit.Tree, string) {
	t.Helper()
	leaves := make([]devicekit.Entry, len(entries))
	for i, e := range entries {
		leaves[i] = devicekit.Entry{ID: mustID(t, e.Id), KeyType: e.KeyType.Kit(), PublicKey: e.PublicKey}
	}
	tree, err := devicekit.BuildTree(leaves)
	require.NoError(t, err)
	root := tree.Root()
	return tree, hex.EncodeToString(root[:])
}

func TestGenesisKeepsDevicesTheManufacturerHeldBeforeActivation(t *testing.T) {
	// A manufacturer may suspend or revoke a device nobody has activated: the
	// export of such a registry must import.
	f := setup(t)
	held, gone := f.entry(t, "HELD", devicekit.Ed25519), f.entry(t, "GONE", devicekit.Secp256k1)
	f.register(t, held, gone)
	_, err := f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: f.operator, DeviceId: held.Id})
	require.NoError(t, err)
	_, err = f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.operator, DeviceId: gone.Id})
	require.NoError(t, err)
	exported := f.snapshot(t).genesis
	require.NoError(t, exported.Validate(testutil.AccCodec))

	// Imported on a chain at another height, every record is unchanged,
	// updated_height included.
	g := setup(t)
	g.ctx = g.ctx.WithBlockHeight(1)
	require.NoError(t, g.k.InitGenesis(g.ctx, exported))
	require.Equal(t, exported, g.snapshot(t).genesis)
}

func TestGenesisRefusesIdsNotInCanonicalForm(t *testing.T) {
	f := setup(t)
	e := f.entry(t, "UPPER", devicekit.Ed25519)
	d := genesisDevice(e, types.STATUS_REGISTERED, "")
	d.Id = strings.ToUpper(d.Id)
	gs := types.DefaultGenesis()
	gs.Devices = []types.Device{d}
	require.ErrorIs(t, gs.Validate(testutil.AccCodec), types.ErrInvalidDeviceID)
}
