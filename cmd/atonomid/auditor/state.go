package auditor

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// stateVersion is bumped when the state file's layout changes. Version 2
// dropped failed activations from the device vectors (stored by position)
// and added the per-submitter tally; LoadState migrates a version 1 file.
const stateVersion = 2

// DeviceStats is what the service knows of one device's behaviour. Only
// devices the device registry knows are tracked, so Manufacturer is set.
type DeviceStats struct {
	// Manufacturer is the device's fleet.
	Manufacturer string `json:"manufacturer"`
	// Count holds the events of the open window.
	Count Vector `json:"count"`
	// EWMA holds the averages of the closed windows, in events per window.
	EWMA Vector `json:"ewma"`
	// Total counts every event applied while the device was tracked: it
	// shows that none was lost or counted twice.
	Total [NumFeatures]uint64 `json:"total"`
	// RefusedIntents holds the device-signed refused intents of the open
	// window (Observation.Intent), so that replays of one count once.
	RefusedIntents map[string]bool `json:"refused_intents,omitempty"`
}

// Idle says whether the device's behaviour has faded below eps: nothing in
// the open window and every average below eps.
func (d *DeviceStats) Idle(eps float64) bool {
	for f := range d.EWMA {
		if d.Count[f] != 0 || !(d.EWMA[f] < eps) {
			return false
		}
	}
	return true
}

// SubmitterStats is the tally of one account's refused activations. It is
// reported (log and state file) and never enters a device's score: a
// refused proof is evidence about whoever sent it.
type SubmitterStats struct {
	// Count holds the refusals of the open window.
	Count uint64 `json:"count"`
	// EWMA is the average of the closed windows, in refusals per window.
	EWMA float64 `json:"ewma"`
	// Total counts every refusal applied while the account was tallied.
	Total uint64 `json:"total"`
	// LastHeight is the height of its latest refused activation.
	LastHeight int64 `json:"last_height"`
}

// PendingBatch is a signed MsgWriteScores transaction whose outcome the
// service has not seen yet. It is saved before it is broadcast, so that a
// restart finds it and checks the chain instead of writing again.
type PendingBatch struct {
	TxHash   string       `json:"tx_hash"`
	Tx       []byte       `json:"tx"`
	Sequence uint64       `json:"sequence"`
	Entries  []ScoreEntry `json:"entries"`
	// Height is the chain height the batch was built at; the chain can hold
	// it only in a later block.
	Height int64 `json:"height"`
	// Checked is the last height at which the service looked for it.
	Checked int64 `json:"checked"`
}

// ScoreEntry is one score of a batch.
type ScoreEntry struct {
	DeviceID       string `json:"device_id"`
	ReputationType string `json:"reputation_type"`
	Score          uint32 `json:"score"`
}

// Key returns the entry's score key.
func (e ScoreEntry) Key() ScoreKey { return ScoreKey{e.DeviceID, e.ReputationType} }

// State is everything the service must not forget across restarts.
type State struct {
	Version  int    `json:"version"`
	ChainID  string `json:"chain_id"`
	Operator string `json:"operator"`
	// LastHeight is the last block whose events were applied.
	LastHeight int64 `json:"last_height"`
	// Window is the index of the open counting window.
	Window  int64                   `json:"window"`
	Devices map[string]*DeviceStats `json:"devices"`
	// Submitters tallies refused activations by the account that sent
	// them.
	Submitters map[string]*SubmitterStats `json:"activation_submitters"`
	// Written holds the scores the chain confirmed, by ScoreKey.String(),
	// of tracked devices only (Prune).
	Written   map[string]uint32 `json:"written"`
	Pending   *PendingBatch     `json:"pending,omitempty"`
	LastFlush time.Time         `json:"last_flush"`

	// migratedFrom is the version of the file LoadState migrated, for the
	// service to say so; 0 when none was.
	migratedFrom int
}

// NewState returns the empty state of an auditor operator on a chain.
func NewState(chainID, operator string) *State {
	return &State{
		Version: stateVersion, ChainID: chainID, Operator: operator,
		Devices: map[string]*DeviceStats{}, Submitters: map[string]*SubmitterStats{}, Written: map[string]uint32{},
	}
}

// ApplyBlock applies the evidence of the block at height. Blocks must
// come in order: a height already applied is ignored (false), so that the
// same block seen twice, from the websocket and from a catch-up, counts
// once; a gap is an error, so that no block is skipped.
//
// An observation of a device the state does not track starts tracking it
// only when it names the device's manufacturer (the service looks it up in
// the device registry first): a device the registry does not know gets no
// state at all, so events naming made-up ids cost no memory.
func (s *State) ApplyBlock(m Model, height int64, ev Evidence) (bool, error) {
	if s.LastHeight != 0 && height <= s.LastHeight {
		return false, nil
	}
	if s.LastHeight != 0 && height != s.LastHeight+1 {
		return false, fmt.Errorf("block %d follows %d: heights %d-%d are missing", height, s.LastHeight, s.LastHeight+1, height-1)
	}
	w := m.WindowOf(height)
	if s.LastHeight == 0 {
		s.Window = w
	}
	if w > s.Window {
		s.closeWindows(m, w-s.Window)
		s.Window = w
	}
	for _, o := range ev.Devices {
		s.observe(o)
	}
	for _, account := range ev.ActivationSubmitters {
		a, ok := s.Submitters[account]
		if !ok {
			a = &SubmitterStats{}
			s.Submitters[account] = a
		}
		a.Count++
		a.Total++
		a.LastHeight = height
	}
	s.LastHeight = height
	return true, nil
}

// observe counts one observation of a device (ApplyBlock).
func (s *State) observe(o Observation) {
	d, tracked := s.Devices[o.DeviceID]
	if !tracked {
		if o.Manufacturer == "" {
			return
		}
		d = &DeviceStats{}
		s.Devices[o.DeviceID] = d
	}
	if o.Manufacturer != "" {
		d.Manufacturer = o.Manufacturer
	}
	if o.Feature < 0 || o.Feature >= NumFeatures {
		return
	}
	if o.Intent != "" {
		if d.RefusedIntents[o.Intent] {
			return
		}
		if d.RefusedIntents == nil {
			d.RefusedIntents = map[string]bool{}
		}
		d.RefusedIntents[o.Intent] = true
	}
	d.Count[o.Feature]++
	d.Total[o.Feature]++
}

// closeWindows closes the open window and n−1 empty ones after it: each
// average takes the open window's count, then decays over the empty ones.
// An account whose refused-activation average falls below ε is forgotten
// here: nothing on chain depends on its tally. Idle devices are forgotten by
// Prune instead, once their scores on chain are settled.
func (s *State) closeWindows(m Model, n int64) {
	for _, d := range s.Devices {
		for f := range d.EWMA {
			d.EWMA[f] = m.Decay(m.EWMA(d.EWMA[f], d.Count[f]), n-1)
		}
		d.Count = Vector{}
		d.RefusedIntents = nil
	}
	for account, a := range s.Submitters {
		a.EWMA = m.Decay(m.EWMA(a.EWMA, float64(a.Count)), n-1)
		a.Count = 0
		if a.EWMA < m.PruneBelow {
			delete(s.Submitters, account)
		}
	}
}

// Prune forgets the devices that are idle (DeviceStats.Idle with eps) and
// not in keep, with the scores the chain confirmed for them, and returns
// their ids. The caller keeps the devices whose scores on chain still need
// a write, so that what stays on chain for a forgotten device is what the
// service would write for it. A forgotten device that shows up again starts
// fresh: zero averages and no score known, so its next score is written.
// Written scores of devices no longer tracked (a batch that settled after
// its device was forgotten) go too, so the state holds active devices only.
func (s *State) Prune(eps float64, keep map[string]bool) []string {
	var pruned []string
	for id, d := range s.Devices {
		if !keep[id] && d.Idle(eps) {
			delete(s.Devices, id)
			pruned = append(pruned, id)
		}
	}
	for key := range s.Written {
		id, _, _ := strings.Cut(key, "/")
		if _, tracked := s.Devices[id]; !tracked {
			delete(s.Written, key)
		}
	}
	sort.Strings(pruned)
	return pruned
}

// LoadState reads the state file at path; a missing file is a fresh start.
// A file of another chain or operator is refused rather than mixed in. A
// version 1 file is migrated (migrateV1), not refused: refusing would have
// the operator delete it, losing the batch in flight (which could then be
// written twice) and the scores confirmed (all written again).
func LoadState(path, chainID, operator string) (*State, error) {
	bz, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return NewState(chainID, operator), nil
	}
	if err != nil {
		return nil, err
	}
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(bz, &head); err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	s := NewState(chainID, operator)
	switch head.Version {
	case stateVersion:
		err = json.Unmarshal(bz, s)
	case 1:
		s, err = migrateV1(bz, s)
	default:
		return nil, fmt.Errorf("state file %s has version %d, this service reads 1 and %d", path, head.Version, stateVersion)
	}
	if err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	switch {
	case s.ChainID != chainID:
		return nil, fmt.Errorf("state file %s is of chain %q, not %q", path, s.ChainID, chainID)
	case s.Operator != operator:
		return nil, fmt.Errorf("state file %s is of operator %s, not %s", path, s.Operator, operator)
	}
	if s.Devices == nil {
		s.Devices = map[string]*DeviceStats{}
	}
	if s.Submitters == nil {
		s.Submitters = map[string]*SubmitterStats{}
	}
	if s.Written == nil {
		s.Written = map[string]uint32{}
	}
	return s, nil
}

// deviceStatsV1 is a device of a version 1 state file, whose vectors held
// failed activations, payments, refused payments and transfers, in that
// order.
type deviceStatsV1 struct {
	Manufacturer string     `json:"manufacturer,omitempty"`
	Count        [4]float64 `json:"count"`
	EWMA         [4]float64 `json:"ewma"`
	Total        [4]uint64  `json:"total"`
}

// fromV1 drops a version 1 vector's failed activations (position 0).
func fromV1[T float64 | uint64](v [4]T) [NumFeatures]T {
	var out [NumFeatures]T
	out[Payments], out[RefusedPayments], out[Transfers] = v[1], v[2], v[3]
	return out
}

// migrateV1 reads a version 1 state file into s: the devices' vectors lose
// their failed activations, devices whose manufacturer was never known (the
// registry did not know them) are dropped with any score written for them,
// and the per-submitter tally starts empty, since version 1 counted failed
// activations by device, not by submitter. Height, window, the scores
// confirmed and the batch in flight are kept as they were.
func migrateV1(bz []byte, s *State) (*State, error) {
	var v1 struct {
		*State
		// The outer field wins over State's: Go's JSON takes the
		// shallower of two fields with one name.
		Devices map[string]*deviceStatsV1 `json:"devices"`
	}
	v1.State = s
	if err := json.Unmarshal(bz, &v1); err != nil {
		return nil, err
	}
	s.Devices = map[string]*DeviceStats{}
	for id, d := range v1.Devices {
		if d == nil || d.Manufacturer == "" {
			continue
		}
		s.Devices[id] = &DeviceStats{Manufacturer: d.Manufacturer, Count: fromV1(d.Count), EWMA: fromV1(d.EWMA), Total: fromV1(d.Total)}
	}
	for key := range s.Written {
		if id, _, _ := strings.Cut(key, "/"); s.Devices[id] == nil {
			delete(s.Written, key)
		}
	}
	s.Version, s.migratedFrom = stateVersion, 1
	return s, nil
}

// Save writes the state to path atomically: a crash leaves either the old
// file or the new one, never a torn one.
func (s *State) Save(path string) error {
	bz, err := json.Marshal(s)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(bz); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// The rename itself is durable only once the directory is synced.
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
