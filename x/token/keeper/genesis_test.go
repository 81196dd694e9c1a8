package keeper_test

import (
	"encoding/json"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/token/keeper"
	"github.com/atonomi/atonomid/x/token/types"
)

func TestParamsValidate(t *testing.T) {
	cases := []struct {
		name string
		edit func(p *types.Params)
	}{
		{"a bad denom", func(p *types.Params) { p.Denom = "!" }},
		{"a negative registration fee", func(p *types.Params) { p.RegistrationFee = math.NewInt(-1) }},
		{"a negative reward", func(p *types.Params) { p.ReputationReward = math.NewInt(-1) }},
		{"a split short of 100%", func(p *types.Params) { p.ReputationSplit.CommunityPoolBps-- }},
		{"a commission above 100%", func(p *types.Params) { p.PaymentCommissionBps = 10_001 }},
		{"an auditor share above 100%", func(p *types.Params) { p.AuditorSharePercent = 101 }},
		{"a zero reward threshold", func(p *types.Params) { p.RewardBlockThreshold = 0 }},
		{"a zero auditor epoch", func(p *types.Params) { p.AuditorEpochBlocks = 0 }},
		{"an auditor epoch above the maximum", func(p *types.Params) { p.AuditorEpochBlocks = types.MaxAuditorEpochBlocks + 1 }},
	}
	require.NoError(t, types.DefaultParams().Validate())
	for _, tc := range cases {
		t.Run(tc.name+" is invalid", func(t *testing.T) {
			p := types.DefaultParams()
			tc.edit(&p)
			require.ErrorIs(t, p.Validate(), types.ErrInvalidParams)
		})
	}
}

func TestGenesisValidate(t *testing.T) {
	addr := testutil.Bech32(t, "auditor")
	cases := []struct {
		name string
		edit func(gs *types.GenesisState)
	}{
		{"a pool listed twice", func(gs *types.GenesisState) { gs.Pools = append(gs.Pools, gs.Pools[0]) }},
		{"a pool without id", func(gs *types.GenesisState) { gs.Pools[0].ManufacturerId = "" }},
		{"a negative pool", func(gs *types.GenesisState) { gs.Pools[0].Amount = math.NewInt(-5) }},
		{"a negative auditor pool", func(gs *types.GenesisState) { gs.AuditorPool = math.NewInt(-1) }},
		{"a negative surplus", func(gs *types.GenesisState) { gs.Surplus = math.NewInt(-1) }},
		{"a reward to a malformed address", func(gs *types.GenesisState) { gs.Rewards[0].Address = "x" }},
		{"a zero reward", func(gs *types.GenesisState) { gs.Rewards[0].Amount = math.ZeroInt() }},
		{"a reward listed twice", func(gs *types.GenesisState) { gs.Rewards = append(gs.Rewards, gs.Rewards[0]) }},
		{"an unknown paused action", func(gs *types.GenesisState) { gs.Paused = []types.Action{42} }},
		{"a paused action listed twice", func(gs *types.GenesisState) {
			gs.Paused = []types.Action{types.ACTION_SCORING, types.ACTION_SCORING}
		}},
		{"an auditor epoch numbered 0", func(gs *types.GenesisState) { gs.AuditorEpoch.Number = 0 }},
		{"an auditor epoch starting at height 0", func(gs *types.GenesisState) { gs.AuditorEpoch.StartHeight = 0 }},
		{"an auditor epoch without a total credit", func(gs *types.GenesisState) { gs.AuditorEpoch.TotalCredit = math.Int{} }},
		{"an auditor credit naming no auditor", func(gs *types.GenesisState) { gs.AuditorCredits[0].AuditorId = "" }},
		{"an auditor credit listed twice", func(gs *types.GenesisState) {
			gs.AuditorCredits = append(gs.AuditorCredits, gs.AuditorCredits[0])
			gs.AuditorEpoch.TotalCredit = gs.AuditorEpoch.TotalCredit.Add(gs.AuditorCredits[0].Credit)
		}},
		{"a zero auditor credit", func(gs *types.GenesisState) {
			gs.AuditorEpoch.TotalCredit = gs.AuditorEpoch.TotalCredit.Sub(gs.AuditorCredits[1].Credit)
			gs.AuditorCredits[1].Credit = math.ZeroInt()
		}},
		{"auditor credits that do not make the epoch's total", func(gs *types.GenesisState) {
			gs.AuditorEpoch.TotalCredit = gs.AuditorEpoch.TotalCredit.AddRaw(1)
		}},
	}
	valid := func() *types.GenesisState {
		gs := types.DefaultGenesis()
		gs.Pools = []types.Pool{{ManufacturerId: "acme", Amount: math.NewInt(10)}}
		gs.Rewards = []types.Reward{{Address: addr, Amount: math.NewInt(3)}}
		gs.AuditorPool = math.NewInt(4)
		gs.Surplus = math.NewInt(2)
		gs.Paused = []types.Action{types.ACTION_PAYMENTS}
		gs.AuditorEpoch = types.AuditorEpoch{Number: 4, StartHeight: 3_001, TotalCredit: math.NewInt(7_500_000)}
		gs.AuditorCredits = []types.AuditorCredit{
			{AuditorId: "sentinel", Credit: math.NewInt(2_500_000)}, {AuditorId: "veritas", Credit: math.NewInt(5_000_000)},
		}
		return gs
	}
	require.NoError(t, valid().Validate(testutil.AccCodec))
	require.NoError(t, types.DefaultGenesis().Validate(testutil.AccCodec))
	require.Equal(t, math.NewInt(19), valid().Total(),
		"pools, auditor pool, rewards and surplus; credits are not tokens: the module account holds none for them")
	for _, tc := range cases {
		t.Run(tc.name+" is invalid", func(t *testing.T) {
			gs := valid()
			tc.edit(gs)
			require.ErrorIs(t, gs.Validate(testutil.AccCodec), types.ErrInvalidGenesis)
		})
	}
}

func TestGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	auditor, _ := testutil.Addr(t, "auditor")
	maker, _ := testutil.Addr(t, "acme-ops")
	require.NoError(t, f.k.CreatePool(f.ctx, "bosch"))
	_, err := f.k.ChargeFee(f.ctx, f.payer, types.FeeRegistration, 10, "acme")
	require.NoError(t, err)
	_, err = f.k.PayReputationReward(f.ctx, "acme", auditor, maker, 0)
	require.NoError(t, err)
	_, err = f.msgs.SetPaused(f.ctx, &types.MsgSetPaused{Authority: f.registrar, Actions: []types.Action{types.ACTION_SCORING}, Paused: true})
	require.NoError(t, err)
	// An epoch ended (the running one is the second) and another's tally
	// is under way.
	f.setEpochBlocks(t, 5)
	require.NoError(t, f.endBlock(7, registry(nil)))
	_, err = f.k.CreditAuditorScores(f.ctx, "veritas", 300, []uint64{0})
	require.NoError(t, err)
	_, err = f.k.CreditAuditorScores(f.ctx, "sentinel", 100, []uint64{40})
	require.NoError(t, err)

	exported := f.snapshot(t).genesis
	require.Len(t, exported.Pools, 2)
	require.Len(t, exported.Rewards, 2)
	require.Equal(t, types.AuditorEpoch{Number: 2, StartHeight: 8, TotalCredit: full(340)}, exported.AuditorEpoch)
	require.Equal(t, []types.AuditorCredit{{AuditorId: "sentinel", Credit: full(40)}, {AuditorId: "veritas", Credit: full(300)}},
		exported.AuditorCredits)
	require.Equal(t, f.moduleBalance(types.ModuleName), exported.Total(), "the module account backs every pool and reward")

	// A fresh chain whose bank gives the module account the same balance
	// imports it and exports the same state.
	g := setup(t)
	g.bank.Balances[string(keeper.ModuleAddress())] = exported.Total()
	require.NoError(t, g.k.Pools.Remove(g.ctx, "acme"))
	require.NoError(t, g.k.InitGenesis(g.ctx, exported))
	require.Equal(t, exported, g.snapshot(t).genesis)

	h := setup(t)
	require.ErrorIs(t, h.k.InitGenesis(h.ctx, exported), types.ErrGenesisDeficit,
		"a genesis whose pools the module account does not hold is refused")
}

// TestGenesisSurplus imports genesis files whose x/bank balance for the
// token module account differs from what x/token tracks: more is kept as
// surplus (counted by the invariant, shown by the query, exported), less is
// refused.
func TestGenesisSurplus(t *testing.T) {
	tracked := func() *types.GenesisState {
		gs := types.DefaultGenesis()
		gs.Pools = []types.Pool{{ManufacturerId: "acme", Amount: math.NewInt(600)}}
		gs.AuditorPool = math.NewInt(300)
		gs.Rewards = []types.Reward{{Address: testutil.Bech32(t, "auditor"), Amount: math.NewInt(100)}}
		return gs
	}
	cases := []struct {
		name        string
		surplus     int64 // the genesis' own surplus field
		held        int64 // the module account's balance in x/bank's genesis
		wantSurplus int64
		deficit     string // the refusal's text, when refused
	}{
		{name: "a balance of exactly the pools and rewards imports with no surplus", held: 1_000},
		{name: "a balance above the pools and rewards keeps the excess as surplus", held: 1_250, wantSurplus: 250},
		{name: "an exported surplus imports as it was", surplus: 250, held: 1_250, wantSurplus: 250},
		{name: "an excess over an exported surplus adds to it", surplus: 250, held: 1_300, wantSurplus: 300},
		{
			name: "a balance short of the pools and rewards is refused, naming both amounts", held: 999,
			deficit: "total 1000uatmi but the token module account holds 999uatmi (1uatmi short)",
		},
		{
			name: "a balance short of the recorded surplus is refused", surplus: 250, held: 1_200,
			deficit: "total 1250uatmi but the token module account holds 1200uatmi (50uatmi short)",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := fresh(t)
			gs := tracked()
			gs.Surplus = math.NewInt(tc.surplus)
			f.bank.Balances[string(keeper.ModuleAddress())] = math.NewInt(tc.held)
			err := f.k.InitGenesis(f.ctx, gs)
			if tc.deficit != "" {
				require.ErrorIs(t, err, types.ErrGenesisDeficit)
				require.ErrorContains(t, err, tc.deficit)
				return
			}
			require.NoError(t, err)
			require.NoError(t, keeper.CheckInvariants(f.ctx, f.k), "the surplus is counted as backed")
			res, err := f.queries.Surplus(f.ctx, &types.QuerySurplusRequest{})
			require.NoError(t, err)
			require.Equal(t, math.NewInt(tc.wantSurplus), res.Amount)

			exported := f.snapshot(t).genesis
			require.Equal(t, math.NewInt(tc.wantSurplus), exported.Surplus)
			require.Equal(t, math.NewInt(tc.held), exported.Total(), "the export's total is the balance behind it")
			again := fresh(t)
			again.bank.Balances[string(keeper.ModuleAddress())] = math.NewInt(tc.held)
			require.NoError(t, again.k.InitGenesis(again.ctx, exported))
			require.Equal(t, exported, again.snapshot(t).genesis, "export, import and export again agree")
		})
	}
}

// TestGenesisWithoutSurplus imports a genesis file written before the
// surplus field existed: it has none.
func TestGenesisWithoutSurplus(t *testing.T) {
	f := fresh(t)
	def, err := f.cdc.MarshalJSON(types.DefaultGenesis())
	require.NoError(t, err)
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(def, &doc))
	delete(doc, "surplus")
	old, err := json.Marshal(doc)
	require.NoError(t, err)

	var gs types.GenesisState
	require.NoError(t, f.cdc.UnmarshalJSON(old, &gs))
	require.True(t, gs.Surplus.IsNil())
	require.NoError(t, gs.Validate(testutil.AccCodec))
	require.NoError(t, f.k.InitGenesis(f.ctx, &gs))
	require.Equal(t, math.ZeroInt(), f.snapshot(t).genesis.Surplus)
}
