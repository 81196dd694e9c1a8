// Package device is the device registry: whitelists registered by manufacturers
// (one by one in batches, or as Merkle roots), activation by owners with the
// device's own proof, the device lifecycle, owner policies and service adverts.
package device

import (
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/appmodule"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/atonomi/atonomid/x/device/client/cli"
	"github.com/atonomi/atonomid/x/device/keeper"
	"github.com/atonomi/atonomid/x/device/simulation"
	"github.com/atonomi/atonomid/x/device/types"
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

// AppModule is the device registry.
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

// GetTxCmd returns the hand-written tx commands; autocli adds the rest.
func (AppModule) GetTxCmd() *cobra.Command { return cli.NewTxCmd() }

// WeightedOperationsX registers an operation for every message signed by an
// operator, owner or registrar. Registration and activation dominate, as on
// the network; revocations are rare, so devices live long enough to be
// scored and to pay.
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	k, sims := am.keeper, am.sims
	reg.Add(weights.Get("device_msg_register_devices", 60), simulation.MsgRegisterDevicesFactory(k, sims))
	reg.Add(weights.Get("device_msg_commit_whitelist", 15), simulation.MsgCommitWhitelistFactory(k, sims))
	reg.Add(weights.Get("device_msg_activate_device", 60), simulation.MsgActivateDeviceFactory(k, sims))
	reg.Add(weights.Get("device_msg_register_and_activate", 30), simulation.MsgRegisterAndActivateFactory(sims))
	reg.Add(weights.Get("device_msg_suspend_device", 10), simulation.MsgSuspendDeviceFactory(k, sims))
	reg.Add(weights.Get("device_msg_reinstate_device", 15), simulation.MsgReinstateDeviceFactory(k, sims))
	reg.Add(weights.Get("device_msg_revoke_device", 3), simulation.MsgRevokeDeviceFactory(k, sims))
	reg.Add(weights.Get("device_msg_transfer_device", 15), simulation.MsgTransferDeviceFactory(k))
	reg.Add(weights.Get("device_msg_set_policy", 15), simulation.MsgSetPolicyFactory(k))
	reg.Add(weights.Get("device_msg_offer_wallet", 10), simulation.MsgOfferWalletFactory(k))
	reg.Add(weights.Get("device_msg_accept_wallet", 10), simulation.MsgAcceptWalletFactory(k))
	reg.Add(weights.Get("device_msg_unlink_wallet", 3), simulation.MsgUnlinkWalletFactory(k))
	reg.Add(weights.Get("device_msg_set_services", 15), simulation.MsgSetServicesFactory(k))
}

// ProposalMsgsX registers x/gov's change of the params and its revocations,
// which no registrar may make.
func (am AppModule) ProposalMsgsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("device_msg_update_params", 20), simulation.MsgUpdateParamsFactory())
	reg.Add(weights.Get("device_msg_revoke_by_gov", 2), simulation.MsgRevokeDeviceByGovFactory(am.keeper))
}
