package pagination_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/x/internal/pagination"
)

func TestBound(t *testing.T) {
	cases := []struct {
		name      string
		page      *query.PageRequest
		wantLimit uint64
		wantErr   error
	}{
		{"no page request is the default page", nil, query.DefaultLimit, nil},
		{"no limit is the default limit", &query.PageRequest{Key: []byte{1}}, query.DefaultLimit, nil},
		{"a limit within the maximum is kept", &query.PageRequest{Limit: 7}, 7, nil},
		{"the maximum itself is kept", &query.PageRequest{Limit: pagination.MaxLimit}, pagination.MaxLimit, nil},
		{"a limit above the maximum is clamped to it", &query.PageRequest{Limit: pagination.MaxLimit + 1}, pagination.MaxLimit, nil},
		{"the largest limit is clamped to the maximum", &query.PageRequest{Limit: math.MaxUint64}, pagination.MaxLimit, nil},
		{"an offset up to the maximum is served", &query.PageRequest{Offset: pagination.MaxLimit}, query.DefaultLimit, nil},
		{"an offset above the maximum is refused", &query.PageRequest{Offset: pagination.MaxLimit + 1}, 0, pagination.ErrOffsetTooLarge},
		{"count_total is refused", &query.PageRequest{CountTotal: true}, 0, pagination.ErrCountTotal},
		{"count_total is refused with a limit too", &query.PageRequest{Limit: 3, CountTotal: true}, 0, pagination.ErrCountTotal},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before query.PageRequest
			if c.page != nil {
				before = *c.page
			}
			got, err := pagination.Bound(c.page)
			if c.wantErr != nil {
				require.ErrorIs(t, err, c.wantErr)
				require.Equal(t, codes.InvalidArgument, status.Code(err), "a refusal is a bad request over gRPC")
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.wantLimit, got.Limit)
			require.False(t, got.CountTotal)
			if c.page != nil {
				require.Equal(t, before, *c.page, "the request is not modified")
				want := before
				want.Limit = c.wantLimit
				require.Equal(t, want, *got, "only the limit changes")
			}
		})
	}
}

func TestBoundByKey(t *testing.T) {
	cases := []struct {
		name    string
		page    *query.PageRequest
		refused bool
	}{
		{name: "a page by key is served", page: &query.PageRequest{Key: []byte{1}, Limit: 5}},
		{name: "no page is the first page", page: nil},
		{name: "an offset is refused", page: &query.PageRequest{Offset: 1}, refused: true},
		{name: "reverse is refused", page: &query.PageRequest{Reverse: true}, refused: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page, err := pagination.BoundByKey(tc.page, "device")
			if tc.refused {
				require.Equal(t, codes.InvalidArgument, status.Code(err))
				require.ErrorContains(t, err, "device listings page by key only, forward")
				return
			}
			require.NoError(t, err)
			require.NotZero(t, page.Limit)
		})
	}
	_, err := pagination.BoundByKey(&query.PageRequest{CountTotal: true}, "device")
	require.ErrorIs(t, err, pagination.ErrCountTotal, "Bound's refusals still apply")
}
