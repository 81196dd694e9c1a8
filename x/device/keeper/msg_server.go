package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/device/types"
)

type msgServer struct{ k *Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the registry's Msg service. Its methods are in
// msg_server_register.go (whitelists), msg_server_activate.go (activation),
// msg_server_lifecycle.go (suspend, reinstate, revoke) and
// msg_server_owner.go (transfer, policy, wallet, services).
func NewMsgServerImpl(k *Keeper) types.MsgServer { return msgServer{k: k} }

// UpdateParams replaces the params; governance only.
func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, s.k.Params.Set(ctx, msg.Params)
}
