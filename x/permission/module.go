// Package permission keeps the network authority's registrars and the
// allowlist of identity-registry validators, and enforces it inside x/staking.
package permission

import (
	"context"

	"cosmossdk.io/core/address"
	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/atonomi/atonomid/x/internal/modulekit"
	"github.com/atonomi/atonomid/x/permission/keeper"
	"github.com/atonomi/atonomid/x/permission/simulation"
	"github.com/atonomi/atonomid/x/permission/types"
)

// ConsensusVersion is the module's state version, bumped with each migration.
const ConsensusVersion = 1

var (
	_ module.AppModuleBasic      = AppModuleBasic{}
	_ module.HasGenesisBasics    = AppModuleBasic{}
	_ appmodule.AppModule        = AppModule{}
	_ module.HasGenesis          = AppModule{}
	_ module.HasServices         = AppModule{}
	_ module.HasConsensusVersion = AppModule{}
	_ appmodule.HasEndBlocker    = AppModule{}

	_ module.AppModuleSimulation = AppModule{}
)

type genesis = modulekit.Basic[types.GenesisState, *types.GenesisState]

// AppModuleBasic holds what the module needs before a keeper exists.
type AppModuleBasic struct{ genesis }

// NewAppModuleBasic returns the basic module, validating addresses with ac.
func NewAppModuleBasic(ac address.Codec) AppModuleBasic {
	return AppModuleBasic{genesis{
		ModuleName: types.ModuleName, AddressCodec: ac, Default: types.DefaultGenesis, Interfaces: types.RegisterInterfaces,
		Gateway: modulekit.QueryGateway(types.RegisterQueryHandlerClient, types.NewQueryClient),
	}}
}

// AppModule is the permission module.
type AppModule struct {
	AppModuleBasic
	modulekit.Module[types.GenesisState, *types.GenesisState]
	modulekit.Simulation
	keeper *keeper.Keeper
}

// NewAppModule returns the module over its keeper.
func NewAppModule(k *keeper.Keeper) AppModule {
	return AppModule{
		AppModuleBasic: NewAppModuleBasic(k.AddressCodec()),
		Module:         modulekit.Module[types.GenesisState, *types.GenesisState]{Keeper: k},
		Simulation:     modulekit.Simulation{StoreKey: types.StoreKey, Schema: k.Schema, Genesis: simulation.RandomizedGenState},
		keeper:         k,
	}
}

// ConsensusVersion implements module.HasConsensusVersion.
func (AppModule) ConsensusVersion() uint64 { return ConsensusVersion }

// RegisterServices registers the Msg and Query services.
func (am AppModule) RegisterServices(cfg module.Configurator) {
	types.RegisterMsgServer(cfg.MsgServer(), keeper.NewMsgServerImpl(am.keeper))
	types.RegisterQueryServer(cfg.QueryServer(), keeper.NewQueryServer(am.keeper))
}

// EndBlock keeps non-allowlisted validators jailed.
func (am AppModule) EndBlock(ctx context.Context) error { return am.keeper.EndBlocker(ctx) }
