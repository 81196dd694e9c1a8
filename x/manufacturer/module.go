// Package manufacturer is the registry of admitted device makers: the network
// authority admits, suspends, reinstates and removes them; each maintains its
// own profile and operator accounts.
package manufacturer

import (
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/atonomi/atonomid/x/internal/modulekit"
	"github.com/atonomi/atonomid/x/manufacturer/keeper"
	"github.com/atonomi/atonomid/x/manufacturer/simulation"
	"github.com/atonomi/atonomid/x/manufacturer/types"
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

	_ module.AppModuleSimulation   = AppModule{}
	_ simsx.HasWeightedOperationsX = AppModule{}
	_ simsx.HasProposalMsgsX       = AppModule{}
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

// AppModule is the manufacturer registry.
type AppModule struct {
	AppModuleBasic
	modulekit.Module[types.GenesisState, *types.GenesisState]
	modulekit.Simulation
	keeper *keeper.Keeper
	sims   simulation.Keepers
}

// NewAppModule returns the module over its keeper; sims are the keepers its
// simulation reads.
func NewAppModule(k *keeper.Keeper, sims simulation.Keepers) AppModule {
	return AppModule{
		AppModuleBasic: NewAppModuleBasic(k.AddressCodec()),
		Module:         modulekit.Module[types.GenesisState, *types.GenesisState]{Keeper: k},
		Simulation:     modulekit.Simulation{StoreKey: types.StoreKey, Schema: k.Schema, Genesis: simulation.RandomizedGenState},
		keeper:         k,
		sims:           sims,
	}
}

// ConsensusVersion implements module.HasConsensusVersion.
func (AppModule) ConsensusVersion() uint64 { return ConsensusVersion }

// RegisterServices registers the Msg and Query services.
func (am AppModule) RegisterServices(cfg module.Configurator) {
	types.RegisterMsgServer(cfg.MsgServer(), keeper.NewMsgServerImpl(am.keeper))
	types.RegisterQueryServer(cfg.QueryServer(), keeper.NewQueryServer(am.keeper))
}

// WeightedOperationsX registers an operation for every message a registrar
// or an operator signs. Admissions and profile changes are frequent;
// suspensions (and gov's removals, ProposalMsgsX) rarer, so the
// registry keeps active manufacturers to register devices with.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	k, pk := am.keeper, am.sims.Permission
	reg.Add(weights.Get("manufacturer_msg_add", 40), simulation.MsgAddManufacturerFactory(k, pk))
	reg.Add(weights.Get("manufacturer_msg_suspend", 8), simulation.MsgSuspendManufacturerFactory(k, pk))
	reg.Add(weights.Get("manufacturer_msg_reinstate", 15), simulation.MsgReinstateManufacturerFactory(k, pk))
	reg.Add(weights.Get("manufacturer_msg_set_default_reputation", 10), simulation.MsgSetDefaultReputationFactory(k, pk))
	reg.Add(weights.Get("manufacturer_msg_update", 15), simulation.MsgUpdateManufacturerFactory(k))
	reg.Add(weights.Get("manufacturer_msg_rotate_operators", 5), simulation.MsgRotateOperatorsFactory(k))
	reg.Add(weights.Get("manufacturer_msg_accept_operator", 10), simulation.MsgAcceptOperatorFactory(k))
}

// ProposalMsgsX registers x/gov's removals of manufacturers, which no
// registrar may make.
func (am AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("manufacturer_msg_remove", 3), simulation.MsgRemoveManufacturerFactory(am.keeper))
}
