package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/math"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/atonomi/atonomid/x/payment/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// RulePaused is the refusal the Validate query reports while the network
// authority has paused payments (MsgPay fails with token's ErrPaused).
const RulePaused = "paused"

type queryServer struct{ k *Keeper }

var _ types.QueryServer = queryServer{}

// NewQueryServer returns the Query service over the keeper.
func NewQueryServer(k *Keeper) types.QueryServer { return queryServer{k: k} }

// Validate answers whether a device payment would be allowed, and if not
// why, through the same check as MsgPay; a pause is reported as the refusal
// "paused".
func (q queryServer) Validate(ctx context.Context, req *types.QueryValidateRequest) (*types.QueryValidateResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	c, err := q.k.CheckPayment(ctx, req.PayerDeviceId, req.PayeeDeviceId, req.Amount, req.Location)
	switch {
	case errors.Is(err, tokentypes.ErrPaused):
		return &types.QueryValidateResponse{Refusals: []types.Refusal{{Rule: RulePaused, Detail: err.Error()}}, Commission: math.ZeroInt()}, nil
	case errors.Is(err, types.ErrInvalidAmount):
		return nil, status.Error(codes.InvalidArgument, err.Error())
	case err != nil:
		return nil, err
	}
	refusals := c.Refusals
	if refusals == nil {
		refusals = []types.Refusal{}
	}
	return &types.QueryValidateResponse{Allowed: c.Allowed(), Refusals: refusals, Commission: c.Commission}, nil
}
