package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// stateVersion is bumped when the state file's layout changes.
const stateVersion = 1

// DeviceStats is what the service knows of one device's behaviour.
type DeviceStats struct {
	// Manufacturer is the device's fleet; empty until an event or a lookup
	// names it.
	Manufacturer string `json:"manufacturer,omitempty"`
	// Count holds the events of the open window.
	Count Vector `json:"count"`
	// EWMA holds the averages of the closed windows, in events per window.
	EWMA Vector `json:"ewma"`
	// Total counts every event ever applied: it shows that none was lost or
	// counted twice.
	Total [NumFeatures]uint64 `json:"total"`
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
	// Written holds the scores the chain confirmed, by ScoreKey.String().
	Written   map[string]uint32 `json:"written"`
	Pending   *PendingBatch     `json:"pending,omitempty"`
	LastFlush time.Time         `json:"last_flush"`
}

// NewState returns the empty state of an auditor operator on a chain.
func NewState(chainID, operator string) *State {
	return &State{
		Version: stateVersion, ChainID: chainID, Operator: operator,
		Devices: map[string]*DeviceStats{}, Written: map[string]uint32{},
	}
}

// Observation is one event about one device. Feature is NoFeature when the
// event only tells the device's manufacturer (an activation).
type Observation struct {
	DeviceID     string
	Manufacturer string
	Feature      Feature
}

// NoFeature marks an observation that counts nothing.
const NoFeature Feature = -1

// device returns the stats of id, creating them.
func (s *State) device(id string) *DeviceStats {
	d, ok := s.Devices[id]
	if !ok {
		d = &DeviceStats{}
		s.Devices[id] = d
	}
	return d
}

// ApplyBlock applies the observations of the block at height. Blocks must
// come in order: a height already applied is ignored (false), so that the
// same block seen twice, from the websocket and from a catch-up, counts
// once; a gap is an error, so that no block is skipped.
func (s *State) ApplyBlock(m Model, height int64, obs []Observation) (bool, error) {
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
	for _, o := range obs {
		d := s.device(o.DeviceID)
		if o.Manufacturer != "" {
			d.Manufacturer = o.Manufacturer
		}
		if o.Feature >= 0 && o.Feature < NumFeatures {
			d.Count[o.Feature]++
			d.Total[o.Feature]++
		}
	}
	s.LastHeight = height
	return true, nil
}

// closeWindows closes the open window and n−1 empty ones after it: each
// average takes the open window's count, then decays over the empty ones.
func (s *State) closeWindows(m Model, n int64) {
	for _, d := range s.Devices {
		for f := range d.EWMA {
			d.EWMA[f] = m.Decay(m.EWMA(d.EWMA[f], d.Count[f]), n-1)
		}
		d.Count = Vector{}
	}
}

// LoadState reads the state file at path; a missing file is a fresh start.
// A file of another chain or operator is refused rather than mixed in.
func LoadState(path, chainID, operator string) (*State, error) {
	bz, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return NewState(chainID, operator), nil
	}
	if err != nil {
		return nil, err
	}
	s := NewState(chainID, operator)
	if err := json.Unmarshal(bz, s); err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	switch {
	case s.Version != stateVersion:
		return nil, fmt.Errorf("state file %s has version %d, this service writes %d", path, s.Version, stateVersion)
	case s.ChainID != chainID:
		return nil, fmt.Errorf("state file %s is of chain %q, not %q", path, s.ChainID, chainID)
	case s.Operator != operator:
		return nil, fmt.Errorf("state file %s is of operator %s, not %s", path, s.Operator, operator)
	}
	if s.Devices == nil {
		s.Devices = map[string]*DeviceStats{}
	}
	if s.Written == nil {
		s.Written = map[string]uint32{}
	}
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
