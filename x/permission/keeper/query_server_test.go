package keeper_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/x/internal/pagination"
	"github.com/atonomi/atonomid/x/internal/pagination/paginationtest"
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
		Pagination: &query.PageRequest{Limit: 2},
	})
	require.NoError(t, err)
	require.Len(t, page1.AllowedValidators, 2)
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

func TestAllowedValidatorsPagesAreBounded(t *testing.T) {
	f := setup(t)
	for i := 0; i <= pagination.MaxLimit; i++ {
		_, op := f.operator(t, fmt.Sprintf("op-%d", i))
		allow(t, f, op)
	}
	paginationtest.RequireBounded(t, func(page *query.PageRequest) (int, *query.PageResponse, error) {
		res, err := f.queries.AllowedValidators(f.ctx, &types.QueryAllowedValidatorsRequest{Pagination: page})
		if err != nil {
			return 0, nil, err
		}
		return len(res.AllowedValidators), res.Pagination, nil
	})
}
