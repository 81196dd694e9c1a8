package keeper

import (
	"context"
	"errors"
	"strings"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/internal/pagination"
)

type queryServer struct{ k *Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServer returns the registry's Query service.
func NewQueryServer(k *Keeper) types.QueryServer { return queryServer{k: k} }

// Device returns one device and whether its manufacturer is still active.
func (q queryServer) Device(ctx context.Context, req *types.QueryDeviceRequest) (*types.QueryDeviceResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	_, d, err := q.k.getDevice(ctx, req.Id)
	if err != nil {
		return nil, grpcError(err)
	}
	mStatus, err := q.k.ManufacturerStatus(ctx, d.ManufacturerId)
	if err != nil {
		return nil, err
	}
	return &types.QueryDeviceResponse{Device: d, ManufacturerStatus: mStatus}, nil
}

// DevicesByManufacturer lists a manufacturer's devices of one status, or
// all it has past registration (in status order).
func (q queryServer) DevicesByManufacturer(ctx context.Context, req *types.QueryDevicesByManufacturerRequest) (*types.QueryDevicesResponse, error) {
	if req == nil || req.ManufacturerId == "" || strings.Contains(req.ManufacturerId, "/") {
		return nil, status.Error(codes.InvalidArgument, "a manufacturer id is required")
	}
	statuses := []types.Status{types.STATUS_ACTIVE, types.STATUS_SUSPENDED, types.STATUS_REVOKED}
	if req.Status != types.STATUS_UNSPECIFIED {
		if err := listedStatus(req.Status); err != nil {
			return nil, err
		}
		statuses = []types.Status{req.Status}
	}
	return q.k.pageByStatus(ctx, statuses, req.ManufacturerId, req.Pagination)
}

// DevicesByStatus lists devices of one status across manufacturers.
func (q queryServer) DevicesByStatus(ctx context.Context, req *types.QueryDevicesByStatusRequest) (*types.QueryDevicesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := listedStatus(req.Status); err != nil {
		return nil, err
	}
	return q.k.pageByStatus(ctx, []types.Status{req.Status}, "", req.Pagination)
}

// listedStatus refuses a status that no listing serves: an unknown one, and
// STATUS_REGISTERED, whose devices have no index entry (see indexedStatus).
func listedStatus(st types.Status) error {
	if err := types.ValidateStatus(st); err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}
	if !indexedStatus(st) {
		return status.Error(codes.InvalidArgument, errorsmod.Wrap(types.ErrNotListed,
			"a registration writes no index entry: look a device up by id, or read the manufacturer's devices_registered and devices_active counters").Error())
	}
	return nil
}

// DevicesByOwner lists an account's devices.
func (q queryServer) DevicesByOwner(ctx context.Context, req *types.QueryDevicesByOwnerRequest) (*types.QueryDevicesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	owner, err := q.k.addressCodec.StringToBytes(req.Owner)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "owner %q: %v", req.Owner, err)
	}
	devices, page, err := pagination.Paginate(ctx, q.k.ByOwner, req.Pagination, nil,
		func(key collections.Pair[sdk.AccAddress, devicekit.ID], _ keeperkit.Present) (types.Device, error) {
			return q.k.Devices.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[sdk.AccAddress, devicekit.ID](owner))
	if err != nil {
		return nil, err
	}
	return &types.QueryDevicesResponse{Devices: devices, Pagination: page}, nil
}

// DevicesByService lists the devices advertising a service type.
func (q queryServer) DevicesByService(ctx context.Context, req *types.QueryDevicesByServiceRequest) (*types.QueryDevicesResponse, error) {
	if req == nil || req.ServiceType == "" {
		return nil, status.Error(codes.InvalidArgument, "a service type is required")
	}
	devices, page, err := pagination.Paginate(ctx, q.k.ByService, req.Pagination, nil,
		func(key collections.Pair[string, devicekit.ID], _ keeperkit.Present) (types.Device, error) {
			return q.k.Devices.Get(ctx, key.K2())
		}, query.WithCollectionPaginationPairPrefix[string, devicekit.ID](req.ServiceType))
	if err != nil {
		return nil, err
	}
	return &types.QueryDevicesResponse{Devices: devices, Pagination: page}, nil
}

// Whitelist returns a committed Merkle whitelist by manufacturer and root.
func (q queryServer) Whitelist(ctx context.Context, req *types.QueryWhitelistRequest) (*types.QueryWhitelistResponse, error) {
	if req == nil || req.ManufacturerId == "" {
		return nil, status.Error(codes.InvalidArgument, "a manufacturer id is required")
	}
	root, err := types.ParseRoot(req.Root)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	w, err := q.k.Whitelists.Get(ctx, whitelistKey(req.ManufacturerId, root))
	if keeperkit.IsNotFound(err) {
		return nil, status.Errorf(codes.NotFound, "%s has committed no whitelist %s", req.ManufacturerId, req.Root)
	}
	if err != nil {
		return nil, err
	}
	return &types.QueryWhitelistResponse{Whitelist: w}, nil
}

// Whitelists lists a manufacturer's committed whitelists in root order.
func (q queryServer) Whitelists(ctx context.Context, req *types.QueryWhitelistsRequest) (*types.QueryWhitelistsResponse, error) {
	if req == nil || req.ManufacturerId == "" {
		return nil, status.Error(codes.InvalidArgument, "a manufacturer id is required")
	}
	lists, page, err := pagination.Paginate(ctx, q.k.Whitelists, req.Pagination, nil,
		func(_ collections.Pair[string, []byte], w types.MerkleWhitelist) (types.MerkleWhitelist, error) {
			return w, nil
		},
		query.WithCollectionPaginationPairPrefix[string, []byte](req.ManufacturerId))
	if err != nil {
		return nil, err
	}
	return &types.QueryWhitelistsResponse{Whitelists: lists, Pagination: page}, nil
}

// Params returns the params.
func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: params}, nil
}

// pageByStatus pages through the ByStatus index over the given statuses, in
// order, keeping only manufacturer's devices when manufacturer is set. The
// page key is the encoded index key of the next entry.
func (k *Keeper) pageByStatus(ctx context.Context, statuses []types.Status, manufacturer string, req *query.PageRequest) (*types.QueryDevicesResponse, error) {
	page, err := pagination.BoundByKey(req, "device")
	if err != nil {
		return nil, err
	}
	codec := k.ByStatus.KeyCodec()
	var start *collections.Pair[int32, string]
	if len(page.Key) > 0 {
		_, key, err := codec.Decode(page.Key)
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "bad page key: %v", err)
		}
		if err := checkPageKey(key, statuses, manufacturer); err != nil {
			return nil, err
		}
		start = &key
	}
	res := &types.QueryDevicesResponse{Devices: []types.Device{}, Pagination: &query.PageResponse{}}
	for _, st := range statuses {
		s := int32(st)
		if start != nil && s < start.K1() {
			continue
		}
		lo, hi := collections.Join(s, ""), collections.Join(s+1, "")
		if manufacturer != "" {
			lo, hi = collections.Join(s, manufacturer+"/"), collections.Join(s, manufacturer+"0")
		}
		if start != nil && s == start.K1() {
			lo = *start
		}
		it, err := k.ByStatus.Iterate(ctx, new(collections.Range[collections.Pair[int32, string]]).StartInclusive(lo).EndExclusive(hi))
		if err != nil {
			return nil, err
		}
		done, err := k.collectPage(ctx, it, page.Limit, res)
		it.Close()
		if err != nil || done {
			return res, err
		}
	}
	return res, nil
}

// checkPageKey refuses a page key that does not belong to the listing asked
// for, so a key from another listing cannot widen this one.
func checkPageKey(key collections.Pair[int32, string], statuses []types.Status, manufacturer string) error {
	for _, st := range statuses {
		if int32(st) == key.K1() && (manufacturer == "" || strings.HasPrefix(key.K2(), manufacturer+"/")) {
			return nil
		}
	}
	return status.Error(codes.InvalidArgument, "the page key is not from this listing")
}

// collectPage appends devices from it until the page is full; when it is
// full and more entries follow, it sets the next key and reports done.
func (k *Keeper) collectPage(ctx context.Context, it collections.Iterator[collections.Pair[int32, string], keeperkit.Present], limit uint64, res *types.QueryDevicesResponse) (bool, error) {
	for ; it.Valid(); it.Next() {
		key, err := it.Key()
		if err != nil {
			return true, err
		}
		if uint64(len(res.Devices)) == limit {
			next, err := collections.EncodeKeyWithPrefix(nil, k.ByStatus.KeyCodec(), key)
			res.Pagination.NextKey = next
			return true, err
		}
		_, idHex, _ := strings.Cut(key.K2(), "/")
		id, err := types.ParseDeviceID(idHex)
		if err != nil {
			return true, err
		}
		d, err := k.Devices.Get(ctx, id)
		if err != nil {
			return true, err
		}
		res.Devices = append(res.Devices, d)
	}
	return false, nil
}

// grpcError maps registry errors to gRPC codes for queries.
func grpcError(err error) error {
	switch {
	case errors.Is(err, types.ErrUnknownDevice):
		return status.Error(codes.NotFound, err.Error())
	case errors.Is(err, types.ErrInvalidDeviceID):
		return status.Error(codes.InvalidArgument, err.Error())
	}
	return err
}
