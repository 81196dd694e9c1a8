package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/types"
)

// notCanonical is what every refusal of a non-canonical spelling says.
const notCanonical = "not canonical: use lower case"

// Text forms are canonical (SPEC, "Wire formats"): a device id, a root or
// an address spelled with upper-case letters decodes to the same bytes as
// its lower-case form, so the chain refuses it on input rather than store
// it or compare it, as text, with what it stored.
func TestNonCanonicalSpellingsAreRefused(t *testing.T) {
	// The Merkle cases' whitelist, built in prepare and proven in send.
	var (
		merkleEntries []types.DeviceEntry
		merkleTree    *devicekit.Tree
	)
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture) string // returns the device the message is about
		send    func(t *testing.T, f *fixture, id string) error
		wantErr error
		wantMsg string
	}{
		{name: "a batch with one id spelled in both cases is refused, not written twice",
			send: func(t *testing.T, f *fixture, _ string) error {
				first, second := f.entry(t, "SN-TWICE", devicekit.Ed25519), f.entry(t, "SN-OTHER", devicekit.Secp256k1)
				second.Id = strings.ToUpper(first.Id)
				_, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme",
					Devices: []types.DeviceEntry{first, second}})
				return err
			},
			wantErr: types.ErrInvalidDeviceID, wantMsg: "entry 1"},
		{name: "a batch of one upper-case id is refused",
			send: func(t *testing.T, f *fixture, _ string) error {
				e := f.entry(t, "SN-UPPER", devicekit.Ed25519)
				e.Id = strings.ToUpper(e.Id)
				_, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme",
					Devices: []types.DeviceEntry{e}})
				return err
			},
			wantErr: types.ErrInvalidDeviceID, wantMsg: "entry 0"},
		{name: "an operator in upper case cannot register devices",
			send: func(t *testing.T, f *fixture, _ string) error {
				_, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: strings.ToUpper(f.operator), ManufacturerId: "acme",
					Devices: []types.DeviceEntry{f.entry(t, "SN-OP", devicekit.Ed25519)}})
				return err
			},
			wantErr: types.ErrInvalidAddress},
		{name: "register-and-activate of an upper-case id is refused",
			send: func(t *testing.T, f *fixture, _ string) error {
				e := f.entry(t, "SN-RA", devicekit.Ed25519)
				sig := f.sign(t, e.Id, f.owner, chainID)
				e.Id = strings.ToUpper(e.Id)
				_, err := f.msgs.RegisterAndActivate(f.ctx, &types.MsgRegisterAndActivate{Operator: f.operator, ManufacturerId: "acme",
					Device: e, Owner: f.ownerStr, Signature: sig})
				return err
			},
			wantErr: types.ErrInvalidDeviceID},
		{name: "an activation for an upper-case owner is refused, though the proof binds the same bytes",
			prepare: registered,
			send: func(t *testing.T, f *fixture, id string) error {
				_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: strings.ToUpper(f.ownerStr), DeviceId: id,
					Signature: f.sign(t, id, f.owner, chainID)})
				return err
			},
			wantErr: types.ErrInvalidAddress},
		{name: "an activation naming an upper-case id is refused",
			prepare: registered,
			send: func(t *testing.T, f *fixture, id string) error {
				_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: strings.ToUpper(id),
					Signature: f.sign(t, id, f.owner, chainID)})
				return err
			},
			wantErr: types.ErrInvalidDeviceID},
		{name: "an upper-case owner in a transfer is refused",
			prepare: active,
			send: func(t *testing.T, f *fixture, id string) error {
				_, err := f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: strings.ToUpper(f.ownerStr), DeviceId: id,
					NewOwner: testutil.Bech32(t, "buyer")})
				return err
			},
			wantErr: types.ErrInvalidAddress},
		{name: "a transfer to an upper-case new owner is refused, so no non-canonical owner is stored",
			prepare: active,
			send: func(t *testing.T, f *fixture, id string) error {
				_, err := f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id,
					NewOwner: strings.ToUpper(testutil.Bech32(t, "buyer"))})
				return err
			},
			wantErr: types.ErrInvalidAddress},
		{name: "a transfer to the owner's own address in upper case is refused as not canonical",
			prepare: active,
			send: func(t *testing.T, f *fixture, id string) error {
				_, err := f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id,
					NewOwner: strings.ToUpper(f.ownerStr)})
				return err
			},
			wantErr: types.ErrInvalidAddress},
		{name: "upper-case allowed_devices in SetPolicy are refused, not stored to never match",
			prepare: active,
			send: func(t *testing.T, f *fixture, id string) error {
				p := types.DefaultPolicy()
				p.AllowedDevices = []string{strings.ToUpper(f.entry(t, "SN-PEER", devicekit.Ed25519).Id)}
				_, err := f.msgs.SetPolicy(f.ctx, &types.MsgSetPolicy{Owner: f.ownerStr, DeviceId: id, Policy: p})
				return err
			},
			wantErr: types.ErrInvalidPolicy},
		{name: "an offer of an upper-case wallet is refused",
			prepare: active,
			send: func(t *testing.T, f *fixture, id string) error {
				_, err := f.msgs.OfferWallet(f.ctx, &types.MsgOfferWallet{Owner: f.ownerStr, DeviceId: id,
					Wallet: strings.ToUpper(testutil.Bech32(t, "wallet")), ExpiryHeight: f.ctx.BlockHeight() + 10})
				return err
			},
			wantErr: types.ErrInvalidAddress},
		{name: "a wallet's acceptance naming the owner in upper case is refused",
			prepare: func(t *testing.T, f *fixture) string {
				id := active(t, f)
				f.offerWallet(t, id, testutil.Bech32(t, "wallet"))
				return id
			},
			send: func(t *testing.T, f *fixture, id string) error {
				_, err := f.msgs.AcceptWallet(f.ctx, &types.MsgAcceptWallet{Wallet: testutil.Bech32(t, "wallet"), DeviceId: id,
					Owner: strings.ToUpper(f.ownerStr)})
				return err
			},
			wantErr: types.ErrInvalidAddress},
		{name: "a linked wallet in upper case cannot unlink itself",
			prepare: func(t *testing.T, f *fixture) string {
				id := active(t, f)
				f.linkWallet(t, id, testutil.Bech32(t, "wallet"))
				return id
			},
			send: func(t *testing.T, f *fixture, id string) error {
				_, err := f.msgs.UnlinkWallet(f.ctx, &types.MsgUnlinkWallet{Signer: strings.ToUpper(testutil.Bech32(t, "wallet")), DeviceId: id})
				return err
			},
			wantErr: types.ErrInvalidAddress},
		{name: "the owner in upper case cannot suspend its device",
			prepare: active,
			send: func(_ *testing.T, f *fixture, id string) error {
				_, err := f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: strings.ToUpper(f.ownerStr), DeviceId: id, Reason: "lost"})
				return err
			},
			wantErr: types.ErrInvalidAddress},
		{name: "a suspension naming an upper-case id is refused",
			prepare: active,
			send: func(_ *testing.T, f *fixture, id string) error {
				_, err := f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: f.ownerStr, DeviceId: strings.ToUpper(id), Reason: "lost"})
				return err
			},
			wantErr: types.ErrInvalidDeviceID},
		{name: "services set by the owner in upper case are refused",
			prepare: active,
			send: func(_ *testing.T, f *fixture, id string) error {
				_, err := f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: strings.ToUpper(f.ownerStr), DeviceId: id})
				return err
			},
			wantErr: types.ErrInvalidAddress},
		{name: "an upper-case Merkle root is not committed",
			send: func(t *testing.T, f *fixture, _ string) error {
				_, tree := f.merkleWhitelist(t, 3)
				_, err := f.msgs.CommitWhitelist(f.ctx, &types.MsgCommitWhitelist{Operator: f.operator, ManufacturerId: "acme",
					Root: strings.ToUpper(hexRoot(tree)), Count: 3})
				return err
			},
			wantErr: types.ErrInvalidWhitelist},
		{name: "an activation from a Merkle proof with an upper-case sibling is refused",
			prepare: func(t *testing.T, f *fixture) string {
				merkleEntries, merkleTree = f.merkleWhitelist(t, 3)
				f.commit(t, merkleTree, 3)
				return merkleEntries[0].Id
			},
			send: func(t *testing.T, f *fixture, id string) error {
				p := proofFor(t, merkleTree, 0, merkleEntries[0])
				p.Siblings[0] = strings.ToUpper(p.Siblings[0])
				_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: id,
					MerkleProof: p, Signature: f.sign(t, id, f.owner, chainID)})
				return err
			},
			wantErr: types.ErrInvalidMerkleProof},
		{name: "an activation from a Merkle proof naming an upper-case root is refused",
			prepare: func(t *testing.T, f *fixture) string {
				merkleEntries, merkleTree = f.merkleWhitelist(t, 3)
				f.commit(t, merkleTree, 3)
				return merkleEntries[1].Id
			},
			send: func(t *testing.T, f *fixture, id string) error {
				p := proofFor(t, merkleTree, 1, merkleEntries[1])
				p.Root = strings.ToUpper(p.Root)
				_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: id,
					MerkleProof: p, Signature: f.sign(t, id, f.owner, chainID)})
				return err
			},
			wantErr: types.ErrInvalidWhitelist},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			id := ""
			if tc.prepare != nil {
				id = tc.prepare(t, f)
			}
			f.token.charged = nil
			before := f.snapshot(t)
			err := tc.send(t, f, id)
			require.ErrorIs(t, err, tc.wantErr)
			require.ErrorContains(t, err, notCanonical)
			if tc.wantMsg != "" {
				require.ErrorContains(t, err, tc.wantMsg)
			}
			require.Equal(t, before, f.snapshot(t), "a refused message changes nothing and charges nothing")
		})
	}
}

// registered is a registered acme device, for a case's prepare.
func registered(t *testing.T, f *fixture) string {
	t.Helper()
	e := f.entry(t, "SN-CANON", devicekit.Secp256r1)
	f.register(t, e)
	return e.Id
}

// active is an acme device active for f.owner, for a case's prepare.
func active(t *testing.T, f *fixture) string {
	t.Helper()
	return f.activate(t, "SN-CANON").Id
}

func TestQueriesRefuseNonCanonicalSpellings(t *testing.T) {
	f := setup(t)
	e := f.activate(t, "SN-QUERY")

	_, err := f.queries.Device(f.ctx, &types.QueryDeviceRequest{Id: strings.ToUpper(e.Id)})
	requireCode(t, codes.InvalidArgument, err)
	require.ErrorContains(t, err, notCanonical)

	_, err = f.queries.DevicesByOwner(f.ctx, &types.QueryDevicesByOwnerRequest{Owner: strings.ToUpper(f.ownerStr)})
	requireCode(t, codes.InvalidArgument, err)
	require.ErrorContains(t, err, notCanonical)

	res, err := f.queries.DevicesByOwner(f.ctx, &types.QueryDevicesByOwnerRequest{Owner: f.ownerStr})
	require.NoError(t, err)
	require.Len(t, res.Devices, 1, "the canonical spelling finds the owner's device")
}

func TestGenesisRefusesNonCanonicalAddresses(t *testing.T) {
	f := setup(t)
	wallet := testutil.Bech32(t, "wallet")
	cases := []struct {
		name    string
		edit    func(d *types.Device)
		wantErr error
	}{
		{name: "an upper-case owner", wantErr: types.ErrInvalidAddress,
			edit: func(d *types.Device) { d.Owner = strings.ToUpper(d.Owner) }},
		{name: "an upper-case wallet", wantErr: types.ErrInvalidAddress,
			edit: func(d *types.Device) { d.Wallet = strings.ToUpper(wallet) }},
		{name: "an upper-case wallet offer", wantErr: types.ErrInvalidAddress,
			edit: func(d *types.Device) {
				d.WalletOffer = &types.WalletOffer{Wallet: strings.ToUpper(wallet), ExpiryHeight: 40}
			}},
		{name: "the owner's own address in upper case as its wallet", wantErr: types.ErrInvalidAddress,
			edit: func(d *types.Device) { d.Wallet = strings.ToUpper(d.Owner) }},
		{name: "an upper-case allowed device in the policy", wantErr: types.ErrInvalidPolicy,
			edit: func(d *types.Device) { d.Policy.AllowedDevices = []string{strings.ToUpper(d.Id)} }},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			d := genesisDevice(f.entry(t, "G-CANON", devicekit.Ed25519), types.STATUS_ACTIVE, f.ownerStr)
			tc.edit(&d)
			gs := types.DefaultGenesis()
			gs.Devices = []types.Device{d}
			err := gs.Validate(testutil.AccCodec)
			require.ErrorIs(t, err, tc.wantErr)
			require.ErrorContains(t, err, notCanonical)

			g := setup(t)
			require.ErrorIs(t, g.k.InitGenesis(g.ctx, gs), tc.wantErr, "the keeper refuses it too")
			exported, err := g.k.ExportGenesis(g.ctx)
			require.NoError(t, err)
			require.Empty(t, exported.Devices, "nothing is stored")
		})
	}
}
