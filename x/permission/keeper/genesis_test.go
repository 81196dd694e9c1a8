package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/permission/types"
)

func TestGenesisValidate(t *testing.T) {
	f := setup(t)
	_, a := f.operator(t, "acme")
	_, b := f.operator(t, "bosch")
	cases := []struct {
		name    string
		gs      types.GenesisState
		wantErr error
	}{
		{name: "the default genesis is valid", gs: *types.DefaultGenesis()},
		{name: "registrars and allowlisted operators are valid", gs: types.GenesisState{
			Params:            types.Params{Registrars: []string{f.registrar}},
			AllowedValidators: []types.AllowedValidator{{Operator: a, Note: "founder"}, {Operator: b, ApprovedBy: f.gov, ApprovedHeight: 9}},
		}},
		{name: "a malformed operator is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			AllowedValidators: []types.AllowedValidator{{Operator: "nope"}},
		}},
		{name: "an operator listed twice is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			AllowedValidators: []types.AllowedValidator{{Operator: a}, {Operator: a}},
		}},
		{name: "a malformed approver is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			AllowedValidators: []types.AllowedValidator{{Operator: a, ApprovedBy: "nope"}},
		}},
		{name: "a negative approval height is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			AllowedValidators: []types.AllowedValidator{{Operator: a, ApprovedHeight: -1}},
		}},
		{name: "a malformed registrar is invalid", wantErr: types.ErrInvalidParams, gs: types.GenesisState{
			Params: types.Params{Registrars: []string{"nope"}},
		}},
		{name: "a registrar listed twice is invalid", wantErr: types.ErrInvalidParams, gs: types.GenesisState{
			Params: types.Params{Registrars: []string{f.registrar, f.registrar}},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.gs.Validate(f.ac)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
		})
	}
}

func TestGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	_, a := f.operator(t, "acme")
	_, b := f.operator(t, "bosch")
	gs := &types.GenesisState{
		Params: types.Params{Registrars: []string{f.registrar, f.outsider}},
		AllowedValidators: []types.AllowedValidator{
			{Operator: a, Note: "founder"},
			{Operator: b, ApprovedBy: f.registrar, ApprovedHeight: 12, Note: "joined later"},
		},
	}
	require.NoError(t, f.k.InitGenesis(f.ctx, gs))
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, gs.Params, exported.Params)
	require.ElementsMatch(t, gs.AllowedValidators, exported.AllowedValidators)

	// Importing the export into a fresh store exports the same bytes again.
	g := setup(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, exported))
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)

	require.ErrorIs(t, f.k.InitGenesis(f.ctx, &types.GenesisState{
		AllowedValidators: []types.AllowedValidator{{Operator: a}, {Operator: a}},
	}), types.ErrInvalidGenesis, "InitGenesis refuses an invalid genesis")
}
