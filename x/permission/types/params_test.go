package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/permission/types"
)

func TestPermissionParamsValidate(t *testing.T) {
	registrar := testutil.Bech32(t, "registrar")
	cases := []struct {
		name    string
		params  types.Params
		wantErr bool
	}{
		{name: "the default params are valid", params: types.DefaultParams()},
		{name: "the default floor is one validator", params: types.Params{MinValidators: types.DefaultMinValidators}},
		{name: "a raised floor is valid", params: types.Params{Registrars: []string{registrar}, MinValidators: 4}},
		{name: "the largest floor is valid (it only blocks removals)", params: types.Params{MinValidators: ^uint32(0)}},
		{name: "a floor of zero validators is invalid", params: types.Params{Registrars: []string{registrar}}, wantErr: true},
		{name: "a malformed registrar is invalid", params: types.Params{Registrars: []string{"nope"}, MinValidators: 1}, wantErr: true},
		{name: "a registrar listed twice is invalid", params: types.Params{Registrars: []string{registrar, registrar}, MinValidators: 1}, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.params.Validate(testutil.AccCodec)
			if tc.wantErr {
				require.ErrorIs(t, err, types.ErrInvalidParams)
				return
			}
			require.NoError(t, err)
		})
	}
	require.EqualValues(t, 1, types.DefaultParams().MinValidators, "the default suits a single-node chain")
}
