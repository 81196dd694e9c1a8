// Package auditor is the registry of admitted reputation services: the
// network authority admits, suspends, reinstates and removes auditors and
// sets which reputation types each may write and how much its scores weigh;
// each auditor maintains its own profile and operator account; governance
// sets the reputation types the network knows. A module counting auditors'
// scores follows changes of their effective weight through AuditorHooks.
package auditor

import (
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/atonomi/atonomid/x/auditor/keeper"
	"github.com/atonomi/atonomid/x/auditor/simulation"
	"github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/internal/modulekit"
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

// AppModule is the auditor registry.
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
		sims:           sims,
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

// WeightedOperationsX registers an operation for every message signed by a
// registrar or an operator. Suspensions are followed by reinstatements more
// often than by removals, so the registry keeps auditors to write scores.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	k, pk := am.keeper, am.sims.Permission
	reg.Add(weights.Get("auditor_msg_add", 25), simulation.MsgAddAuditorFactory(k, pk))
	reg.Add(weights.Get("auditor_msg_suspend", 8), simulation.MsgSuspendAuditorFactory(k, pk))
	reg.Add(weights.Get("auditor_msg_reinstate", 15), simulation.MsgReinstateAuditorFactory(k, pk))
	reg.Add(weights.Get("auditor_msg_set_scope", 10), simulation.MsgSetAuditorScopeFactory(k, pk))
	reg.Add(weights.Get("auditor_msg_update", 10), simulation.MsgUpdateAuditorFactory(k))
	reg.Add(weights.Get("auditor_msg_rotate_operator", 5), simulation.MsgRotateOperatorFactory(k))
	reg.Add(weights.Get("auditor_msg_accept_operator", 10), simulation.MsgAcceptOperatorFactory(k))
}

// ProposalMsgsX registers x/gov's change of the reputation types and its
// removals of auditors, which no registrar may make.
func (am AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("auditor_msg_update_params", 20), simulation.MsgUpdateParamsFactory(am.keeper))
	reg.Add(weights.Get("auditor_msg_remove", 3), simulation.MsgRemoveAuditorFactory(am.keeper))
}
