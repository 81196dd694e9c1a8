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

	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	permissionkeeper "github.com/atonomi/atonomid/x/permission/keeper"
	"github.com/atonomi/atonomid/x/token/types"
)

// Keepers are the other modules' keepers the simulation reads: the
// registrars that pause actions.
type Keepers struct {
	Permission *permissionkeeper.Keeper
}

// RandomizedGenState draws a fee schedule in the bond denom and opens an
// empty pool for every manufacturer of x/manufacturer's simulated genesis
// (drawn before this one), as admission would have.
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	simState.AppParams.GetOrGenerate("token_params", &gs.Params, simState.Rand,
		func(r *rand.Rand) { gs.Params = RandomParams(r, simState.BondDenom) })
	if raw, ok := simState.GenState[manufacturertypes.ModuleName]; ok {
		var makers manufacturertypes.GenesisState
		simState.Cdc.MustUnmarshalJSON(raw, &makers)
		for _, m := range makers.Manufacturers {
			gs.Pools = append(gs.Pools, types.Pool{ManufacturerId: m.Id, Amount: math.ZeroInt()})
		}
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomParams is a valid fee schedule in denom: fees small next to the
// simulation accounts' balances, random splits and commission.
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
