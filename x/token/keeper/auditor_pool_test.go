package keeper_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"cosmossdk.io/math"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/internal/pagination/paginationtest"
	"github.com/atonomi/atonomid/x/token/keeper"
	"github.com/atonomi/atonomid/x/token/types"
)

// full is the credit of a first score by an auditor of weight w.
func full(w int64) math.Int { return math.NewInt(w * types.ScoreCredit) }

// standing is what the fake registry says of an auditor at an epoch's end.
type standing struct {
	account sdk.AccAddress
	forfeit string
}

// registry is a fake AuditorPayee over fixed standings; an id it does not
// list is unknown, as x/reputation reports an id x/auditor does not hold.
func registry(standings map[string]standing) types.AuditorPayee {
	return func(_ context.Context, id string) (sdk.AccAddress, string, error) {
		s, ok := standings[id]
		if !ok {
			return nil, "unknown", nil
		}
		return s.account, s.forfeit, nil
	}
}

// setEpochBlocks sets auditor_epoch_blocks as governance would.
func (f *fixture) setEpochBlocks(t *testing.T, blocks uint64) {
	t.Helper()
	params, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	params.AuditorEpochBlocks = blocks
	_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: params})
	require.NoError(t, err)
}

// fundAuditorPool adds amount to the auditor pool with the tokens behind it
// in the module account, as the auditor share of fees would.
func (f *fixture) fundAuditorPool(t *testing.T, amount int64) {
	t.Helper()
	pool := f.auditorPool(t)
	require.NoError(t, f.k.AuditorPool.Set(f.ctx, pool.AddRaw(amount)))
	addr := keeper.ModuleAddress()
	f.bank.Balances[string(addr)] = f.balance(addr).AddRaw(amount)
}

func (f *fixture) auditorPool(t *testing.T) math.Int {
	t.Helper()
	res, err := f.queries.AuditorPool(f.ctx, &types.QueryAuditorPoolRequest{})
	require.NoError(t, err)
	return res.Amount
}

// epoch returns the running epoch as the query serves it.
func (f *fixture) epoch(t *testing.T) *types.QueryAuditorEpochResponse {
	t.Helper()
	res, err := f.queries.AuditorEpoch(f.ctx, &types.QueryAuditorEpochRequest{})
	require.NoError(t, err)
	return res
}

// credit records a score's credit and fails the test if it is refused.
func (f *fixture) credit(t *testing.T, auditorID string, weight uint32, blocksSinceLast uint64) math.Int {
	t.Helper()
	c, err := f.k.CreditAuditorScores(f.ctx, auditorID, weight, []uint64{blocksSinceLast})
	require.NoError(t, err)
	return c
}

// endBlock runs the epoch's end-block step at height, on a fresh event
// manager, so that f.events returns its events only.
func (f *fixture) endBlock(height int64, payee types.AuditorPayee) error {
	f.ctx = f.ctx.WithBlockHeight(height).WithEventManager(sdk.NewEventManager())
	return f.k.EndAuditorEpoch(f.ctx, payee)
}

func (f *fixture) events(t *testing.T) []proto.Message { return testutil.Events(t, f.ctx) }

func (f *fixture) reward(t *testing.T, addr sdk.AccAddress) math.Int {
	t.Helper()
	r, err := f.k.RewardOf(f.ctx, addr)
	require.NoError(t, err)
	return r
}

func TestCreditAuditorScores(t *testing.T) {
	cases := []struct {
		name            string
		weight          uint32
		blocksSinceLast uint64
		want            math.Int
	}{
		{"a first score earns weight × 1,000,000", 300, 0, full(300)},
		{"a re-score 25 of 100 blocks later earns a quarter", 300, 25, full(300).QuoRaw(4)},
		{"a re-score one block later earns 1/100", 300, 1, full(3)},
		{"a re-score at the threshold earns the full credit", 300, 100, full(300)},
		{"a re-score long after the threshold earns the full credit", 300, 10_000, full(300)},
		{"an auditor of weight 0 earns nothing", 0, 0, math.ZeroInt()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			require.Equal(t, tc.want, f.credit(t, "sentinel", tc.weight, tc.blocksSinceLast))
			res := f.epoch(t)
			require.Equal(t, tc.want, res.Epoch.TotalCredit)
			if tc.want.IsZero() {
				require.Empty(t, res.Credits, "an auditor that earned nothing is not listed")
				return
			}
			require.Equal(t, []types.AuditorCredit{{AuditorId: "sentinel", Credit: tc.want}}, res.Credits)
		})
	}

	t.Run("credits add up per auditor and in the epoch's total", func(t *testing.T) {
		f := setup(t)
		f.credit(t, "veritas", 300, 0)
		f.credit(t, "sentinel", 100, 0)
		f.credit(t, "sentinel", 100, 50)
		res := f.epoch(t)
		require.Equal(t, types.AuditorEpoch{Number: 1, StartHeight: 1, TotalCredit: full(450)}, res.Epoch)
		require.Equal(t, int64(types.DefaultAuditorEpochBlocks), res.EndHeight)
		require.Equal(t, []types.AuditorCredit{
			{AuditorId: "sentinel", Credit: full(150)}, {AuditorId: "veritas", Credit: full(300)},
		}, res.Credits, "in auditor id order")
		require.NoError(t, keeper.CheckInvariants(f.ctx, f.k))
	})

	t.Run("a batch earns what its scores would one by one", func(t *testing.T) {
		f := setup(t)
		params, err := f.k.Params.Get(f.ctx)
		require.NoError(t, err)
		params.RewardBlockThreshold = 3
		_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: params})
		require.NoError(t, err)
		got, err := f.k.CreditAuditorScores(f.ctx, "sentinel", 1, []uint64{0, 1, 1, 2, 5})
		require.NoError(t, err)
		third := full(1).QuoRaw(3) // 333,333: each early re-score rounds down on its own
		want := full(1).Add(third).Add(third).Add(full(2).QuoRaw(3)).Add(full(1))
		require.Equal(t, want, got)
		require.Equal(t, want, f.epoch(t).Epoch.TotalCredit)
	})

	t.Run("an empty batch credits nothing and writes nothing", func(t *testing.T) {
		f := setup(t)
		before := f.snapshot(t)
		got, err := f.k.CreditAuditorScores(f.ctx, "sentinel", 100, nil)
		require.NoError(t, err)
		require.True(t, got.IsZero())
		require.Equal(t, before, f.snapshot(t))
	})

	t.Run("a credit naming no auditor is refused and changes nothing", func(t *testing.T) {
		f := setup(t)
		before := f.snapshot(t)
		_, err := f.k.CreditAuditorScores(f.ctx, "", 100, []uint64{0})
		require.ErrorIs(t, err, types.ErrInvalidAuditorCredit)
		require.Equal(t, before, f.snapshot(t))
	})
}

func TestAuditorEpochPaysThePoolByCredit(t *testing.T) {
	f := setup(t) // at height 7, in epoch 1 (heights 1 to 10 below)
	f.setEpochBlocks(t, 10)
	sentinel, sentinelStr := testutil.Addr(t, "sentinel-ops")
	veritas, veritasStr := testutil.Addr(t, "veritas-ops")
	payee := registry(map[string]standing{"sentinel": {account: sentinel}, "veritas": {account: veritas}})

	f.credit(t, "sentinel", 100, 0)
	f.credit(t, "veritas", 300, 0)
	f.fundAuditorPool(t, 1_001)

	require.NoError(t, f.endBlock(9, payee))
	require.Empty(t, f.events(t), "before its last height the epoch pays nothing")
	require.Equal(t, math.NewInt(1_001), f.auditorPool(t))

	require.NoError(t, f.endBlock(10, payee))
	require.Equal(t, math.NewInt(250), f.reward(t, sentinel), "floor(1001 × 1/4)")
	require.Equal(t, math.NewInt(750), f.reward(t, veritas), "floor(1001 × 3/4)")
	require.Equal(t, math.NewInt(1), f.auditorPool(t), "the rounding remainder stays in the pool")
	require.Equal(t, []proto.Message{
		&types.EventAuditorEpochPaid{Epoch: 1, AuditorId: "sentinel", Account: sentinelStr, Credit: full(100).String(), Amount: "250"},
		&types.EventAuditorEpochPaid{Epoch: 1, AuditorId: "veritas", Account: veritasStr, Credit: full(300).String(), Amount: "750"},
		&types.EventAuditorPoolDistributed{Epoch: 1, StartHeight: 1, EndHeight: 10, Pool: "1001",
			TotalCredit: full(400).String(), EligibleCredit: full(400).String(), Paid: "1000", Remainder: "1"},
	}, f.events(t))
	res := f.epoch(t)
	require.Equal(t, types.AuditorEpoch{Number: 2, StartHeight: 11, TotalCredit: math.ZeroInt()}, res.Epoch, "the next epoch starts empty")
	require.Equal(t, int64(20), res.EndHeight)
	require.Empty(t, res.Credits)
	require.NoError(t, keeper.CheckInvariants(f.ctx, f.k), "paying the pool into rewards keeps the module account's backing")

	// The remainder is paid with the next epoch's pool.
	f.ctx = f.ctx.WithBlockHeight(15)
	f.credit(t, "sentinel", 100, 0)
	f.fundAuditorPool(t, 999)
	require.NoError(t, f.endBlock(20, payee))
	require.Equal(t, math.NewInt(1_250), f.reward(t, sentinel), "the only auditor of epoch 2 gets its whole pool, remainder included")
	require.True(t, f.auditorPool(t).IsZero())

	// The auditors withdraw exactly what the pool paid them.
	for addr, s := range map[string]sdk.AccAddress{sentinelStr: sentinel, veritasStr: veritas} {
		owed := f.reward(t, s)
		res, err := f.msgs.WithdrawRewards(f.ctx, &types.MsgWithdrawRewards{Owner: addr})
		require.NoError(t, err)
		require.Equal(t, owed, res.Amount)
		require.Equal(t, owed, f.balance(s))
	}
	require.NoError(t, keeper.CheckInvariants(f.ctx, f.k))
}

func TestAuditorEpochEdgeCases(t *testing.T) {
	sentinel, sentinelStr := testutil.Addr(t, "sentinel-ops")
	veritas, veritasStr := testutil.Addr(t, "veritas-ops")
	active := map[string]standing{"sentinel": {account: sentinel}, "veritas": {account: veritas}}
	with := func(id string, s standing) types.AuditorPayee {
		m := map[string]standing{}
		for k, v := range active {
			m[k] = v
		}
		m[id] = s
		return registry(m)
	}

	t.Run("an empty epoch pays nothing and carries the pool", func(t *testing.T) {
		f := setup(t)
		f.setEpochBlocks(t, 10)
		f.fundAuditorPool(t, 500)
		require.NoError(t, f.endBlock(10, registry(active)))
		require.Equal(t, math.NewInt(500), f.auditorPool(t))
		require.Equal(t, []proto.Message{&types.EventAuditorPoolDistributed{Epoch: 1, StartHeight: 1, EndHeight: 10,
			Pool: "500", TotalCredit: "0", EligibleCredit: "0", Paid: "0", Remainder: "500"}}, f.events(t))
		require.Equal(t, uint64(2), f.epoch(t).Epoch.Number)
	})

	t.Run("a pool of zero pays nothing and clears the tally", func(t *testing.T) {
		f := setup(t)
		f.setEpochBlocks(t, 10)
		f.credit(t, "sentinel", 100, 0)
		require.NoError(t, f.endBlock(10, registry(active)))
		require.True(t, f.reward(t, sentinel).IsZero())
		require.Equal(t, []proto.Message{
			&types.EventAuditorEpochPaid{Epoch: 1, AuditorId: "sentinel", Account: sentinelStr, Credit: full(100).String(), Amount: "0"},
			&types.EventAuditorPoolDistributed{Epoch: 1, StartHeight: 1, EndHeight: 10, Pool: "0",
				TotalCredit: full(100).String(), EligibleCredit: full(100).String(), Paid: "0", Remainder: "0"},
		}, f.events(t))
		require.Empty(t, f.epoch(t).Credits, "the credit does not wait for a later pool")
	})

	for _, status := range []string{"suspended", "removed", "unknown"} {
		t.Run("a "+status+" auditor's credit is forfeited to the active ones", func(t *testing.T) {
			f := setup(t)
			f.setEpochBlocks(t, 10)
			f.credit(t, "sentinel", 100, 0)
			f.credit(t, "veritas", 300, 0)
			f.fundAuditorPool(t, 1_000)
			payee := with("sentinel", standing{forfeit: status})
			if status == "unknown" {
				payee = registry(map[string]standing{"veritas": {account: veritas}})
			}
			require.NoError(t, f.endBlock(10, payee))
			require.True(t, f.reward(t, sentinel).IsZero())
			require.Equal(t, math.NewInt(1_000), f.reward(t, veritas), "the one active auditor gets the whole pool")
			require.True(t, f.auditorPool(t).IsZero())
			require.Equal(t, []proto.Message{
				&types.EventAuditorCreditForfeited{Epoch: 1, AuditorId: "sentinel", Credit: full(100).String(), Status: status},
				&types.EventAuditorEpochPaid{Epoch: 1, AuditorId: "veritas", Account: veritasStr, Credit: full(300).String(), Amount: "1000"},
				&types.EventAuditorPoolDistributed{Epoch: 1, StartHeight: 1, EndHeight: 10, Pool: "1000",
					TotalCredit: full(400).String(), EligibleCredit: full(300).String(), Paid: "1000", Remainder: "0"},
			}, f.events(t))
			require.Empty(t, f.epoch(t).Credits, "forfeited credit is not carried")
			require.NoError(t, keeper.CheckInvariants(f.ctx, f.k))
		})
	}

	t.Run("when every auditor's credit is forfeited the whole pool is carried", func(t *testing.T) {
		f := setup(t)
		f.setEpochBlocks(t, 10)
		f.credit(t, "sentinel", 100, 0)
		f.fundAuditorPool(t, 700)
		require.NoError(t, f.endBlock(10, with("sentinel", standing{forfeit: "removed"})))
		require.Equal(t, math.NewInt(700), f.auditorPool(t))
		require.True(t, f.reward(t, sentinel).IsZero())
	})

	t.Run("the share goes to the account the registry names at the end", func(t *testing.T) {
		f := setup(t)
		f.setEpochBlocks(t, 10)
		f.credit(t, "sentinel", 100, 0)
		f.fundAuditorPool(t, 300)
		rotated, _ := testutil.Addr(t, "sentinel-ops-2")
		require.NoError(t, f.endBlock(10, with("sentinel", standing{account: rotated})))
		require.Equal(t, math.NewInt(300), f.reward(t, rotated))
		require.True(t, f.reward(t, sentinel).IsZero())
	})

	refusals := map[string]types.AuditorPayee{
		"a registry that fails": func(context.Context, string) (sdk.AccAddress, string, error) {
			return nil, "", errors.New("store failure")
		},
		"an eligible auditor without an account": registry(map[string]standing{"sentinel": {}}),
	}
	for name, payee := range refusals {
		t.Run(name+" fails the end block and changes nothing", func(t *testing.T) {
			f := setup(t)
			f.setEpochBlocks(t, 10)
			f.credit(t, "sentinel", 100, 0)
			f.fundAuditorPool(t, 300)
			f.ctx = f.ctx.WithBlockHeight(10)
			before := f.snapshot(t)
			require.Error(t, f.endBlock(10, payee))
			require.Equal(t, before, f.snapshot(t))
		})
	}

	t.Run("a shortened epoch ends at the first end block past its new end", func(t *testing.T) {
		f := setup(t)
		f.setEpochBlocks(t, 100)
		f.ctx = f.ctx.WithBlockHeight(50)
		f.credit(t, "sentinel", 100, 0)
		f.fundAuditorPool(t, 10)
		f.setEpochBlocks(t, 20)
		require.NoError(t, f.endBlock(50, registry(active)))
		require.Equal(t, math.NewInt(10), f.reward(t, sentinel))
		require.Equal(t, types.AuditorEpoch{Number: 2, StartHeight: 51, TotalCredit: math.ZeroInt()}, f.epoch(t).Epoch)
	})

	t.Run("a lengthened epoch runs to its new end", func(t *testing.T) {
		f := setup(t)
		f.setEpochBlocks(t, 10)
		f.credit(t, "sentinel", 100, 0)
		f.setEpochBlocks(t, 30)
		require.NoError(t, f.endBlock(10, registry(active)))
		require.Empty(t, f.events(t))
		require.Equal(t, int64(30), f.epoch(t).EndHeight)
	})

	t.Run("a chain restarted below the epoch's start restarts its clock and keeps the tally", func(t *testing.T) {
		f := setup(t)
		gs := f.snapshot(t).genesis
		gs.AuditorEpoch = types.AuditorEpoch{Number: 9, StartHeight: 5_000, TotalCredit: full(100)}
		gs.AuditorCredits = []types.AuditorCredit{{AuditorId: "sentinel", Credit: full(100)}}
		g := setup(t)
		require.NoError(t, g.k.InitGenesis(g.ctx, gs))
		require.NoError(t, g.endBlock(3, registry(active)))
		res := g.epoch(t)
		require.Equal(t, types.AuditorEpoch{Number: 9, StartHeight: 3, TotalCredit: full(100)}, res.Epoch)
		require.Equal(t, []types.AuditorCredit{{AuditorId: "sentinel", Credit: full(100)}}, res.Credits)
	})
}

// TestRescoringSpamEarnsNoMoreCredit is the attack on the pool: an auditor
// re-scores the same device every block to farm credit. Over a threshold's
// worth of blocks it earns at most what one re-score after the threshold
// does (exactly that when the threshold divides the credit, less through
// rounding otherwise), and a re-score in the same block earns nothing (the
// caller asks nothing for it).
func TestRescoringSpamEarnsNoMoreCredit(t *testing.T) {
	for _, threshold := range []uint64{100, 7, 1} {
		f := setup(t)
		params, err := f.k.Params.Get(f.ctx)
		require.NoError(t, err)
		params.RewardBlockThreshold = threshold
		_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: params})
		require.NoError(t, err)

		f.credit(t, "spammer", 100, 0)
		f.credit(t, "honest", 100, 0)
		for i := uint64(0); i < threshold; i++ {
			f.credit(t, "spammer", 100, 1)
		}
		f.credit(t, "honest", 100, threshold)

		credits := map[string]math.Int{}
		for _, c := range f.epoch(t).Credits {
			credits[c.AuditorId] = c.Credit
		}
		require.Equal(t, full(200), credits["honest"], "threshold %d", threshold)
		require.True(t, credits["spammer"].LTE(credits["honest"]),
			"threshold %d: the spammer's %s exceeds the honest auditor's %s", threshold, credits["spammer"], credits["honest"])
	}
}

func TestAuditorEpochQueryPagesAreBounded(t *testing.T) {
	f := setup(t)
	for i := 0; i < 1_050; i++ {
		f.credit(t, fmt.Sprintf("auditor-%04d", i), 1, 0)
	}
	paginationtest.RequireBounded(t, func(page *query.PageRequest) (int, *query.PageResponse, error) {
		res, err := f.queries.AuditorEpoch(f.ctx, &types.QueryAuditorEpochRequest{Pagination: page})
		if err != nil {
			return 0, nil, err
		}
		return len(res.Credits), res.Pagination, nil
	})
}
