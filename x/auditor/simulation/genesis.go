// Package simulation drives the auditor registry in the simulator:
// registrars admit, suspend, reinstate and remove auditors and set their
// scope and weight; operators update profiles and rotate their account;
// x/gov extends the network's reputation types. Every message is built to
// pass the registry's checks.
package simulation

import (
	"fmt"
	"math/rand"

	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/atonomi/atonomid/x/auditor/types"
	tokensim "github.com/atonomi/atonomid/x/token/simulation"
)

// ParamAuditors is the simulation parameter of the genesis registry's size.
const ParamAuditors = "auditor_genesis_count"

// RandomizedGenState sets the network's reputation types (the whitepaper's,
// sometimes one more) and admits a few auditors, operated by distinct
// simulation accounts, one in five suspended.
func RandomizedGenState(simState *module.SimulationState) {
	var n int
	simState.AppParams.GetOrGenerate(ParamAuditors, &n, simState.Rand,
		func(r *rand.Rand) { n = 1 + r.Intn(4) })
	r := simState.Rand
	gs := types.DefaultGenesis()
	if r.Intn(2) == 0 {
		gs.Params.ReputationTypes = append(gs.Params.ReputationTypes, "uptime")
	}
	for i, j := range r.Perm(len(simState.Accounts))[:min(n, len(simState.Accounts))] {
		a := types.Auditor{
			Id: fmt.Sprintf("auditor-%d", i), Name: "Auditor " + simtypes.RandStringOfLength(r, 8),
			Operator: simState.Accounts[j].Address.String(), Status: types.STATUS_ACTIVE,
			ReputationTypes: RandomScope(r, gs.Params), Weight: RandomWeight(r),
			Metadata: randomMetadata(r),
		}
		if r.Intn(5) == 0 {
			a.Status = types.STATUS_SUSPENDED
		}
		gs.Auditors = append(gs.Auditors, a)
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomScope is a random non-empty subset of the network's reputation types.
func RandomScope(r *rand.Rand, params types.Params) []string {
	perm := r.Perm(len(params.ReputationTypes))
	scope := make([]string, 1+r.Intn(len(perm)))
	for i := range scope {
		scope[i] = params.ReputationTypes[perm[i]]
	}
	return scope
}

// RandomWeight is a weight of the registry's range, kept small enough that
// several auditors move an aggregate.
func RandomWeight(r *rand.Rand) uint32 { return uint32(types.MinWeight + r.Intn(1_000)) }

func randomMetadata(r *rand.Rand) types.Metadata {
	return types.Metadata{
		Url:         "https://" + simtypes.RandStringOfLength(r, 10) + ".example",
		Description: simtypes.RandStringOfLength(r, r.Intn(40)),
	}
}

// GenesisWeights returns the auditors of the simulated genesis and their
// weights, for x/token's simulated genesis, which credits them in a running
// epoch; false when there is no genesis of this module yet.
func GenesisWeights(simState *module.SimulationState) ([]tokensim.AuditorWeight, bool) {
	raw, ok := simState.GenState[types.ModuleName]
	if !ok {
		return nil, false
	}
	var gs types.GenesisState
	simState.Cdc.MustUnmarshalJSON(raw, &gs)
	weights := make([]tokensim.AuditorWeight, 0, len(gs.Auditors))
	for _, a := range gs.Auditors {
		weights = append(weights, tokensim.AuditorWeight{ID: a.Id, Weight: a.Weight})
	}
	return weights, true
}
