package app_test

import (
	"testing"

	"cosmossdk.io/math"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil/apptest"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
	tokenkeeper "github.com/atonomi/atonomid/x/token/keeper"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// Epochs of the auditor pool chain: short enough to reach the end of one in
// a test, long enough for the writes of one test to fit in it; the reward
// threshold makes re-scores within 10 blocks prorated.
const (
	poolEpochBlocks    = 40
	poolRewardInterval = 10
)

// poolChain is a chain with acme and two of its devices activated, and
// auditors of different weights, each operated by its own account.
type poolChain struct {
	*paymentChain
	gov       string
	operators map[string]apptest.Account // auditor id → operator
}

// auditorWeight is an auditor of the poolChain: its id and weight.
type auditorWeight struct {
	id     string
	weight uint32
}

// setupAuditorPool builds the poolChain with the auditors given as id →
// weight (users 2, 3, ... operate them in id order of the list), and has
// x/gov set the auditor pool's epoch and the reward threshold.
func setupAuditorPool(t *testing.T, auditors ...auditorWeight) *poolChain {
	t.Helper()
	ta := apptest.Setup(t, 2+len(auditors)+1)
	c := &poolChain{
		paymentChain: &paymentChain{ta: ta, maker: ta.Users[0], owner: ta.Users[1], keys: map[string]devicekit.PrivateKey{}},
		gov:          authtypes.NewModuleAddress(govtypes.ModuleName).String(),
		operators:    map[string]apptest.Account{},
	}
	c.ok(t, ta.DeliverTx(ta.Registrar, &manufacturertypes.MsgAddManufacturer{Authority: ta.Registrar.String(), Id: "acme", Name: "ACME",
		Operators: []string{c.maker.String()}, DefaultReputation: 5000, AuthKeyHash: make([]byte, 32)}))
	for i, a := range auditors {
		operator := ta.Users[2+i]
		c.operators[a.id] = operator
		c.ok(t, ta.DeliverTx(ta.Registrar, &auditortypes.MsgAddAuditor{Authority: ta.Registrar.String(), Id: a.id, Name: a.id,
			Operator: operator.String(), ReputationTypes: []string{"security"}, Weight: a.weight}))
	}
	c.payer, c.payee = c.activate(t, "meter"), c.activate(t, "lamp")

	params, err := ta.TokenKeeper.GetParams(ta.Ctx())
	require.NoError(t, err)
	params.AuditorEpochBlocks, params.RewardBlockThreshold = poolEpochBlocks, poolRewardInterval
	require.Equal(t, govv1.StatusPassed, ta.PassProposal(ta.Validator, "auditor epochs",
		&tokentypes.MsgUpdateParams{Authority: c.gov, Params: params}).Status)
	return c
}

// scoreTx is a signed batch of security scores of devices by an auditor.
func (c *poolChain) scoreTx(t *testing.T, auditorID string, value uint32, devices ...string) []byte {
	t.Helper()
	op := c.operators[auditorID]
	var entries []reputationtypes.ScoreEntry
	for _, d := range devices {
		entries = append(entries, reputationtypes.ScoreEntry{DeviceId: d, ReputationType: "security", Score: value})
	}
	return c.ta.SignTx(op, &reputationtypes.MsgWriteScores{Operator: op.String(), Scores: entries})
}

// block commits a block of txs and fails the test unless each succeeded.
func (c *poolChain) block(t *testing.T, txs ...[]byte) {
	t.Helper()
	for i, res := range c.ta.NextBlock(txs...) {
		require.Zero(t, res.Code, "tx %d: %s", i, res.Log)
	}
}

// epoch is the running epoch as the query serves it.
func (c *poolChain) epoch(t *testing.T) *tokentypes.QueryAuditorEpochResponse {
	t.Helper()
	res, err := tokenkeeper.NewQueryServer(c.ta.TokenKeeper).AuditorEpoch(c.ta.Ctx(), &tokentypes.QueryAuditorEpochRequest{})
	require.NoError(t, err)
	return res
}

// startEpoch commits empty blocks until a new epoch begins with the next
// block, and returns it.
func (c *poolChain) startEpoch(t *testing.T) *tokentypes.QueryAuditorEpochResponse {
	t.Helper()
	number := c.epoch(t).Epoch.Number
	for c.epoch(t).Epoch.Number == number {
		c.ta.NextBlock()
	}
	e := c.epoch(t)
	require.Equal(t, c.ta.Height()+1, e.Epoch.StartHeight)
	require.Equal(t, e.Epoch.StartHeight+poolEpochBlocks-1, e.EndHeight)
	return e
}

// until commits empty blocks until height is the last committed one.
func (c *poolChain) until(t *testing.T, height int64) {
	t.Helper()
	require.LessOrEqual(t, c.ta.Height(), height, "the test's writes outran the epoch")
	for c.ta.Height() < height {
		c.ta.NextBlock()
	}
}

// credits is the running epoch's tally by auditor id.
func (c *poolChain) credits(t *testing.T) map[string]math.Int {
	t.Helper()
	out := map[string]math.Int{}
	for _, cr := range c.epoch(t).Credits {
		out[cr.AuditorId] = cr.Credit
	}
	return out
}

func (c *poolChain) reward(t *testing.T, a apptest.Account) math.Int {
	t.Helper()
	r, err := c.ta.TokenKeeper.RewardOf(c.ta.Ctx(), a.Addr)
	require.NoError(t, err)
	return r
}

func (c *poolChain) balance(a apptest.Account) math.Int {
	return c.ta.BankKeeper.GetBalance(c.ta.Ctx(), a.Addr, apptest.StartingBalance[0].Denom).Amount
}

// scoreCredit is the epoch credit of a full-value score at weight w.
func scoreCredit(w int64) math.Int { return math.NewInt(w * tokentypes.ScoreCredit) }

// TestAuditorPoolPaysTheEpochsAuditors runs an epoch of the auditor pool
// through the whole chain: auditors of different weights score, one re-scores
// early, one rotates its operator, one is removed by x/gov; at the epoch's end
// the pool decreases by exactly what the active auditors' operators can then
// withdraw, split by credit, and they withdraw it.
func TestAuditorPoolPaysTheEpochsAuditors(t *testing.T) {
	c := setupAuditorPool(t,
		auditorWeight{"sentinel", 100},
		auditorWeight{"veritas", 300},
		auditorWeight{"rogue", 200},
	)
	ta := c.ta
	epoch := c.startEpoch(t)

	c.block(t, c.scoreTx(t, "sentinel", 6000, c.payer, c.payee), c.scoreTx(t, "veritas", 7000, c.payer), c.scoreTx(t, "rogue", 10, c.payer))
	c.until(t, epoch.Epoch.StartHeight+2)
	c.block(t, c.scoreTx(t, "sentinel", 6100, c.payer)) // 3 of 10 blocks later: 3/10 of a score
	c.block(t, c.scoreTx(t, "sentinel", 6200, c.payer)) // 1 block later: 1/10
	require.Equal(t, map[string]math.Int{
		"sentinel": scoreCredit(100 * 2).Add(scoreCredit(30)).Add(scoreCredit(10)),
		"veritas":  scoreCredit(300),
		"rogue":    scoreCredit(200),
	}, c.credits(t), "each score earns weight × 1,000,000, early re-scores prorated like the reward")

	// sentinel hands its operation to a new account; x/gov removes rogue.
	rotated := ta.Users[len(ta.Users)-1]
	old := c.operators["sentinel"]
	c.ok(t, ta.DeliverTx(old, &auditortypes.MsgRotateOperator{Operator: old.String(), Id: "sentinel",
		NewOperator: rotated.String(), ExpiryHeight: ta.Height() + 10}))
	c.ok(t, ta.DeliverTx(rotated, &auditortypes.MsgAcceptOperator{Operator: rotated.String(), Id: "sentinel"}))
	require.Equal(t, govv1.StatusPassed, ta.PassProposal(ta.Validator, "remove rogue",
		&auditortypes.MsgRemoveAuditor{Authority: c.gov, Id: "rogue", Reason: "scores nothing it saw"}).Status)

	c.until(t, epoch.EndHeight-1)
	pool := c.epoch(t).AuditorPool
	require.True(t, pool.IsPositive(), "fees fed the pool")
	accounts := map[string]apptest.Account{"old": old, "rotated": rotated, "veritas": c.operators["veritas"], "rogue": c.operators["rogue"]}
	before := map[string]math.Int{}
	for name, a := range accounts {
		before[name] = c.reward(t, a)
	}
	moduleBefore := ta.BankKeeper.GetBalance(ta.Ctx(), tokenkeeper.ModuleAddress(), apptest.StartingBalance[0].Denom)

	ta.NextBlock() // the epoch's last height: its end block pays the pool out

	gained := map[string]math.Int{}
	for name, a := range accounts {
		gained[name] = c.reward(t, a).Sub(before[name])
	}
	sentinelCredit, eligible := scoreCredit(240), scoreCredit(240+300)
	require.Equal(t, pool.Mul(sentinelCredit).Quo(eligible), gained["rotated"], "sentinel's share goes to its operator at the end")
	require.Equal(t, pool.Mul(scoreCredit(300)).Quo(eligible), gained["veritas"])
	require.True(t, gained["old"].IsZero(), "the operator sentinel rotated away from gets nothing")
	require.True(t, gained["rogue"].IsZero(), "a removed auditor earns nothing")

	after := c.epoch(t)
	paid := gained["rotated"].Add(gained["veritas"])
	require.Equal(t, pool.Sub(paid), after.AuditorPool, "the pool decreases by exactly what the auditors can withdraw")
	require.True(t, after.AuditorPool.LT(math.NewInt(2)), "what stays is rounding dust, at most one uatmi per paid auditor")
	require.Equal(t, epoch.Epoch.Number+1, after.Epoch.Number)
	require.Empty(t, after.Credits)
	require.Equal(t, moduleBefore, ta.BankKeeper.GetBalance(ta.Ctx(), tokenkeeper.ModuleAddress(), apptest.StartingBalance[0].Denom),
		"paying the pool into rewards moves no token out of the module account")
	require.NoError(t, tokenkeeper.CheckInvariants(ta.Ctx(), ta.TokenKeeper))

	// They withdraw it: each balance rises by exactly its withdrawable rewards.
	for _, name := range []string{"rotated", "veritas"} {
		a := accounts[name]
		owed, was := c.reward(t, a), c.balance(a)
		require.True(t, owed.GTE(gained[name]))
		c.ok(t, ta.DeliverTx(a, &tokentypes.MsgWithdrawRewards{Owner: a.String()}))
		require.Equal(t, was.Add(owed), c.balance(a), name)
		require.True(t, c.reward(t, a).IsZero(), name)
	}
	require.NoError(t, tokenkeeper.CheckInvariants(ta.Ctx(), ta.TokenKeeper))
}

// TestRescoringSpamEarnsNoMoreOfTheAuditorPool is the attack: an auditor
// re-scores the same device every block to farm the pool. Against an
// auditor of the same weight that re-scores once per reward threshold, it
// pays 11 fees against 2 and earns no more credit, and no more of the pool.
func TestRescoringSpamEarnsNoMoreOfTheAuditorPool(t *testing.T) {
	c := setupAuditorPool(t,
		auditorWeight{"spammer", 100},
		auditorWeight{"honest", 100},
	)
	ta := c.ta
	epoch := c.startEpoch(t)
	spammer, honest := c.operators["spammer"], c.operators["honest"]

	c.block(t, c.scoreTx(t, "spammer", 5000, c.payer), c.scoreTx(t, "honest", 5000, c.payer))
	for i := 1; i < poolRewardInterval; i++ {
		c.block(t, c.scoreTx(t, "spammer", uint32(5000+i), c.payer))
	}
	c.block(t, c.scoreTx(t, "spammer", 6000, c.payer), c.scoreTx(t, "honest", 6000, c.payer))
	credits := c.credits(t)
	require.Equal(t, scoreCredit(200), credits["honest"], "two full scores, one threshold apart")
	require.True(t, credits["spammer"].LTE(credits["honest"]),
		"eleven scores of one device within a threshold earn %s, no more than the honest auditor's %s", credits["spammer"], credits["honest"])

	c.until(t, epoch.EndHeight-1)
	before := map[string]math.Int{"spammer": c.reward(t, spammer), "honest": c.reward(t, honest)}
	ta.NextBlock()
	spammerGain, honestGain := c.reward(t, spammer).Sub(before["spammer"]), c.reward(t, honest).Sub(before["honest"])
	require.True(t, honestGain.IsPositive())
	require.True(t, spammerGain.LTE(honestGain), "the spammer's share %s exceeds the honest auditor's %s", spammerGain, honestGain)
}

// TestAuditorPoolEpochSurvivesExportAndImport checks that a chain started
// from an export mid-epoch carries the epoch and its tally.
func TestAuditorPoolEpochSurvivesExportAndImport(t *testing.T) {
	c := setupAuditorPool(t, auditorWeight{"sentinel", 100})
	c.startEpoch(t)
	c.block(t, c.scoreTx(t, "sentinel", 6000, c.payer))
	c.ta.NextBlock()
	want := c.epoch(t)
	require.NotEmpty(t, want.Credits)

	_, imported := exportImport(t, c.ta)
	got, err := tokenkeeper.NewQueryServer(imported.TokenKeeper).AuditorEpoch(
		imported.NewUncachedContext(false, cmtproto.Header{ChainID: apptest.ChainID}), &tokentypes.QueryAuditorEpochRequest{}) //nolint:staticcheck // between blocks only the committed store is there to read (NewContext needs a block's state)
	require.NoError(t, err)
	require.Equal(t, want.Epoch, got.Epoch)
	require.Equal(t, want.Credits, got.Credits)
	require.Equal(t, want.AuditorPool, got.AuditorPool)
}
