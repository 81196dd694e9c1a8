package keeper_test

import (
	"fmt"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/pagination"
	"github.com/atonomi/atonomid/x/internal/pagination/paginationtest"
	"github.com/atonomi/atonomid/x/reputation/types"
)

func TestQueryParams(t *testing.T) {
	f := setup(t)
	res, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), res.Params)

	changed := types.Params{MaxBatchSize: 1, HistoryLength: 1024, ExclusionThreshold: 0, ReweighPerBlock: 1, ExclusionSweepPerBlock: 1}
	_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: changed})
	require.NoError(t, err)
	res, err = f.queries.Params(f.ctx, nil)
	require.NoError(t, err, "the request carries nothing, so a nil one is fine")
	require.Equal(t, changed, res.Params, "the query follows governance")
}

// requireCode checks the gRPC status code of a query error.
func requireCode(t *testing.T, err error, want codes.Code) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, want, status.Code(err), err.Error())
}

func TestQueryAggregate(t *testing.T) {
	f := setup(t)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 800))

	t.Run("a scored type returns its aggregate", func(t *testing.T) {
		require.Equal(t, types.Aggregate{DeviceId: f.meter, ReputationType: "security", WeightedSum: 80_000, TotalWeight: 100, Auditors: 1, Value: 800},
			f.aggregate(t, f.meter, "security"))
	})
	t.Run("a type no auditor scored returns the manufacturer's default", func(t *testing.T) {
		require.Equal(t, types.Aggregate{DeviceId: f.meter, ReputationType: "financial", Value: acmeDefault}, f.aggregate(t, f.meter, "financial"))
		require.Equal(t, types.Aggregate{DeviceId: f.pump, ReputationType: "security", Value: boschDefault}, f.aggregate(t, f.pump, "security"))
	})
	t.Run("an upper-case id is refused as not canonical", func(t *testing.T) {
		_, err := f.queries.Aggregate(f.ctx, &types.QueryAggregateRequest{DeviceId: upper(f.meter), ReputationType: "security"})
		requireCode(t, err, codes.InvalidArgument)
		require.ErrorContains(t, err, "not canonical: use lower case")
	})

	bad := map[string]struct {
		req  *types.QueryAggregateRequest
		want codes.Code
	}{
		"an empty request":      {nil, codes.InvalidArgument},
		"no reputation type":    {&types.QueryAggregateRequest{DeviceId: f.meter}, codes.InvalidArgument},
		"a malformed device id": {&types.QueryAggregateRequest{DeviceId: "meter", ReputationType: "security"}, codes.InvalidArgument},
		"an unknown device":     {&types.QueryAggregateRequest{DeviceId: deviceID("ghost"), ReputationType: "security"}, codes.NotFound},
	}
	for name, tc := range bad {
		t.Run(name+" is refused", func(t *testing.T) {
			_, err := f.queries.Aggregate(f.ctx, tc.req)
			requireCode(t, err, tc.want)
		})
	}
}

func TestQueryDeviceReputation(t *testing.T) {
	f := setup(t)
	res, err := f.queries.DeviceReputation(f.ctx, &types.QueryDeviceReputationRequest{DeviceId: f.meter})
	require.NoError(t, err)
	require.Equal(t, &types.QueryDeviceReputationResponse{Aggregates: []types.Aggregate{}, DefaultValue: acmeDefault}, res,
		"a device nobody scored has only its default")

	f.mustWrite(t, f.sentinel, score(f.meter, "social", 600), score(f.meter, "security", 7000), score(f.lamp, "security", 1))
	f.mustWrite(t, f.veritas, score(f.meter, "service-quality", 9000))
	res, err = f.queries.DeviceReputation(f.ctx, &types.QueryDeviceReputationRequest{DeviceId: f.meter})
	require.NoError(t, err)
	require.Equal(t, []string{"security", "service-quality", "social"}, typesOf(res.Aggregates), "in type order, this device's only")
	require.Equal(t, uint32(7000), res.Aggregates[0].Value)
	require.Equal(t, uint32(acmeDefault), res.DefaultValue)
	require.True(t, res.Excluded, "social is below the threshold")

	for name, tc := range map[string]struct {
		req  *types.QueryDeviceReputationRequest
		want codes.Code
	}{
		"an empty request":      {nil, codes.InvalidArgument},
		"a malformed device id": {&types.QueryDeviceReputationRequest{DeviceId: "zz"}, codes.InvalidArgument},
		"an unknown device":     {&types.QueryDeviceReputationRequest{DeviceId: deviceID("ghost")}, codes.NotFound},
	} {
		t.Run(name+" is refused", func(t *testing.T) {
			_, err := f.queries.DeviceReputation(f.ctx, tc.req)
			requireCode(t, err, tc.want)
		})
	}
}

func typesOf(aggs []types.Aggregate) []string {
	out := make([]string, len(aggs))
	for i, a := range aggs {
		out[i] = a.ReputationType
	}
	return out
}

func TestQueryHistory(t *testing.T) {
	f := setup(t)
	require.Empty(t, f.history(t, f.meter, "security"), "a device nobody scored has no history")
	for i := uint32(1); i <= 5; i++ {
		f.mustWrite(t, f.sentinel, score(f.meter, "security", i), score(f.lamp, "security", 100+i))
		f.advance(1)
	}

	t.Run("pages go newest first and follow the next key", func(t *testing.T) {
		res, err := f.queries.History(f.ctx, &types.QueryHistoryRequest{DeviceId: f.meter, ReputationType: "security", Pagination: &query.PageRequest{Limit: 2}})
		require.NoError(t, err)
		require.Equal(t, []uint32{5, 4}, scoresOf(res.Scores))
		require.NotEmpty(t, res.Pagination.NextKey)
		var all []uint32
		all = append(all, scoresOf(res.Scores)...)
		for len(res.Pagination.NextKey) > 0 {
			res, err = f.queries.History(f.ctx, &types.QueryHistoryRequest{
				DeviceId: f.meter, ReputationType: "security", Pagination: &query.PageRequest{Limit: 2, Key: res.Pagination.NextKey},
			})
			require.NoError(t, err)
			all = append(all, scoresOf(res.Scores)...)
		}
		require.Equal(t, []uint32{5, 4, 3, 2, 1}, all, "this device and type only, every score once")
	})
	t.Run("an offset skips the newest", func(t *testing.T) {
		res, err := f.queries.History(f.ctx, &types.QueryHistoryRequest{DeviceId: f.meter, ReputationType: "security", Pagination: &query.PageRequest{Offset: 3}})
		require.NoError(t, err)
		require.Equal(t, []uint32{2, 1}, scoresOf(res.Scores))
	})
	t.Run("reverse lists oldest first", func(t *testing.T) {
		res, err := f.queries.History(f.ctx, &types.QueryHistoryRequest{DeviceId: f.meter, ReputationType: "security", Pagination: &query.PageRequest{Reverse: true}})
		require.NoError(t, err)
		require.Equal(t, []uint32{1, 2, 3, 4, 5}, scoresOf(res.Scores))
	})

	for name, tc := range map[string]struct {
		req  *types.QueryHistoryRequest
		want codes.Code
	}{
		"an empty request":         {nil, codes.InvalidArgument},
		"no reputation type":       {&types.QueryHistoryRequest{DeviceId: f.meter}, codes.InvalidArgument},
		"a malformed device id":    {&types.QueryHistoryRequest{DeviceId: "meter", ReputationType: "security"}, codes.InvalidArgument},
		"an unknown device":        {&types.QueryHistoryRequest{DeviceId: deviceID("ghost"), ReputationType: "security"}, codes.NotFound},
		"both an offset and a key": {&types.QueryHistoryRequest{DeviceId: f.meter, ReputationType: "security", Pagination: &query.PageRequest{Offset: 1, Key: []byte{1}}}, codes.InvalidArgument},
	} {
		t.Run(name+" is refused", func(t *testing.T) {
			_, err := f.queries.History(f.ctx, tc.req)
			requireCode(t, err, tc.want)
		})
	}
}

func TestQueryServiceProviders(t *testing.T) {
	f := setup(t)
	for _, id := range []string{f.meter, f.lamp, f.pump} {
		parsed, _ := devicekit.ParseID(id)
		f.devices.d[parsed].Services = []devicetypes.Service{{ServiceType: "bandwidth", Price: math.NewInt(7)}}
	}
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 3000), score(f.lamp, "security", 500)) // lamp falls below 1000
	f.mustWrite(t, f.veritas, score(f.pump, "security", 9000))
	require.True(t, f.devices.excluded(f.lamp))

	providers := func(t *testing.T, minimums ...types.ReputationMinimum) []string {
		t.Helper()
		res, err := f.queries.ServiceProviders(f.ctx, &types.QueryServiceProvidersRequest{ServiceType: "bandwidth", Minimums: minimums})
		require.NoError(t, err)
		var ids []string
		for _, p := range res.Providers {
			require.Equal(t, "bandwidth", p.Service.ServiceType, "each provider comes with its advert")
			require.NotEmpty(t, p.Reputation, "and its reputation")
			ids = append(ids, p.DeviceId)
		}
		return ids
	}
	require.ElementsMatch(t, []string{f.meter, f.pump}, providers(t), "an excluded device is not offered")
	require.Equal(t, []string{f.pump}, providers(t, types.ReputationMinimum{ReputationType: "security", MinScore: 5000}),
		"a minimum keeps only providers at or above it")
	require.ElementsMatch(t, []string{f.meter, f.pump}, providers(t, types.ReputationMinimum{ReputationType: "social", MinScore: 1}),
		"an unscored type counts at the manufacturer's default")

	_, err := f.queries.ServiceProviders(f.ctx, &types.QueryServiceProvidersRequest{})
	requireCode(t, err, codes.InvalidArgument)
	_, err = f.queries.ServiceProviders(f.ctx, &types.QueryServiceProvidersRequest{ServiceType: "bandwidth", Pagination: &query.PageRequest{Offset: 1}})
	requireCode(t, err, codes.InvalidArgument)
}

func TestQueryServiceProvidersCapsItsMinimums(t *testing.T) {
	f := setup(t)
	parsed, _ := devicekit.ParseID(f.meter)
	f.devices.d[parsed].Services = []devicetypes.Service{{ServiceType: "bandwidth", Price: math.NewInt(7)}}
	minimums := func(n int) []types.ReputationMinimum {
		out := make([]types.ReputationMinimum, n)
		for i := range out {
			out[i] = types.ReputationMinimum{ReputationType: fmt.Sprintf("type-%d", i), MinScore: 1}
		}
		return out
	}

	res, err := f.queries.ServiceProviders(f.ctx, &types.QueryServiceProvidersRequest{ServiceType: "bandwidth", Minimums: minimums(devicetypes.MaxListLength)})
	require.NoError(t, err, "as many minimums as a device policy holds are served")
	require.Len(t, res.Providers, 1, "each unscored type counts at the default, above 1")

	for name, req := range map[string]*types.QueryServiceProvidersRequest{
		"more minimums than a device policy holds are refused": {ServiceType: "bandwidth", Minimums: minimums(devicetypes.MaxListLength + 1)},
		"a type named twice is refused": {ServiceType: "bandwidth", Minimums: []types.ReputationMinimum{
			{ReputationType: "security", MinScore: 1}, {ReputationType: "security", MinScore: 2},
		}},
		"a minimum above the highest score is refused, it could never be met": {ServiceType: "bandwidth", Minimums: []types.ReputationMinimum{
			{ReputationType: "security", MinScore: types.MaxScore + 1},
		}},
		"a malformed type is refused": {ServiceType: "bandwidth", Minimums: []types.ReputationMinimum{{ReputationType: "Security"}}},
		"an empty type is refused":    {ServiceType: "bandwidth", Minimums: []types.ReputationMinimum{{MinScore: 1}}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.queries.ServiceProviders(f.ctx, req)
			require.ErrorIs(t, err, types.ErrInvalidMinimums)
			requireCode(t, err, codes.InvalidArgument)
		})
	}
}

func TestReputationListingsPagesAreBounded(t *testing.T) {
	f := setup(t)
	t.Run("history", func(t *testing.T) {
		f.setParams(t, func(p *types.Params) { p.HistoryLength = types.MaxHistoryLength })
		for i := 0; i <= pagination.MaxLimit; i++ {
			f.mustWrite(t, f.sentinel, score(f.meter, "security", uint32(i)))
			f.advance(1)
		}
		paginationtest.RequireBounded(t, func(page *query.PageRequest) (int, *query.PageResponse, error) {
			res, err := f.queries.History(f.ctx, &types.QueryHistoryRequest{DeviceId: f.meter, ReputationType: "security", Pagination: page})
			if err != nil {
				return 0, nil, err
			}
			return len(res.Scores), res.Pagination, nil
		})
	})
	t.Run("owner reputation", func(t *testing.T) {
		// One auditor scoring one device in more types than a page holds
		// gives its owner that many aggregates.
		wide := testutil.Bech32(t, "wide-ops")
		var typesList []string
		var entries []types.ScoreEntry
		for i := 0; i <= pagination.MaxLimit; i++ {
			typ := fmt.Sprintf("type-%04d", i)
			typesList = append(typesList, typ)
			entries = append(entries, score(f.lamp, typ, 4000))
		}
		f.auditors.byOperator[wide] = &auditortypes.Auditor{Id: "wide", Operator: wide, Status: auditortypes.STATUS_ACTIVE, ReputationTypes: typesList, Weight: 100}
		f.token.balance[wide] = 1_000_000
		alice := testutil.Bech32(t, "alice")
		f.setDevice(t, f.lamp, owned(alice))
		f.mustWrite(t, wide, entries...)
		paginationtest.RequireBounded(t, func(page *query.PageRequest) (int, *query.PageResponse, error) {
			res, err := f.queries.OwnerReputation(f.ctx, &types.QueryOwnerReputationRequest{Owner: alice, Pagination: page})
			if err != nil {
				return 0, nil, err
			}
			return len(res.Aggregates), res.Pagination, nil
		})
	})
	t.Run("service providers", func(t *testing.T) {
		for i := 0; i <= pagination.MaxLimit; i++ {
			id := deviceID(fmt.Sprintf("provider-%d", i))
			f.devices.add(id, "acme")
			parsed, _ := devicekit.ParseID(id)
			f.devices.d[parsed].Services = []devicetypes.Service{{ServiceType: "bandwidth", Price: math.NewInt(1)}}
		}
		paginationtest.RequireBounded(t, func(page *query.PageRequest) (int, *query.PageResponse, error) {
			res, err := f.queries.ServiceProviders(f.ctx, &types.QueryServiceProvidersRequest{ServiceType: "bandwidth", Pagination: page})
			if err != nil {
				return 0, nil, err
			}
			return len(res.Providers), res.Pagination, nil
		})
	})
}
