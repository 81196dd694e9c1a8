package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/canonical"
	"github.com/atonomi/atonomid/x/internal/consent"
	"github.com/atonomi/atonomid/x/internal/registry"
	"github.com/atonomi/atonomid/x/manufacturer/types"
)

// Keeper is the manufacturer registry.
type Keeper struct {
	addressCodec address.Codec
	permission   types.PermissionKeeper
	token        types.TokenKeeper

	Schema        collections.Schema
	Manufacturers collections.Map[string, types.Manufacturer]
	// Operators maps each operator account of a manufacturer that is not
	// removed to its id: an account operates at most one manufacturer.
	Operators collections.Map[sdk.AccAddress, string]

	// index is Operators for the rules the manufacturer and auditor
	// registries share (x/internal/registry).
	index registry.Index
}

// registryErrors are the module's refusals of the shared registry rules.
var registryErrors = registry.Errors{
	Unknown: types.ErrUnknownManufacturer, DuplicateID: types.ErrDuplicateID, NotOperator: types.ErrNotOperator,
	InvalidTransition: types.ErrInvalidTransition, OperatorTaken: types.ErrOperatorTaken,
	Rotation: consent.Errors{
		Invalid: types.ErrInvalidRotation, None: types.ErrNoPendingRotation, NotOffered: types.ErrNotOperator, Expired: types.ErrRotationExpired,
	},
}

// NewKeeper builds the registry over its store.
func NewKeeper(cdc codec.BinaryCodec, storeService storetypes.KVStoreService, ac address.Codec, pk types.PermissionKeeper, tk types.TokenKeeper) *Keeper {
	// Every address this keeper reads from a message, a query or genesis
	// must be in its one canonical spelling (see x/internal/canonical).
	ac = canonical.Wrap(ac)
	sb := collections.NewSchemaBuilder(storeService)
	k := &Keeper{
		addressCodec:  ac,
		permission:    pk,
		token:         tk,
		Manufacturers: collections.NewMap(sb, types.ManufacturersKey, "manufacturers", collections.StringKey, codec.CollValue[types.Manufacturer](cdc)),
		Operators:     collections.NewMap(sb, types.OperatorsKey, "operators", sdk.AccAddressKey, collections.StringValue),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	k.index = registry.Index{Operators: k.Operators, AddressCodec: ac}
	return k
}

// AddressCodec returns the account address codec.
func (k *Keeper) AddressCodec() address.Codec { return k.addressCodec }

// GetManufacturer returns a manufacturer, or ErrUnknownManufacturer.
func (k *Keeper) GetManufacturer(ctx context.Context, id string) (types.Manufacturer, error) {
	return registry.Get(ctx, k.Manufacturers, id, types.ErrUnknownManufacturer)
}

// operatedBy returns manufacturer id if operator is one of its operators and
// it is not removed.
func (k *Keeper) operatedBy(ctx context.Context, id, operator string) (types.Manufacturer, error) {
	m, err := k.operatorOf(ctx, id, operator)
	if err != nil {
		return m, err
	}
	return m, registry.CheckNotRemoved(m, types.ErrInvalidTransition)
}

// operatorOf returns manufacturer id if operator is one of its operators.
func (k *Keeper) operatorOf(ctx context.Context, id, operator string) (types.Manufacturer, error) {
	m, err := k.GetManufacturer(ctx, id)
	if err != nil {
		return m, err
	}
	// A spelling that is not canonical is refused as such, not compared.
	if _, err := k.parseOperators([]string{operator}); err != nil {
		return m, err
	}
	return m, registry.CheckOperator(m, operator, types.ErrNotOperator)
}

// rotate makes m's operators next, which all consented, moving their index
// entries, and stores m; it returns the old operators.
func (k *Keeper) rotate(ctx context.Context, m types.Manufacturer, next []string) (types.Manufacturer, []string, error) {
	old := m.Operators
	if err := k.index.Rotate(ctx, m.Id, old, next); err != nil {
		return m, nil, err
	}
	m.Operators, m.PendingOperators = next, nil
	return m, old, k.Manufacturers.Set(ctx, m.Id, m)
}

// AllManufacturers returns every manufacturer, removed ones included, in id
// order: the registry is a handful of admitted makers.
func (k *Keeper) AllManufacturers(ctx context.Context) ([]types.Manufacturer, error) {
	it, err := k.Manufacturers.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	return it.Values()
}

// ActiveManufacturerOperatedBy returns the manufacturer id operates, checking
// that operator is one of its operators and that it is active: the gate for
// registering devices.
func (k *Keeper) ActiveManufacturerOperatedBy(ctx context.Context, id, operator string) (types.Manufacturer, error) {
	m, err := k.operatorOf(ctx, id, operator)
	if err != nil {
		return m, err
	}
	return m, m.CheckActive()
}

// AddDeviceCounts moves a manufacturer's device counters; the device
// registry calls it once per batch, not once per device.
func (k *Keeper) AddDeviceCounts(ctx context.Context, id string, registered, active int64) error {
	m, err := k.GetManufacturer(ctx, id)
	if err != nil {
		return err
	}
	m.DevicesRegistered = addSigned(m.DevicesRegistered, registered)
	m.DevicesActive = addSigned(m.DevicesActive, active)
	return k.Manufacturers.Set(ctx, id, m)
}

func addSigned(v uint64, d int64) uint64 {
	if d < 0 {
		if uint64(-d) > v {
			return 0
		}
		return v - uint64(-d)
	}
	return v + uint64(d)
}

// parseOperators converts bech32 operators into bytes after validating them.
func (k *Keeper) parseOperators(operators []string) ([]sdk.AccAddress, error) {
	if err := types.ValidateOperators(k.addressCodec, operators); err != nil {
		return nil, err
	}
	out := make([]sdk.AccAddress, len(operators))
	for i, op := range operators {
		bz, err := k.addressCodec.StringToBytes(op)
		if err != nil {
			return nil, errorsmod.Wrapf(types.ErrInvalidOperators, "operator %d: %v", i, err)
		}
		out[i] = bz
	}
	return out, nil
}
