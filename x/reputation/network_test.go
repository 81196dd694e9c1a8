package reputation_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil/network"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// TestReputationQueries: on two in-process validators, an auditor scores
// two devices of one owner; every reputation query answers over gRPC, REST
// and the CLI: a device's aggregate in a type, all its aggregates, its
// history, service discovery and the owner's aggregates, which follow a
// transfer. Validator 0 is a registrar and the devices' owner; validator 1
// operates the manufacturer and the auditor.
func TestReputationQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 2))
	operator := n.Validators[1].Address.String()
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("cd", 32), "--operators", operator, "--default-reputation", "5000")
	n.Tx(t, 0, 0, "auditor", "add", "sentinel", "Sentinel", operator, "--reputation-types", "security,social", "--weight", "100")
	ids := n.ActivateDevices(t, "acme", 1, 0, "meter", "lamp")
	meter, lamp := ids[0], ids[1]
	owner, buyer := n.Validators[0].Address.String(), operator
	n.Tx(t, 0, 0, "device", "set-services", meter, "--services", `{"service_type":"electricity","price":"50"}`)

	entry := func(device, typ string, value uint32) string {
		return fmt.Sprintf(`{"device_id":%q,"reputation_type":%q,"score":%d}`, device, typ, value)
	}
	n.Tx(t, 1, 0, "reputation", "write-scores", "--scores", entry(meter, "security", 4000),
		"--scores", entry(meter, "social", 6000), "--scores", entry(lamp, "security", 7000))
	n.Tx(t, 1, 0, "reputation", "write-scores", "--scores", entry(meter, "security", 3000))

	ctx := context.Background()
	q := types.NewQueryClient(n.GRPC(t))

	// A device's aggregate in one type, and in a type nobody scored.
	agg, err := q.Aggregate(ctx, &types.QueryAggregateRequest{DeviceId: meter, ReputationType: "security"})
	require.NoError(t, err)
	require.Equal(t, types.Aggregate{DeviceId: meter, ReputationType: "security", WeightedSum: 300_000, TotalWeight: 100, Auditors: 1, Value: 3000}, agg.Aggregate)
	agg, err = q.Aggregate(ctx, &types.QueryAggregateRequest{DeviceId: lamp, ReputationType: "social"})
	require.NoError(t, err)
	require.Equal(t, uint32(5000), agg.Aggregate.Value, "the manufacturer's default")
	require.Contains(t, n.REST(t, "/atonomi/reputation/v1/devices/"+meter+"/aggregates/security"), `"value":3000`)
	out, err := n.CLI(0, "query", "reputation", "aggregate", meter, "security", "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, `"value": 3000`)

	// All of a device's aggregates.
	dev, err := q.DeviceReputation(ctx, &types.QueryDeviceReputationRequest{DeviceId: meter})
	require.NoError(t, err)
	require.Len(t, dev.Aggregates, 2)
	require.Equal(t, []string{"security", "social"}, []string{dev.Aggregates[0].ReputationType, dev.Aggregates[1].ReputationType})
	require.Equal(t, uint32(5000), dev.DefaultValue)
	require.Contains(t, n.REST(t, "/atonomi/reputation/v1/devices/"+meter+"/aggregates"), `"reputation_type":"social"`)
	out, err = n.CLI(0, "query", "reputation", "device", meter, "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, `"reputation_type": "social"`)

	// History, newest first.
	hist, err := q.History(ctx, &types.QueryHistoryRequest{DeviceId: meter, ReputationType: "security"})
	require.NoError(t, err)
	require.Len(t, hist.Scores, 2)
	require.Equal(t, []uint32{3000, 4000}, []uint32{hist.Scores[0].Score, hist.Scores[1].Score})
	require.Equal(t, types.DIRECTION_DOWN, hist.Scores[0].Direction)
	require.Contains(t, n.REST(t, "/atonomi/reputation/v1/devices/"+meter+"/history/security"), `"score":4000`)
	out, err = n.CLI(0, "query", "reputation", "history", meter, "security", "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, `"score": 4000`)

	// Service discovery, with and without a minimum the meter misses.
	prov, err := q.ServiceProviders(ctx, &types.QueryServiceProvidersRequest{ServiceType: "electricity"})
	require.NoError(t, err)
	require.Len(t, prov.Providers, 1)
	require.Equal(t, meter, prov.Providers[0].DeviceId)
	prov, err = q.ServiceProviders(ctx, &types.QueryServiceProvidersRequest{ServiceType: "electricity",
		Minimums: []types.ReputationMinimum{{ReputationType: "security", MinScore: 3001}}})
	require.NoError(t, err)
	require.Empty(t, prov.Providers)
	require.Contains(t, n.REST(t, "/atonomi/reputation/v1/service_providers/electricity"), meter)
	out, err = n.CLI(0, "query", "reputation", "providers", "electricity", "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, meter)

	// The owner's aggregates: (3000 + 7000) / 2 in security, 6000 in social.
	own, err := q.OwnerReputation(ctx, &types.QueryOwnerReputationRequest{Owner: owner})
	require.NoError(t, err)
	require.Equal(t, []types.OwnerAggregate{
		{Owner: owner, ReputationType: "security", ValueSum: 10_000, Devices: 2, Value: 5000},
		{Owner: owner, ReputationType: "social", ValueSum: 6000, Devices: 1, Value: 6000},
	}, own.Aggregates)
	require.Contains(t, n.REST(t, "/atonomi/reputation/v1/owners/"+owner+"/aggregates"), `"value_sum":"10000"`)
	out, err = n.CLI(0, "query", "reputation", "owner", owner, "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, `"devices": "2"`)

	// A transfer moves the lamp's aggregate to its new owner.
	n.Tx(t, 0, 0, "device", "transfer", lamp, buyer)
	own, err = q.OwnerReputation(ctx, &types.QueryOwnerReputationRequest{Owner: owner})
	require.NoError(t, err)
	require.Equal(t, types.OwnerAggregate{Owner: owner, ReputationType: "security", ValueSum: 3000, Devices: 1, Value: 3000}, own.Aggregates[0])
	out, err = n.CLI(0, "query", "reputation", "owner", buyer, "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, `"value_sum": "7000"`)
}
