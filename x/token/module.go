// Package token is the ATMI fee economy: the fee schedule, the one keeper call
// that charges fees for the other modules, manufacturer and auditor reward
// pools, withdrawable rewards and the emergency pause.
package token

import (
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/appmodule"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/atonomi/atonomid/x/internal/modulekit"
	"github.com/atonomi/atonomid/x/token/keeper"
	"github.com/atonomi/atonomid/x/token/simulation"
	"github.com/atonomi/atonomid/x/token/types"
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

// AppModule is the token module.
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

// WeightedOperationsX registers an operation for every message but the
// params, which x/gov changes. Pauses are rare and mostly lifted at once.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	k, sims := am.keeper, am.sims
	reg.Add(weights.Get("token_msg_deposit_to_pool", 30), simulation.MsgDepositToPoolFactory(k))
	reg.Add(weights.Get("token_msg_withdraw_rewards", 20), simulation.MsgWithdrawRewardsFactory(k))
	reg.Add(weights.Get("token_msg_set_paused", 2), simulation.MsgSetPausedFactory(k, sims))
}

// ProposalMsgsX registers x/gov's change of the fee schedule.
func (am AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("token_msg_update_params", 20), simulation.MsgUpdateParamsFactory(am.keeper))
}
