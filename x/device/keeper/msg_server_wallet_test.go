package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/types"
)

func TestWalletConsent(t *testing.T) {
	f := setup(t)
	id := f.activate(t, "SN-W").Id
	wallet, second := testutil.Bech32(t, "wallet"), testutil.Bech32(t, "second-wallet")

	f.offerWallet(t, id, wallet)
	testutil.RequireLastEvent(t, f.ctx, &types.EventWalletOffered{DeviceId: id, Owner: f.ownerStr, Wallet: wallet, ExpiryHeight: 17})
	d := f.device(t, id)
	require.Empty(t, d.Wallet, "an offer links nothing")
	require.Equal(t, &types.WalletOffer{Wallet: wallet, ExpiryHeight: 17}, d.WalletOffer)

	_, err := f.msgs.AcceptWallet(f.ctx, &types.MsgAcceptWallet{Wallet: wallet, DeviceId: id, Owner: f.ownerStr})
	require.NoError(t, err)
	testutil.RequireLastEvent(t, f.ctx, &types.EventWalletLinked{DeviceId: id, Owner: f.ownerStr, Wallet: wallet})
	d = f.device(t, id)
	require.Equal(t, wallet, d.Wallet)
	require.Nil(t, d.WalletOffer, "the accepted offer is spent")

	// A new offer leaves the link until the new account accepts.
	f.offerWallet(t, id, second)
	require.Equal(t, wallet, f.device(t, id).Wallet)
	_, err = f.msgs.AcceptWallet(f.ctx, &types.MsgAcceptWallet{Wallet: second, DeviceId: id, Owner: f.ownerStr})
	require.NoError(t, err)
	require.Equal(t, second, f.device(t, id).Wallet)

	_, err = f.msgs.UnlinkWallet(f.ctx, &types.MsgUnlinkWallet{Signer: second, DeviceId: id})
	require.NoError(t, err)
	testutil.RequireLastEvent(t, f.ctx, &types.EventWalletUnlinked{DeviceId: id, Wallet: second, Reason: "wallet"})
	require.Empty(t, f.device(t, id).Wallet, "the wallet walked away")
}

func TestANewOfferReplacesThePendingOne(t *testing.T) {
	f := setup(t)
	id := f.activate(t, "SN-W").Id
	first, second := testutil.Bech32(t, "wallet"), testutil.Bech32(t, "second-wallet")
	f.offerWallet(t, id, first)
	f.offerWallet(t, id, second)
	testutil.RequireEvent(t, f.ctx, &types.EventWalletOfferDropped{DeviceId: id, Wallet: first, Reason: "replaced"})
	before := f.snapshot(t)
	_, err := f.msgs.AcceptWallet(f.ctx, &types.MsgAcceptWallet{Wallet: first, DeviceId: id, Owner: f.ownerStr})
	require.ErrorIs(t, err, types.ErrUnauthorized, "the replaced offer cannot be accepted")
	require.Equal(t, before, f.snapshot(t))
}

func TestOfferWalletRefusals(t *testing.T) {
	wallet := testutil.Bech32(t, "wallet")
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture, id string)
		msg     func(f *fixture, id string) *types.MsgOfferWallet
		wantErr error
	}{
		{name: "a stranger cannot offer a wallet", wantErr: types.ErrUnauthorized,
			msg: func(f *fixture, id string) *types.MsgOfferWallet {
				return &types.MsgOfferWallet{Owner: f.outsider, DeviceId: id, Wallet: f.outsider, ExpiryHeight: 100}
			}},
		{name: "the manufacturer cannot offer a wallet", wantErr: types.ErrUnauthorized,
			msg: func(f *fixture, id string) *types.MsgOfferWallet {
				return &types.MsgOfferWallet{Owner: f.operator, DeviceId: id, Wallet: wallet, ExpiryHeight: 100}
			}},
		{name: "the authority cannot offer a wallet", wantErr: types.ErrUnauthorized,
			msg: func(f *fixture, id string) *types.MsgOfferWallet {
				return &types.MsgOfferWallet{Owner: f.authority, DeviceId: id, Wallet: wallet, ExpiryHeight: 100}
			}},
		{name: "gov's module account is never a wallet", wantErr: types.ErrModuleAccount,
			msg: func(f *fixture, id string) *types.MsgOfferWallet {
				return &types.MsgOfferWallet{Owner: f.ownerStr, DeviceId: id, Wallet: f.gov, ExpiryHeight: 100}
			}},
		{name: "the bonded pool is never a wallet", wantErr: types.ErrModuleAccount,
			msg: func(f *fixture, id string) *types.MsgOfferWallet {
				pool, err := testutil.AccCodec.BytesToString(authtypes.NewModuleAddress("bonded_tokens_pool"))
				require.NoError(t, err)
				return &types.MsgOfferWallet{Owner: f.ownerStr, DeviceId: id, Wallet: pool, ExpiryHeight: 100}
			}},
		{name: "the owner is not offered as its own device's wallet", wantErr: types.ErrInvalidWalletOffer,
			msg: func(f *fixture, id string) *types.MsgOfferWallet {
				return &types.MsgOfferWallet{Owner: f.ownerStr, DeviceId: id, Wallet: f.ownerStr, ExpiryHeight: 100}
			}},
		{name: "the linked wallet is not offered again", wantErr: types.ErrInvalidWalletOffer,
			prepare: func(t *testing.T, f *fixture, id string) { f.linkWallet(t, id, wallet) },
			msg: func(f *fixture, id string) *types.MsgOfferWallet {
				return &types.MsgOfferWallet{Owner: f.ownerStr, DeviceId: id, Wallet: wallet, ExpiryHeight: 100}
			}},
		{name: "an offer expiring at the current height is refused", wantErr: types.ErrInvalidWalletOffer,
			msg: func(f *fixture, id string) *types.MsgOfferWallet {
				return &types.MsgOfferWallet{Owner: f.ownerStr, DeviceId: id, Wallet: wallet, ExpiryHeight: f.ctx.BlockHeight()}
			}},
		{name: "a malformed wallet is refused", wantErr: types.ErrInvalidAddress,
			msg: func(f *fixture, id string) *types.MsgOfferWallet {
				return &types.MsgOfferWallet{Owner: f.ownerStr, DeviceId: id, Wallet: "atonomi1wallet", ExpiryHeight: 100}
			}},
		{name: "a revoked device gets no wallet", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture, id string) { f.lifecycleRevoke(t, f.gov, id) },
			msg: func(f *fixture, id string) *types.MsgOfferWallet {
				return &types.MsgOfferWallet{Owner: f.ownerStr, DeviceId: id, Wallet: wallet, ExpiryHeight: 100}
			}},
		{name: "an unknown device is refused", wantErr: types.ErrUnknownDevice,
			msg: func(f *fixture, _ string) *types.MsgOfferWallet {
				return &types.MsgOfferWallet{Owner: f.ownerStr, DeviceId: devicekit.DeviceID([]byte("salt"), []byte("none")).String(), Wallet: wallet, ExpiryHeight: 100}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			id := f.activate(t, "SN-W").Id
			if c.prepare != nil {
				c.prepare(t, f, id)
			}
			msg := c.msg(f, id)
			before := f.snapshot(t)
			_, err := f.msgs.OfferWallet(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t), "a refused offer changes nothing")
		})
	}
}

func TestAcceptWalletRefusals(t *testing.T) {
	wallet := testutil.Bech32(t, "wallet")
	buyer := testutil.Bech32(t, "buyer")
	accept := func(f *fixture, id string) *types.MsgAcceptWallet {
		return &types.MsgAcceptWallet{Wallet: wallet, DeviceId: id, Owner: f.ownerStr}
	}
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture, id string)
		msg     func(f *fixture, id string) *types.MsgAcceptWallet
		wantErr error
	}{
		{name: "a stranger cannot accept another account's offer", wantErr: types.ErrUnauthorized,
			msg: func(f *fixture, id string) *types.MsgAcceptWallet {
				return &types.MsgAcceptWallet{Wallet: f.outsider, DeviceId: id, Owner: f.ownerStr}
			}},
		{name: "the owner cannot accept for the wallet", wantErr: types.ErrUnauthorized,
			msg: func(f *fixture, id string) *types.MsgAcceptWallet {
				return &types.MsgAcceptWallet{Wallet: f.ownerStr, DeviceId: id, Owner: f.ownerStr}
			}},
		{name: "gov's module account cannot accept", wantErr: types.ErrModuleAccount,
			msg: func(f *fixture, id string) *types.MsgAcceptWallet {
				return &types.MsgAcceptWallet{Wallet: f.gov, DeviceId: id, Owner: f.ownerStr}
			}},
		{name: "an acceptance naming another owner is refused", wantErr: types.ErrUnauthorized,
			msg: func(f *fixture, id string) *types.MsgAcceptWallet {
				return &types.MsgAcceptWallet{Wallet: wallet, DeviceId: id, Owner: f.outsider}
			}},
		{name: "after a sale the acceptance of the seller's offer is refused", wantErr: types.ErrUnauthorized,
			prepare: func(t *testing.T, f *fixture, id string) {
				_, err := f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: buyer})
				require.NoError(t, err)
			},
			msg: accept},
		{name: "after a sale the seller's offer is gone for the buyer too", wantErr: types.ErrNoWalletOffer,
			prepare: func(t *testing.T, f *fixture, id string) {
				_, err := f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: buyer})
				require.NoError(t, err)
			},
			msg: func(_ *fixture, id string) *types.MsgAcceptWallet {
				return &types.MsgAcceptWallet{Wallet: wallet, DeviceId: id, Owner: buyer}
			}},
		{name: "an expired offer is refused", wantErr: types.ErrWalletOfferExpired,
			prepare: func(_ *testing.T, f *fixture, _ string) { f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + 11) },
			msg:     accept},
		{name: "an offer withdrawn by the owner is refused", wantErr: types.ErrNoWalletOffer,
			prepare: func(t *testing.T, f *fixture, id string) {
				_, err := f.msgs.UnlinkWallet(f.ctx, &types.MsgUnlinkWallet{Signer: f.ownerStr, DeviceId: id})
				require.NoError(t, err)
			},
			msg: accept},
		{name: "a revoked device's offer is refused", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture, id string) { f.lifecycleRevoke(t, f.gov, id) },
			msg:     accept},
		{name: "a malformed wallet is refused", wantErr: types.ErrInvalidAddress,
			msg: func(f *fixture, id string) *types.MsgAcceptWallet {
				return &types.MsgAcceptWallet{Wallet: "wallet", DeviceId: id, Owner: f.ownerStr}
			}},
		{name: "an unknown device is refused", wantErr: types.ErrUnknownDevice,
			msg: func(f *fixture, _ string) *types.MsgAcceptWallet {
				return &types.MsgAcceptWallet{Wallet: wallet, DeviceId: devicekit.DeviceID([]byte("salt"), []byte("none")).String(), Owner: f.ownerStr}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			id := f.activate(t, "SN-W").Id
			f.offerWallet(t, id, wallet)
			if c.prepare != nil {
				c.prepare(t, f, id)
			}
			msg := c.msg(f, id)
			before := f.snapshot(t)
			_, err := f.msgs.AcceptWallet(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t), "a refused acceptance changes nothing")
		})
	}
	t.Run("a device without an offer cannot be accepted", func(t *testing.T) {
		f := setup(t)
		id := f.activate(t, "SN-W").Id
		_, err := f.msgs.AcceptWallet(f.ctx, accept(f, id))
		require.ErrorIs(t, err, types.ErrNoWalletOffer)
	})
}

func TestUnlinkWallet(t *testing.T) {
	wallet, offered := testutil.Bech32(t, "wallet"), testutil.Bech32(t, "offered")
	// linked: wallet is linked and offered has a pending offer.
	linked := func(t *testing.T) (*fixture, string) {
		f := setup(t)
		id := f.activate(t, "SN-W").Id
		f.linkWallet(t, id, wallet)
		f.offerWallet(t, id, offered)
		return f, id
	}
	t.Run("the owner unlinks the wallet and withdraws the offer", func(t *testing.T) {
		f, id := linked(t)
		_, err := f.msgs.UnlinkWallet(f.ctx, &types.MsgUnlinkWallet{Signer: f.ownerStr, DeviceId: id})
		require.NoError(t, err)
		testutil.RequireEvent(t, f.ctx, &types.EventWalletUnlinked{DeviceId: id, Wallet: wallet, Reason: "owner"})
		testutil.RequireEvent(t, f.ctx, &types.EventWalletOfferDropped{DeviceId: id, Wallet: offered, Reason: "withdrawn"})
		d := f.device(t, id)
		require.Empty(t, d.Wallet)
		require.Nil(t, d.WalletOffer)
	})
	t.Run("the wallet unlinks itself and the offer stays", func(t *testing.T) {
		f, id := linked(t)
		_, err := f.msgs.UnlinkWallet(f.ctx, &types.MsgUnlinkWallet{Signer: wallet, DeviceId: id})
		require.NoError(t, err)
		d := f.device(t, id)
		require.Empty(t, d.Wallet)
		require.NotNil(t, d.WalletOffer)
	})
	t.Run("the offered account declines and the link stays", func(t *testing.T) {
		f, id := linked(t)
		_, err := f.msgs.UnlinkWallet(f.ctx, &types.MsgUnlinkWallet{Signer: offered, DeviceId: id})
		require.NoError(t, err)
		testutil.RequireLastEvent(t, f.ctx, &types.EventWalletOfferDropped{DeviceId: id, Wallet: offered, Reason: "declined"})
		d := f.device(t, id)
		require.Equal(t, wallet, d.Wallet)
		require.Nil(t, d.WalletOffer)
	})
	t.Run("the wallet walks away from a revoked device", func(t *testing.T) {
		f, id := linked(t)
		f.lifecycleRevoke(t, f.gov, id)
		_, err := f.msgs.UnlinkWallet(f.ctx, &types.MsgUnlinkWallet{Signer: wallet, DeviceId: id})
		require.NoError(t, err)
		require.Empty(t, f.device(t, id).Wallet)
	})
	for _, c := range []struct {
		name    string
		signer  func(f *fixture) string
		wantErr error
	}{
		{"a stranger cannot unlink", func(f *fixture) string { return f.outsider }, types.ErrUnauthorized},
		{"the manufacturer cannot unlink", func(f *fixture) string { return f.operator }, types.ErrUnauthorized},
		{"the authority cannot unlink", func(f *fixture) string { return f.authority }, types.ErrUnauthorized},
		{"a malformed signer is refused", func(*fixture) string { return "wallet" }, types.ErrInvalidAddress},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, id := linked(t)
			before := f.snapshot(t)
			_, err := f.msgs.UnlinkWallet(f.ctx, &types.MsgUnlinkWallet{Signer: c.signer(f), DeviceId: id})
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t))
		})
	}
	t.Run("a device with neither link nor offer has nothing to unlink", func(t *testing.T) {
		f := setup(t)
		id := f.activate(t, "SN-W").Id
		_, err := f.msgs.UnlinkWallet(f.ctx, &types.MsgUnlinkWallet{Signer: f.ownerStr, DeviceId: id})
		require.ErrorIs(t, err, types.ErrNoWallet)
	})
}

func TestTransferDropsTheWalletAndTheOffer(t *testing.T) {
	f := setup(t)
	id := f.activate(t, "SN-W").Id
	wallet, offered, buyer := testutil.Bech32(t, "wallet"), testutil.Bech32(t, "offered"), testutil.Bech32(t, "buyer")
	f.linkWallet(t, id, wallet)
	f.offerWallet(t, id, offered)
	_, err := f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: buyer})
	require.NoError(t, err)
	testutil.RequireEvent(t, f.ctx, &types.EventWalletUnlinked{DeviceId: id, Wallet: wallet, Reason: "transfer"})
	testutil.RequireEvent(t, f.ctx, &types.EventWalletOfferDropped{DeviceId: id, Wallet: offered, Reason: "transfer"})
	d := f.device(t, id)
	require.Empty(t, d.Wallet)
	require.Nil(t, d.WalletOffer)
}
