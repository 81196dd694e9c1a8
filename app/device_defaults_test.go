package app_test

import (
	"encoding/json"
	"sort"
	"testing"

	"cosmossdk.io/math"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/atonomi/atonomid/testutil/apptest"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	reputationkeeper "github.com/atonomi/atonomid/x/reputation/keeper"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// setDefault has the authority, the only signer of MsgSetDefaultReputation,
// move acme's default reputation.
func (c *paymentChain) setDefault(t *testing.T, value uint32) {
	t.Helper()
	c.ok(t, c.ta.DeliverTx(c.ta.Registrar, &manufacturertypes.MsgSetDefaultReputation{
		Authority: c.ta.Registrar.String(), Id: "acme", DefaultReputation: value}))
}

// refusals are the rules refusing a payment of 1,000 uatmi between two
// devices, as the chain judges it now.
func (c *paymentChain) refusals(t *testing.T, payer, payee string) []string {
	t.Helper()
	check, err := c.ta.PaymentKeeper.CheckPayment(c.ta.Ctx(), payer, payee, math.NewInt(1_000), "", false)
	require.NoError(t, err)
	return rulesOf(check)
}

// TestADefaultChangeRewritesNoDevicesHistory is the attack of a
// manufacturer that has its default reputation moved to rewrite what its
// existing devices are: lowered, it would push its unscored devices below
// counterparties' reputation minimums (or, with a default that counted, the
// exclusion threshold); raised, it would lift a device out of exclusion or
// over a minimum. Every existing device keeps the default of its
// registration; only devices registered afterwards start from the new one.
func TestADefaultChangeRewritesNoDevicesHistory(t *testing.T) {
	c := setupPayments(t)
	ta := c.ta
	queries := reputationkeeper.NewQueryServer(ta.ReputationKeeper)
	// The payer deals only with devices of security reputation 4,000 or more.
	policy := devicetypes.DefaultPolicy()
	policy.MinCounterpartyReputation = []devicetypes.ReputationMinimum{{ReputationType: "security", MinScore: 4000}}
	c.ok(t, ta.DeliverTx(c.owner, &devicetypes.MsgSetPolicy{Owner: c.owner.String(), DeviceId: c.payer, Policy: policy}))
	low := c.activate(t, "low")
	c.score(t, low, 10)
	require.Empty(t, c.refusals(t, c.payer, c.payee), "the unscored payee is at acme's default 5,000")
	require.Contains(t, c.refusals(t, c.payer, low), "payee_excluded", "the low-scored device is excluded")

	deviceRep := func(id string) *reputationtypes.QueryDeviceReputationResponse {
		t.Helper()
		res, err := queries.DeviceReputation(ta.Ctx(), &reputationtypes.QueryDeviceReputationRequest{DeviceId: id})
		require.NoError(t, err)
		return res
	}
	payeeBefore, lowBefore := deviceRep(c.payee), deviceRep(low)

	c.setDefault(t, 0)
	require.Equal(t, payeeBefore, deviceRep(c.payee), "lowering acme's default leaves its unscored payee at 5,000")
	require.Empty(t, c.refusals(t, c.payer, c.payee), "and the payer still pays it")
	pay := &paymenttypes.MsgPay{Signer: c.owner.String(), PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Amount: math.NewInt(1_000)}
	c.ok(t, ta.DeliverTx(c.owner, pay))
	late := c.activate(t, "registered-after-the-change")
	require.EqualValues(t, 0, deviceRep(late).DefaultValue, "a device registered afterwards starts from the new default")
	require.False(t, deviceRep(late).Excluded, "an unscored device is never excluded, whatever its default")
	require.Equal(t, []string{"payer_min_reputation"}, c.refusals(t, c.payer, late))

	c.setDefault(t, manufacturertypes.MaxReputation)
	require.Equal(t, lowBefore, deviceRep(low), "raising acme's default does not reinstate its excluded device")
	require.Contains(t, c.refusals(t, c.payer, low), "payee_excluded")
	d, err := ta.DeviceKeeper.GetDevice(ta.Ctx(), mustDeviceID(t, low))
	require.NoError(t, err)
	require.True(t, d.Excluded)
	require.Equal(t, []string{"payer_min_reputation"}, c.refusals(t, c.payer, late), "nor lifts the later device over the payer's minimum")
	require.EqualValues(t, 5000, deviceRep(c.payee).DefaultValue)
}

// TestAThresholdChangeRefusesPaymentsAtOnce raises the exclusion threshold
// by a proposal with an exclusion sweep of one device per block: payments
// judge the new threshold in the very next transaction, while the stored
// flags of most devices still say otherwise; the sweep then brings every
// flag up to date over the following blocks, and a chain exported in the
// middle of it goes on from its cursor.
func TestAThresholdChangeRefusesPaymentsAtOnce(t *testing.T) {
	c := setupPayments(t)
	ta := c.ta
	scored := []string{c.payer, c.payee, c.activate(t, "third"), c.activate(t, "fourth")}
	for _, id := range scored {
		c.score(t, id, 3000)
	}
	sort.Strings(scored) // the order the sweep walks
	require.Empty(t, c.refusals(t, c.payer, c.payee), "3,000 is above the default threshold of 1,000")

	params, err := ta.ReputationKeeper.GetParams(ta.Ctx())
	require.NoError(t, err)
	params.ExclusionThreshold, params.ExclusionSweepPerBlock = 4000, 1
	gov := sdk.AccAddress(authtypes.NewModuleAddress("gov")).String()
	require.Equal(t, govv1.StatusPassed, ta.PassProposal(ta.Validator, "raise the exclusion threshold",
		&reputationtypes.MsgUpdateParams{Authority: gov, Params: params}).Status)

	flags := func() []bool {
		t.Helper()
		out := make([]bool, len(scored))
		for i, id := range scored {
			d, err := ta.DeviceKeeper.GetDevice(ta.Ctx(), mustDeviceID(t, id))
			require.NoError(t, err)
			out[i] = d.Excluded
		}
		return out
	}
	require.Equal(t, []bool{true, false, false, false}, flags(),
		"the block that passed the proposal swept the first device only")
	require.Equal(t, []string{"payer_excluded", "payee_excluded"}, c.refusals(t, c.payer, c.payee),
		"both sides are below 4,000 now, swept or not")
	res := ta.DeliverTx(c.owner, &paymenttypes.MsgPay{Signer: c.owner.String(), PayerDeviceId: c.payer, PayeeDeviceId: c.payee, Amount: math.NewInt(1_000)})
	require.NotZero(t, res.Code, "the payment is refused in the next block, before its end blocker sweeps anything")
	require.Contains(t, res.Log, "payer_excluded")
	require.Contains(t, res.Log, "payee_excluded")
	require.Equal(t, []bool{true, true, false, false}, flags(), "one device more per block")

	// Export mid-sweep: the imported chain carries the cursor and goes on
	// from it (its first block sweeps the third device).
	exported, imported := exportImport(t, ta)
	var appState map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &appState))
	var gs reputationtypes.GenesisState
	require.NoError(t, ta.AppCodec().UnmarshalJSON(appState[reputationtypes.ModuleName], &gs))
	require.Equal(t, &reputationtypes.ExclusionSweep{Threshold: 4000, NextDeviceId: scored[2], Judged: 2}, gs.ExclusionSweep)
	ictx := imported.NewUncachedContext(false, cmtproto.Header{ChainID: apptest.ChainID}) //nolint:staticcheck // between blocks only the committed store is there to read (NewContext needs a block's state)
	sweep, err := imported.ReputationKeeper.ExclusionSweep.Get(ictx)
	require.NoError(t, err)
	require.Equal(t, reputationtypes.ExclusionSweep{Threshold: 4000, NextDeviceId: scored[3], Judged: 3}, sweep)

	ta.NextBlock()
	require.Equal(t, []bool{true, true, true, false}, flags())
	ta.NextBlock()
	require.Equal(t, []bool{true, true, true, true}, flags(), "the sweep has reached every device")
	has, err := ta.ReputationKeeper.ExclusionSweep.Has(ta.Ctx())
	require.NoError(t, err)
	require.False(t, has, "and stopped")
	require.NoError(t, reputationkeeper.ExclusionInvariant(ta.Ctx(), ta.ReputationKeeper))
}
