package types_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

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
	header := strings.Join(types.CSVHeader, ",") + "\n"
	f.Add(header)
	f.Add(header + strings.Repeat("a", 64) + ",ed25519," + strings.Repeat("00", 32) + ",mqtt;coap,meter,a=b;c=d=e\n")
	f.Add(header + strings.Repeat("A", 64) + ", secp256k1 ,02" + strings.Repeat("11", 32) + ",\"mqtt, \",meter,\n")
	f.Add("serial" + header[2:] + "sn-1,ed25519," + strings.Repeat("00", 32) + ",,,\n")
	f.Fuzz(func(t *testing.T, body string) {
		checkListParses(t, body, types.ParseDeviceListCSV)
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
		checkListParses(t, body, types.ParseDeviceListJSON)
		checkRoundTrip(t, "w.json", body)
	})
}

// checkListParses parses body as a device list and validates what it returns.
func checkListParses(t *testing.T, body string, parse func(io.Reader, []byte) ([]types.ListedDevice, error)) {
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
	entries, err := types.ParseWhitelistFile(name, strings.NewReader(body))
	if err != nil {
		return
	}
	for i, e := range entries {
		if err := e.Validate(); err != nil {
			t.Fatalf("entry %d parsed but is invalid: %v", i, err)
		}
	}
	var out bytes.Buffer
	if err := types.WriteWhitelistFile(name, &out, entries); err != nil {
		t.Fatalf("parsed entries cannot be written back: %v", err)
	}
	again, err := types.ParseWhitelistFile(name, &out)
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

// FuzzDeviceEntryValidate: validation never panics, and a valid entry's
// key hash is stable.
func FuzzDeviceEntryValidate(f *testing.F) {
	f.Add(strings.Repeat("c", 64), int32(2), bytes.Repeat([]byte{7}, 32), "mqtt", "meter")
	f.Add("xyz", int32(9), []byte{}, "", "")
	f.Add(strings.Repeat("d", 64), int32(1), append([]byte{2}, bytes.Repeat([]byte{1}, 32)...), "MQTT", "")
	f.Add(strings.Repeat("C", 64), int32(2), bytes.Repeat([]byte{7}, 32), "mqtt", "meter")
	f.Fuzz(func(t *testing.T, id string, kt int32, pub []byte, protocol, deviceType string) {
		e := types.DeviceEntry{Id: id, KeyType: types.KeyType(kt), PublicKey: pub, Protocols: []string{protocol}, DeviceType: deviceType}
		if e.Validate() != nil {
			return
		}
		if parsed, _ := types.ParseDeviceID(e.Id); parsed.String() != e.Id {
			t.Fatalf("entry with the non-canonical id %q is valid", e.Id)
		}
		if !bytes.Equal(types.KeyHash(e.KeyType, e.PublicKey), types.KeyHash(e.KeyType, e.PublicKey)) {
			t.Fatal("key hash is not deterministic")
		}
	})
}

// FuzzPolicyValidate: policy validation never panics on any region,
// geohash or reputation type.
func FuzzPolicyValidate(f *testing.F) {
	f.Add("DE", "u33d", "security", uint32(100), strings.Repeat("e", 64))
	f.Add("Germany", "a", "", uint32(1<<31), "")
	f.Fuzz(func(t *testing.T, region, geohash, repType string, min uint32, device string) {
		p := types.DefaultPolicy()
		p.Regions, p.GeohashPrefixes, p.AllowedDevices = []string{region}, []string{geohash}, []string{device}
		p.MinCounterpartyReputation = []types.ReputationMinimum{{ReputationType: repType, MinScore: min}}
		if p.Validate() != nil {
			return
		}
		if parsed, err := types.ParseDeviceID(device); err != nil || parsed.String() != device {
			t.Fatalf("policy allowing the non-canonical device %q is valid", device)
		}
	})
}

// FuzzCaseFlippedIDs: a valid device id, root or proof sibling with the case
// of any of its letters flipped is refused wherever the chain reads one (a
// whitelist entry, a batch, a policy's allowed devices, a root), never
// accepted as a second spelling of the same bytes.
func FuzzCaseFlippedIDs(f *testing.F) {
	f.Add(bytes.Repeat([]byte{0xab}, 32), uint64(1))
	f.Add(bytes.Repeat([]byte{0x12}, 32), uint64(1<<63))
	f.Add(bytes.Repeat([]byte{0xff}, 32), ^uint64(0))
	f.Add(bytes.Repeat([]byte{0x0a}, 32), uint64(0))
	f.Fuzz(func(t *testing.T, raw []byte, mask uint64) {
		if len(raw) != 32 {
			return
		}
		lower := hex.EncodeToString(raw)
		flipped := []byte(lower)
		for i := range flipped {
			if mask&(1<<(i%64)) != 0 && flipped[i] >= 'a' && flipped[i] <= 'f' {
				flipped[i] -= 'a' - 'A'
			}
		}
		text := string(flipped)
		canonical := text == lower

		pub := bytes.Repeat([]byte{7}, 32)
		e := types.DeviceEntry{Id: text, KeyType: types.KEY_TYPE_ED25519, PublicKey: pub}
		other := types.DeviceEntry{Id: lower, KeyType: types.KEY_TYPE_ED25519, PublicKey: bytes.Repeat([]byte{8}, 32)}
		policy := types.DefaultPolicy()
		policy.AllowedDevices = []string{text}
		_, rootErr := types.ParseRoot(text)
		_, hashErr := types.DecodeHash(text)
		checks := map[string]error{
			"a whitelist entry":         e.Validate(),
			"a batch":                   types.CheckDistinct([]types.DeviceEntry{other, e}),
			"a policy's allowed device": policy.Validate(),
			"a Merkle root":             rootErr,
			"a proof sibling":           hashErr,
		}
		for where, err := range checks {
			switch {
			case canonical && where == "a batch":
				if !errors.Is(err, types.ErrDuplicateDevice) {
					t.Fatalf("a batch naming %s twice: got %v, want a duplicate", lower, err)
				}
			case canonical && err != nil:
				t.Fatalf("%s refuses the canonical %s: %v", where, text, err)
			case !canonical && err == nil:
				t.Fatalf("%s accepts %s, a second spelling of %s", where, text, lower)
			case !canonical && !strings.Contains(err.Error(), "not canonical: use lower case"):
				t.Fatalf("%s refuses %s without saying why: %v", where, text, err)
			}
		}
	})
}
