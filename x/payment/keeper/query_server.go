package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/math"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
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
	c, err := q.k.CheckPayment(ctx, req.PayerDeviceId, req.PayeeDeviceId, req.Amount, req.Location, req.DeviceSigned)
	switch {
	case errors.Is(err, tokentypes.ErrPaused):
		return &types.QueryValidateResponse{Refusals: []types.Refusal{{Rule: RulePaused, Detail: err.Error()}}, Commission: math.ZeroInt(),
			LocationAttested: req.DeviceSigned}, nil
	case errors.Is(err, types.ErrInvalidAmount), errors.Is(err, devicetypes.ErrInvalidDeviceID):
		return nil, status.Error(codes.InvalidArgument, err.Error())
	case err != nil:
		return nil, err
	}
	refusals := c.Refusals
	if refusals == nil {
		refusals = []types.Refusal{}
	}
	return &types.QueryValidateResponse{Allowed: c.Allowed(), Refusals: refusals, Commission: c.Commission, LocationAttested: req.DeviceSigned}, nil
}

// Nonce returns the nonce the device's next signed payment intent must carry.
func (q queryServer) Nonce(ctx context.Context, req *types.QueryNonceRequest) (*types.QueryNonceResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	id, err := devicetypes.ParseDeviceID(req.DeviceId)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	if _, err := q.k.devices.GetDevice(ctx, id); err != nil {
		return nil, err
	}
	n, err := q.k.NonceOf(ctx, id.String())
	return &types.QueryNonceResponse{Nonce: n}, err
}
