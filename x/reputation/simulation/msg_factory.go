package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	auditorsim "github.com/atonomi/atonomid/x/auditor/simulation"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicesim "github.com/atonomi/atonomid/x/device/simulation"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/reputation/keeper"
	"github.com/atonomi/atonomid/x/reputation/types"
	tokensim "github.com/atonomi/atonomid/x/token/simulation"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// MsgWriteScoresFactory has an active auditor's operator score one to five
// random devices in types of its scope. One score in five is low, so that
// devices get excluded from payments and later reinstated.
func MsgWriteScoresFactory(k *keeper.Keeper, sims Keepers) simsx.SimMsgFactoryFn[*types.MsgWriteScores] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgWriteScores) {
		a := auditorsim.AnyAuditor(ctx, sims.Auditor, testData, reporter, auditortypes.STATUS_ACTIVE)
		operator := auditorsim.OperatorOf(testData, reporter, a)
		params, err := k.Params.Get(ctx)
		if err != nil || reporter.IsSkipped() {
			reporter.Skipf("reputation params: %v", err)
			return nil, nil
		}
		r := testData.Rand()
		n := 1 + r.Intn(int(min(5, params.MaxBatchSize)))
		var scores []types.ScoreEntry
		seen := map[string]bool{}
		for range n {
			d := devicesim.AnyDevice(ctx, sims.Device, testData, reporter, func(devicetypes.Device) bool { return true })
			if reporter.IsSkipped() {
				return nil, nil
			}
			typ := a.ReputationTypes[r.Intn(len(a.ReputationTypes))]
			if seen[d.Id+"/"+typ] {
				continue
			}
			seen[d.Id+"/"+typ] = true
			score := uint32(r.Intn(10_000))
			if r.Intn(5) == 0 {
				score = uint32(r.Intn(int(params.ExclusionThreshold) + 1))
			}
			scores = append(scores, types.ScoreEntry{DeviceId: d.Id, ReputationType: typ, Score: score})
		}
		tokensim.ReserveFee(ctx, sims.Token, reporter, &operator, tokentypes.ACTION_SCORING,
			map[tokentypes.FeeKind]uint64{tokentypes.FeeReputation: uint64(len(scores))})
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{operator}, &types.MsgWriteScores{Operator: operator.AddressBech32, Scores: scores}
	}
}

// MsgUpdateParamsFactory is x/gov's proposal of new random params.
func MsgUpdateParamsFactory() simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		return nil, &types.MsgUpdateParams{Authority: testData.ModuleAccountAddress(reporter, "gov"), Params: RandomParams(testData.Rand().Rand)}
	}
}
