// Package paginationtest checks that a list query keeps the bounds of
// package pagination. It lives beside that package rather than in testutil/
// because Go lets only code under x/ import x/internal.
package paginationtest

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/x/internal/pagination"
)

// Lister asks a list query for one page and returns how many entries the
// page holds and its page response.
type Lister func(page *query.PageRequest) (int, *query.PageResponse, error)

// RequireBounded checks the bounds of the list query list, whose listing
// must hold more than pagination.MaxLimit entries: an oversized limit is
// clamped and paging by key goes on past it, no page request is the
// default page and counts nothing, and count_total and an offset above the
// maximum are refused.
func RequireBounded(t *testing.T, list Lister) {
	t.Helper()
	t.Run("a limit above the maximum is clamped to it, with a key to go on", func(t *testing.T) {
		for _, limit := range []uint64{pagination.MaxLimit + 1, math.MaxUint64} {
			n, res, err := list(&query.PageRequest{Limit: limit})
			require.NoError(t, err)
			require.Equal(t, pagination.MaxLimit, n, "limit %d", limit)
			require.NotEmpty(t, res.NextKey, "limit %d", limit)
		}
		total, pages := 0, 0
		var key []byte
		for {
			n, res, err := list(&query.PageRequest{Key: key, Limit: math.MaxUint64})
			require.NoError(t, err)
			require.LessOrEqual(t, n, pagination.MaxLimit)
			total += n
			pages++
			if key = res.NextKey; len(key) == 0 {
				break
			}
			require.Less(t, pages, 100, "paging does not end")
		}
		require.Greater(t, total, pagination.MaxLimit, "the listing goes on past a clamped page")
	})
	t.Run("no page request is the default page, and counts nothing", func(t *testing.T) {
		n, res, err := list(nil)
		require.NoError(t, err)
		require.Equal(t, query.DefaultLimit, n)
		require.NotEmpty(t, res.NextKey)
		require.Zero(t, res.Total, "the SDK would count when no limit is given; the listing does not")
	})
	t.Run("count_total is refused", func(t *testing.T) {
		for _, page := range []*query.PageRequest{{CountTotal: true}, {Limit: 10, CountTotal: true}} {
			_, _, err := list(page)
			require.ErrorIs(t, err, pagination.ErrCountTotal)
			require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
		}
	})
	t.Run("an offset above the maximum is refused", func(t *testing.T) {
		_, _, err := list(&query.PageRequest{Offset: pagination.MaxLimit + 1, Limit: 1})
		require.ErrorIs(t, err, pagination.ErrOffsetTooLarge)
		require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
	})
}
