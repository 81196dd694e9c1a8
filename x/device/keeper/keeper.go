package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/canonical"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
)

// Keeper is the device registry.
type Keeper struct {
	addressCodec  address.Codec
	authority     string // x/gov: the only signer of MsgUpdateParams
	manufacturers types.ManufacturerKeeper
	token         types.TokenKeeper
	permission    types.PermissionKeeper
	// moduleAccounts are the app's module accounts, by raw address: they
	// hold pooled funds, so they never receive a device or become a wallet.
	moduleAccounts map[string]bool
	// verified remembers signatures that verified in this process, so that
	// DeliverTx does not redo CheckTx's work (see verified_cache.go).
	verified *verifiedCache
	// hooks follow changes of devices' owners and statuses; nil until the
	// app sets them.
	hooks types.DeviceHooks

	Schema  collections.Schema
	Params  collections.Item[types.Params]
	Devices collections.Map[devicekit.ID, types.Device]
	// KeyHashes holds every credential ever registered, revoked or not.
	KeyHashes collections.Map[[]byte, keeperkit.Present]
	// ByStatus indexes (status, "manufacturer/id") of every device that has
	// left STATUS_REGISTERED: devices by status, and by manufacturer within a
	// status. A registration writes no entry (see indexedStatus).
	ByStatus collections.Map[collections.Pair[int32, string], keeperkit.Present]
	// ByOwner indexes (owner, id) of devices that have an owner.
	ByOwner collections.Map[collections.Pair[sdk.AccAddress, devicekit.ID], keeperkit.Present]
	// ByService indexes (service type, id) of advertised services.
	ByService collections.Map[collections.Pair[string, devicekit.ID], keeperkit.Present]
	// Whitelists holds committed Merkle whitelists by (manufacturer, root):
	// a root belongs to the manufacturer that committed it, so a rival's copy
	// of it is a different whitelist.
	Whitelists collections.Map[collections.Pair[string, []byte], types.MerkleWhitelist]
	// ReservedIDs and ReservedKeys hold the credentials x/gov released from
	// a removed manufacturer (device id; key hash) → the only manufacturer
	// that may register them. Registering one consumes its reservation.
	ReservedIDs  collections.Map[devicekit.ID, string]
	ReservedKeys collections.Map[[]byte, string]
}

// NewKeeper builds the registry over its store.
func NewKeeper(
	cdc codec.BinaryCodec, storeService storetypes.KVStoreService, ac address.Codec, authority string,
	mk types.ManufacturerKeeper, tk types.TokenKeeper, pk types.PermissionKeeper, moduleAccounts []sdk.AccAddress,
) *Keeper {
	// Every address this keeper reads from a message, a query or genesis
	// must be in its one canonical spelling (see x/internal/canonical).
	ac = canonical.Wrap(ac)
	sb := collections.NewSchemaBuilder(storeService)
	macc := make(map[string]bool, len(moduleAccounts))
	for _, a := range moduleAccounts {
		macc[string(a)] = true
	}
	k := &Keeper{
		addressCodec: ac, authority: authority, manufacturers: mk, token: tk, permission: pk, moduleAccounts: macc,
		verified:  newVerifiedCache(verifiedCacheSize),
		Params:    collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Devices:   collections.NewMap(sb, types.DevicesKey, "devices", types.DeviceIDKey, codec.CollValue[types.Device](cdc)),
		KeyHashes: collections.NewMap(sb, types.KeyHashesKey, "key_hashes", collections.BytesKey, keeperkit.PresentValue),
		ByStatus: collections.NewMap(sb, types.ByStatusKey, "by_status",
			collections.PairKeyCodec(collections.Int32Key, collections.StringKey), keeperkit.PresentValue),
		ByOwner: collections.NewMap(sb, types.ByOwnerKey, "by_owner",
			collections.PairKeyCodec(sdk.AccAddressKey, types.DeviceIDKey), keeperkit.PresentValue),
		ByService: collections.NewMap(sb, types.ByServiceKey, "by_service",
			collections.PairKeyCodec(collections.StringKey, types.DeviceIDKey), keeperkit.PresentValue),
		Whitelists: collections.NewMap(sb, types.WhitelistsKey, "whitelists",
			collections.PairKeyCodec(collections.StringKey, collections.BytesKey), codec.CollValue[types.MerkleWhitelist](cdc)),
		ReservedIDs:  collections.NewMap(sb, types.ReservedIDsKey, "reserved_ids", types.DeviceIDKey, collections.StringValue),
		ReservedKeys: collections.NewMap(sb, types.ReservedKeysKey, "reserved_keys", collections.BytesKey, collections.StringValue),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// SetHooks installs the hooks that follow devices' owner and status
// changes. It may be called once: a second call would silently drop the
// first module's hooks, so it panics, as the SDK keepers' SetHooks do.
func (k *Keeper) SetHooks(h types.DeviceHooks) {
	if k.hooks != nil {
		panic("cannot set device hooks twice")
	}
	k.hooks = h
}

// afterWrite tells the hooks, if any, that a device was stored with another
// owner or status than before (the zero Device for a new one).
func (k *Keeper) afterWrite(ctx context.Context, before, after types.Device) error {
	if k.hooks == nil || (before.Owner == after.Owner && before.Status == after.Status) {
		return nil
	}
	return k.hooks.AfterDeviceOwnerOrStatusChanged(ctx, before, after)
}

// AddressCodec returns the account address codec.
func (k *Keeper) AddressCodec() address.Codec { return k.addressCodec }

// IsModuleAccount reports whether addr is one of the app's module accounts.
func (k *Keeper) IsModuleAccount(addr []byte) bool { return k.moduleAccounts[string(addr)] }

// personalAccount parses an account that is to own a device or pay for
// one, refusing module accounts: their funds are pooled, and gov's could
// otherwise "consent" by proposal.
func (k *Keeper) personalAccount(role, addr string) error {
	bz, err := k.addressCodec.StringToBytes(addr)
	if err != nil {
		return errorsmod.Wrapf(types.ErrInvalidAddress, "%s %q: %v", role, addr, err)
	}
	if k.IsModuleAccount(bz) {
		return errorsmod.Wrapf(types.ErrModuleAccount, "%s %s", role, addr)
	}
	return nil
}

// GetDevice returns a device by id, or ErrUnknownDevice.
func (k *Keeper) GetDevice(ctx context.Context, id devicekit.ID) (types.Device, error) {
	d, err := k.Devices.Get(ctx, id)
	if keeperkit.IsNotFound(err) {
		return d, errorsmod.Wrapf(types.ErrUnknownDevice, "%s", id)
	}
	return d, err
}

// WalkDevices calls fn on the devices in rng, in id order, until fn stops.
func (k *Keeper) WalkDevices(ctx context.Context, rng collections.Ranger[devicekit.ID], fn func(types.Device) (stop bool, err error)) error {
	return k.Devices.Walk(ctx, rng, func(_ devicekit.ID, d types.Device) (bool, error) { return fn(d) })
}

// getDevice parses the text id and returns the device.
func (k *Keeper) getDevice(ctx context.Context, idText string) (devicekit.ID, types.Device, error) {
	id, err := types.ParseDeviceID(idText)
	if err != nil {
		return id, types.Device{}, err
	}
	d, err := k.GetDevice(ctx, id)
	return id, d, err
}

// whitelistKey is the Whitelists key of manufacturer's root.
func whitelistKey(manufacturer string, root [32]byte) collections.Pair[string, []byte] {
	return collections.Join(manufacturer, root[:])
}

// WhitelistKey is w's key in Whitelists; w must have passed Validate.
func WhitelistKey(w types.MerkleWhitelist) collections.Pair[string, []byte] {
	root, _ := types.ParseRoot(w.Root)
	return whitelistKey(w.ManufacturerId, root)
}

// statusKey is a device's ByStatus entry.
func statusKey(d types.Device) collections.Pair[int32, string] {
	return collections.Join(int32(d.Status), d.ManufacturerId+"/"+d.Id)
}

// indexedStatus reports whether a device of status st has a ByStatus entry.
// Registered devices have none: registration is the bulk write (thousands
// of devices a transaction), a list of never-activated devices serves
// nobody on chain (manufacturers hold their own whitelists, and the
// indexer serves history), so each registration costs the record and the
// credential entry only. Every later status is indexed.
func indexedStatus(st types.Status) bool { return st != types.STATUS_REGISTERED }

// storeChangeAndNotify stamps d with the block height, stores it and tells the
// hooks of a change of owner or status.
func (k *Keeper) storeChangeAndNotify(ctx context.Context, old *types.Device, d types.Device) error {
	d.UpdatedHeight = sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := k.setIndexed(ctx, old, d); err != nil {
		return err
	}
	return k.afterWrite(ctx, *old, d)
}

// setIndexed stores d as it is and moves its index entries from old (nil
// for a new device). Only the indexes whose inputs changed are written.
func (k *Keeper) setIndexed(ctx context.Context, old *types.Device, d types.Device) error {
	// The record's id is parsed, not hex-decoded, so that only the canonical
	// text form of an id is ever stored.
	id, err := types.ParseDeviceID(d.Id)
	if err != nil {
		return err
	}
	if err := k.Devices.Set(ctx, id, d); err != nil {
		return err
	}
	if old == nil || old.Status != d.Status {
		if old != nil && indexedStatus(old.Status) {
			if err := k.ByStatus.Remove(ctx, statusKey(*old)); err != nil {
				return err
			}
		}
		if indexedStatus(d.Status) {
			if err := k.ByStatus.Set(ctx, statusKey(d), keeperkit.Present{}); err != nil {
				return err
			}
		}
	}
	if err := k.moveOwner(ctx, id, old, d); err != nil {
		return err
	}
	return k.moveServices(ctx, id, old, d)
}

func (k *Keeper) moveOwner(ctx context.Context, id devicekit.ID, old *types.Device, d types.Device) error {
	oldOwner := ""
	if old != nil {
		oldOwner = old.Owner
	}
	if oldOwner == d.Owner {
		return nil
	}
	if oldOwner != "" {
		bz, err := k.addressCodec.StringToBytes(oldOwner)
		if err != nil {
			return err
		}
		if err := k.ByOwner.Remove(ctx, collections.Join(sdk.AccAddress(bz), id)); err != nil {
			return err
		}
	}
	if d.Owner == "" {
		return nil
	}
	bz, err := k.addressCodec.StringToBytes(d.Owner)
	if err != nil {
		return err
	}
	return k.ByOwner.Set(ctx, collections.Join(sdk.AccAddress(bz), id), keeperkit.Present{})
}

// listedServices are the services a device appears under in discovery: an
// active device's adverts; a suspended device keeps them, unlisted, until
// it is reinstated.
func listedServices(d *types.Device) []types.Service {
	if d == nil || d.Status != types.STATUS_ACTIVE {
		return nil
	}
	return d.Services
}

func (k *Keeper) moveServices(ctx context.Context, id devicekit.ID, old *types.Device, d types.Device) error {
	for _, s := range listedServices(old) {
		if err := k.ByService.Remove(ctx, collections.Join(s.ServiceType, id)); err != nil {
			return err
		}
	}
	for _, s := range listedServices(&d) {
		if err := k.ByService.Set(ctx, collections.Join(s.ServiceType, id), keeperkit.Present{}); err != nil {
			return err
		}
	}
	return nil
}

// storeNewAndNotify stores a new device, reserves its credential for good and
// tells the hooks.
func (k *Keeper) storeNewAndNotify(ctx context.Context, d types.Device) error {
	if err := k.storeNew(ctx, d); err != nil {
		return err
	}
	return k.afterWrite(ctx, types.Device{}, d)
}

// storeNew stores a new device and takes its credential (consuming a
// reservation of its id or key), without the hooks: genesis import loads
// the registry the other modules' state was exported with, it changes
// nothing they follow.
func (k *Keeper) storeNew(ctx context.Context, d types.Device) error {
	keyHash := types.KeyHash(d.KeyType, d.PublicKey)
	if err := k.KeyHashes.Set(ctx, keyHash, keeperkit.Present{}); err != nil {
		return err
	}
	id, err := types.ParseDeviceID(d.Id)
	if err != nil {
		return err
	}
	// A reservation is deleted only where there is one: a delete of an
	// absent key still travels through every cache layer to the tree and
	// reaches state listeners as a deletion, once per registered device.
	if err := removeIfPresent(ctx, k.ReservedIDs, id); err != nil {
		return err
	}
	if err := removeIfPresent(ctx, k.ReservedKeys, keyHash); err != nil {
		return err
	}
	return k.setIndexed(ctx, nil, d)
}

// removeIfPresent deletes key from m if m holds it.
func removeIfPresent[K, V any](ctx context.Context, m collections.Map[K, V], key K) error {
	has, err := m.Has(ctx, key)
	if err != nil || !has {
		return err
	}
	return m.Remove(ctx, key)
}

// checkNew refuses, for manufacturer, an id or credential that is already
// on chain or reserved for another manufacturer.
func (k *Keeper) checkNew(ctx context.Context, manufacturer string, id devicekit.ID, kt types.KeyType, pub []byte) error {
	if err := checkReservation(ctx, k.ReservedIDs, id, manufacturer, "device id "+id.String()); err != nil {
		return err
	}
	if err := checkReservation(ctx, k.ReservedKeys, types.KeyHash(kt, pub), manufacturer, "the "+kt.Kit().String()+" key of device "+id.String()); err != nil {
		return err
	}
	has, err := k.Devices.Has(ctx, id)
	if err != nil {
		return err
	}
	if has {
		return errorsmod.Wrapf(types.ErrDuplicateDevice, "%s", id)
	}
	has, err = k.KeyHashes.Has(ctx, types.KeyHash(kt, pub))
	if err != nil {
		return err
	}
	if has {
		return errorsmod.Wrapf(types.ErrDuplicateKey, "device %s: the %s key is already registered to a device (revoked ones included)", id, kt.Kit())
	}
	return nil
}

// checkReservation refuses a credential reserved for another manufacturer.
func checkReservation[K any](ctx context.Context, reserved collections.Map[K, string], key K, manufacturer, what string) error {
	holder, err := reserved.Get(ctx, key)
	if keeperkit.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if holder != manufacturer {
		return errorsmod.Wrapf(types.ErrCredentialReserved, "%s was released for %s only", what, holder)
	}
	return nil
}

// ManufacturerStatus reports the status name of a device's manufacturer.
func (k *Keeper) ManufacturerStatus(ctx context.Context, manufacturerID string) (string, error) {
	m, err := k.manufacturers.GetManufacturer(ctx, manufacturerID)
	if err != nil {
		return "", err
	}
	return m.Status.StatusName(), nil
}

// SetExcluded records x/reputation's verdict on a device: excluded while an
// aggregate of it is below the network threshold. It reports whether the
// flag changed.
func (k *Keeper) SetExcluded(ctx context.Context, id devicekit.ID, excluded bool) (bool, error) {
	d, err := k.GetDevice(ctx, id)
	if err != nil {
		return false, err
	}
	if d.Excluded == excluded {
		return false, nil
	}
	old := d
	d.Excluded = excluded
	return true, k.storeChangeAndNotify(ctx, &old, d)
}
