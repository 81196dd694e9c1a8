package keeper_test

import (
	"testing"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
	"github.com/atonomi/atonomid/x/token/types"
)

func TestDepositToPool(t *testing.T) {
	cases := []struct {
		name    string
		msg     func(f *fixture) *types.MsgDepositToPool
		wantErr error
	}{
		{name: "anyone deposits to a manufacturer's pool", msg: func(f *fixture) *types.MsgDepositToPool {
			return &types.MsgDepositToPool{Depositor: f.payerStr, ManufacturerId: "acme", Amount: math.NewInt(5_000)}
		}},
		{name: "a deposit to an unknown pool is refused", wantErr: types.ErrUnknownPool, msg: func(f *fixture) *types.MsgDepositToPool {
			return &types.MsgDepositToPool{Depositor: f.payerStr, ManufacturerId: "nobody", Amount: math.NewInt(5_000)}
		}},
		{name: "a zero deposit is refused", wantErr: types.ErrInvalidAmount, msg: func(f *fixture) *types.MsgDepositToPool {
			return &types.MsgDepositToPool{Depositor: f.payerStr, ManufacturerId: "acme", Amount: math.ZeroInt()}
		}},
		{name: "a negative deposit is refused", wantErr: types.ErrInvalidAmount, msg: func(f *fixture) *types.MsgDepositToPool {
			return &types.MsgDepositToPool{Depositor: f.payerStr, ManufacturerId: "acme", Amount: math.NewInt(-1)}
		}},
		{name: "a deposit above the balance is refused", wantErr: types.ErrInsufficientFunds, msg: func(f *fixture) *types.MsgDepositToPool {
			return &types.MsgDepositToPool{Depositor: f.payerStr, ManufacturerId: "acme", Amount: math.NewInt(1_000_001)}
		}},
		{name: "a malformed depositor is refused", wantErr: types.ErrInvalidAddress, msg: func(*fixture) *types.MsgDepositToPool {
			return &types.MsgDepositToPool{Depositor: "nope", ManufacturerId: "acme", Amount: math.NewInt(1)}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			before := f.snapshot(t)
			msg := tc.msg(f)
			_, err := f.msgs.DepositToPool(f.ctx, msg)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.snapshot(t))
				return
			}
			require.NoError(t, err)
			res, err := f.queries.Pool(f.ctx, &types.QueryPoolRequest{ManufacturerId: "acme"})
			require.NoError(t, err)
			require.Equal(t, msg.Amount, res.Pool.Amount)
			require.Equal(t, math.NewInt(995_000), f.balance(f.payer))
			testutil.RequireLastEvent(t, f.ctx, &types.EventPoolDeposit{Depositor: f.payerStr, ManufacturerId: "acme", Amount: "5000"})
		})
	}
}

func TestWithdrawRewards(t *testing.T) {
	f := setup(t)
	auditor, auditorStr := testutil.Addr(t, "auditor")
	maker, makerStr := testutil.Addr(t, "acme-ops")
	_, err := f.msgs.DepositToPool(f.ctx, &types.MsgDepositToPool{Depositor: f.payerStr, ManufacturerId: "acme", Amount: math.NewInt(10_000)})
	require.NoError(t, err)
	_, err = f.k.PayReputationReward(f.ctx, "acme", auditor, maker, 0)
	require.NoError(t, err)

	res, err := f.msgs.WithdrawRewards(f.ctx, &types.MsgWithdrawRewards{Owner: auditorStr})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(400), res.Amount)
	require.Equal(t, math.NewInt(400), f.balance(auditor), "the auditor is paid")
	testutil.RequireLastEvent(t, f.ctx, &types.EventRewardsWithdrawn{Owner: auditorStr, Amount: "400"})

	res, err = f.msgs.WithdrawRewards(f.ctx, &types.MsgWithdrawRewards{Owner: makerStr})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(100), res.Amount, "the manufacturer withdraws its share")

	before := f.snapshot(t)
	_, err = f.msgs.WithdrawRewards(f.ctx, &types.MsgWithdrawRewards{Owner: auditorStr})
	require.ErrorIs(t, err, types.ErrNoRewards, "nothing is paid twice")
	_, err = f.msgs.WithdrawRewards(f.ctx, &types.MsgWithdrawRewards{Owner: f.payerStr})
	require.ErrorIs(t, err, types.ErrNoRewards, "an account that earned nothing withdraws nothing")
	_, err = f.msgs.WithdrawRewards(f.ctx, &types.MsgWithdrawRewards{Owner: "bad"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)
	require.Equal(t, before, f.snapshot(t))
}

func TestSetPaused(t *testing.T) {
	f := setup(t)
	pause := &types.MsgSetPaused{Authority: f.registrar, Actions: []types.Action{types.ACTION_REGISTRATION, types.ACTION_PAYMENTS}, Paused: true}
	_, err := f.msgs.SetPaused(f.ctx, pause)
	require.NoError(t, err)
	require.ErrorIs(t, f.k.CheckNotPaused(f.ctx, types.ACTION_REGISTRATION), types.ErrPaused)
	require.ErrorIs(t, f.k.CheckNotPaused(f.ctx, types.ACTION_PAYMENTS), types.ErrPaused)
	require.NoError(t, f.k.CheckNotPaused(f.ctx, types.ACTION_ACTIVATION), "other actions go on")
	testutil.RequireLastEvent(t, f.ctx, &types.EventPauseChanged{Authority: f.registrar, Actions: pause.Actions, Paused: true})
	res, err := f.queries.Paused(f.ctx, &types.QueryPausedRequest{})
	require.NoError(t, err)
	require.Equal(t, []types.Action{types.ACTION_REGISTRATION, types.ACTION_PAYMENTS}, res.Paused)

	_, err = f.msgs.SetPaused(f.ctx, &types.MsgSetPaused{Authority: f.gov, Actions: []types.Action{types.ACTION_REGISTRATION}})
	require.ErrorIs(t, err, permissiontypes.ErrNotAuthority, "the fake authority knows only the registrar")

	before := f.snapshot(t)
	for name, msg := range map[string]*types.MsgSetPaused{
		"an ordinary account cannot pause":  {Authority: f.payerStr, Actions: []types.Action{types.ACTION_SCORING}, Paused: true},
		"an unknown action is refused":      {Authority: f.registrar, Actions: []types.Action{99}, Paused: true},
		"the unspecified action is refused": {Authority: f.registrar, Actions: []types.Action{types.ACTION_UNSPECIFIED}, Paused: true},
		"naming no action is refused":       {Authority: f.registrar, Paused: true},
	} {
		_, err := f.msgs.SetPaused(f.ctx, msg)
		require.Error(t, err, name)
	}
	require.Equal(t, before, f.snapshot(t))

	_, err = f.msgs.SetPaused(f.ctx, &types.MsgSetPaused{Authority: f.registrar, Actions: []types.Action{types.ACTION_REGISTRATION}, Paused: false})
	require.NoError(t, err)
	require.NoError(t, f.k.CheckNotPaused(f.ctx, types.ACTION_REGISTRATION), "resumed")
}

func TestUpdateParams(t *testing.T) {
	f := setup(t)
	params := types.DefaultParams()
	params.RegistrationFee = math.NewInt(2_000)
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: params})
	require.NoError(t, err)
	got, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, params, got.Params)

	before := f.snapshot(t)
	_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.registrar, Params: types.DefaultParams()})
	require.ErrorIs(t, err, sdkerrors.ErrUnauthorized, "a registrar cannot change fees")
	bad := types.DefaultParams()
	bad.ActivationSplit.ValidatorsBps++
	_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: bad})
	require.ErrorIs(t, err, types.ErrInvalidParams, "a split that does not sum to 100% is refused")
	require.Equal(t, before, f.snapshot(t))
}
