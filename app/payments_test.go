package app_test

import (
	"crypto/rand"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil/apptest"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
	tokenkeeper "github.com/atonomi/atonomid/x/token/keeper"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// TestLowReputationRefusesPayments runs the whole chain: a manufacturer,
// two activated devices, an auditor who scores one of them below the
// exclusion threshold; the payment is refused and the validation query says why.
func TestLowReputationRefusesPayments(t *testing.T) {
	ta := apptest.Setup(t, 3)
	maker, owner, auditor := ta.Users[0], ta.Users[1], ta.Users[2]
	ok := func(res interface {
		GetCode() uint32
		GetLog() string
	}) {
		t.Helper()
		require.Zero(t, res.GetCode(), res.GetLog())
	}

	ok(ta.DeliverTx(ta.Registrar, &manufacturertypes.MsgAddManufacturer{Authority: ta.Registrar.String(), Id: "acme", Name: "ACME",
		Operators: []string{maker.String()}, DefaultReputation: 5000, AuthKeyHash: make([]byte, 32)}))
	ok(ta.DeliverTx(ta.Registrar, &auditortypes.MsgAddAuditor{Authority: ta.Registrar.String(), Id: "sentinel", Name: "Sentinel",
		Operator: auditor.String(), ReputationTypes: []string{"security"}, Weight: 100}))

	var ids []string
	for _, serial := range []string{"payer", "payee"} {
		priv, err := devicekit.GenerateKey(devicekit.Ed25519, rand.Reader)
		require.NoError(t, err)
		id := devicekit.DeviceID([]byte("acme"), []byte(serial))
		sig, err := priv.SignActivation(apptest.ChainID, id, owner.Addr)
		require.NoError(t, err)
		ok(ta.DeliverTx(maker, &devicetypes.MsgRegisterAndActivate{Operator: maker.String(), ManufacturerId: "acme", Owner: owner.String(),
			Device: devicetypes.DeviceEntry{Id: id.String(), KeyType: devicetypes.KEY_TYPE_ED25519, PublicKey: priv.PublicKey()}, Signature: sig}))
		ids = append(ids, id.String())
	}
	payer, payee := ids[0], ids[1]
	pay := &tokentypes.MsgDevicePay{Signer: owner.String(), PayerDeviceId: payer, PayeeDeviceId: payee, Amount: math.NewInt(1_000)}
	ok(ta.DeliverTx(owner, pay))

	ok(ta.DeliverTx(auditor, &reputationtypes.MsgWriteScores{Operator: auditor.String(),
		Scores: []reputationtypes.ScoreEntry{{DeviceId: payee, ReputationType: "security", Score: 10}}}))
	d, err := ta.DeviceKeeper.GetDevice(ta.Ctx(), mustDeviceID(t, payee))
	require.NoError(t, err)
	require.True(t, d.Excluded, "the score excluded the payee")

	res := ta.DeliverTx(owner, pay)
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, "payment refused")
	require.Contains(t, res.Log, "payee_excluded")

	check, err := ta.TokenKeeper.CheckPayment(ta.Ctx(), payer, payee, math.NewInt(1_000), "")
	require.NoError(t, err)
	require.Equal(t, []string{"payee_excluded"}, rulesOf(check))
	q, err := tokenkeeper.NewQueryServer(ta.TokenKeeper).ValidateTransaction(ta.Ctx(),
		&tokentypes.QueryValidateTransactionRequest{PayerDeviceId: payer, PayeeDeviceId: payee, Amount: math.NewInt(1_000)})
	require.NoError(t, err)
	require.False(t, q.Allowed)
	require.Equal(t, "payee_excluded", q.Refusals[0].Rule)

	// Suspending the auditor takes its scores out of the aggregates at the
	// end of the block: the device is reinstated and the payment goes through.
	ok(ta.DeliverTx(ta.Registrar, &auditortypes.MsgSuspendAuditor{Authority: ta.Registrar.String(), Id: "sentinel"}))
	d, err = ta.DeviceKeeper.GetDevice(ta.Ctx(), mustDeviceID(t, payee))
	require.NoError(t, err)
	require.False(t, d.Excluded, "without the suspended auditor's score the payee is reinstated")
	ok(ta.DeliverTx(owner, pay))
}

func rulesOf(c tokenkeeper.PaymentCheck) []string {
	var out []string
	for _, r := range c.Refusals {
		out = append(out, r.Rule)
	}
	return out
}

func mustDeviceID(t *testing.T, s string) devicekit.ID {
	t.Helper()
	id, err := devicekit.ParseID(s)
	require.NoError(t, err)
	return id
}
