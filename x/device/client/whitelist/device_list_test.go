package whitelist_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/client/whitelist"
	"github.com/atonomi/atonomid/x/device/types"
)

func TestParseDeviceListHashesSerialsWithTheSalt(t *testing.T) {
	_, pub1 := sampleDevice(t, "x", devicekit.Secp256r1)
	_, pub2 := sampleDevice(t, "y", devicekit.Ed25519)
	csvList := "serial,key_type,public_key,protocols,device_type,metadata\n" +
		"SN-0001,secp256r1," + pub1 + ",mqtt,smart-meter,fw=1.2\n" +
		"SN-0002,ed25519," + pub2 + ",,,\n"
	jsonList := fmt.Sprintf(`[{"serial":"SN-0001","key_type":"secp256r1","public_key":%q,"protocols":["mqtt"],"device_type":"smart-meter","metadata":{"fw":"1.2"}},`+
		`{"serial":"SN-0002","key_type":"ed25519","public_key":%q}]`, pub1, pub2)
	for name, body := range map[string]string{"list.csv": csvList, "list.json": jsonList} {
		t.Run(name, func(t *testing.T) {
			devices, err := whitelist.ParseDeviceListFile(name, strings.NewReader(body), []byte("acme-salt"))
			require.NoError(t, err)
			require.Len(t, devices, 2)
			require.Equal(t, "SN-0001", devices[0].Serial)
			// The wire-format vector: SHA-256("acme-salt" || "SN-0001").
			require.Equal(t, "dc3fcc8c4baeab90d29fde72f92298c961e523c4d489c31719ca9b4dcd4dacba", devices[0].Entry.Id)
			require.Equal(t, devicekit.DeviceID([]byte("acme-salt"), []byte("SN-0002")).String(), devices[1].Entry.Id)
			require.Equal(t, []string{"mqtt"}, devices[0].Entry.Protocols)
			require.Equal(t, []types.Attribute{{Key: "fw", Value: "1.2"}}, devices[0].Entry.Metadata)
		})
	}
}

func TestParseDeviceListRefusals(t *testing.T) {
	_, pub := sampleDevice(t, "x", devicekit.Secp256k1)
	_, pub2 := sampleDevice(t, "y", devicekit.Secp256k1)
	header := "serial,key_type,public_key,protocols,device_type,metadata\n"
	cases := []struct {
		name, file, body string
		salt             string
		wantErr          error
		wantMsg          string
	}{
		{"a list without a salt is refused", "l.csv", header + "SN-1,secp256k1," + pub + ",,,\n", "", types.ErrInvalidEntry, "salt is required"},
		{"a whitelist header is not a device list", "l.csv", "id,key_type,public_key,protocols,device_type,metadata\nSN-1,secp256k1," + pub + ",,,\n", "s", types.ErrInvalidEntry, "csv header"},
		{"an empty serial is refused", "l.csv", header + ",secp256k1," + pub + ",,,\n", "s", types.ErrInvalidEntry, "line 2"},
		{"a serial listed twice is refused", "l.csv", header + "SN-1,secp256k1," + pub + ",,,\nSN-1,secp256k1," + pub2 + ",,,\n", "s", types.ErrDuplicateDevice, "entry 1 repeats the id of entry 0"},
		{"a key listed twice is refused", "l.csv", header + "SN-1,secp256k1," + pub + ",,,\nSN-2,secp256k1," + pub + ",,,\n", "s", types.ErrDuplicateKey, "entry 1"},
		{"a json entry with an id instead of a serial is refused", "l.json", `[{"id":"00","key_type":"secp256k1","public_key":"` + pub + `"}]`, "s", types.ErrInvalidEntry, "empty serial"},
		{"a json entry with an id beside its serial is refused", "l.json", `[{"serial":"SN-1","id":"00","key_type":"secp256k1","public_key":"` + pub + `"}]`, "s", types.ErrInvalidEntry, "not ids"},
		{"a json entry with an unknown field is refused", "l.json", `[{"serial":"SN-1","colour":"red"}]`, "s", types.ErrInvalidEntry, "unknown field"},
		{"a bad json key names its index", "l.json", `[{"serial":"SN-1","key_type":"secp256k1","public_key":"00"}]`, "s", types.ErrInvalidPublicKey, "device 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := whitelist.ParseDeviceListFile(c.file, strings.NewReader(c.body), []byte(c.salt))
			require.ErrorIs(t, err, c.wantErr)
			require.ErrorContains(t, err, c.wantMsg)
		})
	}
	_, err := whitelist.ParseDeviceListFile("l.txt", strings.NewReader(""), []byte("s"))
	require.ErrorContains(t, err, "must end in .csv or .json")
}

func TestWrittenWhitelistsReadBackUnchanged(t *testing.T) {
	var entries []types.DeviceEntry
	for i, kt := range devicekit.KeyTypes() {
		id, pub := sampleDevice(t, fmt.Sprint(i), kt)
		e := types.DeviceEntry{Id: id, KeyType: types.KeyType(kt), Protocols: []string{"mqtt", "coap"}, DeviceType: "meter",
			Metadata: []types.Attribute{{Key: "batch", Value: "7"}, {Key: "fw", Value: "a=b"}}}
		e.PublicKey, _ = hex.DecodeString(pub)
		entries = append(entries, e)
	}
	entries[0].Protocols, entries[0].DeviceType, entries[0].Metadata = nil, "", nil
	for _, name := range []string{"w.csv", "w.json"} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, whitelist.WriteFile(name, &buf, entries))
			back, err := whitelist.ParseFile(name, &buf)
			require.NoError(t, err)
			require.Equal(t, entries, back)
		})
	}
	require.ErrorContains(t, whitelist.WriteFile("w.txt", &bytes.Buffer{}, entries), "must end in .csv or .json")
}

func TestWriteWhitelistCSVRefusesMetadataItCannotCarry(t *testing.T) {
	id, pub := sampleDevice(t, "1", devicekit.Ed25519)
	e := types.DeviceEntry{Id: id, KeyType: types.KEY_TYPE_ED25519, Metadata: []types.Attribute{{Key: "note", Value: "a;b"}}}
	e.PublicKey, _ = hex.DecodeString(pub)
	err := whitelist.WriteCSV(&bytes.Buffer{}, []types.DeviceEntry{e})
	require.ErrorIs(t, err, types.ErrInvalidEntry)
	require.ErrorContains(t, err, "write JSON")
	require.NoError(t, whitelist.WriteJSON(&bytes.Buffer{}, []types.DeviceEntry{e}), "JSON carries any metadata")
}
