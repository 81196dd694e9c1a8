// Package modulekit is the module plumbing every Atonomi module shares: the
// codec and REST registration, and genesis as JSON, validated with the
// chain's address codec and loaded through the module's keeper. A module
// embeds Basic in its AppModuleBasic and Module in its AppModule and keeps
// only what is its own: services, autocli, blockers.
package modulekit

import (
	"context"
	"encoding/json"
	"fmt"

	"cosmossdk.io/core/address"
	gogogrpc "github.com/cosmos/gogoproto/grpc"
	"github.com/cosmos/gogoproto/proto"
	gwruntime "github.com/grpc-ecosystem/grpc-gateway/runtime"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// GenesisState is a module's genesis message (a pointer to it) with its
// stateless validation.
type GenesisState[G any] interface {
	*G
	proto.Message
	Validate(address.Codec) error
}

// GenesisKeeper loads and exports a module's genesis.
type GenesisKeeper[PG any] interface {
	InitGenesis(ctx context.Context, gs PG) error
	ExportGenesis(ctx context.Context) (PG, error)
}

// Basic implements the parts of module.AppModuleBasic that differ between
// modules only by their types.
type Basic[G any, PG GenesisState[G]] struct {
	ModuleName   string
	AddressCodec address.Codec
	// Default returns the module's default genesis.
	Default func() PG
	// Interfaces registers the module's messages.
	Interfaces func(codectypes.InterfaceRegistry)
	// Gateway mounts the module's Query service on the REST gateway.
	Gateway func(ctx context.Context, mux *gwruntime.ServeMux, clientCtx client.Context) error
}

// QueryGateway is a Basic.Gateway made of a module's generated REST
// registration and query client constructor.
func QueryGateway[C any](register func(context.Context, *gwruntime.ServeMux, C) error, newClient func(gogogrpc.ClientConn) C) func(context.Context, *gwruntime.ServeMux, client.Context) error {
	return func(ctx context.Context, mux *gwruntime.ServeMux, clientCtx client.Context) error {
		return register(ctx, mux, newClient(clientCtx))
	}
}

// Name returns the module name.
func (b Basic[G, PG]) Name() string { return b.ModuleName }

// RegisterLegacyAminoCodec registers nothing: the modules' messages are proto only.
func (Basic[G, PG]) RegisterLegacyAminoCodec(*codec.LegacyAmino) {}

// RegisterInterfaces registers the module's messages.
func (b Basic[G, PG]) RegisterInterfaces(r codectypes.InterfaceRegistry) { b.Interfaces(r) }

// RegisterGRPCGatewayRoutes mounts the REST routes of the Query service.
func (b Basic[G, PG]) RegisterGRPCGatewayRoutes(clientCtx client.Context, mux *gwruntime.ServeMux) {
	if err := b.Gateway(context.Background(), mux, clientCtx); err != nil {
		panic(err)
	}
}

// DefaultGenesis returns the default genesis as JSON.
func (b Basic[G, PG]) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	return cdc.MustMarshalJSON(b.Default())
}

// ValidateGenesis decodes and validates a genesis document.
func (b Basic[G, PG]) ValidateGenesis(cdc codec.JSONCodec, _ client.TxEncodingConfig, bz json.RawMessage) error {
	gs := PG(new(G))
	if err := cdc.UnmarshalJSON(bz, gs); err != nil {
		return fmt.Errorf("failed to unmarshal %s genesis state: %w", b.ModuleName, err)
	}
	return gs.Validate(b.AddressCodec)
}

// Module implements the genesis side of module.AppModule over a keeper.
// Genesis errors panic, as the SDK's module manager expects of InitGenesis.
type Module[G any, PG GenesisState[G]] struct {
	Keeper GenesisKeeper[PG]
}

// IsAppModule implements appmodule.AppModule.
func (Module[G, PG]) IsAppModule() {}

// IsOnePerModuleType implements depinject.OnePerModuleType.
func (Module[G, PG]) IsOnePerModuleType() {}

// InitGenesis loads the module's genesis.
func (m Module[G, PG]) InitGenesis(ctx sdk.Context, cdc codec.JSONCodec, bz json.RawMessage) {
	gs := PG(new(G))
	cdc.MustUnmarshalJSON(bz, gs)
	if err := m.Keeper.InitGenesis(ctx, gs); err != nil {
		panic(err)
	}
}

// ExportGenesis writes the module's state as genesis JSON.
func (m Module[G, PG]) ExportGenesis(ctx sdk.Context, cdc codec.JSONCodec) json.RawMessage {
	gs, err := m.Keeper.ExportGenesis(ctx)
	if err != nil {
		panic(err)
	}
	return cdc.MustMarshalJSON(gs)
}
