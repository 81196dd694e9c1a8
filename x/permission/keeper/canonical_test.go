package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/atonomi/atonomid/x/permission/types"
)

// notCanonical is what every refusal of a non-canonical spelling says.
const notCanonical = "not canonical: use lower case"

// Registrars are stored and compared as text (IsRegistrar), allowlist
// entries stored with their text: an upper-case spelling of an account is
// refused, never stored to match no one or to stand beside the canonical one.
func TestNonCanonicalAddressesAreRefused(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture)
		send    func(t *testing.T, f *fixture) error
		wantErr error
	}{
		{name: "an upper-case registrar in permission params is refused", wantErr: types.ErrInvalidParams,
			send: func(_ *testing.T, f *fixture) error {
				_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov,
					Params: types.Params{Registrars: []string{strings.ToUpper(f.outsider)}}})
				return err
			}},
		{name: "a registrar listed in both cases is refused, not appointed twice", wantErr: types.ErrInvalidParams,
			send: func(_ *testing.T, f *fixture) error {
				_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov,
					Params: types.Params{Registrars: []string{f.registrar, strings.ToUpper(f.registrar)}}})
				return err
			}},
		{name: "the registrar signing in upper case is refused as not canonical, not as no authority", wantErr: types.ErrInvalidAddress,
			send: func(t *testing.T, f *fixture) error {
				_, operator := f.operator(t, "acme")
				_, err := f.msgs.AllowValidator(f.ctx, &types.MsgAllowValidator{Authority: strings.ToUpper(f.registrar), Operator: operator})
				return err
			}},
		{name: "an upper-case operator is not put on the allowlist", wantErr: types.ErrInvalidAddress,
			send: func(t *testing.T, f *fixture) error {
				_, operator := f.operator(t, "acme")
				_, err := f.msgs.AllowValidator(f.ctx, &types.MsgAllowValidator{Authority: f.registrar, Operator: strings.ToUpper(operator)})
				return err
			}},
		{name: "an upper-case operator is not taken off the allowlist", wantErr: types.ErrInvalidAddress,
			prepare: func(t *testing.T, f *fixture) {
				_, operator := f.operator(t, "acme")
				_, err := f.msgs.AllowValidator(f.ctx, &types.MsgAllowValidator{Authority: f.registrar, Operator: operator})
				require.NoError(t, err)
			},
			send: func(t *testing.T, f *fixture) error {
				_, operator := f.operator(t, "acme")
				_, err := f.msgs.RemoveValidator(f.ctx, &types.MsgRemoveValidator{Authority: f.registrar, Operator: strings.ToUpper(operator)})
				return err
			}},
		{name: "another module's authority check refuses the registrar in upper case", wantErr: types.ErrInvalidAddress,
			send: func(_ *testing.T, f *fixture) error { return f.k.CheckAuthority(f.ctx, strings.ToUpper(f.registrar)) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			if tc.prepare != nil {
				tc.prepare(t, f)
			}
			before, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			err = tc.send(t, f)
			require.ErrorIs(t, err, tc.wantErr)
			require.ErrorContains(t, err, notCanonical)
			after, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			require.Equal(t, before, after, "a refused message changes nothing")
		})
	}
}

func TestAllowedValidatorQueryRefusesAnUpperCaseOperator(t *testing.T) {
	f := setup(t)
	_, operator := f.operator(t, "acme")
	_, err := f.queries.AllowedValidator(f.ctx, &types.QueryAllowedValidatorRequest{Operator: strings.ToUpper(operator)})
	require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
	require.ErrorContains(t, err, notCanonical)
}

func TestGenesisRefusesNonCanonicalAddresses(t *testing.T) {
	f := setup(t)
	_, operator := f.operator(t, "acme")
	cases := []struct {
		name    string
		gs      *types.GenesisState
		wantErr error
	}{
		{name: "an upper-case registrar", wantErr: types.ErrInvalidParams,
			gs: &types.GenesisState{Params: types.Params{Registrars: []string{strings.ToUpper(f.registrar)}}}},
		{name: "an upper-case allowed operator", wantErr: types.ErrInvalidGenesis,
			gs: &types.GenesisState{Params: types.DefaultParams(),
				AllowedValidators: []types.AllowedValidator{{Operator: strings.ToUpper(operator)}}}},
		{name: "an upper-case approver", wantErr: types.ErrInvalidGenesis,
			gs: &types.GenesisState{Params: types.DefaultParams(),
				AllowedValidators: []types.AllowedValidator{{Operator: operator, ApprovedBy: strings.ToUpper(f.registrar)}}}},
		{name: "one operator allowed under two spellings", wantErr: types.ErrInvalidGenesis,
			gs: &types.GenesisState{Params: types.DefaultParams(),
				AllowedValidators: []types.AllowedValidator{{Operator: operator}, {Operator: strings.ToUpper(operator)}}}},
	}
	for _, tc := range cases {
		gs := tc.gs
		t.Run(tc.name+" is refused", func(t *testing.T) {
			err := gs.Validate(f.ac)
			require.ErrorIs(t, err, tc.wantErr)
			require.ErrorContains(t, err, notCanonical)
			g := setup(t)
			before, err := g.k.ExportGenesis(g.ctx)
			require.NoError(t, err)
			require.Error(t, g.k.InitGenesis(g.ctx, gs))
			after, err := g.k.ExportGenesis(g.ctx)
			require.NoError(t, err)
			require.Equal(t, before, after, "nothing is stored")
		})
	}
}
