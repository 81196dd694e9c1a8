package app_test

import (
	"crypto/rand"
	"testing"

	"cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil/apptest"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	paymentkeeper "github.com/atonomi/atonomid/x/payment/keeper"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// paymentChain is a chain with a manufacturer (acme, default reputation
// 5000), an auditor (sentinel, security) and two devices of acme activated
// for one owner.
type paymentChain struct {
	ta                    *apptest.TestApp
	maker, owner, auditor apptest.Account
	payer, payee          string
	keys                  map[string]devicekit.PrivateKey // device id → its key
}

// setupPayments builds the paymentChain.
func setupPayments(t *testing.T) *paymentChain {
	t.Helper()
	ta := apptest.Setup(t, 3)
	c := &paymentChain{ta: ta, maker: ta.Users[0], owner: ta.Users[1], auditor: ta.Users[2], keys: map[string]devicekit.PrivateKey{}}
	c.ok(t, ta.DeliverTx(ta.Registrar, &manufacturertypes.MsgAddManufacturer{Authority: ta.Registrar.String(), Id: "acme", Name: "ACME",
		Operators: []string{c.maker.String()}, DefaultReputation: 5000, AuthKeyHash: make([]byte, 32)}))
	c.ok(t, ta.DeliverTx(ta.Registrar, &auditortypes.MsgAddAuditor{Authority: ta.Registrar.String(), Id: "sentinel", Name: "Sentinel",
		Operator: c.auditor.String(), ReputationTypes: []string{"security"}, Weight: 100}))
	c.payer, c.payee = c.activate(t, "payer"), c.activate(t, "payee")
	return c
}

// ok fails the test unless the tx succeeded.
func (c *paymentChain) ok(t *testing.T, res *abci.ExecTxResult) {
	t.Helper()
	require.Zero(t, res.GetCode(), res.GetLog())
}

// activate registers and activates a device of acme for the owner.
func (c *paymentChain) activate(t *testing.T, serial string) string {
	t.Helper()
	priv, err := devicekit.GenerateKey(devicekit.Ed25519, rand.Reader)
	require.NoError(t, err)
	id := devicekit.DeviceID([]byte("acme"), []byte(serial))
	sig, err := priv.SignActivation(apptest.ChainID, id, c.owner.Addr)
	require.NoError(t, err)
	c.ok(t, c.ta.DeliverTx(c.maker, &devicetypes.MsgRegisterAndActivate{Operator: c.maker.String(), ManufacturerId: "acme", Owner: c.owner.String(),
		Device: devicetypes.DeviceEntry{Id: id.String(), KeyType: devicetypes.KEY_TYPE_ED25519, PublicKey: priv.PublicKey()}, Signature: sig}))
	c.keys[id.String()] = priv
	return id.String()
}

// score writes the auditor's security score of a device.
func (c *paymentChain) score(t *testing.T, device string, value uint32) {
	t.Helper()
	c.ok(t, c.ta.DeliverTx(c.auditor, &reputationtypes.MsgWriteScores{Operator: c.auditor.String(),
		Scores: []reputationtypes.ScoreEntry{{DeviceId: device, ReputationType: "security", Score: value}}}))
}

// TestLowReputationRefusesPayments runs the whole chain: a manufacturer,
// two activated devices, an auditor who scores one of them below the
// exclusion threshold; the payment is refused and the validation query says why.
func TestLowReputationRefusesPayments(t *testing.T) {
	c := setupPayments(t)
	ta, owner, payer, payee := c.ta, c.owner, c.payer, c.payee
	ok := func(res *abci.ExecTxResult) {
		t.Helper()
		c.ok(t, res)
	}
	pay := &paymenttypes.MsgPay{Signer: owner.String(), PayerDeviceId: payer, PayeeDeviceId: payee, Amount: math.NewInt(1_000)}
	ok(ta.DeliverTx(owner, pay))

	c.score(t, payee, 10)
	d, err := ta.DeviceKeeper.GetDevice(ta.Ctx(), mustDeviceID(t, payee))
	require.NoError(t, err)
	require.True(t, d.Excluded, "the score excluded the payee")

	res := ta.DeliverTx(owner, pay)
	require.NotZero(t, res.Code)
	require.Contains(t, res.Log, "payment refused")
	require.Contains(t, res.Log, "payee_excluded")

	check, err := ta.PaymentKeeper.CheckPayment(ta.Ctx(), payer, payee, math.NewInt(1_000), "", false)
	require.NoError(t, err)
	require.Equal(t, []string{"payee_excluded"}, rulesOf(check))
	q, err := paymentkeeper.NewQueryServer(ta.PaymentKeeper).Validate(ta.Ctx(),
		&paymenttypes.QueryValidateRequest{PayerDeviceId: payer, PayeeDeviceId: payee, Amount: math.NewInt(1_000)})
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

func rulesOf(c paymentkeeper.PaymentCheck) []string {
	var out []string
	for _, r := range c.Refusals {
		out = append(out, r.Rule)
	}
	return out
}

func mustDeviceID(t testing.TB, s string) devicekit.ID {
	t.Helper()
	id, err := devicekit.ParseID(s)
	require.NoError(t, err)
	return id
}
