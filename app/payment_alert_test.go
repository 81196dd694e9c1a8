package app_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/testutil/apptest"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
)

// paymentAlerts returns the EventPaymentRefused events of a tx result.
func paymentAlerts(t *testing.T, res *abci.ExecTxResult) []*paymenttypes.EventPaymentRefused {
	t.Helper()
	return testutil.TypedEvents[*paymenttypes.EventPaymentRefused](t, res.Events)
}

// TestRefusedPaymentRaisesAnAlert: a payment the rules refuse fails, and
// the failed tx's result still carries the alert naming every refusing rule.
func TestRefusedPaymentRaisesAnAlert(t *testing.T) {
	c := setupPayments(t)
	ta, owner := c.ta, c.owner
	pay := func(signer apptest.Account, amount math.Int) *abci.ExecTxResult {
		return ta.DeliverTx(signer, &paymenttypes.MsgPay{Signer: signer.String(), PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Amount: amount})
	}

	res := pay(owner, math.NewInt(1_000))
	c.ok(t, res)
	require.Empty(t, paymentAlerts(t, res), "an allowed payment raises no alert")

	c.score(t, c.payee, 10)
	huge := apptest.StartingBalance.AmountOf("uatmi").MulRaw(2)
	res = pay(owner, huge)
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, paymenttypes.ErrPaymentRefused.Error())
	require.Equal(t, []*paymenttypes.EventPaymentRefused{{
		PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Signer: owner.String(), Amount: huge.String(),
		Rules: []string{"payee_excluded", "insufficient_funds"}, Submitter: owner.String(),
	}}, paymentAlerts(t, res))

	res = pay(c.auditor, math.NewInt(1_000))
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, paymenttypes.ErrNotPayer.Error())
	require.Empty(t, paymentAlerts(t, res), "a signer who does not pay for the device is refused before the rules")
}

// TestARefusedPaymentInsideAnAuthzExecutionRaisesAnAlert: the alert
// decorator looks inside x/authz's MsgExec, so a payment the rules refuse is
// reported whether its paying account signed it or a grantee executed it.
func TestARefusedPaymentInsideAnAuthzExecutionRaisesAnAlert(t *testing.T) {
	c := setupPayments(t)
	owner, grantee := c.owner, c.maker
	expiry := c.ta.Ctx().BlockTime().Add(time.Hour)
	grant, err := authz.NewMsgGrant(owner.Addr, grantee.Addr, &paymenttypes.PaymentAuthorization{
		Owner: owner.String(), DeviceIds: []string{c.payer}, SpendLimit: math.NewInt(1_000_000)}, &expiry)
	require.NoError(t, err)
	c.ok(t, c.ta.DeliverTx(owner, grant))

	c.score(t, c.payee, 10)
	exec := authz.NewMsgExec(grantee.Addr, []sdk.Msg{&paymenttypes.MsgPay{
		Signer: owner.String(), PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Amount: math.NewInt(1_000)}})
	res := c.ta.DeliverTx(grantee, &exec)
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, paymenttypes.ErrPaymentRefused.Error())
	require.Equal(t, []*paymenttypes.EventPaymentRefused{{
		PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Signer: owner.String(), Amount: "1000", Rules: []string{"payee_excluded"},
		Submitter: grantee.String(),
	}}, paymentAlerts(t, res), "the alert names the grantee that submitted the payment")
}

// TestAStrangersUngrantedExecutionRaisesNoPaymentAlert: a stranger wraps a
// MsgPay naming the victim's device and paying account in a MsgExec of its
// own, with no grant (or a grant that does not cover the payment). x/authz
// refuses it before the payment's rules are asked, so it is no evidence about
// the device: no alert is raised, while the same payment under a grant that
// covers it still raises one.
func TestAStrangersUngrantedExecutionRaisesNoPaymentAlert(t *testing.T) {
	c := setupPayments(t)
	owner, stranger, grantee := c.owner, c.auditor, c.maker
	c.score(t, c.payee, 10)
	pay := func(amount int64) sdk.Msg {
		return &paymenttypes.MsgPay{Signer: owner.String(), PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Amount: math.NewInt(amount)}
	}
	exec := func(by apptest.Account, amount int64) *abci.ExecTxResult {
		msg := authz.NewMsgExec(by.Addr, []sdk.Msg{pay(amount)})
		return c.ta.DeliverTx(by, &msg)
	}

	res := exec(stranger, 1_000)
	require.NotZero(t, res.Code, "x/authz refuses an execution without a grant")
	require.Empty(t, paymentAlerts(t, res), "a stranger's ungranted execution raises no alert against the device")

	expiry := c.ta.Ctx().BlockTime().Add(time.Hour)
	grant, err := authz.NewMsgGrant(owner.Addr, grantee.Addr, &paymenttypes.PaymentAuthorization{
		Owner: owner.String(), DeviceIds: []string{c.payee}, SpendLimit: math.NewInt(500)}, &expiry)
	require.NoError(t, err)
	c.ok(t, c.ta.DeliverTx(owner, grant))
	res = exec(grantee, 1_000)
	require.NotZero(t, res.Code)
	require.Empty(t, paymentAlerts(t, res), "a grant that names another device does not cover the payment: no alert")

	grant, err = authz.NewMsgGrant(owner.Addr, grantee.Addr, &paymenttypes.PaymentAuthorization{
		Owner: owner.String(), DeviceIds: []string{c.payer}, SpendLimit: math.NewInt(500)}, &expiry)
	require.NoError(t, err)
	c.ok(t, c.ta.DeliverTx(owner, grant))
	res = exec(grantee, 1_000)
	require.NotZero(t, res.Code)
	require.Empty(t, paymentAlerts(t, res), "a payment above the grant's spend limit is refused by x/authz: no alert")

	res = exec(grantee, 100)
	require.Contains(t, res.Log, paymenttypes.ErrPaymentRefused.Error())
	require.Equal(t, []*paymenttypes.EventPaymentRefused{{
		PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Signer: owner.String(), Amount: "100", Rules: []string{"payee_excluded"},
		Submitter: grantee.String(),
	}}, paymentAlerts(t, res), "under a grant that covers it, the refused payment is the owner's evidence")
}

// TestDeviceSignedAlertsBlameTheDeviceOnlyForItsOwnSignature: a relayed
// intent the rules refuse raises the alert, marked device-signed, when the
// device's key made it; one whose signature does not verify raises none, so
// that nobody can make a device look bad by relaying garbage in its name.
func TestDeviceSignedAlertsBlameTheDeviceOnlyForItsOwnSignature(t *testing.T) {
	c := setupPayments(t)
	wallet, gateway := c.auditor, c.maker
	c.ok(t, c.ta.DeliverTx(c.owner, &devicetypes.MsgOfferWallet{Owner: c.owner.String(), DeviceId: c.payer, Wallet: wallet.String(),
		ExpiryHeight: c.ta.Height() + 100}))
	c.ok(t, c.ta.DeliverTx(wallet, &devicetypes.MsgAcceptWallet{Wallet: wallet.String(), DeviceId: c.payer, Owner: c.owner.String()}))
	c.score(t, c.payee, 10)

	intent := func(key devicekit.PrivateKey) *paymenttypes.MsgPayDeviceSigned {
		payer, payee := mustDeviceID(t, c.payer), mustDeviceID(t, c.payee)
		validUntil := uint64(c.ta.Height() + 10)
		sig, err := key.SignPayment(devicekit.PaymentIntent{ChainID: apptest.ChainID, Payer: payer, Payee: payee, Wallet: wallet.Addr,
			Amount: "1000", ValidUntil: validUntil})
		require.NoError(t, err)
		return &paymenttypes.MsgPayDeviceSigned{Submitter: gateway.String(), PayerDeviceId: c.payer, PayeeDeviceId: c.payee,
			Wallet: wallet.String(), Amount: math.NewInt(1_000), ValidUntil: validUntil, Signature: sig}
	}

	res := c.ta.DeliverTx(gateway, intent(c.keys[c.payer]))
	require.Contains(t, res.Log, paymenttypes.ErrPaymentRefused.Error())
	require.Equal(t, []*paymenttypes.EventPaymentRefused{{
		PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Signer: gateway.String(), Amount: "1000", Rules: []string{"payee_excluded"},
		DeviceSigned: true, Submitter: gateway.String(),
	}}, paymentAlerts(t, res))

	forged := intent(c.keys[c.payee]) // signed by another device's key
	res = c.ta.DeliverTx(gateway, forged)
	require.Contains(t, res.Log, paymenttypes.ErrBadSignature.Error())
	require.Empty(t, paymentAlerts(t, res), "a signature the device did not make is no evidence about it")
}
