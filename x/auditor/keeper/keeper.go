package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/internal/canonical"
	"github.com/atonomi/atonomid/x/internal/consent"
	"github.com/atonomi/atonomid/x/internal/registry"
)

// Keeper is the auditor registry.
type Keeper struct {
	addressCodec address.Codec
	permission   types.PermissionKeeper
	// authority is the x/gov module account: the only signer of MsgUpdateParams.
	authority string
	// hooks follow changes of auditors' effective weights; nil until the app
	// sets them.
	hooks types.AuditorHooks

	Schema   collections.Schema
	Params   collections.Item[types.Params]
	Auditors collections.Map[string, types.Auditor]
	// Operators maps the operator account of each auditor that is not
	// removed to its id: an account operates at most one auditor, so a
	// score's signer names its auditor.
	Operators collections.Map[sdk.AccAddress, string]

	// index is Operators for the rules the manufacturer and auditor
	// registries share (x/internal/registry).
	index registry.Index
}

// registryErrors are the module's refusals of the shared registry rules.
var registryErrors = registry.Errors{
	Unknown: types.ErrUnknownAuditor, DuplicateID: types.ErrDuplicateID, NotOperator: types.ErrNotOperator,
	InvalidTransition: types.ErrInvalidTransition, OperatorTaken: types.ErrOperatorTaken,
	Rotation: consent.Errors{
		Invalid: types.ErrInvalidRotation, None: types.ErrNoPendingRotation, NotOffered: types.ErrNotOperator, Expired: types.ErrRotationExpired,
	},
}

// NewKeeper builds the registry over its store. authority is the x/gov module
// address; registrars act for the network authority through pk but may not
// change the params.
func NewKeeper(cdc codec.BinaryCodec, storeService storetypes.KVStoreService, ac address.Codec, authority string, pk types.PermissionKeeper) *Keeper {
	// Every address this keeper reads from a message, a query or genesis
	// must be in its one canonical spelling (see x/internal/canonical).
	ac = canonical.Wrap(ac)
	if _, err := ac.StringToBytes(authority); err != nil {
		panic(errorsmod.Wrapf(err, "invalid auditor authority %q", authority))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := &Keeper{
		addressCodec: ac,
		permission:   pk,
		authority:    authority,
		Params:       collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Auditors:     collections.NewMap(sb, types.AuditorsKey, "auditors", collections.StringKey, codec.CollValue[types.Auditor](cdc)),
		Operators:    collections.NewMap(sb, types.OperatorsKey, "operators", sdk.AccAddressKey, collections.StringValue),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	k.index = registry.Index{Operators: k.Operators, AddressCodec: ac}
	return k
}

// SetHooks installs the hooks that follow auditors' weight changes. It may
// be called once: a second call would silently drop the first module's
// hooks, so it panics, as the SDK keepers' SetHooks do.
func (k *Keeper) SetHooks(h types.AuditorHooks) {
	if k.hooks != nil {
		panic("cannot set auditor hooks twice")
	}
	k.hooks = h
}

// afterWeightChanged tells the hooks, if any, an auditor's effective weight.
func (k *Keeper) afterWeightChanged(ctx context.Context, a types.Auditor) error {
	if k.hooks == nil {
		return nil
	}
	return k.hooks.AfterAuditorWeightChanged(ctx, a.Id, a.EffectiveWeight())
}

// AddressCodec returns the account address codec.
func (k *Keeper) AddressCodec() address.Codec { return k.addressCodec }

// GetAuthority returns the x/gov module address.
func (k *Keeper) GetAuthority() string { return k.authority }

// GetParams returns the network's reputation types.
func (k *Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}

// GetAuditor returns an auditor, or ErrUnknownAuditor.
func (k *Keeper) GetAuditor(ctx context.Context, id string) (types.Auditor, error) {
	return registry.Get(ctx, k.Auditors, id, types.ErrUnknownAuditor)
}

// operatedBy returns auditor id if operator is its operator and it is not
// removed.
func (k *Keeper) operatedBy(ctx context.Context, id, operator string) (types.Auditor, error) {
	a, err := k.GetAuditor(ctx, id)
	if err != nil {
		return a, err
	}
	// A spelling that is not canonical is refused as such, not compared.
	if _, err := k.parseOperator(operator); err != nil {
		return a, err
	}
	if err := registry.CheckOperator(a, operator, types.ErrNotOperator); err != nil {
		return a, err
	}
	return a, registry.CheckNotRemoved(a, types.ErrInvalidTransition)
}

// AllAuditors returns every auditor, removed ones included, in id order:
// the registry is a handful of admitted services.
func (k *Keeper) AllAuditors(ctx context.Context) ([]types.Auditor, error) {
	it, err := k.Auditors.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	return it.Values()
}

// ActiveAuditorOperatedBy returns the auditor operator operates, checking that
// it is active: the gate for writing reputation scores. The caller still
// checks that the score's type is in its scope (Auditor.HasType).
func (k *Keeper) ActiveAuditorOperatedBy(ctx context.Context, operator string) (types.Auditor, error) {
	bz, err := k.parseOperator(operator)
	if err != nil {
		return types.Auditor{}, err
	}
	id, found, err := k.index.Lookup(ctx, bz)
	if err != nil {
		return types.Auditor{}, err
	}
	if !found {
		return types.Auditor{}, errorsmod.Wrapf(types.ErrNotOperator, "%s operates no auditor", operator)
	}
	a, err := k.GetAuditor(ctx, id)
	if err != nil {
		return a, err
	}
	if a.Status != types.STATUS_ACTIVE {
		return a, errorsmod.Wrapf(types.ErrAuditorInactive, "%s is %s", a.Id, a.Status.StatusName())
	}
	return a, nil
}

// parseOperator converts a bech32 operator into bytes after validating it.
func (k *Keeper) parseOperator(operator string) (sdk.AccAddress, error) {
	if err := types.ValidateOperator(k.addressCodec, operator); err != nil {
		return nil, err
	}
	bz, err := k.addressCodec.StringToBytes(operator)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidOperator, "%q: %v", operator, err)
	}
	return bz, nil
}
