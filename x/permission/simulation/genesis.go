// Package simulation gives the simulator a permissioned network: a few of
// the simulation accounts are registrars, which sign the other modules'
// authority messages, and the validator allowlist admits the genesis
// validators and some other accounts, so that x/staking's operations meet
// the production checks both ways.
package simulation

import (
	"math/rand"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/atonomi/atonomid/x/permission/types"
)

// Keys of the simulation parameters this module draws.
const (
	ParamRegistrars      = "permission_registrars"
	ParamAllowedFraction = "permission_allowed_percent"
)

// RandomizedGenState allowlists every simulated account (x/staking's genesis
// validators are the first NumBonded of them), and makes a few random
// accounts registrars. Allowlisting all of them (by default; the
// permission_allowed_percent param can lower it) lets x/staking's
// create-validator operations replace the validators the simulator's random
// double-sign evidence tombstones: with a smaller share, most seeds lost
// every validator within 100 blocks and the SDK skipped the rest of the run.
// The refusal of a validator that is not allowlisted is covered by the
// permission keeper, app and authorization-matrix tests.
func RandomizedGenState(simState *module.SimulationState) {
	var registrars, allowedPercent int
	simState.AppParams.GetOrGenerate(ParamRegistrars, &registrars, simState.Rand,
		func(r *rand.Rand) { registrars = 1 + r.Intn(3) })
	simState.AppParams.GetOrGenerate(ParamAllowedFraction, &allowedPercent, simState.Rand,
		func(r *rand.Rand) { allowedPercent = 100 })

	gs := types.DefaultGenesis()
	for i, acc := range simState.Accounts {
		if int64(i) < simState.NumBonded || simState.Rand.Intn(100) < allowedPercent {
			gs.AllowedValidators = append(gs.AllowedValidators, types.AllowedValidator{
				Operator: acc.Address.String(), Note: "simulation",
			})
		}
	}
	for _, i := range simState.Rand.Perm(len(simState.Accounts))[:min(registrars, len(simState.Accounts))] {
		gs.Params.Registrars = append(gs.Params.Registrars, simState.Accounts[i].Address.String())
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}
