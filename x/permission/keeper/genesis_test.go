package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
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
			Params:            types.Params{Registrars: []string{f.registrar}, MinValidators: 1},
			AllowedValidators: []types.AllowedValidator{{Operator: a, Note: "founder"}, {Operator: b, ApprovedBy: f.gov, ApprovedHeight: 9}},
		}},
		{name: "a malformed operator is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			Params:            types.DefaultParams(),
			AllowedValidators: []types.AllowedValidator{{Operator: "nope"}},
		}},
		{name: "an operator listed twice is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			Params:            types.DefaultParams(),
			AllowedValidators: []types.AllowedValidator{{Operator: a}, {Operator: a}},
		}},
		{name: "a malformed approver is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			Params:            types.DefaultParams(),
			AllowedValidators: []types.AllowedValidator{{Operator: a, ApprovedBy: "nope"}},
		}},
		{name: "a negative approval height is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			Params:            types.DefaultParams(),
			AllowedValidators: []types.AllowedValidator{{Operator: a, ApprovedHeight: -1}},
		}},
		{name: "a malformed registrar is invalid", wantErr: types.ErrInvalidParams, gs: types.GenesisState{
			Params: types.Params{Registrars: []string{"nope"}, MinValidators: 1},
		}},
		{name: "a registrar listed twice is invalid", wantErr: types.ErrInvalidParams, gs: types.GenesisState{
			Params: types.Params{Registrars: []string{f.registrar, f.registrar}, MinValidators: 1},
		}},
		{name: "min_validators 0 is invalid", wantErr: types.ErrInvalidParams, gs: types.GenesisState{
			Params: types.Params{Registrars: []string{f.registrar}},
		}},
		{name: "a removal window within its third is valid", gs: types.GenesisState{
			Params: types.DefaultParams(), RemovalWindow: window(600, 200, time.Hour),
		}},
		{name: "a removal window above its third is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			Params: types.DefaultParams(), RemovalWindow: window(600, 201, time.Hour),
		}},
		{name: "a removal window that removed nothing is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			Params: types.DefaultParams(), RemovalWindow: window(600, 0, time.Hour),
		}},
		{name: "a removal window without bonded tokens at its start is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			Params: types.DefaultParams(), RemovalWindow: window(0, 0, time.Hour),
		}},
		{name: "a removal window whose last removal precedes its start is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			Params: types.DefaultParams(), RemovalWindow: window(600, 100, -time.Second),
		}},
		{name: "a removal window with unset amounts is invalid", wantErr: types.ErrInvalidGenesis, gs: types.GenesisState{
			Params: types.DefaultParams(), RemovalWindow: &types.RemovalWindow{StartTime: windowStart, LastRemovalTime: windowStart},
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
		Params: types.Params{Registrars: []string{f.registrar, f.outsider}, MinValidators: 3},
		AllowedValidators: []types.AllowedValidator{
			{Operator: a, Note: "founder"},
			{Operator: b, ApprovedBy: f.registrar, ApprovedHeight: 12, Note: "joined later"},
		},
		RemovalWindow: window(900, 300, 36*time.Hour),
	}
	require.NoError(t, f.k.InitGenesis(f.ctx, gs))
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, gs.Params, exported.Params)
	require.ElementsMatch(t, gs.AllowedValidators, exported.AllowedValidators)
	require.Equal(t, gs.RemovalWindow, exported.RemovalWindow, "the removal window survives export")

	// Importing the export into a fresh store exports the same bytes again.
	g := setup(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, exported))
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)

	require.ErrorIs(t, f.k.InitGenesis(f.ctx, &types.GenesisState{
		Params:            types.DefaultParams(),
		AllowedValidators: []types.AllowedValidator{{Operator: a}, {Operator: a}},
	}), types.ErrInvalidGenesis, "InitGenesis refuses an invalid genesis")
}

// windowStart is the start of the removal windows of the genesis tests.
var windowStart = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// window is a removal window that opened at windowStart over start bonded
// tokens, removed removed of them, and last removed after lastAfter.
func window(start, removed int64, lastAfter time.Duration) *types.RemovalWindow {
	return &types.RemovalWindow{
		StartTime: windowStart, LastRemovalTime: windowStart.Add(lastAfter),
		StartBondedTokens: math.NewInt(start), RemovedTokens: math.NewInt(removed),
	}
}
