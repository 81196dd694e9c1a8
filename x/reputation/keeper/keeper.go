package keeper

import (
	"context"

	"cosmossdk.io/collections"
	storetypes "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/atonomi/atonomid/x/reputation/types"
)

// Keeper holds the reputation module's state.
type Keeper struct {
	// authority is the x/gov module account: the only signer of MsgUpdateParams.
	authority string

	Schema collections.Schema
	Params collections.Item[types.Params]
}

// NewKeeper builds the keeper over its store. authority is the x/gov module
// address.
func NewKeeper(cdc codec.BinaryCodec, storeService storetypes.KVStoreService, authority string) *Keeper {
	if authority == "" {
		// An empty authority would match a MsgUpdateParams whose authority
		// field was left empty.
		panic("reputation authority must not be empty")
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := &Keeper{
		authority: authority,
		Params:    collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the x/gov module address.
func (k *Keeper) GetAuthority() string { return k.authority }

// GetParams returns the reputation params.
func (k *Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}
