package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/internal/pagination"
	"github.com/atonomi/atonomid/x/permission/types"
)

type queryServer struct{ k *Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServer returns the module's Query service.
func NewQueryServer(k *Keeper) types.QueryServer { return queryServer{k: k} }

// Params returns the registrars.
func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: params}, nil
}

// AllowedValidator returns one allowlist entry.
func (q queryServer) AllowedValidator(ctx context.Context, req *types.QueryAllowedValidatorRequest) (*types.QueryAllowedValidatorResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	operator, err := q.k.parseAddress("operator", req.Operator)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	entry, err := q.k.AllowedValidators.Get(ctx, operator)
	if keeperkit.IsNotFound(err) {
		return nil, status.Error(codes.NotFound, errorsmod.Wrapf(types.ErrNotAllowed, "operator %s", req.Operator).Error())
	}
	if err != nil {
		return nil, err
	}
	return &types.QueryAllowedValidatorResponse{AllowedValidator: entry}, nil
}

// AllowedValidators lists the allowlist, paginated.
func (q queryServer) AllowedValidators(ctx context.Context, req *types.QueryAllowedValidatorsRequest) (*types.QueryAllowedValidatorsResponse, error) {
	if req == nil {
		req = &types.QueryAllowedValidatorsRequest{}
	}
	entries, page, err := pagination.Paginate(ctx, q.k.AllowedValidators, req.Pagination, nil,
		func(_ sdk.AccAddress, v types.AllowedValidator) (types.AllowedValidator, error) { return v, nil })
	if err != nil {
		return nil, err
	}
	return &types.QueryAllowedValidatorsResponse{AllowedValidators: entries, Pagination: page}, nil
}

// RemovalWindow returns the registrars' latest removal window, whether it is
// open at this block time, and when it closes.
func (q queryServer) RemovalWindow(ctx context.Context, _ *types.QueryRemovalWindowRequest) (*types.QueryRemovalWindowResponse, error) {
	window, err := q.k.RemovalWindow.Get(ctx)
	if keeperkit.IsNotFound(err) {
		return &types.QueryRemovalWindowResponse{}, nil
	}
	if err != nil {
		return nil, err
	}
	unbondingTime, err := q.k.stakingKeeper.UnbondingTime(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryRemovalWindowResponse{
		Window:   &window,
		Open:     window.IsOpen(sdk.UnwrapSDKContext(ctx).BlockTime(), unbondingTime),
		ClosesAt: window.ClosesAt(unbondingTime),
	}, nil
}
