package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/manufacturer/types"
)

func TestQueries(t *testing.T) {
	f := setup(t)
	for _, id := range []string{"acme", "bosch", "cisco"} {
		msg := f.addMsg()
		msg.Id, msg.Operators = id, []string{testutil.Bech32(t, id+"-ops")}
		_, err := f.msgs.AddManufacturer(f.ctx, msg)
		require.NoError(t, err)
	}
	_, err := f.msgs.SuspendManufacturer(f.ctx, &types.MsgSuspendManufacturer{Authority: f.authority, Id: "bosch"})
	require.NoError(t, err)

	one, err := f.queries.Manufacturer(f.ctx, &types.QueryManufacturerRequest{Id: "cisco"})
	require.NoError(t, err)
	require.Equal(t, "cisco", one.Manufacturer.Id)
	_, err = f.queries.Manufacturer(f.ctx, &types.QueryManufacturerRequest{Id: "nobody"})
	require.Equal(t, codes.NotFound, status.Code(err))
	_, err = f.queries.Manufacturer(f.ctx, &types.QueryManufacturerRequest{Id: "Bad Id"})
	require.Equal(t, codes.InvalidArgument, status.Code(err))

	page, err := f.queries.Manufacturers(f.ctx, &types.QueryManufacturersRequest{Pagination: &query.PageRequest{Limit: 2, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, page.Manufacturers, 2)
	require.Equal(t, "acme", page.Manufacturers[0].Id, "listed in id order")
	require.EqualValues(t, 3, page.Pagination.Total)
	rest, err := f.queries.Manufacturers(f.ctx, &types.QueryManufacturersRequest{Pagination: &query.PageRequest{Key: page.Pagination.NextKey}})
	require.NoError(t, err)
	require.Len(t, rest.Manufacturers, 1)
	require.Equal(t, "cisco", rest.Manufacturers[0].Id)

	suspended, err := f.queries.Manufacturers(f.ctx, &types.QueryManufacturersRequest{Status: types.STATUS_SUSPENDED})
	require.NoError(t, err)
	require.Len(t, suspended.Manufacturers, 1)
	require.Equal(t, "bosch", suspended.Manufacturers[0].Id)
	_, err = f.queries.Manufacturers(f.ctx, &types.QueryManufacturersRequest{Status: 99})
	require.Equal(t, codes.InvalidArgument, status.Code(err))

	byOp, err := f.queries.ManufacturerByOperator(f.ctx, &types.QueryManufacturerByOperatorRequest{Operator: testutil.Bech32(t, "bosch-ops")})
	require.NoError(t, err)
	require.Equal(t, "bosch", byOp.Manufacturer.Id)
	_, err = f.queries.ManufacturerByOperator(f.ctx, &types.QueryManufacturerByOperatorRequest{Operator: f.outsider})
	require.Equal(t, codes.NotFound, status.Code(err))
	_, err = f.queries.ManufacturerByOperator(f.ctx, &types.QueryManufacturerByOperatorRequest{Operator: "junk"})
	require.Equal(t, codes.InvalidArgument, status.Code(err))
}
