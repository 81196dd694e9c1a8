// Package simulation drives reputation scoring in the simulator: auditors'
// operators write batches of scores about random devices, which charges the
// reputation fee, pays rewards from manufacturers' pools, moves aggregates
// and excludes low-scored devices; x/gov changes the params. The re-weighing
// and exclusion sweeps of the end blocker run with small per-block budgets,
// so auditors' weight changes and threshold changes are spread over several
// blocks.
package simulation

import (
	"math/rand"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/atonomi/atonomid/x/reputation/types"
)

// RandomizedGenState draws the params; there are no scores before the
// registries' genesis has devices.
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	simState.AppParams.GetOrGenerate("reputation_params", &gs.Params, simState.Rand,
		func(r *rand.Rand) { gs.Params = RandomParams(r) })
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomParams are valid params: short histories, so that pruning happens,
// a threshold some scores fall below, and small re-weighing and exclusion
// sweep budgets, so that both sweeps span several blocks (a params proposal
// usually moves the threshold and starts the exclusion sweep).
func RandomParams(r *rand.Rand) types.Params {
	return types.Params{
		MaxBatchSize:           uint32(8 + r.Intn(1_000)),
		HistoryLength:          uint32(1 + r.Intn(8)),
		ExclusionThreshold:     uint32(r.Intn(3_000)),
		ReweighPerBlock:        uint32(1 + r.Intn(20)),
		ExclusionSweepPerBlock: uint32(1 + r.Intn(20)),
	}
}
