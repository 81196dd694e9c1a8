// Package reputation keeps the reputation scores that auditors write about
// devices. Each auditor's latest score per device and reputation type counts
// in that type's aggregate, a weighted mean by auditor weight kept up to date
// on every write; when an auditor is suspended, reinstated, removed or given
// a new weight, the end blocker moves its existing scores to the new
// effective weight, a bounded number per block; a bounded history of scores
// per device and type stays queryable; a device whose aggregate in any type
// falls below the network's threshold is excluded from payments (judged at
// the current threshold) and marked so in x/device, the marks brought up to
// date by a bounded end-blocker sweep after a threshold change; a type
// nobody scored reads at the default the device keeps since its
// registration. Writing a score charges the reputation-write fee, pays the
// auditor a reward from the device manufacturer's pool and credits the
// score to the auditor in the auditor pool's epoch (x/token); the end
// blocker pays that pool out when its epoch ends, to the auditors active then.
package reputation

import (
	"context"
	"encoding/json"
	"fmt"

	"cosmossdk.io/core/appmodule"
	gwruntime "github.com/grpc-ecosystem/grpc-gateway/runtime"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/atonomi/atonomid/x/reputation/keeper"
	"github.com/atonomi/atonomid/x/reputation/simulation"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// ConsensusVersion is the module's state version, bumped with each migration.
const ConsensusVersion = 1

var (
	_ module.AppModuleBasic      = AppModuleBasic{}
	_ module.HasGenesisBasics    = AppModuleBasic{}
	_ appmodule.AppModule        = AppModule{}
	_ appmodule.HasEndBlocker    = AppModule{}
	_ module.HasGenesis          = AppModule{}
	_ module.HasServices         = AppModule{}
	_ module.HasConsensusVersion = AppModule{}

	_ module.AppModuleSimulation   = AppModule{}
	_ simsx.HasWeightedOperationsX = AppModule{}
	_ simsx.HasProposalMsgsX       = AppModule{}
)

// AppModuleBasic holds what the module needs before a keeper exists.
type AppModuleBasic struct{}

// Name returns the module name.
func (AppModuleBasic) Name() string { return types.ModuleName }

// RegisterLegacyAminoCodec registers nothing: the module's messages are proto only.
func (AppModuleBasic) RegisterLegacyAminoCodec(*codec.LegacyAmino) {}

// RegisterInterfaces registers the module's messages.
func (AppModuleBasic) RegisterInterfaces(r codectypes.InterfaceRegistry) { types.RegisterInterfaces(r) }

// RegisterGRPCGatewayRoutes mounts the REST routes of the Query service.
func (AppModuleBasic) RegisterGRPCGatewayRoutes(clientCtx client.Context, mux *gwruntime.ServeMux) {
	if err := types.RegisterQueryHandlerClient(context.Background(), mux, types.NewQueryClient(clientCtx)); err != nil {
		panic(err)
	}
}

// DefaultGenesis returns the default params and no scores.
func (AppModuleBasic) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	return cdc.MustMarshalJSON(types.DefaultGenesis())
}

// ValidateGenesis checks a genesis state.
func (AppModuleBasic) ValidateGenesis(cdc codec.JSONCodec, _ client.TxEncodingConfig, bz json.RawMessage) error {
	var gs types.GenesisState
	if err := cdc.UnmarshalJSON(bz, &gs); err != nil {
		return fmt.Errorf("failed to unmarshal %s genesis state: %w", types.ModuleName, err)
	}
	return gs.Validate()
}

// AppModule is the reputation module.
type AppModule struct {
	AppModuleBasic
	keeper *keeper.Keeper
	sims   simulation.Keepers
}

// NewAppModule returns the module over its keeper; sims are what its
// simulation reads of the other modules.
func NewAppModule(k *keeper.Keeper, sims simulation.Keepers) AppModule {
	return AppModule{keeper: k, sims: sims}
}

// IsAppModule implements appmodule.AppModule.
func (AppModule) IsAppModule() {}

// IsOnePerModuleType implements depinject.OnePerModuleType.
func (AppModule) IsOnePerModuleType() {}

// ConsensusVersion implements module.HasConsensusVersion.
func (AppModule) ConsensusVersion() uint64 { return ConsensusVersion }

// RegisterServices registers the Msg and Query services.
func (am AppModule) RegisterServices(cfg module.Configurator) {
	types.RegisterMsgServer(cfg.MsgServer(), keeper.NewMsgServerImpl(am.keeper))
	types.RegisterQueryServer(cfg.QueryServer(), keeper.NewQueryServer(am.keeper))
}

// EndBlock applies queued auditor weight changes to their existing scores,
// params.reweigh_per_block scores per block, then re-judges the stored
// exclusion flags after a threshold change, params.exclusion_sweep_per_block
// devices per block (each judges the devices it visits at the current
// threshold, so neither depends on the other's progress), and at the end of
// an auditor pool epoch pays the pool out to the auditors (x/token).
func (am AppModule) EndBlock(ctx context.Context) error {
	if err := am.keeper.EndBlocker(ctx); err != nil {
		return err
	}
	if err := am.keeper.SweepExclusion(ctx); err != nil {
		return err
	}
	return am.keeper.EndAuditorEpoch(ctx)
}

// InitGenesis loads the params and scores and recomputes the aggregates;
// the module manager expects an invalid genesis to panic.
func (am AppModule) InitGenesis(ctx sdk.Context, cdc codec.JSONCodec, bz json.RawMessage) {
	var gs types.GenesisState
	cdc.MustUnmarshalJSON(bz, &gs)
	if err := am.keeper.InitGenesis(ctx, &gs); err != nil {
		panic(err)
	}
}

// ExportGenesis writes the params and scores as genesis JSON.
func (am AppModule) ExportGenesis(ctx sdk.Context, cdc codec.JSONCodec) json.RawMessage {
	gs, err := am.keeper.ExportGenesis(ctx)
	if err != nil {
		panic(err)
	}
	return cdc.MustMarshalJSON(gs)
}

// GenerateGenesisState writes the module's randomized genesis.
func (AppModule) GenerateGenesisState(simState *module.SimulationState) {
	simulation.RandomizedGenState(simState)
}

// RegisterStoreDecoder decodes the module's store for simulation logs.
func (am AppModule) RegisterStoreDecoder(sdr simtypes.StoreDecoderRegistry) {
	sdr[types.StoreKey] = simtypes.NewStoreDecoderFuncFromCollectionsSchema(am.keeper.Schema)
}

// WeightedOperations is empty: the simulator prefers WeightedOperationsX.
func (AppModule) WeightedOperations(module.SimulationState) []simtypes.WeightedOperation {
	return nil
}

// WeightedOperationsX registers score writing by auditors' operators.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("reputation_msg_write_scores", 80), simulation.MsgWriteScoresFactory(am.keeper, am.sims))
}

// ProposalMsgsX registers x/gov's change of the params.
func (AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("reputation_msg_update_params", 20), simulation.MsgUpdateParamsFactory())
}
