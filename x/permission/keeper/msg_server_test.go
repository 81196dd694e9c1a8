package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/permission/types"
)

func TestAllowValidator(t *testing.T) {
	cases := []struct {
		name    string
		signer  func(f *fixture) string
		prepare func(t *testing.T, f *fixture, operator string)
		op      func(f *fixture, operator string) string
		wantErr error
	}{
		{name: "governance approves an operator", signer: func(f *fixture) string { return f.gov }},
		{name: "a registrar approves an operator", signer: func(f *fixture) string { return f.registrar }},
		{
			name: "an ordinary account cannot approve an operator", signer: func(f *fixture) string { return f.outsider },
			wantErr: types.ErrNotAuthority,
		},
		{
			name: "a malformed signer is not the authority", signer: func(*fixture) string { return "not-an-address" },
			wantErr: types.ErrNotAuthority,
		},
		{
			name: "a malformed operator address is refused", signer: func(f *fixture) string { return f.registrar },
			op:      func(*fixture, string) string { return "atonomi1notbech32" },
			wantErr: types.ErrInvalidAddress,
		},
		{
			name: "an empty operator address is refused", signer: func(f *fixture) string { return f.registrar },
			op:      func(*fixture, string) string { return "" },
			wantErr: types.ErrInvalidAddress,
		},
		{
			name: "an operator already on the allowlist is refused", signer: func(f *fixture) string { return f.registrar },
			prepare: func(t *testing.T, f *fixture, operator string) {
				_, err := f.msgs.AllowValidator(f.ctx, &types.MsgAllowValidator{Authority: f.gov, Operator: operator})
				require.NoError(t, err)
			},
			wantErr: types.ErrAlreadyAllowed,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			_, operator := f.operator(t, "acme")
			if tc.prepare != nil {
				tc.prepare(t, f, operator)
			}
			before := f.allowlist(t)
			target := operator
			if tc.op != nil {
				target = tc.op(f, operator)
			}
			signer := tc.signer(f)
			_, err := f.msgs.AllowValidator(f.ctx, &types.MsgAllowValidator{Authority: signer, Operator: target, Note: "ACME"})
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.allowlist(t), "a refused message changes nothing")
				return
			}
			require.NoError(t, err)
			res, err := f.queries.AllowedValidator(f.ctx, &types.QueryAllowedValidatorRequest{Operator: operator})
			require.NoError(t, err)
			require.Equal(t, types.AllowedValidator{Operator: operator, ApprovedBy: signer, ApprovedHeight: 7, Note: "ACME"}, res.AllowedValidator)
			testutil.RequireLastEvent(t, f.ctx, &types.EventValidatorAllowed{Operator: operator, ApprovedBy: signer})
		})
	}
}

func TestRemoveValidator(t *testing.T) {
	t.Run("a registrar removes an operator and its bonded validator is jailed", func(t *testing.T) {
		f := setup(t)
		bz, operator := f.operator(t, "acme")
		allow(t, f, operator)
		f.staking.addValidator(t, bz, false)

		_, err := f.msgs.RemoveValidator(f.ctx, &types.MsgRemoveValidator{Authority: f.registrar, Operator: operator})
		require.NoError(t, err)
		require.Empty(t, f.allowlist(t))
		val, err := f.staking.GetValidator(f.ctx, sdk.ValAddress(bz))
		require.NoError(t, err)
		require.True(t, val.Jailed)
		testutil.RequireLastEvent(t, f.ctx, &types.EventValidatorRemoved{Operator: operator, RemovedBy: f.registrar, Jailed: true})
	})
	t.Run("governance removes an operator that never created a validator", func(t *testing.T) {
		f := setup(t)
		_, operator := f.operator(t, "acme")
		allow(t, f, operator)
		_, err := f.msgs.RemoveValidator(f.ctx, &types.MsgRemoveValidator{Authority: f.gov, Operator: operator})
		require.NoError(t, err)
		require.Empty(t, f.allowlist(t))
		testutil.RequireLastEvent(t, f.ctx, &types.EventValidatorRemoved{Operator: operator, RemovedBy: f.gov, Jailed: false})
	})
	t.Run("removing an operator whose validator is already jailed leaves it jailed", func(t *testing.T) {
		f := setup(t)
		bz, operator := f.operator(t, "acme")
		allow(t, f, operator)
		f.staking.addValidator(t, bz, true)
		_, err := f.msgs.RemoveValidator(f.ctx, &types.MsgRemoveValidator{Authority: f.gov, Operator: operator})
		require.NoError(t, err)
		testutil.RequireLastEvent(t, f.ctx, &types.EventValidatorRemoved{Operator: operator, RemovedBy: f.gov, Jailed: false})
	})

	refusals := []struct {
		name    string
		signer  func(f *fixture) string
		op      func(f *fixture, operator string) string
		wantErr error
	}{
		{"an ordinary account cannot remove a validator", func(f *fixture) string { return f.outsider }, nil, types.ErrNotAuthority},
		{"a malformed operator address is refused", func(f *fixture) string { return f.gov },
			func(*fixture, string) string { return "bogus" }, types.ErrInvalidAddress},
		{"an operator not on the allowlist cannot be removed", func(f *fixture) string { return f.gov },
			func(f *fixture, _ string) string { return f.outsider }, types.ErrNotAllowed},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			bz, operator := f.operator(t, "acme")
			allow(t, f, operator)
			f.staking.addValidator(t, bz, false)
			target := operator
			if tc.op != nil {
				target = tc.op(f, operator)
			}
			_, err := f.msgs.RemoveValidator(f.ctx, &types.MsgRemoveValidator{Authority: tc.signer(f), Operator: target})
			require.ErrorIs(t, err, tc.wantErr)
			require.Len(t, f.allowlist(t), 1)
			val, err := f.staking.GetValidator(f.ctx, sdk.ValAddress(bz))
			require.NoError(t, err)
			require.False(t, val.Jailed)
		})
	}
}

func TestUpdateParams(t *testing.T) {
	cases := []struct {
		name    string
		signer  func(f *fixture) string
		params  func(f *fixture) types.Params
		wantErr error
	}{
		{
			name:   "governance replaces the registrars",
			signer: func(f *fixture) string { return f.gov },
			params: func(f *fixture) types.Params { return types.Params{Registrars: []string{f.outsider}, MinValidators: 1} },
		},
		{
			name:   "a registrar cannot appoint registrars",
			signer: func(f *fixture) string { return f.registrar },
			params: func(f *fixture) types.Params {
				return types.Params{Registrars: []string{f.registrar, f.outsider}, MinValidators: 1}
			},
			wantErr: sdkerrors.ErrUnauthorized,
		},
		{
			name:    "an ordinary account cannot change params",
			signer:  func(f *fixture) string { return f.outsider },
			params:  func(f *fixture) types.Params { return types.Params{Registrars: []string{f.outsider}, MinValidators: 1} },
			wantErr: sdkerrors.ErrUnauthorized,
		},
		{
			name:    "a malformed registrar is refused",
			signer:  func(f *fixture) string { return f.gov },
			params:  func(*fixture) types.Params { return types.Params{Registrars: []string{"cosmos1xyz"}, MinValidators: 1} },
			wantErr: types.ErrInvalidParams,
		},
		{
			name:   "a registrar listed twice is refused",
			signer: func(f *fixture) string { return f.gov },
			params: func(f *fixture) types.Params {
				return types.Params{Registrars: []string{f.outsider, f.outsider}, MinValidators: 1}
			},
			wantErr: types.ErrInvalidParams,
		},
		{
			name:   "governance raises min_validators",
			signer: func(f *fixture) string { return f.gov },
			params: func(f *fixture) types.Params {
				return types.Params{Registrars: []string{f.registrar}, MinValidators: 4}
			},
		},
		{
			name:   "a registrar cannot lower min_validators",
			signer: func(f *fixture) string { return f.registrar },
			params: func(f *fixture) types.Params {
				return types.Params{Registrars: []string{f.registrar}, MinValidators: 1}
			},
			wantErr: sdkerrors.ErrUnauthorized,
		},
		{
			name:   "min_validators 0 is refused",
			signer: func(f *fixture) string { return f.gov },
			params: func(f *fixture) types.Params {
				return types.Params{Registrars: []string{f.registrar}, MinValidators: 0}
			},
			wantErr: types.ErrInvalidParams,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			before, err := f.k.Params.Get(f.ctx)
			require.NoError(t, err)
			params := tc.params(f)
			_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: tc.signer(f), Params: params})
			after, getErr := f.k.Params.Get(f.ctx)
			require.NoError(t, getErr)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, after)
				return
			}
			require.NoError(t, err)
			require.Equal(t, params, after)
			testutil.RequireLastEvent(t, f.ctx, &types.EventParamsUpdated{Registrars: params.Registrars, MinValidators: params.MinValidators})
			// A registrar left out of the new params lost its power with the change.
			ok, err := f.k.IsAuthority(f.ctx, f.registrar)
			require.NoError(t, err)
			require.Equal(t, params.IsRegistrar(f.registrar), ok)
		})
	}
}

func allow(t *testing.T, f *fixture, operator string) {
	t.Helper()
	_, err := f.msgs.AllowValidator(f.ctx, &types.MsgAllowValidator{Authority: f.gov, Operator: operator})
	require.NoError(t, err)
}
