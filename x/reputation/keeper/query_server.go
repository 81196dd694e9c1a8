package keeper

import (
	"context"

	"github.com/atonomi/atonomid/x/reputation/types"
)

type queryServer struct{ k *Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServer returns the module's Query service.
func NewQueryServer(k *Keeper) types.QueryServer { return queryServer{k: k} }

// Params returns the reputation params.
func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: params}, nil
}
