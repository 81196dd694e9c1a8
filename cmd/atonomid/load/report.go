package load

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// Report is what a load run measured. Counts of committed work come from the
// blocks themselves (each tx's result code), not from broadcast answers.
type Report struct {
	Mode       Mode    `json:"mode"`
	ChainID    string  `json:"chain_id"`
	Accounts   int     `json:"accounts"`
	Batch      int     `json:"batch"`
	TargetRate float64 `json:"target_tx_rate"` // 0: as fast as accepted

	// Elapsed runs from the first broadcast to the last block that included
	// one of the run's transactions: the window every rate is over.
	Elapsed time.Duration `json:"elapsed"`

	Broadcast          int    `json:"broadcast"`           // BroadcastTxSync calls
	Accepted           int    `json:"accepted"`            // passed CheckTx
	Committed          int    `json:"committed"`           // included with code 0
	FailedInBlock      int    `json:"failed_in_block"`     // included with another code
	NotIncluded        int    `json:"not_included"`        // accepted, never included before the run ended
	MempoolRejections  int    `json:"mempool_rejections"`  // mempool full or tx already in cache
	SequenceMismatches int    `json:"sequence_mismatches"` // CheckTx refused the sequence; refetched
	Refused            int    `json:"refused"`             // CheckTx refused for another reason
	FirstRefusal       string `json:"first_refusal,omitempty"`
	FirstBlockFailure  string `json:"first_block_failure,omitempty"`

	// Work carried by the committed transactions.
	DevicesRegistered int `json:"devices_registered"`
	Activations       int `json:"activations"`
	Scores            int `json:"scores"`
	Payments          int `json:"payments"`

	Blocks       int           `json:"blocks"`
	AvgBlockTime time.Duration `json:"avg_block_time"`
	MaxBlockTime time.Duration `json:"max_block_time"`
	MaxBlockTxs  int           `json:"max_block_txs"`

	QueryRate         float64        `json:"query_rate"`
	DeviceLookups     LatencySummary `json:"device_lookups"`
	ReputationLookups LatencySummary `json:"reputation_lookups"`
}

// PerSecond is n over the report's elapsed window.
func (r Report) PerSecond(n int) float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(n) / r.Elapsed.Seconds()
}

// Units is the mode's own work count (devices, activations, scores, payments).
func (r Report) Units() int {
	switch r.Mode {
	case ModeRegistrations:
		return r.DevicesRegistered
	case ModeActivations:
		return r.Activations
	case ModeScores:
		return r.Scores
	default:
		return r.Payments
	}
}

// Write prints the report as an aligned table.
func (r Report) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	rate := "as fast as accepted"
	if r.TargetRate > 0 {
		rate = fmt.Sprintf("%.1f tx/s", r.TargetRate)
	}
	lookups := [][2]string{
		{"gRPC device lookup", latencyRow(r.QueryRate/2, r.DeviceLookups)},
		{"gRPC reputation lookup", latencyRow(r.QueryRate/2, r.ReputationLookups)},
	}
	if r.Mode == ModeLookups {
		return writeRows(tw, append([][2]string{
			{"mode", fmt.Sprintf("%s (chain %s, no transactions)", r.Mode, r.ChainID)},
			{"window", fmt.Sprintf("%.1fs", r.Elapsed.Seconds())},
		}, lookups...))
	}
	rows := [][2]string{
		{"mode", fmt.Sprintf("%s (chain %s, %d accounts, batch %d, target %s)", r.Mode, r.ChainID, r.Accounts, r.Batch, rate)},
		{"window", fmt.Sprintf("%.1fs (first broadcast to last inclusion)", r.Elapsed.Seconds())},
		{"transactions", fmt.Sprintf("%d broadcast, %d accepted by CheckTx, %d committed, %d failed in block, %d not included",
			r.Broadcast, r.Accepted, r.Committed, r.FailedInBlock, r.NotIncluded)},
		{"accepted tx/s", fmt.Sprintf("%.1f (committed with code 0)", r.PerSecond(r.Committed))},
		{"devices registered/s", rateRow(r, r.DevicesRegistered)},
		{"activations/s", rateRow(r, r.Activations)},
		{"scores/s", rateRow(r, r.Scores)},
		{"payments/s", rateRow(r, r.Payments)},
		{"blocks", fmt.Sprintf("%d, average block time %s, longest %s, most txs in a block %d",
			r.Blocks, r.AvgBlockTime.Round(time.Millisecond), r.MaxBlockTime.Round(time.Millisecond), r.MaxBlockTxs)},
		{"mempool rejections", fmt.Sprintf("%d", r.MempoolRejections)},
		{"sequence mismatches", fmt.Sprintf("%d (sequence refetched)", r.SequenceMismatches)},
		{"refused by CheckTx", refusalRow(r.Refused, r.FirstRefusal)},
	}
	if r.FirstBlockFailure != "" {
		rows = append(rows, [2]string{"first failure in block", r.FirstBlockFailure})
	}
	return writeRows(tw, append(rows, lookups...))
}

// writeRows prints label-value rows aligned and flushes them.
func writeRows(tw *tabwriter.Writer, rows [][2]string) error {
	for _, row := range rows {
		if _, err := fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1]); err != nil {
			return err
		}
	}
	return tw.Flush()
}

func rateRow(r Report, n int) string {
	return fmt.Sprintf("%.1f (%d in total)", r.PerSecond(n), n)
}

func refusalRow(n int, first string) string {
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("%d, first: %s", n, first)
}

func latencyRow(rate float64, s LatencySummary) string {
	if s.Count == 0 && s.Errors == 0 {
		return "not measured"
	}
	return fmt.Sprintf("p50 %s  p95 %s  p99 %s  max %s  (%d lookups at %.0f/s, %d errors)",
		ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max), s.Count, rate, s.Errors)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }
