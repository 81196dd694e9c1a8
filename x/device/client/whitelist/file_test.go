package whitelist_test

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/client/whitelist"
	"github.com/atonomi/atonomid/x/device/types"
)

// sampleDevice returns a device id and a valid public key of kt.
func sampleDevice(t testing.TB, serial string, kt devicekit.KeyType) (string, string) {
	priv, err := devicekit.GenerateKey(kt, rand.Reader)
	require.NoError(t, err)
	return devicekit.DeviceID([]byte("salt"), []byte(serial)).String(), hex.EncodeToString(priv.PublicKey())
}

func TestParseWhitelistCSV(t *testing.T) {
	id1, pub1 := sampleDevice(t, "1", devicekit.Secp256r1)
	id2, pub2 := sampleDevice(t, "2", devicekit.Mldsa65)
	csv := "id,key_type,public_key,protocols,device_type,metadata\n" +
		id1 + ",secp256r1," + pub1 + ",mqtt;coap,smart-meter,fw=1.2;batch=7\n" +
		strings.ToUpper(id2) + ",mldsa65," + pub2 + ",,,\n"
	entries, err := whitelist.ParseCSV(strings.NewReader(csv))
	require.NoError(t, err)
	require.Len(t, entries, 2)
	require.Equal(t, id1, entries[0].Id)
	require.Equal(t, types.KEY_TYPE_SECP256R1, entries[0].KeyType)
	require.Equal(t, []string{"mqtt", "coap"}, entries[0].Protocols)
	require.Equal(t, "smart-meter", entries[0].DeviceType)
	require.Equal(t, []types.Attribute{{Key: "fw", Value: "1.2"}, {Key: "batch", Value: "7"}}, entries[0].Metadata)
	require.Equal(t, id2, entries[1].Id, "ids are stored in lower case")
	require.Empty(t, entries[1].Protocols)
}

func TestParseWhitelistJSON(t *testing.T) {
	id, pub := sampleDevice(t, "1", devicekit.Ed25519)
	doc := fmt.Sprintf(`[{"id":%q,"key_type":"ed25519","public_key":%q,"protocols":["ble"],"device_type":"tracker","metadata":{"b":"2","a":"1"}}]`, id, pub)
	entries, err := whitelist.ParseJSON(strings.NewReader(doc))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	require.Equal(t, []types.Attribute{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}, entries[0].Metadata, "metadata in key order")
}

func TestParseWhitelistRefusals(t *testing.T) {
	id, pub := sampleDevice(t, "1", devicekit.Secp256k1)
	header := "id,key_type,public_key,protocols,device_type,metadata\n"
	cases := []struct {
		name, file, body string
		wantErr          error
		wantMsg          string
	}{
		{"a csv without the header is refused", "w.csv", id + ",secp256k1," + pub + ",,,\n", types.ErrInvalidEntry, "csv header"},
		{"a csv without devices is refused", "w.csv", header, types.ErrEmptyBatch, ""},
		{"a row with a missing column is refused", "w.csv", header + id + ",secp256k1," + pub + ",,\n", types.ErrInvalidEntry, "line 2"},
		{"an unknown key type names the line", "w.csv", header + id + ",rsa," + pub + ",,,\n", types.ErrInvalidKeyType, "line 2"},
		{"a key that is not hex is refused", "w.csv", header + id + ",secp256k1,zz,,,\n", types.ErrInvalidPublicKey, "line 2"},
		{"a bad id is refused", "w.csv", header + "123,secp256k1," + pub + ",,,\n", types.ErrInvalidDeviceID, "line 2"},
		{"metadata without = is refused", "w.csv", header + id + ",secp256k1," + pub + ",,,fw\n", types.ErrInvalidEntry, "line 2"},
		{"json that is not an array is refused", "w.json", `{"id":"x"}`, types.ErrInvalidEntry, "json"},
		{"json with an unknown field is refused", "w.json", `[{"id":"` + id + `","colour":"red"}]`, types.ErrInvalidEntry, "json"},
		{"an empty json array is refused", "w.json", `[]`, types.ErrEmptyBatch, ""},
		{"a bad json entry names its index", "w.json", `[{"id":"` + id + `","key_type":"secp256k1","public_key":"` + pub + `"},{"id":"00","key_type":"secp256k1","public_key":"` + pub + `"}]`, types.ErrInvalidDeviceID, "device 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := whitelist.ParseFile(c.file, strings.NewReader(c.body))
			require.ErrorIs(t, err, c.wantErr)
			if c.wantMsg != "" {
				require.ErrorContains(t, err, c.wantMsg)
			}
		})
	}
	_, err := whitelist.ParseFile("w.txt", strings.NewReader(""))
	require.ErrorContains(t, err, "must end in .csv or .json")
}

func TestChunk(t *testing.T) {
	entries := make([]types.DeviceEntry, 25)
	for i := range entries {
		entries[i] = types.DeviceEntry{Id: fmt.Sprintf("%064d", i), PublicKey: make([]byte, 33)}
	}
	size := entries[0].Size()
	sizes := func(chunks [][]types.DeviceEntry) []int {
		var n []int
		for _, c := range chunks {
			n = append(n, len(c))
		}
		return n
	}
	require.Equal(t, []int{10, 10, 5}, sizes(whitelist.Chunk(entries, 10, 1<<20)), "by count")
	require.Equal(t, []int{4, 4, 4, 4, 4, 4, 1}, sizes(whitelist.Chunk(entries, 100, 4*size)), "by bytes")
	require.Equal(t, []int{1, 1}, sizes(whitelist.Chunk(entries[:2], 100, 1)), "an entry larger than the limit still travels, alone")
	var all []types.DeviceEntry
	for _, c := range whitelist.Chunk(entries, 7, 1<<20) {
		all = append(all, c...)
	}
	require.Equal(t, entries, all, "order is kept")
}
