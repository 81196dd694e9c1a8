package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// RegisterDevices whitelists a batch. Every entry is checked before anything
// is written; one bad entry refuses the whole batch with its index.
func (s msgServer) RegisterDevices(ctx context.Context, msg *types.MsgRegisterDevices) (*types.MsgRegisterDevicesResponse, error) {
	operator, maker, err := s.k.registrationGate(ctx, msg.Operator, msg.ManufacturerId)
	if err != nil {
		return nil, err
	}
	n := len(msg.Devices)
	if err := s.k.checkBatchSize(ctx, n); err != nil {
		return nil, err
	}
	if err := s.k.checkBatch(ctx, msg.ManufacturerId, msg.Devices); err != nil {
		return nil, err
	}
	if _, err := s.k.token.ChargeFee(ctx, operator, tokentypes.FeeRegistration, uint64(n), msg.ManufacturerId); err != nil {
		return nil, err
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	for _, e := range msg.Devices {
		if err := s.k.storeNewAndNotify(ctx, newDevice(msg.ManufacturerId, e, height, maker.DefaultReputation)); err != nil {
			return nil, err
		}
	}
	if err := s.k.manufacturers.AddDeviceCounts(ctx, msg.ManufacturerId, int64(n), 0); err != nil {
		return nil, err
	}
	return &types.MsgRegisterDevicesResponse{Registered: uint64(n)}, keeperkit.Emit(ctx, &types.EventDevicesRegistered{
		ManufacturerId: msg.ManufacturerId, Operator: msg.Operator, Count: uint64(n),
		FirstId: msg.Devices[0].Id, LastId: msg.Devices[n-1].Id,
	})
}

// CommitWhitelist records a Merkle root over count devices. The registration
// fee for all of them is charged now; nothing is written per device until
// one is activated with its proof. The commit is the devices' registration,
// so the whitelist keeps the manufacturer's default reputation of now for
// every device activated from it, however late.
func (s msgServer) CommitWhitelist(ctx context.Context, msg *types.MsgCommitWhitelist) (*types.MsgCommitWhitelistResponse, error) {
	operator, maker, err := s.k.registrationGate(ctx, msg.Operator, msg.ManufacturerId)
	if err != nil {
		return nil, err
	}
	w := types.MerkleWhitelist{
		Root: msg.Root, ManufacturerId: msg.ManufacturerId, Count: msg.Count,
		CommittedHeight: sdk.UnwrapSDKContext(ctx).BlockHeight(), Protocols: msg.Protocols, DeviceType: msg.DeviceType,
		DefaultReputation: maker.DefaultReputation,
	}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	// Only this manufacturer's own earlier commit of the root stands in the
	// way: another's copy of it is another whitelist.
	has, err := s.k.Whitelists.Has(ctx, WhitelistKey(w))
	if err != nil {
		return nil, err
	}
	if has {
		return nil, errorsmod.Wrapf(types.ErrDuplicateWhitelist, "%s already committed %s", msg.ManufacturerId, msg.Root)
	}
	if _, err := s.k.token.ChargeFee(ctx, operator, tokentypes.FeeRegistration, msg.Count, msg.ManufacturerId); err != nil {
		return nil, err
	}
	if err := s.k.Whitelists.Set(ctx, WhitelistKey(w), w); err != nil {
		return nil, err
	}
	if err := s.k.manufacturers.AddDeviceCounts(ctx, msg.ManufacturerId, int64(msg.Count), 0); err != nil {
		return nil, err
	}
	return &types.MsgCommitWhitelistResponse{}, keeperkit.Emit(ctx, &types.EventWhitelistCommitted{
		ManufacturerId: msg.ManufacturerId, Root: msg.Root, Count: msg.Count,
	})
}

// registrationGate checks the pause switch and that operator acts for an
// active manufacturer; it returns the operator's address and the
// manufacturer, whose default reputation the new devices keep.
func (k *Keeper) registrationGate(ctx context.Context, operator, manufacturerID string) (sdk.AccAddress, manufacturertypes.Manufacturer, error) {
	var m manufacturertypes.Manufacturer
	if err := k.token.CheckNotPaused(ctx, tokentypes.ACTION_REGISTRATION); err != nil {
		return nil, m, err
	}
	addr, err := k.addressCodec.StringToBytes(operator)
	if err != nil {
		return nil, m, errorsmod.Wrapf(types.ErrInvalidAddress, "operator %q: %v", operator, err)
	}
	if m, err = k.manufacturers.ActiveManufacturerOperatedBy(ctx, manufacturerID, operator); err != nil {
		return nil, m, err
	}
	return addr, m, nil
}

// checkBatchSize refuses an empty batch and one above max_batch_size: a
// registration, a release.
func (k *Keeper) checkBatchSize(ctx context.Context, n int) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return types.ErrEmptyBatch
	}
	if n > int(params.MaxBatchSize) {
		return errorsmod.Wrapf(types.ErrBatchTooLarge, "%d devices, the maximum is %d", n, params.MaxBatchSize)
	}
	return nil
}

// checkBatch validates manufacturer's entries and refuses ids and keys
// repeated in the batch, on chain, ever revoked, or reserved for another
// manufacturer, naming the entry's index.
func (k *Keeper) checkBatch(ctx context.Context, manufacturer string, entries []types.DeviceEntry) error {
	if err := types.CheckDistinct(entries); err != nil {
		return err
	}
	for i, e := range entries {
		id, _ := types.ParseDeviceID(e.Id)
		if err := k.checkNew(ctx, manufacturer, id, e.KeyType, e.PublicKey); err != nil {
			return errorsmod.Wrapf(err, "entry %d", i)
		}
	}
	return nil
}

// newDevice is the record of a freshly whitelisted device. It keeps
// defaultReputation, its manufacturer's default at its registration, in its
// own record: the value of its unscored types stays what it started with
// whatever the manufacturer's default becomes, at no extra write.
func newDevice(manufacturerID string, e types.DeviceEntry, height int64, defaultReputation uint32) types.Device {
	id, _ := types.ParseDeviceID(e.Id)
	return types.Device{
		Id: id.String(), ManufacturerId: manufacturerID, KeyType: e.KeyType, PublicKey: e.PublicKey,
		Protocols: e.Protocols, DeviceType: e.DeviceType, Status: types.STATUS_REGISTERED,
		Policy: types.DefaultPolicy(), Metadata: e.Metadata, RegisteredHeight: height, UpdatedHeight: height,
		DefaultReputation: defaultReputation,
	}
}
