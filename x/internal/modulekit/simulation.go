package modulekit

import (
	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
)

// Simulation implements the parts of module.AppModuleSimulation that differ
// between modules only by their data: the simulated genesis and the store
// decoder over the module's collections. A module embeds it in its
// AppModule and registers its operations with WeightedOperationsX.
type Simulation struct {
	StoreKey string
	Schema   collections.Schema
	// Genesis writes the module's randomized genesis into the state.
	Genesis func(*module.SimulationState)
}

// GenerateGenesisState writes the module's randomized genesis.
func (s Simulation) GenerateGenesisState(simState *module.SimulationState) { s.Genesis(simState) }

// RegisterStoreDecoder decodes the module's store for simulation logs.
func (s Simulation) RegisterStoreDecoder(sdr simtypes.StoreDecoderRegistry) {
	sdr[s.StoreKey] = simtypes.NewStoreDecoderFuncFromCollectionsSchema(s.Schema)
}

// WeightedOperations is empty: the modules register their operations with
// WeightedOperationsX, which the simulator prefers.
func (Simulation) WeightedOperations(module.SimulationState) []simtypes.WeightedOperation {
	return nil
}
