package types_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/atonomi/atonomid/x/device/types"
)

// The fuzz targets run their seeds (f.Add, and any failing inputs the fuzzer
// saves under testdata/fuzz) as plain tests in `make test`; `make fuzz` runs
// them for a set time.

// FuzzParseWhitelist: no input makes the parsers panic, and every entry they
// return passes the same validation the chain applies.
func FuzzParseWhitelist(f *testing.F) {
	f.Add("w.csv", "id,key_type,public_key,protocols,device_type,metadata\n")
	f.Add("w.csv", "id,key_type,public_key,protocols,device_type,metadata\n"+strings.Repeat("a", 64)+",ed25519,"+strings.Repeat("00", 32)+",mqtt,meter,a=b\n")
	f.Add("w.json", `[{"id":"`+strings.Repeat("b", 64)+`","key_type":"secp256k1","public_key":"02","protocols":["coap"]}]`)
	f.Add("w.json", `[{"id":1}]`)
	f.Fuzz(func(t *testing.T, name, body string) {
		entries, err := types.ParseWhitelistFile(name, strings.NewReader(body))
		if err != nil {
			return
		}
		for i, e := range entries {
			if err := e.Validate(); err != nil {
				t.Fatalf("entry %d parsed but is invalid: %v", i, err)
			}
		}
	})
}

// FuzzDeviceEntryValidate: validation never panics, and a valid entry's
// key hash is stable.
func FuzzDeviceEntryValidate(f *testing.F) {
	f.Add(strings.Repeat("c", 64), int32(2), bytes.Repeat([]byte{7}, 32), "mqtt", "meter")
	f.Add("xyz", int32(9), []byte{}, "", "")
	f.Add(strings.Repeat("d", 64), int32(1), append([]byte{2}, bytes.Repeat([]byte{1}, 32)...), "MQTT", "")
	f.Fuzz(func(t *testing.T, id string, kt int32, pub []byte, protocol, deviceType string) {
		e := types.DeviceEntry{Id: id, KeyType: types.KeyType(kt), PublicKey: pub, Protocols: []string{protocol}, DeviceType: deviceType}
		if e.Validate() != nil {
			return
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
		_ = p.Validate()
	})
}
