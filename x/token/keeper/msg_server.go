package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/token/types"
)

type msgServer struct{ k *Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service.
func NewMsgServerImpl(k *Keeper) types.MsgServer { return msgServer{k: k} }

// UpdateParams replaces the fee schedule; governance only.
func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := s.k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, keeperkit.Emit(ctx,
		&types.EventParamsUpdated{Authority: msg.Authority})
}

// DepositToPool moves tokens from anyone into a manufacturer's pool.
func (s msgServer) DepositToPool(ctx context.Context, msg *types.MsgDepositToPool) (*types.MsgDepositToPoolResponse, error) {
	depositor, err := s.k.addressCodec.StringToBytes(msg.Depositor)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "depositor %q: %v", msg.Depositor, err)
	}
	if msg.Amount.IsNil() || !msg.Amount.IsPositive() {
		return nil, errorsmod.Wrap(types.ErrInvalidAmount, "deposit must be positive")
	}
	pool, err := s.k.PoolOf(ctx, msg.ManufacturerId)
	if err != nil {
		return nil, err
	}
	params, err := s.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.k.checkFunds(ctx, depositor, params.Denom, msg.Amount); err != nil {
		return nil, err
	}
	if err := s.k.bank.SendCoinsFromAccountToModule(ctx, depositor, types.ModuleName, coins(params.Denom, msg.Amount)); err != nil {
		return nil, err
	}
	if err := s.k.Pools.Set(ctx, msg.ManufacturerId, pool.Add(msg.Amount)); err != nil {
		return nil, err
	}
	return &types.MsgDepositToPoolResponse{}, keeperkit.Emit(ctx, &types.EventPoolDeposit{
		Depositor: msg.Depositor, ManufacturerId: msg.ManufacturerId, Amount: msg.Amount.String(),
	})
}

// WithdrawRewards pays out everything an account has accrued.
func (s msgServer) WithdrawRewards(ctx context.Context, msg *types.MsgWithdrawRewards) (*types.MsgWithdrawRewardsResponse, error) {
	owner, err := s.k.addressCodec.StringToBytes(msg.Owner)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "owner %q: %v", msg.Owner, err)
	}
	amount, err := s.k.RewardOf(ctx, owner)
	if err != nil {
		return nil, err
	}
	if !amount.IsPositive() {
		return nil, errorsmod.Wrapf(types.ErrNoRewards, "%s", msg.Owner)
	}
	params, err := s.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.k.Rewards.Remove(ctx, owner); err != nil {
		return nil, err
	}
	if err := s.k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, owner, coins(params.Denom, amount)); err != nil {
		return nil, err
	}
	return &types.MsgWithdrawRewardsResponse{Amount: amount}, keeperkit.Emit(ctx,
		&types.EventRewardsWithdrawn{Owner: msg.Owner, Amount: amount.String()})
}

// SetPaused pauses or resumes actions; the network authority's emergency stop.
func (s msgServer) SetPaused(ctx context.Context, msg *types.MsgSetPaused) (*types.MsgSetPausedResponse, error) {
	if err := s.k.permission.CheckAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if len(msg.Actions) == 0 {
		return nil, errorsmod.Wrap(types.ErrInvalidAction, "no action named")
	}
	for _, a := range msg.Actions {
		if err := types.ValidateAction(a); err != nil {
			return nil, err
		}
	}
	for _, a := range msg.Actions {
		var err error
		if msg.Paused {
			err = s.k.Paused.Set(ctx, int32(a), keeperkit.Present{})
		} else {
			err = s.k.Paused.Remove(ctx, int32(a))
		}
		if err != nil {
			return nil, err
		}
	}
	return &types.MsgSetPausedResponse{}, keeperkit.Emit(ctx, &types.EventPauseChanged{
		Authority: msg.Authority, Actions: msg.Actions, Paused: msg.Paused,
	})
}
