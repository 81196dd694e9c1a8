package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/auditor/types"
)

func validRecord(t *testing.T, id string) types.Auditor {
	return types.Auditor{
		Id: id, Name: id + " Audits", Operator: testutil.Bech32(t, id+"-ops"),
		Status: types.STATUS_ACTIVE, ReputationTypes: []string{"security", "social"}, Weight: 100,
		Metadata: types.Metadata{Url: "https://" + id + ".example"}, AdmissionHeight: 3,
	}
}

func TestGenesisValidate(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(gs *types.GenesisState)
		wantErr error
	}{
		{name: "distinct valid auditors are valid"},
		{name: "the default genesis is valid",
			edit: func(gs *types.GenesisState) { *gs = *types.DefaultGenesis() }},
		{name: "an id listed twice is invalid", wantErr: types.ErrInvalidGenesis,
			edit: func(gs *types.GenesisState) { gs.Auditors[1].Id = "sentinel" }},
		{name: "an account operating two auditors is invalid", wantErr: types.ErrInvalidGenesis,
			edit: func(gs *types.GenesisState) { gs.Auditors[1].Operator = gs.Auditors[0].Operator }},
		{name: "an account operating an active and a suspended auditor is invalid", wantErr: types.ErrInvalidGenesis,
			edit: func(gs *types.GenesisState) {
				gs.Auditors[1].Status = types.STATUS_SUSPENDED
				gs.Auditors[1].Operator = gs.Auditors[0].Operator
			}},
		{name: "a removed auditor's old operator may operate another",
			edit: func(gs *types.GenesisState) {
				gs.Auditors[0].Status = types.STATUS_REMOVED
				gs.Auditors[1].Operator = gs.Auditors[0].Operator
			}},
		{name: "an unspecified status is invalid", wantErr: types.ErrInvalidGenesis,
			edit: func(gs *types.GenesisState) { gs.Auditors[0].Status = types.STATUS_UNSPECIFIED }},
		{name: "an unknown status is invalid", wantErr: types.ErrInvalidGenesis,
			edit: func(gs *types.GenesisState) { gs.Auditors[0].Status = 9 }},
		{name: "a negative admission height is invalid", wantErr: types.ErrInvalidGenesis,
			edit: func(gs *types.GenesisState) { gs.Auditors[0].AdmissionHeight = -1 }},
		{name: "a bad id is invalid", wantErr: types.ErrInvalidID,
			edit: func(gs *types.GenesisState) { gs.Auditors[0].Id = "-" }},
		{name: "a blank name is invalid", wantErr: types.ErrInvalidName,
			edit: func(gs *types.GenesisState) { gs.Auditors[0].Name = "  " }},
		{name: "a malformed operator is invalid", wantErr: types.ErrInvalidOperator,
			edit: func(gs *types.GenesisState) { gs.Auditors[0].Operator = "cosmos1abc" }},
		{name: "no reputation types are invalid", wantErr: types.ErrInvalidReputationTypes,
			edit: func(gs *types.GenesisState) { gs.Auditors[0].ReputationTypes = nil }},
		{name: "a reputation type not in the params is invalid", wantErr: types.ErrInvalidReputationTypes,
			edit: func(gs *types.GenesisState) { gs.Auditors[0].ReputationTypes = []string{"astrology"} }},
		{name: "a suspended auditor's type not in the params is invalid", wantErr: types.ErrInvalidReputationTypes,
			edit: func(gs *types.GenesisState) {
				gs.Auditors[0].Status = types.STATUS_SUSPENDED
				gs.Params.ReputationTypes = []string{"security"}
			}},
		{name: "a removed auditor may keep a type the params dropped",
			edit: func(gs *types.GenesisState) {
				gs.Auditors[0].Status = types.STATUS_REMOVED
				gs.Auditors[1].ReputationTypes = []string{"security"}
				gs.Params.ReputationTypes = []string{"security"}
			}},
		{name: "a removed auditor's types are still checked for form", wantErr: types.ErrInvalidReputationTypes,
			edit: func(gs *types.GenesisState) {
				gs.Auditors[0].Status = types.STATUS_REMOVED
				gs.Auditors[0].ReputationTypes = []string{"social", "social"}
			}},
		{name: "a zero weight is invalid", wantErr: types.ErrInvalidWeight,
			edit: func(gs *types.GenesisState) { gs.Auditors[0].Weight = 0 }},
		{name: "a weight above 10000 is invalid", wantErr: types.ErrInvalidWeight,
			edit: func(gs *types.GenesisState) { gs.Auditors[0].Weight = types.MaxWeight + 1 }},
		{name: "a url that is too long is invalid", wantErr: types.ErrInvalidMetadata,
			edit: func(gs *types.GenesisState) { gs.Auditors[0].Metadata.Url = string(make([]byte, types.MaxURLLength+1)) }},
		{name: "empty params are invalid", wantErr: types.ErrInvalidParams,
			edit: func(gs *types.GenesisState) { gs.Params = types.Params{} }},
		{name: "a malformed param type is invalid", wantErr: types.ErrInvalidParams,
			edit: func(gs *types.GenesisState) {
				gs.Params.ReputationTypes = append(gs.Params.ReputationTypes, "Bad Type")
			}},
		{name: "a param type listed twice is invalid", wantErr: types.ErrInvalidParams,
			edit: func(gs *types.GenesisState) {
				gs.Params.ReputationTypes = append(gs.Params.ReputationTypes, "security")
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs := types.GenesisState{
				Params:   types.DefaultParams(),
				Auditors: []types.Auditor{validRecord(t, "sentinel"), validRecord(t, "watchdog")},
			}
			if tc.edit != nil {
				tc.edit(&gs)
			}
			err := gs.Validate(testutil.AccCodec)
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
	suspended := validRecord(t, "bravo")
	suspended.Status = types.STATUS_SUSPENDED
	removed := validRecord(t, "zeta")
	removed.Status = types.STATUS_REMOVED
	removed.ReputationTypes = []string{"retired-type"}
	gs := &types.GenesisState{
		Params:   types.Params{ReputationTypes: []string{"security", "social", "privacy"}},
		Auditors: []types.Auditor{validRecord(t, "alpha"), suspended, removed},
	}
	require.NoError(t, f.k.InitGenesis(f.ctx, gs))
	require.Equal(t, gs, f.state(t), "export after import is the same state")

	// The operator index is rebuilt from the records, except for removed ones.
	for id, want := range map[string]bool{"alpha": true, "bravo": true, "zeta": false} {
		res, err := f.queries.AuditorByOperator(f.ctx, &types.QueryAuditorByOperatorRequest{Operator: testutil.Bech32(t, id+"-ops")})
		if !want {
			require.Error(t, err, id)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, id, res.Auditor.Id)
	}

	// The export imports into a fresh chain unchanged.
	g := setup(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, f.state(t)))
	require.Equal(t, gs, g.state(t))

	t.Run("an invalid genesis is refused", func(t *testing.T) {
		h := setup(t)
		before := h.state(t)
		bad := &types.GenesisState{Params: types.DefaultParams(), Auditors: []types.Auditor{validRecord(t, "alpha"), validRecord(t, "alpha")}}
		require.ErrorIs(t, h.k.InitGenesis(h.ctx, bad), types.ErrInvalidGenesis)
		require.Equal(t, before, h.state(t))
	})
}
