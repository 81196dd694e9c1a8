package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/internal/pagination"
	"github.com/atonomi/atonomid/x/reputation/types"
)

type queryServer struct{ k *Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServer returns the module's Query service.
func NewQueryServer(k *Keeper) types.QueryServer { return queryServer{k: k} }

// Aggregate returns a device's aggregate in one type. A type no auditor has
// scored has the device's default reputation as value, so a caller always
// gets a value to compare.
func (q queryServer) Aggregate(ctx context.Context, req *types.QueryAggregateRequest) (*types.QueryAggregateResponse, error) {
	if req == nil || req.ReputationType == "" {
		return nil, status.Error(codes.InvalidArgument, "a device id and a reputation type are required")
	}
	id, _, err := q.k.device(ctx, req.DeviceId)
	if err != nil {
		return nil, err
	}
	agg, err := q.k.aggregateOf(ctx, id, req.ReputationType)
	if err != nil {
		return nil, err
	}
	return &types.QueryAggregateResponse{Aggregate: agg}, nil
}

// valueIn is a device's value in a type given its scored aggregates aggs:
// the aggregate's, or the device's default when the type is not among them.
func valueIn(aggs []types.Aggregate, d devicetypes.Device, reputationType string) uint32 {
	for _, a := range aggs {
		if a.ReputationType == reputationType {
			return a.Value
		}
	}
	return d.DefaultReputation
}

// DeviceReputation returns a device's scored aggregates in type order, the
// value of the types not scored yet and whether the device is excluded,
// judged at the current threshold as payments judge it: the flag stored on
// the device lags behind a threshold change until the sweep reaches it.
func (q queryServer) DeviceReputation(ctx context.Context, req *types.QueryDeviceReputationRequest) (*types.QueryDeviceReputationResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	id, d, err := q.k.device(ctx, req.DeviceId)
	if err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	aggs, err := q.k.deviceAggregates(ctx, id)
	if err != nil {
		return nil, err
	}
	excluded := lowestBelow(aggs, params.ExclusionThreshold) != nil
	if aggs == nil {
		aggs = []types.Aggregate{}
	}
	return &types.QueryDeviceReputationResponse{Aggregates: aggs, DefaultValue: d.DefaultReputation, Excluded: excluded}, nil
}

// OwnerReputation returns an owner's aggregates in type order: per type, the
// mean of the aggregates of its devices that are not revoked and are scored
// in the type. An owner none of whose devices is scored has none.
func (q queryServer) OwnerReputation(ctx context.Context, req *types.QueryOwnerReputationRequest) (*types.QueryOwnerReputationResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	owner, err := q.k.addressCodec.StringToBytes(req.Owner)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "owner %q: %v", req.Owner, err)
	}
	prefix := collections.PairPrefix[sdk.AccAddress, string](owner)
	aggs, page, err := pagination.Paginate(ctx, q.k.OwnerAggregates, req.Pagination, nil,
		func(_ collections.Pair[sdk.AccAddress, string], a types.OwnerAggregate) (types.OwnerAggregate, error) {
			return a, nil
		},
		func(o *query.CollectionsPaginateOptions[collections.Pair[sdk.AccAddress, string]]) {
			o.Prefix = &prefix
		},
	)
	if err != nil {
		return nil, err
	}
	if aggs == nil {
		aggs = []types.OwnerAggregate{}
	}
	return &types.QueryOwnerReputationResponse{Aggregates: aggs, Pagination: page}, nil
}

// History returns a device's scores in one type, newest first, at most
// history_length of them.
func (q queryServer) History(ctx context.Context, req *types.QueryHistoryRequest) (*types.QueryHistoryResponse, error) {
	if req == nil || req.ReputationType == "" {
		return nil, status.Error(codes.InvalidArgument, "a device id and a reputation type are required")
	}
	id, _, err := q.k.device(ctx, req.DeviceId)
	if err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	next, err := q.k.HistoryNext.Get(ctx, collections.Join(id, req.ReputationType))
	if err != nil && !keeperkit.IsNotFound(err) {
		return nil, err
	}
	// Scores beyond history_length only remain after governance shortened
	// it, until the next write of the device and type prunes them.
	start := historyStart(next, params.HistoryLength)
	prefix := collections.TripleSuperPrefix[devicekit.ID, string, uint64](id, req.ReputationType)
	scores, page, err := pagination.Paginate(ctx, q.k.History, req.Pagination,
		func(key collections.Triple[devicekit.ID, string, uint64], _ types.Score) (bool, error) {
			return historySeq(key.K3()) >= start, nil
		},
		func(_ collections.Triple[devicekit.ID, string, uint64], s types.Score) (types.Score, error) {
			return s, nil
		},
		func(o *query.CollectionsPaginateOptions[collections.Triple[devicekit.ID, string, uint64]]) {
			o.Prefix = &prefix
		},
	)
	if err != nil {
		return nil, err
	}
	if scores == nil {
		scores = []types.Score{}
	}
	return &types.QueryHistoryResponse{Scores: scores, Pagination: page}, nil
}

// Params returns the reputation params and, while one is under way, the
// exclusion sweep: until it is done, the flags stored on devices it has not
// reached may still carry the verdict of the threshold before.
func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	sweep, err := q.k.exclusionSweep(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: params, ExclusionSweep: sweep}, nil
}

// device parses a query's device id and reads the device, with the gRPC
// codes of x/device's queries: InvalidArgument for a malformed id, NotFound
// for an unknown device.
func (k *Keeper) device(ctx context.Context, idText string) (devicekit.ID, devicetypes.Device, error) {
	id, err := devicetypes.ParseDeviceID(idText)
	if err != nil {
		return id, devicetypes.Device{}, status.Error(codes.InvalidArgument, err.Error())
	}
	d, err := k.devices.GetDevice(ctx, id)
	if errors.Is(err, devicetypes.ErrUnknownDevice) {
		return id, d, status.Error(codes.NotFound, err.Error())
	}
	return id, d, err
}

// ServiceProviders lists the devices offering a service type that are
// neither excluded (judged at the current threshold, as payments judge it)
// nor below any given reputation minimum, each with its scored aggregates.
// A type a device has no score in counts at the device's default. Each
// examined device's aggregates are read once, one walk over its scored
// types, and serve its exclusion, its minimums and its listing; x/device
// examines at most MaxProviderScan devices a page, and the minimums are
// capped as a device policy's are (devicetypes.ValidateReputationMinimums),
// so a page's reads and work are bounded whatever the filter.
func (q queryServer) ServiceProviders(ctx context.Context, req *types.QueryServiceProvidersRequest) (*types.QueryServiceProvidersResponse, error) {
	if req == nil || req.ServiceType == "" {
		return nil, status.Error(codes.InvalidArgument, "a service type is required")
	}
	page, err := pagination.BoundByKey(req.Pagination, "provider")
	if err != nil {
		return nil, err
	}
	minimums := make([]devicetypes.ReputationMinimum, len(req.Minimums))
	for i, m := range req.Minimums {
		minimums[i] = devicetypes.ReputationMinimum{ReputationType: m.ReputationType, MinScore: m.MinScore}
	}
	if err := devicetypes.ValidateReputationMinimums(types.ErrInvalidMinimums, minimums); err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	kept := map[string][]types.Aggregate{}
	devices, next, err := q.k.devices.ServiceProviders(ctx, req.ServiceType, page.Key, int(page.Limit), func(d devicetypes.Device) (bool, error) {
		id, err := devicetypes.ParseDeviceID(d.Id)
		if err != nil {
			return false, err
		}
		aggs, err := q.k.deviceAggregates(ctx, id)
		if err != nil {
			return false, err
		}
		if lowestBelow(aggs, params.ExclusionThreshold) != nil {
			return false, nil
		}
		for _, m := range minimums {
			if valueIn(aggs, d, m.ReputationType) < m.MinScore {
				return false, nil
			}
		}
		kept[d.Id] = aggs
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	res := &types.QueryServiceProvidersResponse{Providers: []types.Provider{}, Pagination: &query.PageResponse{NextKey: next}}
	for _, d := range devices {
		p := types.Provider{DeviceId: d.Id, ManufacturerId: d.ManufacturerId, Reputation: []types.Aggregate{}}
		for _, s := range d.Services {
			if s.ServiceType == req.ServiceType {
				p.Service = s
			}
		}
		p.Reputation = append(p.Reputation, kept[d.Id]...)
		res.Providers = append(res.Providers, p)
	}
	return res, nil
}
