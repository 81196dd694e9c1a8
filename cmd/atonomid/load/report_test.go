package load

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	"github.com/stretchr/testify/require"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
)

func TestReportRates(t *testing.T) {
	r := Report{Mode: ModeScores, Elapsed: 4 * time.Second, Committed: 10, Scores: 10_000}
	require.InDelta(t, 2.5, r.PerSecond(r.Committed), 1e-9)
	require.InDelta(t, 2_500, r.PerSecond(r.Units()), 1e-9)
	require.Zero(t, Report{Committed: 3}.PerSecond(3), "no window, no rate")
}

func TestReportWrite(t *testing.T) {
	r := Report{
		Mode: ModeRegistrations, ChainID: "atonomi-localnet", Accounts: 16, Batch: 2_000,
		Elapsed: 10 * time.Second, Broadcast: 60, Accepted: 55, Committed: 50, FailedInBlock: 1, NotIncluded: 4,
		MempoolRejections: 3, SequenceMismatches: 2, DevicesRegistered: 100_000,
		Blocks: 9, AvgBlockTime: 1100 * time.Millisecond, MaxBlockTime: 2 * time.Second, MaxBlockTxs: 12,
		QueryRate: 200, DeviceLookups: LatencySummary{Count: 1_000, P50: 1500 * time.Microsecond, P95: 4 * time.Millisecond, P99: 9 * time.Millisecond, Max: 20 * time.Millisecond},
	}
	var out strings.Builder
	require.NoError(t, r.Write(&out))
	// Column widths are the tabwriter's business: compare with runs of
	// spaces collapsed.
	collapse := func(s string) string { return regexp.MustCompile(` {2,}`).ReplaceAllString(s, " ") }
	text := collapse(out.String())
	for _, want := range []string{
		"registrations (chain atonomi-localnet, 16 accounts, batch 2000, target as fast as accepted)",
		"60 broadcast, 55 accepted by CheckTx, 50 committed, 1 failed in block, 4 not included",
		"accepted tx/s          5.0",
		"devices registered/s   10000.0 (100000 in total)",
		"average block time 1.1s, longest 2s, most txs in a block 12",
		"mempool rejections     3",
		"p50 1.50ms  p95 4.00ms  p99 9.00ms  max 20.00ms  (1000 lookups at 100/s, 0 errors)",
		"gRPC reputation lookup  not measured",
	} {
		require.Contains(t, text, collapse(want))
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  *coretypes.ResultBroadcastTx
		err  error
		want verdict
	}{
		{"code 0 is accepted", &coretypes.ResultBroadcastTx{}, nil, accepted},
		{"a full CometBFT mempool is transient", nil, errors.New("mempool is full: number of txs 5000 (max: 5000)"), mempoolFull},
		{"a tx already in the cache is transient", nil, errors.New("tx already exists in cache"), mempoolFull},
		{"the SDK's full mempool is transient", &coretypes.ResultBroadcastTx{Codespace: "sdk", Code: sdkerrors.ErrMempoolIsFull.ABCICode()}, nil, mempoolFull},
		{"a wrong sequence is refetched", &coretypes.ResultBroadcastTx{Codespace: "sdk", Code: sdkerrors.ErrWrongSequence.ABCICode(), Log: "account sequence mismatch, expected 7, got 5"}, nil, wrongSequence},
		{"a module refusal is final", &coretypes.ResultBroadcastTx{Codespace: "device", Code: 5}, nil, refused},
		{"an unreachable node is final", nil, errors.New("connection refused"), refused},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := classify(tc.res, tc.err)
			require.Equal(t, tc.want, got)
		})
	}
	seq, ok := expectedSequence("account sequence mismatch, expected 7, got 5: incorrect account sequence")
	require.True(t, ok)
	require.Equal(t, uint64(7), seq)
}

func TestBlockTimes(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	avg, longest, most := blockTimes([]blockStat{
		{height: 1, time: t0, txs: 2}, {height: 2, time: t0.Add(time.Second), txs: 9}, {height: 3, time: t0.Add(3 * time.Second), txs: 1},
	})
	require.Equal(t, 1500*time.Millisecond, avg)
	require.Equal(t, 2*time.Second, longest)
	require.Equal(t, 9, most)
}

func TestConfigValidate(t *testing.T) {
	c := DefaultConfig()
	require.NoError(t, c.Validate())
	require.Equal(t, DefaultBatch(ModeRegistrations), c.Batch, "the mode's batch is filled in")
	c.Mode, c.Batch, c.PoolDevices = ModeScores, 101, 50
	require.ErrorContains(t, c.Validate(), "repeats pairs")
	c = DefaultConfig()
	c.Duration, c.MaxTxs = 0, 0
	require.ErrorContains(t, c.Validate(), "duration or a maximum")
}
