// Package app wires the atonomid application: the SDK's modules for accounts,
// tokens, a permissioned validator set, governance and upgrades, and the
// Atonomi registries.
package app

import (
	"encoding/json"
	"fmt"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
	"cosmossdk.io/client/v2/autocli"
	"cosmossdk.io/client/v2/helpers"
	"cosmossdk.io/core/appmodule"
	"cosmossdk.io/log/v2"
	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cast"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"
	nodeservice "github.com/cosmos/cosmos-sdk/client/grpc/node"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/runtime"
	runtimeservices "github.com/cosmos/cosmos-sdk/runtime/services"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/server/api"
	"github.com/cosmos/cosmos-sdk/server/config"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	"github.com/cosmos/cosmos-sdk/std"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/version"
	"github.com/cosmos/cosmos-sdk/x/auth"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authsims "github.com/cosmos/cosmos-sdk/x/auth/simulation"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/auth/vesting"
	vestingtypes "github.com/cosmos/cosmos-sdk/x/auth/vesting/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	authzmodule "github.com/cosmos/cosmos-sdk/x/authz/module"
	"github.com/cosmos/cosmos-sdk/x/bank"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/consensus"
	consensuskeeper "github.com/cosmos/cosmos-sdk/x/consensus/keeper"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distr "github.com/cosmos/cosmos-sdk/x/distribution"
	distrkeeper "github.com/cosmos/cosmos-sdk/x/distribution/keeper"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	"github.com/cosmos/cosmos-sdk/x/evidence"
	evidencekeeper "github.com/cosmos/cosmos-sdk/x/evidence/keeper"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantkeeper "github.com/cosmos/cosmos-sdk/x/feegrant/keeper"
	feegrantmodule "github.com/cosmos/cosmos-sdk/x/feegrant/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	"github.com/cosmos/cosmos-sdk/x/gov"
	govclient "github.com/cosmos/cosmos-sdk/x/gov/client"
	govkeeper "github.com/cosmos/cosmos-sdk/x/gov/keeper"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1beta1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1beta1"
	"github.com/cosmos/cosmos-sdk/x/slashing"
	slashingkeeper "github.com/cosmos/cosmos-sdk/x/slashing/keeper"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	"github.com/cosmos/cosmos-sdk/x/tx/signing"
	"github.com/cosmos/cosmos-sdk/x/upgrade"
	upgradekeeper "github.com/cosmos/cosmos-sdk/x/upgrade/keeper"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/atonomi/atonomid/app/didresolver"
	"github.com/atonomi/atonomid/app/explorer"
	"github.com/atonomi/atonomid/app/metrics"
	"github.com/atonomi/atonomid/app/proofs"
	"github.com/atonomi/atonomid/x/auditor"
	auditorkeeper "github.com/atonomi/atonomid/x/auditor/keeper"
	auditorsim "github.com/atonomi/atonomid/x/auditor/simulation"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/device"
	devicekeeper "github.com/atonomi/atonomid/x/device/keeper"
	devicesim "github.com/atonomi/atonomid/x/device/simulation"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/manufacturer"
	manufacturerkeeper "github.com/atonomi/atonomid/x/manufacturer/keeper"
	manufacturersim "github.com/atonomi/atonomid/x/manufacturer/simulation"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	"github.com/atonomi/atonomid/x/payment"
	paymentkeeper "github.com/atonomi/atonomid/x/payment/keeper"
	paymentsim "github.com/atonomi/atonomid/x/payment/simulation"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	"github.com/atonomi/atonomid/x/permission"
	permissionkeeper "github.com/atonomi/atonomid/x/permission/keeper"
	permissionsim "github.com/atonomi/atonomid/x/permission/simulation"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
	"github.com/atonomi/atonomid/x/reputation"
	reputationkeeper "github.com/atonomi/atonomid/x/reputation/keeper"
	reputationsim "github.com/atonomi/atonomid/x/reputation/simulation"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
	"github.com/atonomi/atonomid/x/token"
	tokenkeeper "github.com/atonomi/atonomid/x/token/keeper"
	tokensim "github.com/atonomi/atonomid/x/token/simulation"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// DefaultNodeHome is the node's home directory unless --home says otherwise.
var DefaultNodeHome string

var (
	_ runtime.AppI            = (*App)(nil)
	_ servertypes.Application = (*App)(nil)
)

// maccPerms are the module accounts and what each may do with tokens.
var maccPerms = map[string][]string{
	authtypes.FeeCollectorName:          nil,
	distrtypes.ModuleName:               nil,
	stakingtypes.BondedPoolName:         {authtypes.Burner, authtypes.Staking},
	stakingtypes.NotBondedPoolName:      {authtypes.Burner, authtypes.Staking},
	stakingtypes.KeyRotationFeePoolName: {authtypes.Burner},
	govtypes.ModuleName:                 {authtypes.Burner},
	// token holds manufacturer pools, the auditor pool and unpaid rewards.
	tokentypes.ModuleName: nil,
}

func init() {
	var err error
	DefaultNodeHome, err = helpers.GetNodeHomeDirectory("." + Name)
	if err != nil {
		panic(err)
	}
}

// App is the atonomid application.
type App struct {
	*baseapp.BaseApp

	legacyAmino       *codec.LegacyAmino
	appCodec          codec.Codec
	txConfig          client.TxConfig
	interfaceRegistry codectypes.InterfaceRegistry

	keys map[string]*storetypes.KVStoreKey

	AccountKeeper         authkeeper.AccountKeeper
	BankKeeper            bankkeeper.BaseKeeper
	StakingKeeper         *stakingkeeper.Keeper
	SlashingKeeper        slashingkeeper.Keeper
	DistrKeeper           distrkeeper.Keeper
	GovKeeper             govkeeper.Keeper
	ConsensusParamsKeeper consensuskeeper.Keeper
	UpgradeKeeper         *upgradekeeper.Keeper
	EvidenceKeeper        evidencekeeper.Keeper
	FeeGrantKeeper        feegrantkeeper.Keeper
	AuthzKeeper           authzkeeper.Keeper
	PermissionKeeper      *permissionkeeper.Keeper
	TokenKeeper           *tokenkeeper.Keeper
	ManufacturerKeeper    *manufacturerkeeper.Keeper
	AuditorKeeper         *auditorkeeper.Keeper
	DeviceKeeper          *devicekeeper.Keeper
	ReputationKeeper      *reputationkeeper.Keeper
	PaymentKeeper         *paymentkeeper.Keeper

	ModuleManager      *module.Manager
	BasicModuleManager module.BasicManager

	sm           *module.SimulationManager
	configurator module.Configurator

	// explorerEnabled serves the explorer page on the API server (app.toml
	// [explorer] enable, on unless set to false).
	explorerEnabled bool
}

// New builds the application over db. loadLatest loads the last committed
// state; tests and export pass false to pick a height themselves.
func New(
	logger log.Logger,
	db dbm.DB,
	loadLatest bool,
	appOpts servertypes.AppOptions,
	baseAppOptions ...func(*baseapp.BaseApp),
) *App {
	interfaceRegistry, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
		ProtoFiles: proto.HybridResolver,
		SigningOptions: signing.Options{
			AddressCodec:          address.Bech32Codec{Bech32Prefix: Bech32Prefix},
			ValidatorAddressCodec: address.Bech32Codec{Bech32Prefix: Bech32PrefixValAddr},
		},
	})
	if err != nil {
		panic(err)
	}
	appCodec := codec.NewProtoCodec(interfaceRegistry)
	legacyAmino := codec.NewLegacyAmino()
	txConfig := authtx.NewTxConfig(appCodec, authtx.DefaultSignModes)
	if err := interfaceRegistry.SigningContext().Validate(); err != nil {
		panic(err)
	}
	std.RegisterLegacyAminoCodec(legacyAmino)
	std.RegisterInterfaces(interfaceRegistry)

	bApp := baseapp.NewBaseApp(Name, logger, db, txConfig.TxDecoder(), baseAppOptions...)
	bApp.SetVersion(version.Version)
	bApp.SetInterfaceRegistry(interfaceRegistry)
	bApp.SetTxEncoder(txConfig.TxEncoder())

	keys := storetypes.NewKVStoreKeys(
		authtypes.StoreKey, banktypes.StoreKey, stakingtypes.StoreKey, distrtypes.StoreKey,
		slashingtypes.StoreKey, govtypes.StoreKey, consensustypes.StoreKey, upgradetypes.StoreKey,
		evidencetypes.StoreKey, feegrant.StoreKey, authzkeeper.StoreKey,
		permissiontypes.StoreKey, tokentypes.StoreKey, manufacturertypes.StoreKey,
		auditortypes.StoreKey, devicetypes.StoreKey, reputationtypes.StoreKey, paymenttypes.StoreKey,
	)
	if err := bApp.RegisterStreamingServices(appOpts, keys); err != nil {
		panic(err)
	}
	// The registries' Prometheus counters are read from each finalized block.
	streaming := bApp.StreamingManager()
	streaming.ABCIListeners = append(streaming.ABCIListeners, metrics.NewEventCounter())
	bApp.SetStreamingManager(streaming)

	app := &App{
		BaseApp:           bApp,
		legacyAmino:       legacyAmino,
		appCodec:          appCodec,
		txConfig:          txConfig,
		interfaceRegistry: interfaceRegistry,
		keys:              keys,
		explorerEnabled:   ExplorerEnabled(appOpts),
	}
	app.initKeepers(appOpts, logger)
	app.initModules()

	app.MountKVStores(keys)
	app.SetInitChainer(app.InitChainer)
	app.SetPreBlocker(app.PreBlocker)
	app.SetBeginBlocker(app.BeginBlocker)
	app.SetEndBlocker(app.EndBlocker)
	app.setAnteHandler()
	app.setProposalGasLimit()
	app.registerUpgradeHandlers()

	if loadLatest {
		if err := app.LoadLatestVersion(); err != nil {
			panic(fmt.Errorf("error loading last version: %w", err))
		}
	}
	return app
}

// initKeepers builds every keeper. The order follows their dependencies.
func (app *App) initKeepers(appOpts servertypes.AppOptions, logger log.Logger) {
	cdc, keys := app.appCodec, app.keys
	govAuthority := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	accCodec := address.NewBech32Codec(Bech32Prefix)
	valCodec := address.NewBech32Codec(Bech32PrefixValAddr)
	consCodec := address.NewBech32Codec(Bech32PrefixConsAddr)

	app.ConsensusParamsKeeper = consensuskeeper.NewKeeper(cdc,
		runtime.NewKVStoreService(keys[consensustypes.StoreKey]), govAuthority, runtime.EventService{})
	app.SetParamStore(app.ConsensusParamsKeeper.ParamsStore)

	app.AccountKeeper = authkeeper.NewAccountKeeper(cdc, runtime.NewKVStoreService(keys[authtypes.StoreKey]),
		authtypes.ProtoBaseAccount, maccPerms, accCodec, Bech32Prefix, govAuthority)
	app.BankKeeper = bankkeeper.NewBaseKeeper(cdc, runtime.NewKVStoreService(keys[banktypes.StoreKey]),
		app.AccountKeeper, BlockedAddresses(), govAuthority, logger)

	app.PermissionKeeper = permissionkeeper.NewKeeper(cdc,
		runtime.NewKVStoreService(keys[permissiontypes.StoreKey]), accCodec, valCodec, govAuthority)

	app.StakingKeeper = stakingkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[stakingtypes.StoreKey]),
		app.AccountKeeper, app.BankKeeper, govAuthority, valCodec, consCodec)
	app.DistrKeeper = distrkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[distrtypes.StoreKey]),
		app.AccountKeeper, app.BankKeeper, app.StakingKeeper, authtypes.FeeCollectorName, govAuthority)
	app.SlashingKeeper = slashingkeeper.NewKeeper(cdc, app.legacyAmino,
		runtime.NewKVStoreService(keys[slashingtypes.StoreKey]), app.StakingKeeper, govAuthority)
	// The permission hooks come first: a refused validator or delegation
	// aborts before distribution or slashing record anything for it.
	app.StakingKeeper.SetHooks(stakingtypes.NewMultiStakingHooks(
		app.PermissionKeeper.Hooks(),
		app.DistrKeeper.Hooks(),
		app.SlashingKeeper.Hooks(),
	))
	app.PermissionKeeper.SetStakingKeeper(app.StakingKeeper)

	app.FeeGrantKeeper = feegrantkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[feegrant.StoreKey]), app.AccountKeeper)
	app.AuthzKeeper = authzkeeper.NewKeeper(runtime.NewKVStoreService(keys[authzkeeper.StoreKey]), cdc,
		app.MsgServiceRouter(), app.AccountKeeper).SetBankKeeper(app.BankKeeper)

	skipUpgradeHeights := map[int64]bool{}
	for _, h := range cast.ToIntSlice(appOpts.Get(server.FlagUnsafeSkipUpgrades)) {
		skipUpgradeHeights[int64(h)] = true
	}
	homePath := cast.ToString(appOpts.Get(flags.FlagHome))
	app.UpgradeKeeper = upgradekeeper.NewKeeper(skipUpgradeHeights,
		runtime.NewKVStoreService(keys[upgradetypes.StoreKey]), cdc, homePath, app.BaseApp, govAuthority)

	app.EvidenceKeeper = *evidencekeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[evidencetypes.StoreKey]),
		app.StakingKeeper, app.SlashingKeeper, accCodec, runtime.ProvideCometInfoService())

	govKeeper := govkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[govtypes.StoreKey]),
		app.AccountKeeper, app.BankKeeper, app.DistrKeeper, app.MsgServiceRouter(),
		govtypes.DefaultConfig(), govAuthority,
		govkeeper.NewDefaultCalculateVoteResultsAndVotingPower(app.StakingKeeper))
	// The legacy router serves v1beta1 text proposals (MsgExecLegacyContent);
	// without it such a proposal's execution dereferences a nil router.
	govKeeper.SetLegacyRouter(govv1beta1.NewRouter().AddRoute(govtypes.RouterKey, govv1beta1.ProposalHandler))
	app.GovKeeper = *govKeeper.SetHooks(govtypes.NewMultiGovHooks())

	app.TokenKeeper = tokenkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[tokentypes.StoreKey]), accCodec,
		govAuthority, app.BankKeeper, app.DistrKeeper, app.PermissionKeeper, authtypes.FeeCollectorName)
	app.ManufacturerKeeper = manufacturerkeeper.NewKeeper(cdc,
		runtime.NewKVStoreService(keys[manufacturertypes.StoreKey]), accCodec, app.PermissionKeeper, app.TokenKeeper)
	app.AuditorKeeper = auditorkeeper.NewKeeper(cdc,
		runtime.NewKVStoreService(keys[auditortypes.StoreKey]), accCodec, govAuthority, app.PermissionKeeper)
	app.DeviceKeeper = devicekeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[devicetypes.StoreKey]), accCodec,
		govAuthority, app.ManufacturerKeeper, app.TokenKeeper, app.PermissionKeeper, ModuleAccountAddrs())
	app.ReputationKeeper = reputationkeeper.NewKeeper(cdc, runtime.NewKVStoreService(keys[reputationtypes.StoreKey]),
		govAuthority, accCodec, app.AuditorKeeper, app.DeviceKeeper, app.ManufacturerKeeper, app.TokenKeeper)
	// Payments sit above the device and reputation registries; x/token
	// charges their commission.
	app.PaymentKeeper = paymentkeeper.NewKeeper(runtime.NewKVStoreService(keys[paymenttypes.StoreKey]), accCodec,
		app.DeviceKeeper, app.ReputationKeeper, app.TokenKeeper, app.BankKeeper)
	// Suspending, reinstating, removing or re-weighing an auditor queues its
	// existing scores for x/reputation's end blocker to re-weigh.
	app.AuditorKeeper.SetHooks(app.ReputationKeeper.AuditorHooks())
	// Activating, transferring or revoking a device moves its aggregates
	// between x/reputation's owner aggregates.
	app.DeviceKeeper.SetHooks(app.ReputationKeeper.DeviceHooks())
}

// initModules registers the modules and their block and genesis orders.
func (app *App) initModules() {
	cdc, txConfig := app.appCodec, app.txConfig
	app.ModuleManager = module.NewManager(
		genutil.NewAppModule(app.AccountKeeper, app.StakingKeeper, app, txConfig),
		auth.NewAppModule(cdc, app.AccountKeeper, authsims.RandomGenesisAccounts),
		vesting.NewAppModule(app.AccountKeeper, app.BankKeeper),
		bank.NewAppModule(cdc, app.BankKeeper, app.AccountKeeper),
		feegrantmodule.NewAppModule(cdc, app.AccountKeeper, app.BankKeeper, app.FeeGrantKeeper, app.interfaceRegistry),
		gov.NewAppModule(cdc, &app.GovKeeper, app.AccountKeeper, app.BankKeeper),
		slashing.NewAppModule(cdc, app.SlashingKeeper, app.AccountKeeper, app.BankKeeper, app.StakingKeeper, app.interfaceRegistry),
		distr.NewAppModule(cdc, app.DistrKeeper, app.AccountKeeper, app.BankKeeper, app.StakingKeeper),
		staking.NewAppModule(cdc, app.StakingKeeper, app.AccountKeeper, app.BankKeeper),
		upgrade.NewAppModule(app.UpgradeKeeper, app.AccountKeeper.AddressCodec()),
		evidence.NewAppModule(app.EvidenceKeeper),
		authzmodule.NewAppModule(cdc, app.AuthzKeeper, app.AccountKeeper, app.BankKeeper, app.interfaceRegistry),
		consensus.NewAppModule(cdc, app.ConsensusParamsKeeper),
		permission.NewAppModule(app.PermissionKeeper),
		token.NewAppModule(app.TokenKeeper, tokensim.Keepers{
			Permission: app.PermissionKeeper,
			Registries: tokensim.Registries{Manufacturers: manufacturersim.GenesisIDs, Auditors: auditorsim.GenesisWeights},
		}),
		manufacturer.NewAppModule(app.ManufacturerKeeper, manufacturersim.Keepers{Permission: app.PermissionKeeper}),
		auditor.NewAppModule(app.AuditorKeeper, auditorsim.Keepers{Permission: app.PermissionKeeper}),
		device.NewAppModule(app.DeviceKeeper, devicesim.Keepers{
			Manufacturer: app.ManufacturerKeeper, Token: app.TokenKeeper, Permission: app.PermissionKeeper,
		}),
		reputation.NewAppModule(app.ReputationKeeper, reputationsim.Keepers{
			Auditor: app.AuditorKeeper, Device: app.DeviceKeeper, Token: app.TokenKeeper,
		}),
		payment.NewAppModule(app.PaymentKeeper, paymentsim.Keepers{Device: app.DeviceKeeper, Token: app.TokenKeeper}),
	)
	app.BasicModuleManager = module.NewBasicManagerFromManager(app.ModuleManager,
		map[string]module.AppModuleBasic{
			genutiltypes.ModuleName: genutil.NewAppModuleBasic(genutiltypes.DefaultMessageValidator),
			govtypes.ModuleName:     gov.NewAppModuleBasic([]govclient.ProposalHandler{}),
		})
	app.BasicModuleManager.RegisterLegacyAminoCodec(app.legacyAmino)
	app.BasicModuleManager.RegisterInterfaces(app.interfaceRegistry)

	app.ModuleManager.SetOrderPreBlockers(upgradetypes.ModuleName, authtypes.ModuleName)
	app.ModuleManager.SetOrderBeginBlockers(
		distrtypes.ModuleName, slashingtypes.ModuleName, evidencetypes.ModuleName,
		stakingtypes.ModuleName, authz.ModuleName, genutiltypes.ModuleName,
	)
	// permission sweeps removed validators into jail before staking computes
	// the next validator set.
	app.ModuleManager.SetOrderEndBlockers(
		banktypes.ModuleName, govtypes.ModuleName, permissiontypes.ModuleName, stakingtypes.ModuleName,
		feegrant.ModuleName, genutiltypes.ModuleName, reputationtypes.ModuleName,
	)
	// permission precedes staking and genutil: the staking hooks check
	// genesis validators and gentxs against its allowlist.
	genesisOrder := []string{
		consensustypes.ModuleName, authtypes.ModuleName, banktypes.ModuleName, distrtypes.ModuleName,
		permissiontypes.ModuleName, stakingtypes.ModuleName, slashingtypes.ModuleName, govtypes.ModuleName,
		genutiltypes.ModuleName, evidencetypes.ModuleName, authz.ModuleName, feegrant.ModuleName,
		upgradetypes.ModuleName, vestingtypes.ModuleName,
		tokentypes.ModuleName, manufacturertypes.ModuleName, auditortypes.ModuleName,
		devicetypes.ModuleName, reputationtypes.ModuleName, paymenttypes.ModuleName,
	}
	app.ModuleManager.SetOrderInitGenesis(genesisOrder...)
	app.ModuleManager.SetOrderExportGenesis(genesisOrder...)

	app.configurator = module.NewConfigurator(cdc, app.MsgServiceRouter(), app.GRPCQueryRouter())
	if err := app.ModuleManager.RegisterServices(app.configurator); err != nil {
		panic(err)
	}
	autocliv1.RegisterQueryServer(app.GRPCQueryRouter(), runtimeservices.NewAutoCLIQueryService(app.ModuleManager.Modules))

	// x/staking's operations run against the validator allowlist: messages
	// the permission hooks refuse are expected to fail with that refusal.
	app.sm = module.NewSimulationManagerFromAppModules(app.ModuleManager.Modules, map[string]module.AppModuleSimulation{
		authtypes.ModuleName: auth.NewAppModule(cdc, app.AccountKeeper, authsims.RandomGenesisAccounts),
		stakingtypes.ModuleName: permissionsim.NewStakingModule(
			staking.NewAppModule(cdc, app.StakingKeeper, app.AccountKeeper, app.BankKeeper), app.PermissionKeeper),
	})
	app.sm.RegisterStoreDecoders()
}

// setAnteHandler chains the SDK's ante handler (fees, signatures) with the
// device registry's activation check and x/payment's refused-payment alert,
// which run on authenticated, paying transactions only.
func (app *App) setAnteHandler() {
	sdkAnte, err := ante.NewAnteHandler(ante.HandlerOptions{
		AccountKeeper:   app.AccountKeeper,
		BankKeeper:      app.BankKeeper,
		FeegrantKeeper:  app.FeeGrantKeeper,
		SignModeHandler: app.txConfig.SignModeHandler(),
		SigGasConsumer:  ante.DefaultSigVerificationGasConsumer,
	})
	if err != nil {
		panic(err)
	}
	// Both raise alerts (activation_failed, EventPaymentRefused) that must
	// outlive the failing message, so they run in the ante handler.
	alerts := sdk.ChainAnteDecorators(
		devicekeeper.NewActivationDecorator(app.DeviceKeeper),
		paymentkeeper.NewPaymentAlertDecorator(app.PaymentKeeper, app.AuthzKeeper),
		// Puts the payment keeper in the context for payment authorizations'
		// Accept, and refuses generic grants of MsgPay.
		paymentkeeper.NewPaymentGrantDecorator(app.PaymentKeeper),
	)
	app.SetAnteHandler(func(ctx sdk.Context, tx sdk.Tx, simulate bool) (sdk.Context, error) {
		ctx, err := sdkAnte(ctx, tx, simulate)
		if err != nil {
			return ctx, err
		}
		return alerts(ctx, tx, simulate)
	})
}

// AutoCliOpts returns the autocli options of every module.
func (app *App) AutoCliOpts() autocli.AppOptions {
	modules := make(map[string]appmodule.AppModule)
	for _, m := range app.ModuleManager.Modules {
		if named, ok := m.(module.HasName); ok {
			if am, ok := named.(appmodule.AppModule); ok {
				modules[named.Name()] = am
			}
		}
	}
	return autocli.AppOptions{
		Modules:               modules,
		ModuleOptions:         runtimeservices.ExtractAutoCLIOptions(app.ModuleManager.Modules),
		AddressCodec:          address.NewBech32Codec(Bech32Prefix),
		ValidatorAddressCodec: address.NewBech32Codec(Bech32PrefixValAddr),
		ConsensusAddressCodec: address.NewBech32Codec(Bech32PrefixConsAddr),
	}
}

// PreBlocker runs the upgrade module before each block.
func (app *App) PreBlocker(ctx sdk.Context, _ *abci.RequestFinalizeBlock) (*sdk.ResponsePreBlock, error) {
	return app.ModuleManager.PreBlock(ctx)
}

// BeginBlocker runs the modules' begin blockers.
func (app *App) BeginBlocker(ctx sdk.Context) (sdk.BeginBlock, error) {
	return app.ModuleManager.BeginBlock(ctx)
}

// EndBlocker runs the modules' end blockers.
func (app *App) EndBlocker(ctx sdk.Context) (sdk.EndBlock, error) {
	return app.ModuleManager.EndBlock(ctx)
}

// GenesisState is the app's genesis: one raw JSON document per module.
type GenesisState map[string]json.RawMessage

// InitChainer loads genesis into every module.
func (app *App) InitChainer(ctx sdk.Context, req *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
	var genesisState GenesisState
	if err := json.Unmarshal(req.AppStateBytes, &genesisState); err != nil {
		return nil, err
	}
	// The staking hooks would refuse these validators with a panic deep in
	// x/genutil; this error names the operators to allow instead.
	if err := permissiontypes.ValidateGenesisValidators(app.appCodec, app.txConfig, genesisState); err != nil {
		return nil, err
	}
	if err := app.UpgradeKeeper.SetModuleVersionMap(ctx, app.ModuleManager.GetVersionMap()); err != nil {
		return nil, err
	}
	return app.ModuleManager.InitGenesis(ctx, app.appCodec, genesisState)
}

// DefaultGenesis returns every module's default genesis.
func (app *App) DefaultGenesis() GenesisState {
	return app.BasicModuleManager.DefaultGenesis(app.appCodec)
}

// RegisterAPIRoutes mounts the REST gateway routes of every module.
func (app *App) RegisterAPIRoutes(apiSvr *api.Server, apiConfig config.APIConfig) {
	clientCtx := apiSvr.ClientCtx
	authtx.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	cmtservice.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	nodeservice.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	app.BasicModuleManager.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	if err := registerSwagger(apiSvr.Router, apiConfig.Swagger); err != nil {
		panic(err)
	}
	if app.explorerEnabled {
		explorer.Register(apiSvr.Router)
	}
	// The proof bundles read through the API server's node client, which the
	// server may set after the routes are registered.
	proofs.Register(apiSvr.Router, func() proofs.Chain { return apiSvr.ClientCtx.Client })
	didresolver.Register(apiSvr.Router, func() proofs.Chain { return apiSvr.ClientCtx.Client })
}

// RegisterTxService serves the tx simulation and broadcast gRPC service.
func (app *App) RegisterTxService(clientCtx client.Context) {
	authtx.RegisterTxService(app.GRPCQueryRouter(), clientCtx, app.Simulate, app.interfaceRegistry)
}

// RegisterTendermintService serves the CometBFT gRPC queries.
func (app *App) RegisterTendermintService(clientCtx client.Context) {
	cmtApp := server.NewCometABCIWrapper(app)
	cmtservice.RegisterTendermintService(clientCtx, app.GRPCQueryRouter(), app.interfaceRegistry, cmtApp.Query)
}

// RegisterNodeService serves the node's config and status queries.
func (app *App) RegisterNodeService(clientCtx client.Context, cfg config.Config) {
	nodeservice.RegisterNodeService(clientCtx, app.GRPCQueryRouter(), cfg, func() int64 {
		return app.CommitMultiStore().EarliestVersion()
	})
}

// Name returns the app's name.
func (app *App) Name() string { return app.BaseApp.Name() }

// LegacyAmino returns the amino codec, still needed by some SDK commands.
func (app *App) LegacyAmino() *codec.LegacyAmino { return app.legacyAmino }

// AppCodec returns the proto codec.
func (app *App) AppCodec() codec.Codec { return app.appCodec }

// InterfaceRegistry returns the interface registry.
func (app *App) InterfaceRegistry() codectypes.InterfaceRegistry { return app.interfaceRegistry }

// TxConfig returns the tx encoding config.
func (app *App) TxConfig() client.TxConfig { return app.txConfig }

// SimulationManager returns the simulation manager.
func (app *App) SimulationManager() *module.SimulationManager { return app.sm }

// Configurator returns the module configurator, used by upgrade handlers.
func (app *App) Configurator() module.Configurator { return app.configurator }

// GetKey returns a store key; tests use it to inspect raw state.
func (app *App) GetKey(storeKey string) *storetypes.KVStoreKey { return app.keys[storeKey] }

// LoadHeight loads the state at a height, for export.
func (app *App) LoadHeight(height int64) error { return app.LoadVersion(height) }

// ModuleAccountAddrs returns the address of every module account, gov's
// included: none of them may own a device or be a device's wallet.
func ModuleAccountAddrs() []sdk.AccAddress {
	addrs := make([]sdk.AccAddress, 0, len(maccPerms))
	for acc := range maccPerms {
		addrs = append(addrs, authtypes.NewModuleAddress(acc))
	}
	return addrs
}

// BlockedAddresses returns the module accounts that may not receive tokens
// by plain transfer; gov's may, so deposits can be returned to it.
func BlockedAddresses() map[string]bool {
	blocked := make(map[string]bool)
	for _, addr := range ModuleAccountAddrs() {
		blocked[addr.String()] = true
	}
	delete(blocked, authtypes.NewModuleAddress(govtypes.ModuleName).String())
	return blocked
}
