package types_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/atonomi/atonomid/x/device/types"
)

// The fuzz targets run their seeds (f.Add, and the corpus committed under
// testdata/fuzz) as plain tests in `make test`; `make fuzz` runs them for a
// set time (docs/security.md, "Fuzzing").

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
