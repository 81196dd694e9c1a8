package keeper_test

import (
	"fmt"
	"testing"

	"github.com/atonomi/atonomid/x/reputation/types"
)

// BenchmarkWriteScores measures score writes through the msg server (role
// check, entry checks, fee per manufacturer, reward, aggregate update,
// latest score, history, event, exclusion verdict) per score, for a single
// score and batches, each score the auditor's first of its pair.
func BenchmarkWriteScores(b *testing.B) {
	for _, batch := range []int{1, 100, 1_000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			f := setup(b)
			f.token.balance[f.veritas] = 1 << 62
			msgs := make([]*types.MsgWriteScores, b.N)
			for i := range msgs {
				entries := make([]types.ScoreEntry, batch)
				for j := range entries {
					id := deviceID(fmt.Sprintf("bench-%d-%d", i, j))
					f.devices.add(id, "acme")
					entries[j] = score(id, "security", 2_000+uint32(j%8_000))
				}
				msgs[i] = &types.MsgWriteScores{Operator: f.veritas, Scores: entries}
			}
			b.ResetTimer()
			for _, msg := range msgs {
				// Each message writes to its own cache over the store, as a
				// transaction does in a block: the fixture's bare IAVL tree
				// would otherwise make every iterator scan all earlier
				// uncommitted writes, which a node never sees mid-block.
				ctx, _ := f.ctx.CacheContext()
				if _, err := f.msgs.WriteScores(ctx, msg); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/score")
		})
	}
}

// BenchmarkAggregateQuery measures a reputation lookup through the query
// server: a scored device's aggregate of one type.
func BenchmarkAggregateQuery(b *testing.B) {
	f := setup(b)
	if _, err := f.write(f.veritas, score(f.meter, "security", 7_000)); err != nil {
		b.Fatal(err)
	}
	req := &types.QueryAggregateRequest{DeviceId: f.meter, ReputationType: "security"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.queries.Aggregate(f.ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
