package service

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestApplyBlockCountsEachBlockOnce(t *testing.T) {
	m := testModel()
	m.WindowBlocks = 10
	s := NewState("chain", "op")
	fail := Observation{DeviceID: "d1", Feature: FailedActivations}

	applied, err := s.ApplyBlock(m, 21, []Observation{fail, fail})
	require.NoError(t, err)
	require.True(t, applied)
	require.Equal(t, int64(2), s.Window)

	applied, err = s.ApplyBlock(m, 21, []Observation{fail})
	require.NoError(t, err)
	require.False(t, applied, "the same block again is ignored")
	require.Equal(t, uint64(2), s.Devices["d1"].Total[FailedActivations])

	_, err = s.ApplyBlock(m, 23, nil)
	require.ErrorContains(t, err, "heights 22-22 are missing")

	_, err = s.ApplyBlock(m, 22, []Observation{{DeviceID: "d1", Manufacturer: "acme", Feature: NoFeature}})
	require.NoError(t, err)
	require.Equal(t, "acme", s.Devices["d1"].Manufacturer, "an activation names the fleet and counts nothing")
	require.Equal(t, Vector{FailedActivations: 2}, s.Devices["d1"].Count)
	require.Equal(t, Vector{}, s.Devices["d1"].EWMA, "the window is still open")
}

func TestWindowsCloseIntoTheAverageAndDecay(t *testing.T) {
	m := testModel() // α = 0.5
	m.WindowBlocks = 10
	s := NewState("chain", "op")
	fail := Observation{DeviceID: "d1", Feature: FailedActivations}
	_, err := s.ApplyBlock(m, 9, []Observation{fail, fail, fail, fail})
	require.NoError(t, err)
	_, err = s.ApplyBlock(m, 10, nil)
	require.NoError(t, err)
	require.Equal(t, 2.0, s.Devices["d1"].EWMA[FailedActivations], "window 0 closed: 0.5·4")
	require.Equal(t, Vector{}, s.Devices["d1"].Count)

	for h := int64(11); h <= 40; h++ {
		_, err = s.ApplyBlock(m, h, nil)
		require.NoError(t, err)
	}
	require.Equal(t, 0.25, s.Devices["d1"].EWMA[FailedActivations], "three quiet windows: 2·0.5³")

	// Jumping windows at once decays the same as closing them one by one.
	jump := NewState("chain", "op")
	_, err = jump.ApplyBlock(m, 9, []Observation{fail, fail, fail, fail})
	require.NoError(t, err)
	jump.closeWindows(m, 4)
	require.Equal(t, 0.25, jump.Devices["d1"].EWMA[FailedActivations])
}

func TestStateSurvivesSaveAndLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "auditor", "state.json")
	fresh, err := LoadState(path, "chain", "op")
	require.NoError(t, err)
	require.Equal(t, NewState("chain", "op"), fresh, "no file: a fresh state")

	m := testModel()
	_, err = fresh.ApplyBlock(m, 5, []Observation{{DeviceID: "d1", Manufacturer: "acme", Feature: Payments}})
	require.NoError(t, err)
	fresh.Written["d1/security"] = 42
	fresh.Pending = &PendingBatch{TxHash: "AB", Tx: []byte{1, 2}, Sequence: 7, Entries: []ScoreEntry{{"d1", "security", 0}}, Height: 5, Checked: 5}
	require.NoError(t, fresh.Save(path))

	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	require.Len(t, entries, 1, "the temporary file was renamed over the state file")

	loaded, err := LoadState(path, "chain", "op")
	require.NoError(t, err)
	require.Equal(t, fresh.LastFlush.UnixNano(), loaded.LastFlush.UnixNano())
	loaded.LastFlush = fresh.LastFlush
	require.Equal(t, fresh, loaded)

	_, err = LoadState(path, "other-chain", "op")
	require.ErrorContains(t, err, `is of chain "chain"`)
	_, err = LoadState(path, "chain", "someone-else")
	require.ErrorContains(t, err, "is of operator op")

	require.NoError(t, os.WriteFile(path, []byte("{torn"), 0o600))
	_, err = LoadState(path, "chain", "op")
	require.Error(t, err, "a corrupt file is refused, not replaced by a fresh state")
}
