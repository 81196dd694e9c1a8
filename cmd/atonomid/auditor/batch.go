package auditor

import (
	"cmp"
	"slices"

	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// Due picks the scores worth writing: those never written, and those that
// moved by at least minChange·MaxScore from the score the chain holds.
// The largest changes go first (a new score counts as a full change), then
// key order; at most limit entries.
func Due(scores map[ScoreKey]uint32, written map[string]uint32, minChange float64, limit int) []ScoreEntry {
	threshold := uint64(minChange * float64(reputationtypes.MaxScore))
	type due struct {
		entry  ScoreEntry
		change uint64
	}
	var list []due
	for k, s := range scores {
		w, ok := written[k.String()]
		change := uint64(reputationtypes.MaxScore) + 1
		if ok {
			change = uint64(max(s, w) - min(s, w))
			if change == 0 || change < threshold {
				continue
			}
		}
		list = append(list, due{ScoreEntry{k.DeviceID, k.ReputationType, s}, change})
	}
	slices.SortFunc(list, func(a, b due) int {
		if c := cmp.Compare(b.change, a.change); c != 0 {
			return c
		}
		if c := cmp.Compare(a.entry.DeviceID, b.entry.DeviceID); c != 0 {
			return c
		}
		return cmp.Compare(a.entry.ReputationType, b.entry.ReputationType)
	})
	if limit >= 0 && len(list) > limit {
		list = list[:limit]
	}
	out := make([]ScoreEntry, len(list))
	for i, d := range list {
		out[i] = d.entry
	}
	return out
}
