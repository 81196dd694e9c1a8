package keeper

import (
	"context"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/registry"
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
	m, err := registry.QueryByID(ctx, q.k.Manufacturers, req.Id, types.ValidateID, types.ErrUnknownManufacturer)
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
	list, page, err := registry.QueryList(ctx, q.k.Manufacturers, registry.Status(req.Status), req.Pagination)
	if err != nil {
		return nil, err
	}
	return &types.QueryManufacturersResponse{Manufacturers: list, Pagination: page}, nil
}

// ManufacturerByOperator returns the manufacturer an account operates.
func (q queryServer) ManufacturerByOperator(ctx context.Context, req *types.QueryManufacturerByOperatorRequest) (*types.QueryManufacturerByOperatorResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	m, err := registry.QueryByOperator(ctx, q.k.Manufacturers, q.k.index, req.Operator, "manufacturer", func(operator string) (sdk.AccAddress, error) {
		bz, err := q.k.addressCodec.StringToBytes(operator)
		if err != nil {
			return nil, fmt.Errorf("operator %q: %w", operator, err)
		}
		return bz, nil
	}, types.ErrUnknownManufacturer)
	if err != nil {
		return nil, err
	}
	return &types.QueryManufacturerByOperatorResponse{Manufacturer: m}, nil
}
