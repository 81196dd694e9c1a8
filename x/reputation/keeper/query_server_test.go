package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/reputation/types"
)

func TestQueryParams(t *testing.T) {
	f := setup(t)
	res, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), res.Params)

	changed := types.Params{MaxBatchSize: 1, HistoryLength: 1024, ExclusionThreshold: 0}
	_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: changed})
	require.NoError(t, err)
	res, err = f.queries.Params(f.ctx, nil)
	require.NoError(t, err, "the request carries nothing, so a nil one is fine")
	require.Equal(t, changed, res.Params, "the query follows governance")
}
