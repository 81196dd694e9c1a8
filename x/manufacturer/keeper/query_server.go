package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/x/manufacturer/types"
)

type queryServer struct{ k *Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServer returns the registry's Query service.
func NewQueryServer(k *Keeper) types.QueryServer { return queryServer{k: k} }

// Manufacturer returns one manufacturer.
func (q queryServer) Manufacturer(ctx context.Context, req *types.QueryManufacturerRequest) (*types.QueryManufacturerResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := types.ValidateID(req.Id); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	m, err := q.k.GetManufacturer(ctx, req.Id)
	if errors.Is(err, types.ErrUnknownManufacturer) {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	if err != nil {
		return nil, err
	}
	return &types.QueryManufacturerResponse{Manufacturer: m}, nil
}

// Manufacturers lists manufacturers in id order, optionally of one status.
func (q queryServer) Manufacturers(ctx context.Context, req *types.QueryManufacturersRequest) (*types.QueryManufacturersResponse, error) {
	if req == nil {
		req = &types.QueryManufacturersRequest{}
	}
	if _, ok := types.Status_name[int32(req.Status)]; !ok {
		return nil, status.Errorf(codes.InvalidArgument, "unknown status %d", req.Status)
	}
	list, page, err := query.CollectionFilteredPaginate(ctx, q.k.Manufacturers, req.Pagination,
		func(_ string, m types.Manufacturer) (bool, error) {
			return req.Status == types.STATUS_UNSPECIFIED || m.Status == req.Status, nil
		},
		func(_ string, m types.Manufacturer) (types.Manufacturer, error) { return m, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryManufacturersResponse{Manufacturers: list, Pagination: page}, nil
}

// ManufacturerByOperator returns the manufacturer an account operates.
func (q queryServer) ManufacturerByOperator(ctx context.Context, req *types.QueryManufacturerByOperatorRequest) (*types.QueryManufacturerByOperatorResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	operator, err := q.k.addressCodec.StringToBytes(req.Operator)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "operator %q: %v", req.Operator, err)
	}
	id, err := q.k.Operators.Get(ctx, operator)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "%s operates no manufacturer", req.Operator)
	}
	if err != nil {
		return nil, err
	}
	m, err := q.k.GetManufacturer(ctx, id)
	if err != nil {
		return nil, err
	}
	return &types.QueryManufacturerByOperatorResponse{Manufacturer: m}, nil
}
