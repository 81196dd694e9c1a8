package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/atonomi/atonomid/x/device/types"
)

// Chunk states of a whitelist journal.
const (
	// ChunkPending: not broadcast yet.
	ChunkPending = "pending"
	// ChunkSent: signed and (maybe) broadcast, result unknown. The journal is
	// written before the broadcast, so a crash can leave a chunk sent that
	// never reached the node: on resume it is checked on chain, never assumed.
	ChunkSent = "sent"
	// ChunkConfirmed: its devices are on chain.
	ChunkConfirmed = "confirmed"
	// ChunkFailed: the chain refused the tx, which changed no registry state.
	ChunkFailed = "failed"
)

// JournalSuffix names the default journal: next to the whitelist file.
const JournalSuffix = ".progress.json"

// Journal records how far the upload of a whitelist file went, so that an
// interrupted upload resumes where it stopped and registers nothing twice.
// It is bound to the chain, the manufacturer and the file's content; the
// chunk boundaries are fixed at the first run, so flags changed on resume
// cannot shift devices between chunks.
type Journal struct {
	ChainID        string         `json:"chain_id"`
	ManufacturerID string         `json:"manufacturer_id"`
	FileSHA256     string         `json:"file_sha256"`
	Devices        int            `json:"devices"`
	Chunks         []JournalChunk `json:"chunks"`

	path string
}

// JournalChunk is one transaction of the upload: devices
// [Start, Start+Count) of the file.
type JournalChunk struct {
	Start   int    `json:"start"`
	Count   int    `json:"count"`
	FirstID string `json:"first_id"`
	LastID  string `json:"last_id"`
	State   string `json:"state"`
	TxHash  string `json:"tx_hash,omitempty"`
	Height  int64  `json:"height,omitempty"`
	Log     string `json:"log,omitempty"`
}

// NewJournal returns the journal of a fresh upload of chunks, all pending.
func NewJournal(path, chainID, manufacturerID, fileSHA256 string, chunks [][]types.DeviceEntry) *Journal {
	j := &Journal{ChainID: chainID, ManufacturerID: manufacturerID, FileSHA256: fileSHA256, path: path}
	for _, c := range chunks {
		j.Chunks = append(j.Chunks, JournalChunk{
			Start: j.Devices, Count: len(c), FirstID: c[0].Id, LastID: c[len(c)-1].Id, State: ChunkPending,
		})
		j.Devices += len(c)
	}
	return j
}

// LoadJournal reads the journal at path; it returns (nil, nil) when there
// is none.
func LoadJournal(path string) (*Journal, error) {
	bz, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var j Journal
	if err := json.Unmarshal(bz, &j); err != nil {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	j.path = path
	return &j, nil
}

// Matches checks that the journal belongs to this upload and that its chunk
// boundaries fit entries; it names the first difference.
func (j *Journal) Matches(chainID, manufacturerID, fileSHA256 string, entries []types.DeviceEntry) error {
	switch {
	case j.ChainID != chainID:
		return fmt.Errorf("journal %s is for chain %q, not %q", j.path, j.ChainID, chainID)
	case j.ManufacturerID != manufacturerID:
		return fmt.Errorf("journal %s is for manufacturer %q, not %q", j.path, j.ManufacturerID, manufacturerID)
	case j.FileSHA256 != fileSHA256:
		return fmt.Errorf("journal %s was written for another version of the file (sha256 %s); "+
			"upload a changed list as a new file, or delete the journal after checking what is on chain", j.path, j.FileSHA256)
	case j.Devices != len(entries):
		return fmt.Errorf("journal %s counts %d devices, the file %d", j.path, j.Devices, len(entries))
	}
	next := 0
	for i, c := range j.Chunks {
		if c.Start != next || c.Count < 1 || c.Start+c.Count > len(entries) ||
			entries[c.Start].Id != c.FirstID || entries[c.Start+c.Count-1].Id != c.LastID {
			return fmt.Errorf("journal %s: chunk %d does not match the file", j.path, i+1)
		}
		next += c.Count
	}
	if next != len(entries) {
		return fmt.Errorf("journal %s: its chunks cover %d of %d devices", j.path, next, len(entries))
	}
	return nil
}

// Entries returns the devices of chunk i.
func (j *Journal) Entries(i int, entries []types.DeviceEntry) []types.DeviceEntry {
	c := j.Chunks[i]
	return entries[c.Start : c.Start+c.Count]
}

// Confirmed counts the confirmed chunks.
func (j *Journal) Confirmed() int {
	n := 0
	for _, c := range j.Chunks {
		if c.State == ChunkConfirmed {
			n++
		}
	}
	return n
}

// Set records chunk i's new state and writes the journal through.
func (j *Journal) Set(i int, state, txHash string, height int64, log string) error {
	j.Chunks[i].State, j.Chunks[i].TxHash, j.Chunks[i].Height, j.Chunks[i].Log = state, txHash, height, log
	return j.Save()
}

// Save writes the journal atomically (a temporary file, synced, renamed
// over the old one), so a crash leaves either the old or the new journal.
// A journal without a path (uploads with --no-journal) is kept in memory.
func (j *Journal) Save() error {
	if j.path == "" {
		return nil
	}
	bz, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(j.path, func(w io.Writer) error {
		_, err := w.Write(append(bz, '\n'))
		return err
	})
}
