package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/reputation/types"
)

type msgServer struct{ k *Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service. WriteScores is in
// msg_server_scores.go.
func NewMsgServerImpl(k *Keeper) types.MsgServer { return msgServer{k: k} }

// UpdateParams replaces the reputation params. Governance only: the
// exclusion threshold decides which devices are paid, so no single account
// may move it. A new threshold applies to payments at once; the devices'
// stored exclusion flags are re-judged at it by the end blocker's sweep,
// which a new threshold (re)starts from the first device. Params that keep
// the threshold leave a sweep under way as it is.
func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	old, err := s.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	if msg.Params.ExclusionThreshold != old.ExclusionThreshold {
		if err := s.k.startExclusionSweep(ctx, msg.Params.ExclusionThreshold); err != nil {
			return nil, err
		}
	}
	return &types.MsgUpdateParamsResponse{}, keeperkit.Emit(ctx, &types.EventParamsUpdated{Authority: msg.Authority})
}
