package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/x/permission/types"
)

func TestQueries(t *testing.T) {
	f := setup(t)
	var operators []string
	for _, name := range []string{"acme", "bosch", "cisco"} {
		_, op := f.operator(t, name)
		allow(t, f, op)
		operators = append(operators, op)
	}

	params, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, []string{f.registrar}, params.Params.Registrars)

	one, err := f.queries.AllowedValidator(f.ctx, &types.QueryAllowedValidatorRequest{Operator: operators[1]})
	require.NoError(t, err)
	require.Equal(t, operators[1], one.AllowedValidator.Operator)

	_, err = f.queries.AllowedValidator(f.ctx, &types.QueryAllowedValidatorRequest{Operator: f.outsider})
	require.Equal(t, codes.NotFound, status.Code(err), "an operator not on the allowlist is not found")
	_, err = f.queries.AllowedValidator(f.ctx, &types.QueryAllowedValidatorRequest{Operator: "garbage"})
	require.Equal(t, codes.InvalidArgument, status.Code(err), "a malformed address is a bad request")
	_, err = f.queries.AllowedValidator(f.ctx, nil)
	require.Equal(t, codes.InvalidArgument, status.Code(err))

	page1, err := f.queries.AllowedValidators(f.ctx, &types.QueryAllowedValidatorsRequest{
		Pagination: &query.PageRequest{Limit: 2, CountTotal: true},
	})
	require.NoError(t, err)
	require.Len(t, page1.AllowedValidators, 2)
	require.EqualValues(t, 3, page1.Pagination.Total)
	page2, err := f.queries.AllowedValidators(f.ctx, &types.QueryAllowedValidatorsRequest{
		Pagination: &query.PageRequest{Key: page1.Pagination.NextKey},
	})
	require.NoError(t, err)
	require.Len(t, page2.AllowedValidators, 1)

	var seen []string
	for _, v := range append(page1.AllowedValidators, page2.AllowedValidators...) {
		seen = append(seen, v.Operator)
	}
	require.ElementsMatch(t, operators, seen)
}
