package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/x/auditor/types"
)

type queryServer struct{ k *Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServer returns the registry's Query service.
func NewQueryServer(k *Keeper) types.QueryServer { return queryServer{k: k} }

// Auditor returns one auditor.
func (q queryServer) Auditor(ctx context.Context, req *types.QueryAuditorRequest) (*types.QueryAuditorResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := types.ValidateID(req.Id); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	a, err := q.k.GetAuditor(ctx, req.Id)
	if errors.Is(err, types.ErrUnknownAuditor) {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	if err != nil {
		return nil, err
	}
	return &types.QueryAuditorResponse{Auditor: a}, nil
}

// Auditors lists auditors in id order, optionally of one status.
func (q queryServer) Auditors(ctx context.Context, req *types.QueryAuditorsRequest) (*types.QueryAuditorsResponse, error) {
	if req == nil {
		req = &types.QueryAuditorsRequest{}
	}
	if _, ok := types.Status_name[int32(req.Status)]; !ok {
		return nil, status.Errorf(codes.InvalidArgument, "unknown status %d", req.Status)
	}
	list, page, err := query.CollectionFilteredPaginate(ctx, q.k.Auditors, req.Pagination,
		func(_ string, a types.Auditor) (bool, error) {
			return req.Status == types.STATUS_UNSPECIFIED || a.Status == req.Status, nil
		},
		func(_ string, a types.Auditor) (types.Auditor, error) { return a, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryAuditorsResponse{Auditors: list, Pagination: page}, nil
}

// AuditorByOperator returns the auditor an account operates.
func (q queryServer) AuditorByOperator(ctx context.Context, req *types.QueryAuditorByOperatorRequest) (*types.QueryAuditorByOperatorResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	operator, err := q.k.parseOperator(req.Operator)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	id, err := q.k.Operators.Get(ctx, operator)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "%s operates no auditor", req.Operator)
	}
	if err != nil {
		return nil, err
	}
	a, err := q.k.GetAuditor(ctx, id)
	if err != nil {
		return nil, err
	}
	return &types.QueryAuditorByOperatorResponse{Auditor: a}, nil
}

// Params returns the network's reputation types.
func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: params}, nil
}
