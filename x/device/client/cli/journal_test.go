package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/device/client/cli"
	"github.com/atonomi/atonomid/x/device/client/whitelist"
	"github.com/atonomi/atonomid/x/device/types"
)

func journalEntries(n int) []types.DeviceEntry {
	entries := make([]types.DeviceEntry, n)
	for i := range entries {
		entries[i] = types.DeviceEntry{Id: fmt.Sprintf("%064x", i), PublicKey: make([]byte, 33)}
	}
	return entries
}

func TestJournalRecordsChunkBoundariesAndStates(t *testing.T) {
	entries := journalEntries(25)
	path := filepath.Join(t.TempDir(), "w.csv"+cli.JournalSuffix)
	j := cli.NewJournal(path, "chain-1", "acme", "digest", whitelist.Chunk(entries, 10, 1<<20))
	require.NoError(t, j.Save())
	require.Equal(t, 25, j.Devices)
	require.Len(t, j.Chunks, 3)
	require.Equal(t, cli.JournalChunk{Start: 20, Count: 5, FirstID: entries[20].Id, LastID: entries[24].Id, State: cli.ChunkPending}, j.Chunks[2])
	require.Equal(t, entries[10:20], j.Entries(1, entries))

	// Every state change is on disk before the step it records is taken.
	require.NoError(t, j.Set(0, cli.ChunkConfirmed, "AA", 7, ""))
	require.NoError(t, j.Set(1, cli.ChunkSent, "BB", 0, ""))
	back, err := cli.LoadJournal(path)
	require.NoError(t, err)
	require.Equal(t, 1, back.Confirmed())
	require.Equal(t, cli.JournalChunk{Start: 10, Count: 10, FirstID: entries[10].Id, LastID: entries[19].Id, State: cli.ChunkSent, TxHash: "BB"}, back.Chunks[1])
	require.Equal(t, int64(7), back.Chunks[0].Height)
	require.NoError(t, back.Matches("chain-1", "acme", "digest", entries))
	_, err = os.Stat(path + ".tmp")
	require.True(t, os.IsNotExist(err), "no temporary file is left behind")
}

func TestJournalRefusesAnotherUpload(t *testing.T) {
	entries := journalEntries(6)
	path := filepath.Join(t.TempDir(), "j.json")
	require.NoError(t, cli.NewJournal(path, "chain-1", "acme", "digest", whitelist.Chunk(entries, 4, 1<<20)).Save())
	j, err := cli.LoadJournal(path)
	require.NoError(t, err)
	other := journalEntries(7)[1:] // six devices, all shifted by one
	cases := []struct {
		name                      string
		chain, manufacturer, hash string
		entries                   []types.DeviceEntry
		want                      string
	}{
		{"another chain", "chain-2", "acme", "digest", entries, `for chain "chain-1"`},
		{"another manufacturer", "chain-1", "beta", "digest", entries, `for manufacturer "acme"`},
		{"a changed file", "chain-1", "acme", "other", entries, "another version of the file"},
		{"a file of another length", "chain-1", "acme", "digest", entries[:5], "counts 6 devices, the file 5"},
		{"other devices in the chunks", "chain-1", "acme", "digest", other, "chunk 1 does not match"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.ErrorContains(t, j.Matches(c.chain, c.manufacturer, c.hash, c.entries), c.want)
		})
	}
}

func TestNoJournalFileWithoutAPath(t *testing.T) {
	j := cli.NewJournal("", "chain-1", "acme", "digest", whitelist.Chunk(journalEntries(3), 2, 1<<20))
	require.NoError(t, j.Set(0, cli.ChunkConfirmed, "AA", 1, ""))
	require.Equal(t, 1, j.Confirmed(), "kept in memory")
	_, err := os.Stat(".tmp")
	require.True(t, os.IsNotExist(err), "nothing is written for an empty path")
	missing, err := cli.LoadJournal(filepath.Join(t.TempDir(), "none.json"))
	require.NoError(t, err)
	require.Nil(t, missing, "no journal yet is a fresh upload")
}
