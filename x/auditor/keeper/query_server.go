package keeper

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/internal/registry"
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
	a, err := registry.QueryByID(ctx, q.k.Auditors, req.Id, types.ValidateID, types.ErrUnknownAuditor)
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
	list, page, err := registry.QueryList(ctx, q.k.Auditors, registry.Status(req.Status), req.Pagination)
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
	a, err := registry.QueryByOperator(ctx, q.k.Auditors, q.k.index, req.Operator, "auditor", q.k.parseOperator, types.ErrUnknownAuditor)
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
