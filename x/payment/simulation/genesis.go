// Package simulation drives device payments in the simulator: devices pay
// each other under their policies, from their paying accounts (a wallet
// that accepted, else the owner), and a refused payment must fail with the
// payment error and move nothing.
package simulation

import (
	"github.com/cosmos/cosmos-sdk/types/module"

	devicekeeper "github.com/atonomi/atonomid/x/device/keeper"
	"github.com/atonomi/atonomid/x/payment/types"
	tokenkeeper "github.com/atonomi/atonomid/x/token/keeper"
)

// Keepers are the other modules' keepers the simulation reads: the devices
// that pay and the fee schedule and pause switch of x/token.
type Keepers struct {
	Device *devicekeeper.Keeper
	Token  *tokenkeeper.Keeper
}

// RandomizedGenState starts with no spending: payments fill it.
func RandomizedGenState(simState *module.SimulationState) {
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(types.DefaultGenesis())
}
