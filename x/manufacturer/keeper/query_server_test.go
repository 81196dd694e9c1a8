package keeper_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/internal/pagination"
	"github.com/atonomi/atonomid/x/internal/pagination/paginationtest"
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

	page, err := f.queries.Manufacturers(f.ctx, &types.QueryManufacturersRequest{Pagination: &query.PageRequest{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, page.Manufacturers, 2)
	require.Equal(t, "acme", page.Manufacturers[0].Id, "listed in id order")
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

func TestManufacturersPagesAreBounded(t *testing.T) {
	f := setup(t)
	for i := 0; i < pagination.MaxLimit+10; i++ {
		msg := f.addMsg()
		msg.Id, msg.Operators = fmt.Sprintf("m%04d", i), []string{testutil.Bech32(t, fmt.Sprintf("m%04d-ops", i))}
		_, err := f.msgs.AddManufacturer(f.ctx, msg)
		require.NoError(t, err)
	}
	// Suspended records among the active ones make the status filter skip.
	for i := 0; i < 5; i++ {
		_, err := f.msgs.SuspendManufacturer(f.ctx, &types.MsgSuspendManufacturer{Authority: f.authority, Id: fmt.Sprintf("m%04d", i*200)})
		require.NoError(t, err)
	}
	for _, st := range []types.Status{types.STATUS_UNSPECIFIED, types.STATUS_ACTIVE} {
		t.Run("status "+st.String(), func(t *testing.T) {
			paginationtest.RequireBounded(t, func(page *query.PageRequest) (int, *query.PageResponse, error) {
				res, err := f.queries.Manufacturers(f.ctx, &types.QueryManufacturersRequest{Status: st, Pagination: page})
				if err != nil {
					return 0, nil, err
				}
				return len(res.Manufacturers), res.Pagination, nil
			})
		})
	}
}
