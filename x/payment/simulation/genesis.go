// Package simulation drives device payments in the simulator: devices pay
// each other under their policies, from their paying accounts (a wallet
// that accepted, else the owner), and a refused payment must fail with the
// payment error and move nothing.
package simulation

import (
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/atonomi/atonomid/x/payment/types"
)

// RandomizedGenState starts with no spending: payments fill it.
func RandomizedGenState(simState *module.SimulationState) {
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(types.DefaultGenesis())
}
