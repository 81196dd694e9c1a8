package whitelist

import (
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/device/types"
)

// WriteFile writes entries as a CSV or JSON whitelist, by the file
// name's extension, in the form ParseFile reads back unchanged.
func WriteFile(name string, w io.Writer, entries []types.DeviceEntry) error {
	switch fileFormat(name) {
	case ".csv":
		return WriteCSV(w, entries)
	case ".json":
		return WriteJSON(w, entries)
	}
	return fmt.Errorf("%s: the whitelist file must end in .csv or .json", name)
}

// WriteCSV writes entries as a CSV whitelist. Metadata that the CSV
// form cannot carry (a ";" anywhere, or "=" in a key) is refused: use JSON.
func WriteCSV(w io.Writer, entries []types.DeviceEntry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for i, e := range entries {
		meta := make([]string, len(e.Metadata))
		for j, a := range e.Metadata {
			if strings.Contains(a.Key+a.Value, ";") || strings.Contains(a.Key, "=") {
				return errorsmod.Wrapf(types.ErrInvalidEntry, "entry %d: metadata %q cannot be written as CSV; write JSON", i, a.Key)
			}
			meta[j] = a.Key + "=" + a.Value
		}
		row := []string{e.Id, e.KeyType.Kit().String(), hex.EncodeToString(e.PublicKey),
			strings.Join(e.Protocols, ";"), e.DeviceType, strings.Join(meta, ";")}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes entries as a JSON whitelist, one device a line.
func WriteJSON(w io.Writer, entries []types.DeviceEntry) error {
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	for i, e := range entries {
		var meta map[string]string
		if len(e.Metadata) > 0 {
			meta = make(map[string]string, len(e.Metadata))
		}
		for _, a := range e.Metadata {
			meta[a.Key] = a.Value
		}
		bz, err := json.Marshal(whitelistJSONEntry{ID: e.Id, KeyType: e.KeyType.Kit().String(),
			PublicKey: hex.EncodeToString(e.PublicKey), Protocols: e.Protocols, DeviceType: e.DeviceType, Metadata: meta})
		if err != nil {
			return err
		}
		sep := ",\n "
		if i == 0 {
			sep = "\n "
		}
		if _, err := io.WriteString(w, sep+string(bz)); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n]\n")
	return err
}
