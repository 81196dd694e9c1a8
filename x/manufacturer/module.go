// Package manufacturer is the registry of admitted device makers: the network
// authority admits, suspends, reinstates and removes them; each maintains its
// own profile and operator accounts.
package manufacturer

import (
	"context"
	"encoding/json"
	"fmt"

	"cosmossdk.io/core/address"
	"cosmossdk.io/core/appmodule"
	gwruntime "github.com/grpc-ecosystem/grpc-gateway/runtime"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

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

// AppModuleBasic holds what the module needs before a keeper exists.
type AppModuleBasic struct {
	ac address.Codec
}

// NewAppModuleBasic returns the basic module, validating addresses with ac.
func NewAppModuleBasic(ac address.Codec) AppModuleBasic { return AppModuleBasic{ac: ac} }

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

// DefaultGenesis returns an empty registry.
func (AppModuleBasic) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	return cdc.MustMarshalJSON(types.DefaultGenesis())
}

// ValidateGenesis checks a genesis state, addresses included.
func (b AppModuleBasic) ValidateGenesis(cdc codec.JSONCodec, _ client.TxEncodingConfig, bz json.RawMessage) error {
	var gs types.GenesisState
	if err := cdc.UnmarshalJSON(bz, &gs); err != nil {
		return fmt.Errorf("failed to unmarshal %s genesis state: %w", types.ModuleName, err)
	}
	return gs.Validate(b.ac)
}

// AppModule is the manufacturer registry.
type AppModule struct {
	AppModuleBasic
	keeper *keeper.Keeper
	sims   simulation.Keepers
}

// NewAppModule returns the module over its keeper; sims are what its
// simulation reads of the other modules.
func NewAppModule(k *keeper.Keeper, sims simulation.Keepers) AppModule {
	return AppModule{AppModuleBasic: NewAppModuleBasic(k.AddressCodec()), keeper: k, sims: sims}
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

// InitGenesis loads the registry and rebuilds its operator index; the
// module manager expects an invalid genesis to panic.
func (am AppModule) InitGenesis(ctx sdk.Context, cdc codec.JSONCodec, bz json.RawMessage) {
	var gs types.GenesisState
	cdc.MustUnmarshalJSON(bz, &gs)
	if err := am.keeper.InitGenesis(ctx, &gs); err != nil {
		panic(err)
	}
}

// ExportGenesis writes the registry as genesis JSON.
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
