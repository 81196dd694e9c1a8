package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/math"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/internal/pagination"
	"github.com/atonomi/atonomid/x/token/types"
)

type queryServer struct{ k *Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServer returns the module's Query service.
func NewQueryServer(k *Keeper) types.QueryServer { return queryServer{k: k} }

// Params returns the fee schedule.
func (q queryServer) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryParamsResponse{Params: params}, nil
}

// Pool returns a manufacturer's pool.
func (q queryServer) Pool(ctx context.Context, req *types.QueryPoolRequest) (*types.QueryPoolResponse, error) {
	if req == nil || req.ManufacturerId == "" {
		return nil, status.Error(codes.InvalidArgument, "manufacturer id is required")
	}
	amount, err := q.k.PoolOf(ctx, req.ManufacturerId)
	if errors.Is(err, types.ErrUnknownPool) {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	if err != nil {
		return nil, err
	}
	return &types.QueryPoolResponse{Pool: types.Pool{ManufacturerId: req.ManufacturerId, Amount: amount}}, nil
}

// AuditorPool returns the network's auditor pool.
func (q queryServer) AuditorPool(ctx context.Context, _ *types.QueryAuditorPoolRequest) (*types.QueryAuditorPoolResponse, error) {
	amount, err := q.k.auditorPool(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QueryAuditorPoolResponse{Amount: amount}, nil
}

// AuditorEpoch returns the auditor pool's running epoch, its end height
// under the current params, the pool and a page of the tally in auditor id
// order. The total credit is stored with the epoch, so no page walks the
// whole tally.
func (q queryServer) AuditorEpoch(ctx context.Context, req *types.QueryAuditorEpochRequest) (*types.QueryAuditorEpochResponse, error) {
	if req == nil {
		req = &types.QueryAuditorEpochRequest{}
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	epoch, err := q.k.auditorEpoch(ctx)
	if err != nil {
		return nil, err
	}
	pool, err := q.k.auditorPool(ctx)
	if err != nil {
		return nil, err
	}
	credits, page, err := pagination.Paginate(ctx, q.k.AuditorCredits, req.Pagination, nil,
		func(id string, credit math.Int) (types.AuditorCredit, error) {
			return types.AuditorCredit{AuditorId: id, Credit: credit}, nil
		})
	if err != nil {
		return nil, err
	}
	if credits == nil {
		credits = []types.AuditorCredit{}
	}
	return &types.QueryAuditorEpochResponse{
		Epoch: epoch, EndHeight: epoch.EndHeight(params.AuditorEpochBlocks), AuditorPool: pool,
		Credits: credits, Pagination: page,
	}, nil
}

// Surplus returns what the module account holds beyond every pool and reward.
func (q queryServer) Surplus(ctx context.Context, _ *types.QuerySurplusRequest) (*types.QuerySurplusResponse, error) {
	amount, err := q.k.GetSurplus(ctx)
	if err != nil {
		return nil, err
	}
	return &types.QuerySurplusResponse{Amount: amount}, nil
}

// Rewards returns an account's withdrawable rewards (zero when none).
func (q queryServer) Rewards(ctx context.Context, req *types.QueryRewardsRequest) (*types.QueryRewardsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := q.k.addressCodec.StringToBytes(req.Address)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "address %q: %v", req.Address, err)
	}
	amount, err := q.k.RewardOf(ctx, addr)
	if err != nil {
		return nil, err
	}
	return &types.QueryRewardsResponse{Reward: types.Reward{Address: req.Address, Amount: amount}}, nil
}

// Paused lists the paused actions.
func (q queryServer) Paused(ctx context.Context, _ *types.QueryPausedRequest) (*types.QueryPausedResponse, error) {
	res := &types.QueryPausedResponse{Paused: []types.Action{}}
	err := q.k.Paused.Walk(ctx, nil, func(a int32, _ keeperkit.Present) (bool, error) {
		res.Paused = append(res.Paused, types.Action(a))
		return false, nil
	})
	return res, err
}
