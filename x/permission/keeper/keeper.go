package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/canonical"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/permission/types"
)

// Keeper keeps the registrars and the validator allowlist, and answers the
// other modules' question "does this account act for the network authority?".
type Keeper struct {
	addressCodec    address.Codec
	valAddressCodec address.Codec
	// authority is the x/gov module account: the only signer of MsgUpdateParams
	// unless the consensus params name another authority (see
	// isGovAuthority).
	authority string

	// stakingKeeper is set after construction (SetStakingKeeper) because the
	// staking keeper needs this keeper's hooks first.
	stakingKeeper types.StakingKeeper

	Schema            collections.Schema
	Params            collections.Item[types.Params]
	AllowedValidators collections.Map[sdk.AccAddress, types.AllowedValidator]
	// RemovalWindow is the registrars' latest removal window (see
	// checkRemovalBounds); absent until a registrar removes a bonded validator.
	RemovalWindow collections.Item[types.RemovalWindow]
}

// NewKeeper builds the keeper over its store.
func NewKeeper(cdc codec.BinaryCodec, storeService storetypes.KVStoreService, ac, valCodec address.Codec, authority string) *Keeper {
	// Every account address this keeper reads from a message, a query or
	// genesis must be in its one canonical spelling (see x/internal/canonical).
	// valCodec stays as given: it only reads x/staking's validator records,
	// whose text x/staking keeps as it was sent, and refusing one there would
	// fail the end blocker.
	ac = canonical.Wrap(ac)
	if _, err := ac.StringToBytes(authority); err != nil {
		panic(errorsmod.Wrapf(err, "invalid permission authority %q", authority))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := &Keeper{
		addressCodec:    ac,
		valAddressCodec: valCodec,
		authority:       authority,
		// Validate keeps min_validators (field 2) at 1 or more, so Params
		// never has every field at its default; NonEmptyProto stores it
		// non-empty even if a caller skips Validate.
		Params: collections.NewItem(sb, types.ParamsKey, "params",
			keeperkit.NonEmptyProto(codec.CollValue[types.Params](cdc), 2)),
		AllowedValidators: collections.NewMap(sb, types.AllowedValidatorsKey, "allowed_validators",
			sdk.AccAddressKey, codec.CollValue[types.AllowedValidator](cdc)),
		RemovalWindow: collections.NewItem(sb, types.RemovalWindowKey, "removal_window",
			codec.CollValue[types.RemovalWindow](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// SetStakingKeeper wires x/staking in after both keepers exist.
func (k *Keeper) SetStakingKeeper(sk types.StakingKeeper) { k.stakingKeeper = sk }

// GetAuthority returns the x/gov module address.
func (k *Keeper) GetAuthority() string { return k.authority }

// isGovAuthority reports whether addr is the chain's governance authority:
// the one the consensus params name if they name one, x/gov otherwise — the
// same rule sdk.ValidateAuthority applies to every MsgUpdateParams.
func (k *Keeper) isGovAuthority(ctx context.Context, addr string) bool {
	return sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), k.authority, addr) == nil
}

// AddressCodec returns the account address codec.
func (k *Keeper) AddressCodec() address.Codec { return k.addressCodec }

// GetParams returns the registrars and the validator floor.
func (k *Keeper) GetParams(ctx context.Context) (types.Params, error) { return k.Params.Get(ctx) }

// IsAuthority reports whether addr acts for the network authority: the
// governance authority (see isGovAuthority) or a registrar. addr is compared as text, so a spelling of an address that is
// not canonical is refused with ErrInvalidAddress rather than found to be no
// one; text that is no address at all is no one.
func (k *Keeper) IsAuthority(ctx context.Context, addr string) (bool, error) {
	if _, err := k.addressCodec.StringToBytes(addr); errors.Is(err, canonical.ErrNotCanonical) {
		return false, errorsmod.Wrapf(types.ErrInvalidAddress, "signer: %v", err)
	}
	if k.isGovAuthority(ctx, addr) {
		return true, nil
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return false, err
	}
	return params.IsRegistrar(addr), nil
}

// CheckAuthority returns ErrNotAuthority unless addr acts for the network authority.
func (k *Keeper) CheckAuthority(ctx context.Context, addr string) error {
	ok, err := k.IsAuthority(ctx, addr)
	if err != nil {
		return err
	}
	if !ok {
		return errorsmod.Wrapf(types.ErrNotAuthority, "%s is neither the governance authority nor a registrar", addr)
	}
	return nil
}

// IsAllowed reports whether the operator account is on the validator allowlist.
func (k *Keeper) IsAllowed(ctx context.Context, operator sdk.AccAddress) (bool, error) {
	return k.AllowedValidators.Has(ctx, operator)
}

// parseAddress turns a bech32 string into bytes, or a typed error naming the field.
func (k *Keeper) parseAddress(field, addr string) (sdk.AccAddress, error) {
	bz, err := k.addressCodec.StringToBytes(addr)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%s %q: %v", field, addr, err)
	}
	if len(bz) == 0 {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "%s is empty", field)
	}
	return bz, nil
}
