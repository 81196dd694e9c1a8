package simulation

import (
	"context"
	"errors"
	"fmt"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/x/permission/keeper"
	"github.com/atonomi/atonomid/x/permission/types"
)

// StakingModule is x/staking's simulation on a permissioned network. Its
// operations are x/staking's own, unchanged; each message this module's
// hooks must refuse (a validator whose operator is not allowlisted, a
// delegation by anyone but the validator's operator) is expected to fail
// with that refusal, and anything else to succeed. The production checks are
// exercised, not relaxed.
type StakingModule struct {
	staking.AppModule
	permission *keeper.Keeper
}

// NewStakingModule wraps x/staking's module for the simulation manager.
func NewStakingModule(am staking.AppModule, k *keeper.Keeper) StakingModule {
	return StakingModule{AppModule: am, permission: k}
}

// WeightedOperationsX registers x/staking's operations, each expecting the
// permission hooks' verdict.
func (m StakingModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	m.AppModule.WeightedOperationsX(weights, permissionedRegistry{reg: reg, k: m.permission})
}

// permissionedRegistry wraps every factory registered through it.
type permissionedRegistry struct {
	reg simsx.Registry
	k   *keeper.Keeper
}

func (p permissionedRegistry) Add(weight uint32, f simsx.SimMsgFactoryX) {
	p.reg.Add(weight, &permissionedFactory{inner: f, k: p.k})
}

// permissionedFactory runs a staking factory and works out from the
// allowlist whether the message it made must be refused.
type permissionedFactory struct {
	inner simsx.SimMsgFactoryX
	k     *keeper.Keeper
	// refusal is what the last message must fail with, nil if it must pass.
	refusal error
}

func (f *permissionedFactory) MsgType() sdk.Msg { return f.inner.MsgType() }

func (f *permissionedFactory) Create() simsx.FactoryMethod {
	create := f.inner.Create()
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, sdk.Msg) {
		f.refusal = nil
		signers, msg := create(ctx, testData, reporter)
		if reporter.IsSkipped() || msg == nil {
			return signers, msg
		}
		// A chain restarted from a zero-height export keeps its unbonding
		// entries with creation height 0, which x/staking's cancel
		// factory cannot name: no such message is valid.
		if c, ok := msg.(*stakingtypes.MsgCancelUnbondingDelegation); ok && c.CreationHeight == 0 {
			reporter.Skip("unbonding entry from a zero-height export")
			return nil, nil
		}
		refusal, err := f.expectedRefusal(ctx, msg)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		f.refusal = refusal
		return signers, msg
	}
}

// DeliveryResultHandler demands the expected refusal, or else what the
// staking factory demands.
func (f *permissionedFactory) DeliveryResultHandler() simsx.SimDeliveryResultHandler {
	inner, refusal := f.inner.DeliveryResultHandler(), f.refusal
	return func(err error) error {
		if refusal == nil {
			return inner(err)
		}
		if err == nil {
			return fmt.Errorf("permissioned staking accepted a message it must refuse with %q", refusal)
		}
		if !errors.Is(err, refusal) {
			return fmt.Errorf("want refusal %q, got: %w", refusal, err)
		}
		return nil
	}
}

// expectedRefusal is the permission hooks' verdict on msg.
func (f *permissionedFactory) expectedRefusal(ctx context.Context, msg sdk.Msg) (refusal, err error) {
	switch msg := msg.(type) {
	case *stakingtypes.MsgCreateValidator:
		operator, err := sdk.ValAddressFromBech32(msg.ValidatorAddress)
		if err != nil {
			return nil, err
		}
		allowed, err := f.k.IsAllowed(ctx, sdk.AccAddress(operator))
		if err != nil || allowed {
			return nil, err
		}
		return types.ErrValidatorRefused, nil
	case *stakingtypes.MsgDelegate:
		return f.delegationRefusal(msg.DelegatorAddress, msg.ValidatorAddress)
	case *stakingtypes.MsgBeginRedelegate:
		return f.delegationRefusal(msg.DelegatorAddress, msg.ValidatorDstAddress)
	case *stakingtypes.MsgCancelUnbondingDelegation:
		return f.delegationRefusal(msg.DelegatorAddress, msg.ValidatorAddress)
	}
	return nil, nil
}

// delegationRefusal refuses a delegation to a validator by anyone but its
// operator (a delegation the delegator already holds is not re-checked, but
// only operators ever hold one).
func (f *permissionedFactory) delegationRefusal(delegator, validator string) (refusal, err error) {
	del, err := f.k.AddressCodec().StringToBytes(delegator)
	if err != nil {
		return nil, err
	}
	val, err := sdk.ValAddressFromBech32(validator)
	if err != nil {
		return nil, err
	}
	if sdk.AccAddress(del).Equals(sdk.AccAddress(val)) {
		return nil, nil
	}
	return types.ErrDelegationRefused, nil
}
