package keeper_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/internal/pagination"
	"github.com/atonomi/atonomid/x/internal/pagination/paginationtest"
)

func TestQueries(t *testing.T) {
	f := setup(t)
	for _, id := range []string{"alpha", "bravo", "charlie", "delta"} {
		f.addOther(t, id)
	}
	_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.authority, Id: "bravo"})
	require.NoError(t, err)
	_, err = f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "delta"})
	require.NoError(t, err)

	t.Run("one auditor is found by id", func(t *testing.T) {
		one, err := f.queries.Auditor(f.ctx, &types.QueryAuditorRequest{Id: "charlie"})
		require.NoError(t, err)
		require.Equal(t, "charlie", one.Auditor.Id)
		require.Equal(t, testutil.Bech32(t, "charlie-ops"), one.Auditor.Operator)
	})
	t.Run("an unknown id is not found", func(t *testing.T) {
		_, err := f.queries.Auditor(f.ctx, &types.QueryAuditorRequest{Id: "nobody"})
		require.Equal(t, codes.NotFound, status.Code(err))
	})
	t.Run("a malformed id is an invalid argument", func(t *testing.T) {
		_, err := f.queries.Auditor(f.ctx, &types.QueryAuditorRequest{Id: "Bad Id"})
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		_, err = f.queries.Auditor(f.ctx, nil)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
	})
	t.Run("auditors are listed in id order, page by page", func(t *testing.T) {
		page, err := f.queries.Auditors(f.ctx, &types.QueryAuditorsRequest{Pagination: &query.PageRequest{Limit: 3}})
		require.NoError(t, err)
		require.Equal(t, []string{"alpha", "bravo", "charlie"}, ids(page.Auditors))
		rest, err := f.queries.Auditors(f.ctx, &types.QueryAuditorsRequest{Pagination: &query.PageRequest{Key: page.Pagination.NextKey}})
		require.NoError(t, err)
		require.Equal(t, []string{"delta"}, ids(rest.Auditors))
		require.Empty(t, rest.Pagination.NextKey)
		all, err := f.queries.Auditors(f.ctx, nil)
		require.NoError(t, err)
		require.Len(t, all.Auditors, 4)
	})
	t.Run("auditors are filtered by status", func(t *testing.T) {
		for st, want := range map[types.Status][]string{
			types.STATUS_ACTIVE:    {"alpha", "charlie"},
			types.STATUS_SUSPENDED: {"bravo"},
			types.STATUS_REMOVED:   {"delta"},
		} {
			res, err := f.queries.Auditors(f.ctx, &types.QueryAuditorsRequest{Status: st})
			require.NoError(t, err)
			require.Equal(t, want, ids(res.Auditors), st.String())
		}
		page, err := f.queries.Auditors(f.ctx, &types.QueryAuditorsRequest{
			Status: types.STATUS_ACTIVE, Pagination: &query.PageRequest{Limit: 1},
		})
		require.NoError(t, err)
		require.Equal(t, []string{"alpha"}, ids(page.Auditors))
		next, err := f.queries.Auditors(f.ctx, &types.QueryAuditorsRequest{
			Status: types.STATUS_ACTIVE, Pagination: &query.PageRequest{Key: page.Pagination.NextKey, Limit: 1},
		})
		require.NoError(t, err)
		require.Equal(t, []string{"charlie"}, ids(next.Auditors), "the filter holds across pages")
	})
	t.Run("an unknown status is an invalid argument", func(t *testing.T) {
		_, err := f.queries.Auditors(f.ctx, &types.QueryAuditorsRequest{Status: 99})
		require.Equal(t, codes.InvalidArgument, status.Code(err))
	})
	t.Run("the auditor an account operates is found", func(t *testing.T) {
		byOp, err := f.queries.AuditorByOperator(f.ctx, &types.QueryAuditorByOperatorRequest{Operator: testutil.Bech32(t, "bravo-ops")})
		require.NoError(t, err)
		require.Equal(t, "bravo", byOp.Auditor.Id, "a suspended auditor still has its operator")
	})
	t.Run("an account operating no auditor is not found", func(t *testing.T) {
		_, err := f.queries.AuditorByOperator(f.ctx, &types.QueryAuditorByOperatorRequest{Operator: f.outsider})
		require.Equal(t, codes.NotFound, status.Code(err))
		_, err = f.queries.AuditorByOperator(f.ctx, &types.QueryAuditorByOperatorRequest{Operator: testutil.Bech32(t, "delta-ops")})
		require.Equal(t, codes.NotFound, status.Code(err), "a removed auditor released its operator")
	})
	t.Run("a malformed operator is an invalid argument", func(t *testing.T) {
		_, err := f.queries.AuditorByOperator(f.ctx, &types.QueryAuditorByOperatorRequest{Operator: "junk"})
		require.Equal(t, codes.InvalidArgument, status.Code(err))
		_, err = f.queries.AuditorByOperator(f.ctx, nil)
		require.Equal(t, codes.InvalidArgument, status.Code(err))
	})
	t.Run("the params are the network's reputation types", func(t *testing.T) {
		res, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
		require.NoError(t, err)
		require.Equal(t, types.DefaultParams(), res.Params)
	})
}

func ids(list []types.Auditor) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Id
	}
	return out
}

func TestAuditorsPagesAreBounded(t *testing.T) {
	f := setup(t)
	for i := 0; i < pagination.MaxLimit+10; i++ {
		f.addOther(t, fmt.Sprintf("a%04d", i))
	}
	// Suspended records among the active ones make the status filter skip.
	for i := 0; i < 5; i++ {
		_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.authority, Id: fmt.Sprintf("a%04d", i*200)})
		require.NoError(t, err)
	}
	for _, st := range []types.Status{types.STATUS_UNSPECIFIED, types.STATUS_ACTIVE} {
		t.Run("status "+st.String(), func(t *testing.T) {
			paginationtest.RequireBounded(t, func(page *query.PageRequest) (int, *query.PageResponse, error) {
				res, err := f.queries.Auditors(f.ctx, &types.QueryAuditorsRequest{Status: st, Pagination: page})
				if err != nil {
					return 0, nil, err
				}
				return len(res.Auditors), res.Pagination, nil
			})
		})
	}
}
