package keeper

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

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
	a, err := q.k.reg.QueryByID(ctx, req.Id, types.ValidateID)
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
	list, page, err := q.k.reg.QueryList(ctx, req.Status, types.Status_name, req.Pagination)
	if err != nil {
		return nil, err
	}
	return &types.QueryAuditorsResponse{Auditors: list, Pagination: page}, nil
}

// AuditorByOperator returns the auditor an account operates.
func (q queryServer) AuditorByOperator(ctx context.Context, req *types.QueryAuditorByOperatorRequest) (*types.QueryAuditorByOperatorResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	a, err := q.k.reg.QueryByOperator(ctx, req.Operator, q.k.parseOperator)
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
