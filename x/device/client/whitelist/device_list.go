package whitelist

import (
	"fmt"
	"io"

	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
)

// A device list is what a factory knows of the devices it made: the
// whitelist formats with the hardware serial number in place of the id.
// Building a whitelist from it hashes each serial with the manufacturer's
// salt into the device id, SHA-256(salt || serial), so that no serial
// number ever leaves the manufacturer.
//
// CSV header:
//
//	serial,key_type,public_key,protocols,device_type,metadata
//
// JSON: an array of objects with "serial" instead of "id".

// DeviceListColumn is the first column of a CSV device list.
const DeviceListColumn = "serial"

// ListedDevice is one device of a device list: its serial number and the
// whitelist entry derived from it.
type ListedDevice struct {
	Serial string
	Entry  types.DeviceEntry
}

// deviceListJSONEntry is one device of a JSON device list: a whitelist
// entry whose id is derived from the serial.
type deviceListJSONEntry struct {
	Serial string `json:"serial"`
	whitelistJSONEntry
}

// ParseDeviceListCSV reads a CSV device list and derives every device id
// with salt. Every entry is validated; an error names the line.
func ParseDeviceListCSV(r io.Reader, salt []byte) ([]ListedDevice, error) {
	if len(salt) == 0 {
		return nil, errEmptySalt
	}
	rows, err := readCSV(r, DeviceListColumn)
	if err != nil {
		return nil, err
	}
	devices := make([]ListedDevice, 0, len(rows))
	for _, row := range rows {
		serial, err := checkSerial(row.first)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "line %d", row.line)
		}
		e, err := row.entry(devicekit.DeviceID(salt, []byte(serial)).String())
		if err != nil {
			return nil, err
		}
		devices = append(devices, ListedDevice{Serial: serial, Entry: e})
	}
	return devices, types.CheckDistinct(entriesOf(devices))
}

// ParseDeviceListJSON reads a JSON device list and derives every device id
// with salt. Every entry is validated; an error names the array index.
func ParseDeviceListJSON(r io.Reader, salt []byte) ([]ListedDevice, error) {
	if len(salt) == 0 {
		return nil, errEmptySalt
	}
	raw, err := decodeJSONList[deviceListJSONEntry](r)
	if err != nil {
		return nil, err
	}
	devices := make([]ListedDevice, 0, len(raw))
	for i, j := range raw {
		serial, err := checkSerial(j.Serial)
		if err == nil && j.ID != "" {
			err = errorsmod.Wrap(types.ErrInvalidEntry, "a device list gives serial numbers, not ids")
		}
		if err != nil {
			return nil, errorsmod.Wrapf(err, "device %d", i)
		}
		e, err := j.entry(devicekit.DeviceID(salt, []byte(serial)).String(), i)
		if err != nil {
			return nil, err
		}
		devices = append(devices, ListedDevice{Serial: serial, Entry: e})
	}
	return devices, types.CheckDistinct(entriesOf(devices))
}

// ParseDeviceListFile picks the parser by the file name's extension.
func ParseDeviceListFile(name string, r io.Reader, salt []byte) ([]ListedDevice, error) {
	switch fileFormat(name) {
	case ".csv":
		return ParseDeviceListCSV(r, salt)
	case ".json":
		return ParseDeviceListJSON(r, salt)
	}
	return nil, fmt.Errorf("%s: the device list must end in .csv or .json", name)
}

// errEmptySalt refuses to hash serials without a salt: ids of sequential
// serial numbers would then be guessable by anyone.
var errEmptySalt = errorsmod.Wrap(types.ErrInvalidEntry, "a salt is required to hash serial numbers into device ids")

// checkSerial refuses an empty serial number: it would give every such
// device the same id.
func checkSerial(serial string) (string, error) {
	if serial == "" {
		return "", errorsmod.Wrap(types.ErrInvalidEntry, "empty serial number")
	}
	return serial, nil
}

func entriesOf(devices []ListedDevice) []types.DeviceEntry {
	entries := make([]types.DeviceEntry, len(devices))
	for i, d := range devices {
		entries[i] = d.Entry
	}
	return entries
}
