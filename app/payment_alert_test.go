package app_test

import (
	"testing"

	"cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/testutil/apptest"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// paymentAlerts returns the EventPaymentRefused events of a tx result.
func paymentAlerts(t *testing.T, res *abci.ExecTxResult) []*tokentypes.EventPaymentRefused {
	t.Helper()
	return testutil.TypedEvents[*tokentypes.EventPaymentRefused](t, res.Events)
}

// TestRefusedPaymentRaisesAnAlert: a payment the rules refuse fails, and
// the failed tx's result still carries the alert naming every refusing rule.
func TestRefusedPaymentRaisesAnAlert(t *testing.T) {
	c := setupPayments(t)
	ta, owner := c.ta, c.owner
	pay := func(signer apptest.Account, amount math.Int) *abci.ExecTxResult {
		return ta.DeliverTx(signer, &tokentypes.MsgDevicePay{Signer: signer.String(), PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Amount: amount})
	}

	res := pay(owner, math.NewInt(1_000))
	c.ok(t, res)
	require.Empty(t, paymentAlerts(t, res), "an allowed payment raises no alert")

	c.score(t, c.payee, 10)
	huge := apptest.StartingBalance.AmountOf("uatmi").MulRaw(2)
	res = pay(owner, huge)
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, tokentypes.ErrPaymentRefused.Error())
	require.Equal(t, []*tokentypes.EventPaymentRefused{{
		PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Signer: owner.String(), Amount: huge.String(),
		Rules: []string{"payee_excluded", "insufficient_funds"},
	}}, paymentAlerts(t, res))

	res = pay(c.auditor, math.NewInt(1_000))
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, tokentypes.ErrNotPayer.Error())
	require.Empty(t, paymentAlerts(t, res), "a signer who does not pay for the device is refused before the rules")
}
