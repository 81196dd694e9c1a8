// Package whitelist reads and writes the files the device CLI turns into
// whitelist batches: a manufacturer's whitelist (CSV or JSON) and a factory's
// device list, whose serial numbers it hashes into device ids. It is client
// code: the chain sees only the DeviceEntry values it yields, and checks them
// with x/device/types.
package whitelist

import (
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
)

// The whitelist file formats (docs/devices.md):
//
// CSV, with this header line:
//
//	id,key_type,public_key,protocols,device_type,metadata
//
// where public_key is hex, protocols are separated by ";" and metadata is
// "key=value" pairs separated by ";". JSON: an array of objects with the
// same fields, protocols as an array and metadata as an object.
//
// A factory's device list (device_list.go) has the same formats with the
// serial number in place of the id.

// CSVHeader is the required first line of a CSV whitelist.
var CSVHeader = []string{"id", "key_type", "public_key", "protocols", "device_type", "metadata"}

// whitelistJSONEntry is one device of a JSON whitelist file.
type whitelistJSONEntry struct {
	ID         string            `json:"id"`
	KeyType    string            `json:"key_type"`
	PublicKey  string            `json:"public_key"`
	Protocols  []string          `json:"protocols,omitempty"`
	DeviceType string            `json:"device_type,omitempty"`
	Metadata   map[string]string `json:"metadata,omitempty"`
}

// csvRow is one data line of a CSV whitelist or device list: first is the
// id or the serial number, by the file's header.
type csvRow struct {
	line   int
	first  string
	fields []string
	meta   []types.Attribute
}

// readCSV reads a CSV file whose header is firstColumn followed by the
// whitelist columns after "id", and returns its data rows.
func readCSV(r io.Reader, firstColumn string) ([]csvRow, error) {
	want := append([]string{firstColumn}, CSVHeader[1:]...)
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(want)
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidEntry, "csv header: %v", err)
	}
	if strings.Join(header, ",") != strings.Join(want, ",") {
		return nil, errorsmod.Wrapf(types.ErrInvalidEntry, "csv header is %q, want %q", strings.Join(header, ","), strings.Join(want, ","))
	}
	var rows []csvRow
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errorsmod.Wrapf(types.ErrInvalidEntry, "line %d: %v", line, err)
		}
		meta, err := parseCSVMetadata(rec[5])
		if err != nil {
			return nil, errorsmod.Wrapf(err, "line %d", line)
		}
		rows = append(rows, csvRow{line: line, first: rec[0], fields: rec, meta: meta})
	}
	if len(rows) == 0 {
		return nil, errorsmod.Wrap(types.ErrEmptyBatch, "the csv file lists no device")
	}
	return rows, nil
}

// entry builds the row's whitelist entry for device id.
func (row csvRow) entry(id string) (types.DeviceEntry, error) {
	e, err := newEntry(id, row.fields[1], row.fields[2], splitNonEmpty(row.fields[3]), row.fields[4], row.meta)
	if err != nil {
		return types.DeviceEntry{}, errorsmod.Wrapf(err, "line %d", row.line)
	}
	return e, nil
}

// ParseCSV reads a CSV whitelist. Every entry is validated; an
// error names the line.
func ParseCSV(r io.Reader) ([]types.DeviceEntry, error) {
	rows, err := readCSV(r, CSVHeader[0])
	if err != nil {
		return nil, err
	}
	entries := make([]types.DeviceEntry, 0, len(rows))
	for _, row := range rows {
		e, err := row.entry(row.first)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// ParseJSON reads a JSON whitelist. Every entry is validated; an
// error names the array index.
func ParseJSON(r io.Reader) ([]types.DeviceEntry, error) {
	raw, err := decodeJSONList[whitelistJSONEntry](r)
	if err != nil {
		return nil, err
	}
	entries := make([]types.DeviceEntry, 0, len(raw))
	for i, j := range raw {
		e, err := j.entry(j.ID, i)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// decodeJSONList decodes a non-empty JSON array, refusing unknown fields.
func decodeJSONList[T any](r io.Reader) ([]T, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var raw []T
	if err := dec.Decode(&raw); err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidEntry, "json: %v", err)
	}
	if len(raw) == 0 {
		return nil, errorsmod.Wrap(types.ErrEmptyBatch, "the json file lists no device")
	}
	return raw, nil
}

// entry builds the whitelist entry of the index-th JSON object for device id.
func (j whitelistJSONEntry) entry(id string, index int) (types.DeviceEntry, error) {
	e, err := newEntry(id, j.KeyType, j.PublicKey, j.Protocols, j.DeviceType, sortedAttributes(j.Metadata))
	if err != nil {
		return types.DeviceEntry{}, errorsmod.Wrapf(err, "device %d", index)
	}
	return e, nil
}

// ParseFile picks the parser by the file name's extension.
func ParseFile(name string, r io.Reader) ([]types.DeviceEntry, error) {
	switch fileFormat(name) {
	case ".csv":
		return ParseCSV(r)
	case ".json":
		return ParseJSON(r)
	}
	return nil, fmt.Errorf("%s: the whitelist file must end in .csv or .json", name)
}

// fileFormat returns ".csv", ".json" or "" by the file name's extension.
func fileFormat(name string) string {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".csv", ".json":
		return ext
	}
	return ""
}

func newEntry(id, keyType, pubHex string, protocols []string, deviceType string, meta []types.Attribute) (types.DeviceEntry, error) {
	kt, err := devicekit.ParseKeyType(strings.TrimSpace(keyType))
	if err != nil {
		return types.DeviceEntry{}, errorsmod.Wrapf(types.ErrInvalidKeyType, "%q", keyType)
	}
	pub, err := hex.DecodeString(strings.TrimSpace(pubHex))
	if err != nil {
		return types.DeviceEntry{}, errorsmod.Wrapf(types.ErrInvalidPublicKey, "public key is not hex: %v", err)
	}
	e := types.DeviceEntry{Id: strings.ToLower(strings.TrimSpace(id)), KeyType: types.KeyType(kt), PublicKey: pub,
		Protocols: protocols, DeviceType: strings.TrimSpace(deviceType), Metadata: meta}
	return e, e.Validate()
}

func splitNonEmpty(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseCSVMetadata(s string) ([]types.Attribute, error) {
	var attrs []types.Attribute
	for _, kv := range splitNonEmpty(s) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, errorsmod.Wrapf(types.ErrInvalidEntry, "metadata %q is not key=value", kv)
		}
		attrs = append(attrs, types.Attribute{Key: strings.TrimSpace(k), Value: strings.TrimSpace(v)})
	}
	return attrs, nil
}

// sortedAttributes turns a JSON object into attributes in key order, so a
// file always yields the same messages.
func sortedAttributes(m map[string]string) []types.Attribute {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	attrs := make([]types.Attribute, 0, len(keys))
	for _, k := range keys {
		attrs = append(attrs, types.Attribute{Key: k, Value: m[k]})
	}
	return attrs
}

// Chunk splits entries into batches of at most maxCount devices and at most
// maxBytes of encoded entries, in order.
func Chunk(entries []types.DeviceEntry, maxCount, maxBytes int) [][]types.DeviceEntry {
	var chunks [][]types.DeviceEntry
	var cur []types.DeviceEntry
	size := 0
	for _, e := range entries {
		n := e.Size()
		if len(cur) > 0 && (len(cur) == maxCount || size+n > maxBytes) {
			chunks = append(chunks, cur)
			cur, size = nil, 0
		}
		cur = append(cur, e)
		size += n
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	return chunks
}
