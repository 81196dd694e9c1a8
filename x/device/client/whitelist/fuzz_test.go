package whitelist_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/atonomi/atonomid/x/device/client/whitelist"
	"github.com/atonomi/atonomid/x/device/types"
)

// The fuzz targets run their seeds (f.Add, and the corpus committed under
// testdata/fuzz) as plain tests in `make test`; `make fuzz` runs them for a
// set time (docs/security.md, "Fuzzing").

// FuzzParseWhitelistCSV: no input makes the CSV parsers (whitelist and
// device list) panic, every entry they return passes the validation the
// chain applies, and what the whitelist parser returns is written back and
// read again unchanged.
func FuzzParseWhitelistCSV(f *testing.F) {
	header := strings.Join(whitelist.CSVHeader, ",") + "\n"
	f.Add(header)
	f.Add(header + strings.Repeat("a", 64) + ",ed25519," + strings.Repeat("00", 32) + ",mqtt;coap,meter,a=b;c=d=e\n")
	f.Add(header + strings.Repeat("A", 64) + ", secp256k1 ,02" + strings.Repeat("11", 32) + ",\"mqtt, \",meter,\n")
	f.Add("serial" + header[2:] + "sn-1,ed25519," + strings.Repeat("00", 32) + ",,,\n")
	f.Fuzz(func(t *testing.T, body string) {
		checkListParses(t, body, whitelist.ParseDeviceListCSV)
		checkRoundTrip(t, "w.csv", body)
	})
}

// FuzzParseWhitelistJSON is FuzzParseWhitelistCSV for the JSON form.
func FuzzParseWhitelistJSON(f *testing.F) {
	f.Add(`[]`)
	f.Add(`[{"id":"` + strings.Repeat("b", 64) + `","key_type":"secp256k1","public_key":"02` + strings.Repeat("22", 32) + `","protocols":["coap"],"metadata":{"z":"1","a":""}}]`)
	f.Add(`[{"id":1}]`)
	f.Add(`[{"serial":"sn-1","key_type":"ed25519","public_key":"` + strings.Repeat("00", 32) + `","device_type":"meter"}]`)
	f.Fuzz(func(t *testing.T, body string) {
		checkListParses(t, body, whitelist.ParseDeviceListJSON)
		checkRoundTrip(t, "w.json", body)
	})
}

// checkListParses parses body as a device list and validates what it returns.
func checkListParses(t *testing.T, body string, parse func(io.Reader, []byte) ([]whitelist.ListedDevice, error)) {
	t.Helper()
	devices, err := parse(strings.NewReader(body), []byte("fuzz-salt"))
	if err != nil {
		return
	}
	for i, d := range devices {
		if d.Serial == "" {
			t.Fatalf("device %d parsed without a serial", i)
		}
		if err := d.Entry.Validate(); err != nil {
			t.Fatalf("device %d parsed but is invalid: %v", i, err)
		}
	}
}

// checkRoundTrip parses body as the whitelist file name, validates the
// entries, writes them in the same format and requires the same entries back.
func checkRoundTrip(t *testing.T, name, body string) {
	t.Helper()
	entries, err := whitelist.ParseFile(name, strings.NewReader(body))
	if err != nil {
		return
	}
	for i, e := range entries {
		if err := e.Validate(); err != nil {
			t.Fatalf("entry %d parsed but is invalid: %v", i, err)
		}
	}
	var out bytes.Buffer
	if err := whitelist.WriteFile(name, &out, entries); err != nil {
		t.Fatalf("parsed entries cannot be written back: %v", err)
	}
	again, err := whitelist.ParseFile(name, &out)
	if err != nil {
		t.Fatalf("written whitelist does not parse: %v\n%s", err, out.String())
	}
	// Compared as the chain stores them: an empty list and none are one.
	if len(again) != len(entries) {
		t.Fatalf("round trip read %d entries, want %d", len(again), len(entries))
	}
	for i := range entries {
		want, got := mustMarshal(t, &entries[i]), mustMarshal(t, &again[i])
		if !bytes.Equal(want, got) {
			t.Fatalf("round trip changed entry %d:\n got %+v\nwant %+v", i, again[i], entries[i])
		}
	}
}

func mustMarshal(t *testing.T, e *types.DeviceEntry) []byte {
	t.Helper()
	bz, err := e.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return bz
}
