package app_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/atonomi/atonomid/testutil/apptest"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
)

// TestAnOwnerSpendsALinkedWalletOnlyThroughAPaymentAuthorization: the
// wallet of the owner's payer device grants the owner a payment
// authorization naming both of the owner's devices; it pays for the payer,
// within the limit, and for nothing the wallet did not consent to: not a
// device that pays from another account, not a device that changed hands
// (even one the wallet is linked to again, for its new owner).
func TestAnOwnerSpendsALinkedWalletOnlyThroughAPaymentAuthorization(t *testing.T) {
	c := setupPayments(t)
	wallet, owner, buyer := c.auditor, c.owner, c.maker
	link := func(device string, deviceOwner apptest.Account) {
		t.Helper()
		c.ok(t, c.ta.DeliverTx(deviceOwner, &devicetypes.MsgOfferWallet{Owner: deviceOwner.String(), DeviceId: device,
			Wallet: wallet.String(), ExpiryHeight: c.ta.Height() + 100}))
		c.ok(t, c.ta.DeliverTx(wallet, &devicetypes.MsgAcceptWallet{Wallet: wallet.String(), DeviceId: device, Owner: deviceOwner.String()}))
	}
	link(c.payer, owner)
	expiry := c.ta.Ctx().BlockTime().Add(time.Hour)
	grant, err := authz.NewMsgGrant(wallet.Addr, owner.Addr, &paymenttypes.PaymentAuthorization{
		Owner: owner.String(), DeviceIds: []string{c.payer, c.payee}, SpendLimit: math.NewInt(2_020)}, &expiry)
	require.NoError(t, err)
	c.ok(t, c.ta.DeliverTx(wallet, grant))
	exec := func(from, to string, amount int64) *authz.MsgExec {
		m := authz.NewMsgExec(owner.Addr, []sdk.Msg{&paymenttypes.MsgPay{Signer: wallet.String(), PayerDeviceId: from, PayeeDeviceId: to,
			Amount: math.NewInt(amount)}})
		return &m
	}
	limit := func() math.Int {
		a, _ := c.ta.AuthzKeeper.GetAuthorization(c.ta.Ctx(), owner.Addr, wallet.Addr, sdk.MsgTypeURL(&paymenttypes.MsgPay{}))
		require.NotNil(t, a)
		return a.(*paymenttypes.PaymentAuthorization).SpendLimit
	}

	walletBefore := c.ta.BankKeeper.GetBalance(c.ta.Ctx(), wallet.Addr, "uatmi").Amount
	c.ok(t, c.ta.DeliverTx(owner, exec(c.payer, c.payee, 1_000)))
	require.Equal(t, walletBefore.SubRaw(1_010), c.ta.BankKeeper.GetBalance(c.ta.Ctx(), wallet.Addr, "uatmi").Amount, "the wallet paid through the grant")
	require.Equal(t, math.NewInt(1_010), limit(), "amount and commission count against the limit")

	t.Run("a payment over what is left is refused", func(t *testing.T) {
		c.refusedUnchanged(t, owner, paymenttypes.ErrGrantRefused, exec(c.payer, c.payee, 1_500))
	})
	t.Run("a named device that does not pay from the wallet is refused", func(t *testing.T) {
		c.refusedUnchanged(t, owner, paymenttypes.ErrGrantRefused, exec(c.payee, c.payer, 100))
	})
	t.Run("a generic authorization of payments is refused", func(t *testing.T) {
		generic, err := authz.NewMsgGrant(wallet.Addr, buyer.Addr, authz.NewGenericAuthorization(sdk.MsgTypeURL(&paymenttypes.MsgPay{})), &expiry)
		require.NoError(t, err)
		c.refusedUnchanged(t, wallet, paymenttypes.ErrGrantRefused, generic)
	})
	t.Run("another owner's device on the same wallet is refused", func(t *testing.T) {
		c.ok(t, c.ta.DeliverTx(owner, &devicetypes.MsgTransferDevice{Owner: owner.String(), DeviceId: c.payee, NewOwner: buyer.String()}))
		link(c.payee, buyer)
		c.refusedUnchanged(t, owner, paymenttypes.ErrGrantRefused, exec(c.payee, c.payer, 100))
	})
	t.Run("after the device changed hands the grant pays nothing, even relinked for the buyer", func(t *testing.T) {
		c.ok(t, c.ta.DeliverTx(owner, &devicetypes.MsgTransferDevice{Owner: owner.String(), DeviceId: c.payer, NewOwner: buyer.String()}))
		link(c.payer, buyer)
		c.refusedUnchanged(t, owner, paymenttypes.ErrGrantRefused, exec(c.payer, c.payee, 100))
	})
}
