package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/x/internal/canonical"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/token/types"
)

// Keeper runs the ATMI fee economy: it charges fees for the other modules,
// keeps manufacturer pools, the auditor pool and withdrawable rewards (all
// backed by the token module account's balance), and the pause switches.
type Keeper struct {
	addressCodec address.Codec
	authority    string // x/gov: the only signer of MsgUpdateParams
	bank         types.BankKeeper
	distr        types.DistributionKeeper
	permission   types.PermissionKeeper
	// feeCollector is the module account whose balance x/distribution pays
	// out to validators.
	feeCollector string

	Schema      collections.Schema
	Params      collections.Item[types.Params]
	Pools       collections.Map[string, math.Int]
	AuditorPool collections.Item[math.Int]
	Rewards     collections.Map[sdk.AccAddress, math.Int]
	Paused      collections.Map[int32, keeperkit.Present]
	// AuditorEpoch is the auditor pool's running epoch (auditor_pool.go).
	AuditorEpoch collections.Item[types.AuditorEpoch]
	// AuditorCredits holds auditor id → the credit its scores earned in the
	// running epoch; an auditor that earned nothing has no entry.
	AuditorCredits collections.Map[string, math.Int]
	// Surplus is what the module account held at genesis beyond every pool
	// and reward. It backs nothing and nothing spends it: where such tokens
	// belong (the community pool, a sender, burnt) is for a later decision
	// of the network, by a message or an upgrade, to make.
	Surplus collections.Item[math.Int]
}

// NewKeeper builds the keeper over its store.
func NewKeeper(
	cdc codec.BinaryCodec, storeService storetypes.KVStoreService, ac address.Codec, authority string,
	bank types.BankKeeper, distr types.DistributionKeeper, permission types.PermissionKeeper, feeCollector string,
) *Keeper {
	// Every address this keeper reads from a message, a query or genesis
	// must be in its one canonical spelling (see x/internal/canonical).
	ac = canonical.Wrap(ac)
	sb := collections.NewSchemaBuilder(storeService)
	k := &Keeper{
		addressCodec: ac, authority: authority, bank: bank, distr: distr, permission: permission, feeCollector: feeCollector,
		Params:      collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Pools:       collections.NewMap(sb, types.PoolsKey, "pools", collections.StringKey, sdk.IntValue),
		AuditorPool: collections.NewItem(sb, types.AuditorPoolKey, "auditor_pool", sdk.IntValue),
		Rewards:     collections.NewMap(sb, types.RewardsKey, "rewards", sdk.AccAddressKey, sdk.IntValue),
		Paused:      collections.NewMap(sb, types.PausedKey, "paused", collections.Int32Key, keeperkit.PresentValue),
		AuditorEpoch: collections.NewItem(sb, types.AuditorEpochKey, "auditor_epoch",
			codec.CollValue[types.AuditorEpoch](cdc)),
		AuditorCredits: collections.NewMap(sb, types.AuditorCreditsKey, "auditor_credits",
			collections.StringKey, sdk.IntValue),
		Surplus: collections.NewItem(sb, types.SurplusKey, "surplus", sdk.IntValue),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetParams returns the fee schedule.
func (k *Keeper) GetParams(ctx context.Context) (types.Params, error) { return k.Params.Get(ctx) }

// AddressCodec returns the account address codec.
func (k *Keeper) AddressCodec() address.Codec { return k.addressCodec }

// ModuleAddress is the token module account that holds pools and rewards.
func ModuleAddress() sdk.AccAddress { return authtypes.NewModuleAddress(types.ModuleName) }

// CheckNotPaused returns ErrPaused if the authority paused the action.
func (k *Keeper) CheckNotPaused(ctx context.Context, action types.Action) error {
	paused, err := k.Paused.Has(ctx, int32(action))
	if err != nil {
		return err
	}
	if paused {
		return errorsmod.Wrapf(types.ErrPaused, "%s", action)
	}
	return nil
}

// CreatePool opens a manufacturer's pool; the manufacturer registry calls it
// on admission, so deposits can only go to admitted manufacturers.
func (k *Keeper) CreatePool(ctx context.Context, manufacturerID string) error {
	has, err := k.Pools.Has(ctx, manufacturerID)
	if err != nil {
		return err
	}
	if has {
		return errorsmod.Wrapf(types.ErrPoolExists, "%s", manufacturerID)
	}
	return k.Pools.Set(ctx, manufacturerID, math.ZeroInt())
}

// PoolOf returns a manufacturer's pool balance, or ErrUnknownPool.
func (k *Keeper) PoolOf(ctx context.Context, manufacturerID string) (math.Int, error) {
	amount, err := k.Pools.Get(ctx, manufacturerID)
	if keeperkit.IsNotFound(err) {
		return math.Int{}, errorsmod.Wrapf(types.ErrUnknownPool, "%q", manufacturerID)
	}
	return amount, err
}

// auditorPool returns the auditor pool balance (zero before the first fee).
func (k *Keeper) auditorPool(ctx context.Context) (math.Int, error) {
	amount, err := k.AuditorPool.Get(ctx)
	if keeperkit.IsNotFound(err) {
		return math.ZeroInt(), nil
	}
	return amount, err
}

// GetSurplus returns the surplus (zero when genesis recorded none).
func (k *Keeper) GetSurplus(ctx context.Context) (math.Int, error) {
	amount, err := k.Surplus.Get(ctx)
	if keeperkit.IsNotFound(err) {
		return math.ZeroInt(), nil
	}
	return amount, err
}

// RewardOf returns an account's withdrawable rewards (zero when none).
func (k *Keeper) RewardOf(ctx context.Context, addr sdk.AccAddress) (math.Int, error) {
	amount, err := k.Rewards.Get(ctx, addr)
	if keeperkit.IsNotFound(err) {
		return math.ZeroInt(), nil
	}
	return amount, err
}

// accrue adds to an account's withdrawable rewards.
func (k *Keeper) accrue(ctx context.Context, addr sdk.AccAddress, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	have, err := k.RewardOf(ctx, addr)
	if err != nil {
		return err
	}
	return k.Rewards.Set(ctx, addr, have.Add(amount))
}

// coins wraps an amount in the fee denom.
func coins(denom string, amount math.Int) sdk.Coins {
	return sdk.NewCoins(sdk.NewCoin(denom, amount))
}
