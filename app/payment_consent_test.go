package app_test

import (
	"testing"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/testutil/apptest"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// refusedUnchanged delivers msgs signed by signer and requires the typed
// error want and not one balance of any account changed.
func (c *paymentChain) refusedUnchanged(t *testing.T, signer apptest.Account, want *errorsmod.Error, msgs ...sdk.Msg) {
	t.Helper()
	// x/distribution sweeps the fee collector in the next block's begin
	// blocker: an empty block first settles the fees of earlier blocks.
	c.ta.NextBlock()
	before := c.ta.Balances(c.ta.Ctx())
	requireTxError(t, c.ta.DeliverTx(signer, msgs...), want)
	require.Equal(t, before, c.ta.Balances(c.ta.Ctx()), "no balance moved")
}

// TestNoAccountPaysWithoutSigning mounts the theft the outside review found:
// someone other than the paying account signs a device payment. Every try
// fails with a typed error and moves nothing.
func TestNoAccountPaysWithoutSigning(t *testing.T) {
	c := setupPayments(t)
	pay := func(signer string) *paymenttypes.MsgPay {
		return &paymenttypes.MsgPay{Signer: signer, PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Amount: math.NewInt(1_000)}
	}

	t.Run("a stranger cannot make the owner's device pay", func(t *testing.T) {
		c.refusedUnchanged(t, c.auditor, paymenttypes.ErrNotPayer, pay(c.auditor.String()))
	})
	t.Run("gov's module account cannot make the owner's device pay", func(t *testing.T) {
		gov := authtypes.NewModuleAddress(govtypes.ModuleName).String()
		c.ta.NextBlock()
		ctx, _ := c.ta.Ctx().CacheContext()
		before := c.ta.Balances(ctx)
		msg := pay(gov)
		_, err := c.ta.MsgServiceRouter().Handler(msg)(ctx, msg)
		require.ErrorIs(t, err, paymenttypes.ErrNotPayer)
		require.Equal(t, before, c.ta.Balances(ctx), "no balance moved")
	})
	t.Run("no module account can receive a device", func(t *testing.T) {
		for _, name := range []string{govtypes.ModuleName, stakingtypes.BondedPoolName, tokentypes.ModuleName} {
			c.refusedUnchanged(t, c.owner, devicetypes.ErrModuleAccount, &devicetypes.MsgTransferDevice{
				Owner: c.owner.String(), DeviceId: c.payer, NewOwner: authtypes.NewModuleAddress(name).String()})
		}
	})
	t.Run("after a sale the seller cannot spend through the device and the buyer pays his own", func(t *testing.T) {
		buyer := c.maker
		c.ok(t, c.ta.DeliverTx(c.owner, &devicetypes.MsgTransferDevice{Owner: c.owner.String(), DeviceId: c.payer, NewOwner: buyer.String()}))
		c.refusedUnchanged(t, c.owner, paymenttypes.ErrNotPayer, pay(c.owner.String()))

		ctx := c.ta.Ctx()
		sellerBefore := c.ta.BankKeeper.GetBalance(ctx, c.owner.Addr, "uatmi")
		buyerBefore := c.ta.BankKeeper.GetBalance(ctx, buyer.Addr, "uatmi")
		c.ok(t, c.ta.DeliverTx(buyer, pay(buyer.String())))
		ctx = c.ta.Ctx()
		require.Equal(t, sellerBefore.Amount.AddRaw(1_000), c.ta.BankKeeper.GetBalance(ctx, c.owner.Addr, "uatmi").Amount,
			"the seller still owns the payee device and receives the payment")
		require.True(t, c.ta.BankKeeper.GetBalance(ctx, buyer.Addr, "uatmi").Amount.LT(buyerBefore.Amount.SubRaw(1_000)),
			"the buyer pays the amount and the commission")
	})
}

// TestAWalletPaysOnlyOnceItConsented follows a wallet's consent through its
// life: offered (pays nothing), accepted (pays, and only it may sign),
// unlinked (pays nothing again), and a device sold with a linked wallet.
func TestAWalletPaysOnlyOnceItConsented(t *testing.T) {
	c := setupPayments(t)
	w := c.auditor // any account with funds; its role does not matter here
	owner := c.owner.String()
	pay := func(signer apptest.Account) *paymenttypes.MsgPay {
		return &paymenttypes.MsgPay{Signer: signer.String(), PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Amount: math.NewInt(1_000)}
	}
	balance := func(a apptest.Account) math.Int {
		return c.ta.BankKeeper.GetBalance(c.ta.Ctx(), a.Addr, "uatmi").Amount
	}
	offer := &devicetypes.MsgOfferWallet{Owner: owner, DeviceId: c.payer, Wallet: w.String(), ExpiryHeight: c.ta.Height() + 100}
	accept := &devicetypes.MsgAcceptWallet{Wallet: w.String(), DeviceId: c.payer, Owner: owner}

	c.ok(t, c.ta.DeliverTx(c.owner, offer))
	t.Run("a wallet that never accepted pays nothing", func(t *testing.T) {
		c.refusedUnchanged(t, w, paymenttypes.ErrNotPayer, pay(w))
		walletBefore := balance(w)
		c.ok(t, c.ta.DeliverTx(c.owner, pay(c.owner)))
		require.Equal(t, walletBefore, balance(w), "the owner's account paid, not the offered wallet")
	})

	c.ok(t, c.ta.DeliverTx(w, accept))
	t.Run("a linked wallet pays, and only it may sign", func(t *testing.T) {
		c.refusedUnchanged(t, c.owner, paymenttypes.ErrNotPayer, pay(c.owner))
		c.refusedUnchanged(t, c.maker, paymenttypes.ErrNotPayer, pay(c.maker))
		ownerBefore, walletBefore := balance(c.owner), balance(w)
		c.ok(t, c.ta.DeliverTx(w, pay(w)))
		require.True(t, balance(w).LT(walletBefore.SubRaw(1_000)), "the wallet pays amount and commission")
		require.Equal(t, ownerBefore.AddRaw(1_000), balance(c.owner), "the owner only receives, as the payee device's owner")
	})

	t.Run("a wallet that unlinked pays nothing", func(t *testing.T) {
		c.ok(t, c.ta.DeliverTx(w, &devicetypes.MsgUnlinkWallet{Signer: w.String(), DeviceId: c.payer}))
		c.refusedUnchanged(t, w, paymenttypes.ErrNotPayer, pay(w))
	})

	t.Run("after a sale the buyer cannot spend the seller's linked wallet", func(t *testing.T) {
		offer.ExpiryHeight = c.ta.Height() + 100
		c.ok(t, c.ta.DeliverTx(c.owner, offer))
		c.ok(t, c.ta.DeliverTx(w, accept))
		buyer := c.maker
		c.ok(t, c.ta.DeliverTx(c.owner, &devicetypes.MsgTransferDevice{Owner: owner, DeviceId: c.payer, NewOwner: buyer.String()}))
		c.refusedUnchanged(t, w, paymenttypes.ErrNotPayer, pay(w))
		walletBefore := balance(w)
		c.ok(t, c.ta.DeliverTx(buyer, pay(buyer)))
		require.Equal(t, walletBefore, balance(w), "the buyer paid from his own account")
		// The wallet's old consent names the seller: it links nothing for the buyer.
		c.refusedUnchanged(t, w, devicetypes.ErrUnauthorized, accept)
	})
}
