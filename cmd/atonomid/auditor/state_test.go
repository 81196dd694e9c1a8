package auditor

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// devices is the evidence of a block made of observations only.
func devices(obs ...Observation) Evidence { return Evidence{Devices: obs} }

func TestApplyBlockCountsEachBlockOnce(t *testing.T) {
	m := testModel()
	m.WindowBlocks = 10
	s := NewState("chain", "op")
	refusal := Observation{DeviceID: "d1", Manufacturer: "acme", Feature: RefusedPayments}

	applied, err := s.ApplyBlock(m, 21, devices(refusal, refusal))
	require.NoError(t, err)
	require.True(t, applied)
	require.Equal(t, int64(2), s.Window)

	applied, err = s.ApplyBlock(m, 21, devices(refusal))
	require.NoError(t, err)
	require.False(t, applied, "the same block again is ignored")
	require.Equal(t, uint64(2), s.Devices["d1"].Total[RefusedPayments])

	_, err = s.ApplyBlock(m, 23, Evidence{})
	require.ErrorContains(t, err, "heights 22-22 are missing")

	_, err = s.ApplyBlock(m, 22, devices(Observation{DeviceID: "d1", Manufacturer: "zeta", Feature: NoFeature}))
	require.NoError(t, err)
	require.Equal(t, "zeta", s.Devices["d1"].Manufacturer, "an activation names the fleet and counts nothing")
	require.Equal(t, Vector{RefusedPayments: 2}, s.Devices["d1"].Count)
	require.Equal(t, Vector{}, s.Devices["d1"].EWMA, "the window is still open")
}

func TestWindowsCloseIntoTheAverageAndDecay(t *testing.T) {
	m := testModel() // α = 0.5
	m.WindowBlocks = 10
	s := NewState("chain", "op")
	pay := Observation{DeviceID: "d1", Manufacturer: "acme", Feature: Payments}
	_, err := s.ApplyBlock(m, 9, devices(pay, pay, pay, pay))
	require.NoError(t, err)
	_, err = s.ApplyBlock(m, 10, Evidence{})
	require.NoError(t, err)
	require.Equal(t, 2.0, s.Devices["d1"].EWMA[Payments], "window 0 closed: 0.5·4")
	require.Equal(t, Vector{}, s.Devices["d1"].Count)

	for h := int64(11); h <= 40; h++ {
		_, err = s.ApplyBlock(m, h, Evidence{})
		require.NoError(t, err)
	}
	require.Equal(t, 0.25, s.Devices["d1"].EWMA[Payments], "three quiet windows: 2·0.5³")

	// Jumping windows at once decays the same as closing them one by one.
	jump := NewState("chain", "op")
	_, err = jump.ApplyBlock(m, 9, devices(pay, pay, pay, pay))
	require.NoError(t, err)
	jump.closeWindows(m, 4)
	require.Equal(t, 0.25, jump.Devices["d1"].EWMA[Payments])
}

func TestUnknownDevicesGetNoState(t *testing.T) {
	m := testModel()
	s := NewState("chain", "op")
	var flood []Observation
	for i := 0; i < 1000; i++ {
		// What resolve leaves of evidence about ids the registry does not
		// know: no manufacturer.
		flood = append(flood, Observation{DeviceID: "forged-" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Feature: RefusedPayments})
	}
	_, err := s.ApplyBlock(m, 1, devices(flood...))
	require.NoError(t, err)
	require.Empty(t, s.Devices, "a flood of made-up ids costs no memory")

	_, err = s.ApplyBlock(m, 2, devices(
		Observation{DeviceID: "d1", Manufacturer: "acme", Feature: Payments},
		Observation{DeviceID: "d1", Feature: Transfers},
	))
	require.NoError(t, err)
	require.Equal(t, Vector{Payments: 1, Transfers: 1}, s.Devices["d1"].Count, "a tracked device needs its fleet named only once")
}

func TestReplaysOfARefusedDeviceSignedIntentCountOncePerWindow(t *testing.T) {
	m := testModel()
	m.WindowBlocks = 10
	s := NewState("chain", "op")
	replay := Observation{DeviceID: "d1", Manufacturer: "acme", Feature: RefusedPayments, Intent: "payee/5"}
	other := Observation{DeviceID: "d1", Feature: RefusedPayments, Intent: "payee/6"}
	_, err := s.ApplyBlock(m, 1, devices(replay, replay, other))
	require.NoError(t, err)
	_, err = s.ApplyBlock(m, 2, devices(replay))
	require.NoError(t, err)
	require.Equal(t, uint64(2), s.Devices["d1"].Total[RefusedPayments], "two intents, however often relayed")

	for h := int64(3); h < 10; h++ {
		_, err = s.ApplyBlock(m, h, Evidence{})
		require.NoError(t, err)
	}
	_, err = s.ApplyBlock(m, 10, devices(replay))
	require.NoError(t, err)
	require.Equal(t, uint64(3), s.Devices["d1"].Total[RefusedPayments], "a new window counts the intent again")
}

func TestRefusedActivationsAreTalliedBySubmitter(t *testing.T) {
	m := testModel() // α = 0.5
	m.WindowBlocks = 10
	m.PruneBelow = 0.1
	s := NewState("chain", "op")
	_, err := s.ApplyBlock(m, 1, Evidence{ActivationSubmitters: []string{"mallory", "mallory", "trent"}})
	require.NoError(t, err)
	_, err = s.ApplyBlock(m, 2, Evidence{ActivationSubmitters: []string{"mallory"}})
	require.NoError(t, err)
	require.Equal(t, &SubmitterStats{Count: 3, Total: 3, LastHeight: 2}, s.Submitters["mallory"])
	require.Equal(t, &SubmitterStats{Count: 1, Total: 1, LastHeight: 1}, s.Submitters["trent"])
	require.Empty(t, s.Devices, "the devices the proofs named get nothing")

	for h := int64(3); h <= 10; h++ {
		_, err = s.ApplyBlock(m, h, Evidence{})
		require.NoError(t, err)
	}
	require.Equal(t, 1.5, s.Submitters["mallory"].EWMA, "window closed: 0.5·3")
	require.Equal(t, 0.5, s.Submitters["trent"].EWMA)

	for h := int64(11); h <= 30; h++ {
		_, err = s.ApplyBlock(m, h, Evidence{})
		require.NoError(t, err)
	}
	require.Equal(t, 0.125, s.Submitters["trent"].EWMA, "0.5·0.5² is not below 0.1 yet")
	for h := int64(31); h <= 40; h++ {
		_, err = s.ApplyBlock(m, h, Evidence{})
		require.NoError(t, err)
	}
	require.Nil(t, s.Submitters["trent"], "0.5·0.5³ < 0.1: forgotten")
	require.Equal(t, 0.1875, s.Submitters["mallory"].EWMA, "1.5·0.5³")
	require.Equal(t, uint64(3), s.Submitters["mallory"].Total)
}

func TestPruneForgetsIdleDevicesOnceTheirScoresAreSettled(t *testing.T) {
	const eps = 0.01
	s := NewState("chain", "op")
	s.Devices = map[string]*DeviceStats{
		"busy":      {Manufacturer: "acme", EWMA: Vector{Payments: 0.5}},
		"counting":  {Manufacturer: "acme", Count: Vector{Transfers: 1}},
		"idle":      {Manufacturer: "acme", EWMA: Vector{Payments: 0.009}},
		"unsettled": {Manufacturer: "acme", EWMA: Vector{RefusedPayments: 0.001}},
	}
	s.Written = map[string]uint32{
		"busy/security": 1, "idle/security": 2, "idle/financial": 3, "unsettled/security": 4,
		"settled-late/security": 5, // a batch that settled after its device was forgotten
	}
	pruned := s.Prune(eps, map[string]bool{"unsettled": true})
	require.Equal(t, []string{"idle"}, pruned)
	require.ElementsMatch(t, []string{"busy", "counting", "unsettled"}, keys(s.Devices),
		"a device with events in the open window, an average above ε or a score still due stays")
	require.Equal(t, map[string]uint32{"busy/security": 1, "unsettled/security": 4}, s.Written,
		"the state holds the scores of tracked devices only")

	// A forgotten device that shows up again starts fresh: no average,
	// no score known, so its next score is due as a new one.
	m := testModel()
	_, err := s.ApplyBlock(m, 1, devices(Observation{DeviceID: "idle", Manufacturer: "acme", Feature: Payments}))
	require.NoError(t, err)
	require.Equal(t, &DeviceStats{Manufacturer: "acme", Count: Vector{Payments: 1}, Total: [NumFeatures]uint64{Payments: 1}}, s.Devices["idle"])
	due := Due(map[ScoreKey]uint32{{"idle", "security"}: 2}, s.Written, 0.01, -1)
	require.Equal(t, []ScoreEntry{{"idle", "security", 2}}, due, "written again, even if the chain holds that score")

	require.Empty(t, s.Prune(0, nil), "ε = 0 forgets nothing")
}

func TestAnIdleDeviceDecaysIntoPruning(t *testing.T) {
	m := testModel() // α = 0.5
	m.WindowBlocks = 1
	s := NewState("chain", "op")
	_, err := s.ApplyBlock(m, 1, devices(Observation{DeviceID: "d1", Manufacturer: "acme", Feature: Transfers}))
	require.NoError(t, err)
	h := int64(2)
	for ; !s.Devices["d1"].Idle(m.PruneBelow); h++ {
		require.Less(t, h, int64(20), "never idle")
		_, err = s.ApplyBlock(m, h, Evidence{})
		require.NoError(t, err)
	}
	// One transfer averages 0.5 after its window, halving each window
	// after: below 0.01 after six more.
	require.Equal(t, int64(9), h)
	require.Equal(t, []string{"d1"}, s.Prune(m.PruneBelow, nil))
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestStateSurvivesSaveAndLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "auditor", "state.json")
	fresh, err := LoadState(path, "chain", "op")
	require.NoError(t, err)
	require.Equal(t, NewState("chain", "op"), fresh, "no file: a fresh state")

	m := testModel()
	_, err = fresh.ApplyBlock(m, 5, Evidence{
		Devices:              []Observation{{DeviceID: "d1", Manufacturer: "acme", Feature: RefusedPayments, Intent: "d2/5"}},
		ActivationSubmitters: []string{"mallory"},
	})
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

	require.NoError(t, os.WriteFile(path, []byte(`{"version":3,"chain_id":"chain","operator":"op"}`), 0o600))
	_, err = LoadState(path, "chain", "op")
	require.ErrorContains(t, err, "has version 3, this service reads 1 and 2", "a file of a newer service is refused")

	require.NoError(t, os.WriteFile(path, []byte("{torn"), 0o600))
	_, err = LoadState(path, "chain", "op")
	require.Error(t, err, "a corrupt file is refused, not replaced by a fresh state")
}

func TestAVersion1StateFileIsMigrated(t *testing.T) {
	// Version 1 stored each vector as failed activations, payments,
	// refused payments, transfers; "ghost" is a device the registry did
	// not know, counted but never scored.
	const v1 = `{
	  "version": 1, "chain_id": "chain", "operator": "op", "last_height": 90, "window": 9,
	  "devices": {
	    "d1": {"manufacturer": "acme", "count": [5, 1, 2, 3], "ewma": [4.5, 0.5, 1.5, 2.5], "total": [50, 10, 20, 30]},
	    "ghost": {"count": [9, 0, 0, 0], "ewma": [7, 0, 0, 0], "total": [70, 0, 0, 0]}
	  },
	  "written": {"d1/security": 100, "d1/financial": 200},
	  "pending": {"tx_hash": "AB", "tx": "AQI=", "sequence": 7, "entries": [{"device_id": "d1", "reputation_type": "security", "score": 100}], "height": 88, "checked": 89},
	  "last_flush": "2026-01-02T03:04:05Z"
	}`
	path := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, os.WriteFile(path, []byte(v1), 0o600))
	s, err := LoadState(path, "chain", "op")
	require.NoError(t, err)
	require.Equal(t, stateVersion, s.Version)
	require.Equal(t, 1, s.migratedFrom)
	require.Equal(t, map[string]*DeviceStats{"d1": {
		Manufacturer: "acme",
		Count:        Vector{Payments: 1, RefusedPayments: 2, Transfers: 3},
		EWMA:         Vector{Payments: 0.5, RefusedPayments: 1.5, Transfers: 2.5},
		Total:        [NumFeatures]uint64{Payments: 10, RefusedPayments: 20, Transfers: 30},
	}}, s.Devices, "failed activations are dropped, and so is the device the registry did not know")
	require.Empty(t, s.Submitters, "version 1 counted failed activations by device: there is no submitter to credit")
	require.Equal(t, int64(90), s.LastHeight)
	require.Equal(t, int64(9), s.Window)
	require.Equal(t, map[string]uint32{"d1/security": 100, "d1/financial": 200}, s.Written)
	require.Equal(t, &PendingBatch{TxHash: "AB", Tx: []byte{1, 2}, Sequence: 7, Entries: []ScoreEntry{{"d1", "security", 100}}, Height: 88, Checked: 89},
		s.Pending, "the batch in flight survives, so it is settled rather than written twice")

	require.NoError(t, s.Save(path))
	again, err := LoadState(path, "chain", "op")
	require.NoError(t, err)
	require.Zero(t, again.migratedFrom, "the saved file is a version 2 file")
	require.Equal(t, s.Devices, again.Devices)

	require.NoError(t, os.WriteFile(path, []byte(`{"version": 1, "chain_id": "other", "operator": "op"}`), 0o600))
	_, err = LoadState(path, "chain", "op")
	require.ErrorContains(t, err, `is of chain "other"`, "a migrated file of another chain is refused all the same")
}
