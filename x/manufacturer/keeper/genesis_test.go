package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/manufacturer/types"
)

func validRecord(t *testing.T, id string) types.Manufacturer {
	return types.Manufacturer{
		Id: id, Name: id + " Inc", Operators: []string{testutil.Bech32(t, id+"-ops")},
		Status: types.STATUS_ACTIVE, DefaultReputation: 100, AuthKeyHash: make([]byte, 32),
		DevicesRegistered: 5, DevicesActive: 2, AdmissionHeight: 3,
	}
}

func TestGenesisValidate(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(gs *types.GenesisState)
		wantErr error
	}{
		{name: "distinct valid manufacturers are valid"},
		{name: "an id listed twice is invalid", wantErr: types.ErrInvalidGenesis,
			edit: func(gs *types.GenesisState) { gs.Manufacturers[1].Id = "acme" }},
		{name: "an account operating two manufacturers is invalid", wantErr: types.ErrInvalidGenesis,
			edit: func(gs *types.GenesisState) { gs.Manufacturers[1].Operators = gs.Manufacturers[0].Operators }},
		{name: "a removed manufacturer's old operator may operate another",
			edit: func(gs *types.GenesisState) {
				gs.Manufacturers[0].Status = types.STATUS_REMOVED
				gs.Manufacturers[1].Operators = gs.Manufacturers[0].Operators
			}},
		{name: "an unspecified status is invalid", wantErr: types.ErrInvalidGenesis,
			edit: func(gs *types.GenesisState) { gs.Manufacturers[0].Status = types.STATUS_UNSPECIFIED }},
		{name: "more active than registered devices is invalid", wantErr: types.ErrInvalidGenesis,
			edit: func(gs *types.GenesisState) { gs.Manufacturers[0].DevicesActive = 6 }},
		{name: "a negative admission height is invalid", wantErr: types.ErrInvalidGenesis,
			edit: func(gs *types.GenesisState) { gs.Manufacturers[0].AdmissionHeight = -1 }},
		{name: "a bad id is invalid", wantErr: types.ErrInvalidID,
			edit: func(gs *types.GenesisState) { gs.Manufacturers[0].Id = "-" }},
		{name: "a missing key hash is invalid", wantErr: types.ErrInvalidAuthKeyHash,
			edit: func(gs *types.GenesisState) { gs.Manufacturers[0].AuthKeyHash = nil }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs := types.GenesisState{Manufacturers: []types.Manufacturer{validRecord(t, "acme"), validRecord(t, "bosch")}}
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
	removed := validRecord(t, "zeta")
	removed.Status = types.STATUS_REMOVED
	gs := &types.GenesisState{Manufacturers: []types.Manufacturer{validRecord(t, "acme"), validRecord(t, "bosch"), removed}}
	require.NoError(t, f.k.InitGenesis(f.ctx, gs))
	require.Equal(t, gs, f.state(t))

	// The operator index is rebuilt from the records, except for removed ones.
	m, err := f.queries.ManufacturerByOperator(f.ctx, &types.QueryManufacturerByOperatorRequest{Operator: testutil.Bech32(t, "bosch-ops")})
	require.NoError(t, err)
	require.Equal(t, "bosch", m.Manufacturer.Id)
	_, err = f.queries.ManufacturerByOperator(f.ctx, &types.QueryManufacturerByOperatorRequest{Operator: testutil.Bech32(t, "zeta-ops")})
	require.Error(t, err)

	g := setup(t)
	require.ErrorIs(t, g.k.InitGenesis(g.ctx, &types.GenesisState{Manufacturers: []types.Manufacturer{validRecord(t, "acme"), validRecord(t, "acme")}}),
		types.ErrInvalidGenesis)
}
