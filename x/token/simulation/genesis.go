// Package simulation drives the fee economy in the simulator: anyone
// deposits into manufacturers' pools, rewarded accounts withdraw, a
// registrar pauses and resumes actions; x/gov changes the fee schedule.
// Fees themselves are charged by the registries', reputation's and
// payments' operations.
package simulation

import (
	"math/rand"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/atonomi/atonomid/x/token/types"
)

// RandomizedGenState draws a fee schedule in the bond denom, opens an
// empty pool for every manufacturer of x/manufacturer's simulated genesis,
// as admission would have, and draws a running auditor pool epoch over
// x/auditor's.
func RandomizedGenState(simState *module.SimulationState, registries Registries) {
	gs := types.DefaultGenesis()
	simState.AppParams.GetOrGenerate("token_params", &gs.Params, simState.Rand,
		func(r *rand.Rand) { gs.Params = RandomParams(r, simState.BondDenom) })
	if registries.Manufacturers != nil {
		for _, id := range registries.Manufacturers(simState) {
			gs.Pools = append(gs.Pools, types.Pool{ManufacturerId: id, Amount: math.ZeroInt()})
		}
	}
	if registries.Auditors != nil {
		if auditors, ok := registries.Auditors(simState); ok {
			gs.AuditorEpoch, gs.AuditorCredits = randomTally(simState.Rand, auditors)
		}
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// randomTally is a running auditor pool epoch, as an exported chain would
// carry it: a random epoch number and credits for some of x/auditor's
// simulated genesis auditors, suspended ones included, whose credit the
// first epoch's end forfeits.
func randomTally(r *rand.Rand, auditors []AuditorWeight) (types.AuditorEpoch, []types.AuditorCredit) {
	epoch := types.DefaultAuditorEpoch()
	epoch.Number = uint64(1 + r.Intn(100))
	credits := []types.AuditorCredit{}
	for _, a := range auditors {
		if r.Intn(2) == 0 {
			continue
		}
		credit := math.NewInt(int64(1 + r.Intn(5*int(a.Weight)*types.ScoreCredit)))
		credits = append(credits, types.AuditorCredit{AuditorId: a.ID, Credit: credit})
		epoch.TotalCredit = epoch.TotalCredit.Add(credit)
	}
	return epoch, credits
}

// RandomParams is a valid fee schedule in denom: fees small next to the
// simulation accounts' balances, random splits and commission, and a random
// auditor pool epoch.
func RandomParams(r *rand.Rand, denom string) types.Params {
	p := types.DefaultParams()
	p.Denom = denom
	p.RegistrationFee = math.NewInt(int64(r.Intn(5_000)))
	p.ActivationFee = math.NewInt(int64(r.Intn(20_000)))
	p.ReputationWriteFee = math.NewInt(int64(r.Intn(5_000)))
	p.RegistrationSplit = randomSplit(r)
	p.ActivationSplit = randomSplit(r)
	p.ReputationSplit = randomSplit(r)
	p.CommissionSplit = randomSplit(r)
	p.PaymentCommissionBps = uint32(r.Intn(500))
	p.ReputationReward = math.NewInt(int64(r.Intn(2_000)))
	p.AuditorSharePercent = uint32(r.Intn(101))
	p.RewardBlockThreshold = uint64(1 + r.Intn(200))
	// Epochs short enough that a short simulation (25 blocks) ends several
	// and pays the auditor pool out, with long ones drawn now and then.
	p.AuditorEpochBlocks = uint64(1 + r.Intn(30))
	if r.Intn(10) == 0 {
		p.AuditorEpochBlocks = uint64(1 + r.Intn(types.MaxAuditorEpochBlocks))
	}
	return p
}

// randomSplit divides 100% into four random shares.
func randomSplit(r *rand.Rand) types.FeeSplit {
	a, b, c := r.Intn(types.BasisPoints+1), 0, 0
	b = r.Intn(types.BasisPoints - a + 1)
	c = r.Intn(types.BasisPoints - a - b + 1)
	return types.FeeSplit{
		ManufacturerBps: uint32(a), AuditorPoolBps: uint32(b), ValidatorsBps: uint32(c),
		CommunityPoolBps: uint32(types.BasisPoints - a - b - c),
	}
}
