package cli_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/client/cli"
	"github.com/atonomi/atonomid/x/device/client/whitelist"
	"github.com/atonomi/atonomid/x/device/types"
)

// merkleVectors is the Merkle part of devicekit's wire-format vectors.
type merkleVectors struct {
	Entries []struct {
		Serial    string `json:"serial"`
		DeviceID  string `json:"device_id"`
		KeyType   string `json:"key_type"`
		PublicKey string `json:"public_key"`
	} `json:"entries"`
	Len    int    `json:"len"`
	Root   string `json:"root"`
	Proofs []struct {
		Index int      `json:"index"`
		Proof []string `json:"proof"`
	} `json:"proofs"`
}

func loadMerkleVectors(t *testing.T) merkleVectors {
	t.Helper()
	bz, err := os.ReadFile("../../../../devicekit/testdata/vectors.json")
	require.NoError(t, err)
	var v struct {
		Merkle merkleVectors `json:"merkle"`
	}
	require.NoError(t, json.Unmarshal(bz, &v))
	return v.Merkle
}

// vectorDeviceList is the vectors' devices as a CSV device list.
func vectorDeviceList(v merkleVectors) string {
	list := "serial,key_type,public_key,protocols,device_type,metadata\n"
	for _, e := range v.Entries {
		list += e.Serial + "," + e.KeyType + "," + e.PublicKey + ",,,\n"
	}
	return list
}

func TestHashSerialsMatchesTheDeviceIDWireFormat(t *testing.T) {
	v := loadMerkleVectors(t)
	var in, want strings.Builder
	want.WriteString("serial,id\n")
	for _, e := range v.Entries {
		in.WriteString(e.Serial + "\r\n\n") // CRLF line ends and blank lines are not part of serials
		want.WriteString(e.Serial + "," + e.DeviceID + "\n")
	}
	var out bytes.Buffer
	require.NoError(t, cli.HashSerials(strings.NewReader(in.String()), &out, []byte("acme-salt")))
	require.Equal(t, want.String(), out.String())
}

func TestBuildMerkleProofsReproducesTheVectors(t *testing.T) {
	v := loadMerkleVectors(t)
	devices, err := whitelist.ParseDeviceListCSV(strings.NewReader(vectorDeviceList(v)), []byte("acme-salt"))
	require.NoError(t, err)
	_, err = cli.BuildMerkleProofs("", devices)
	require.Error(t, err, "a proof must name the manufacturer whose whitelist it is in")
	proofs, err := cli.BuildMerkleProofs("acme", devices)
	require.NoError(t, err)
	require.Equal(t, "acme", proofs.ManufacturerID)
	require.Equal(t, v.Root, proofs.Root)
	require.Equal(t, v.Len, proofs.Count)
	for _, p := range v.Proofs {
		require.Equal(t, p.Proof, proofs.Devices[p.Index].MerkleProof.Siblings, "proof of device %d", p.Index)
	}
	root, err := types.ParseRoot(proofs.Root)
	require.NoError(t, err)
	for i, d := range proofs.Devices {
		require.Equal(t, v.Entries[i].Serial, d.Serial)
		require.Equal(t, v.Entries[i].DeviceID, d.ID)
		require.Equal(t, "acme", d.MerkleProof.ManufacturerID, "device %d's proof names its manufacturer", i)
		require.Equal(t, v.Entries[i].PublicKey, hex.EncodeToString(d.MerkleProof.PublicKey))
		kt, err := devicekit.ParseKeyType(v.Entries[i].KeyType)
		require.NoError(t, err)
		require.Equal(t, types.KeyType(kt).String(), d.MerkleProof.KeyType, "the proto enum name, as --merkle-proof reads it")
		id, _ := devicekit.ParseID(d.ID)
		leaf := devicekit.LeafHash(devicekit.Entry{ID: id, KeyType: kt, PublicKey: d.MerkleProof.PublicKey})
		var siblings [][32]byte
		for _, s := range d.MerkleProof.Siblings {
			var h [32]byte
			_, err := hex.Decode(h[:], []byte(s))
			require.NoError(t, err)
			siblings = append(siblings, h)
		}
		require.True(t, devicekit.VerifyProof(root, leaf, siblings), "device %d", i)
	}
}

func TestMerkleProofJSONIsTheProtoJSONForm(t *testing.T) {
	p := cli.MerkleProofJSON{Root: "ab", ManufacturerID: "acme", KeyType: "KEY_TYPE_ED25519", PublicKey: []byte{1, 2, 3}, Siblings: []string{"cd"}}
	bz, err := json.Marshal(p)
	require.NoError(t, err)
	require.JSONEq(t, `{"root":"ab","manufacturer_id":"acme","key_type":"KEY_TYPE_ED25519","public_key":"AQID","siblings":["cd"]}`, string(bz),
		"bytes in base64 and the key type by enum name, as proto JSON has them")
}

// TestSampleMerkleProofsAreConsistent keeps docs/samples/merkle-proofs.json
// what build-merkle makes of acme's sample device list.
func TestSampleMerkleProofsAreConsistent(t *testing.T) {
	list, err := os.Open("../../../../docs/samples/devices.csv")
	require.NoError(t, err)
	defer list.Close()
	devices, err := whitelist.ParseDeviceListFile(list.Name(), list, []byte("acme-sample-salt"))
	require.NoError(t, err)
	proofs, err := cli.BuildMerkleProofs("acme", devices)
	require.NoError(t, err)
	want, err := json.Marshal(proofs)
	require.NoError(t, err)
	got, err := os.ReadFile("../../../../docs/samples/merkle-proofs.json")
	require.NoError(t, err)
	require.JSONEq(t, string(want), string(got))
}

// TestSamplesAreConsistent keeps docs/samples true: each whitelist is what
// build-whitelist makes of the device list beside it, with the salt the
// samples name.
func TestSamplesAreConsistent(t *testing.T) {
	for _, ext := range []string{".csv", ".json"} {
		list, err := os.Open("../../../../docs/samples/devices" + ext)
		require.NoError(t, err)
		defer list.Close()
		devices, err := whitelist.ParseDeviceListFile(list.Name(), list, []byte("acme-sample-salt"))
		require.NoError(t, err)
		wl, err := os.Open("../../../../docs/samples/whitelist" + ext)
		require.NoError(t, err)
		defer wl.Close()
		entries, err := whitelist.ParseFile(wl.Name(), wl)
		require.NoError(t, err)
		require.Len(t, entries, len(devices))
		for i, d := range devices {
			require.Equal(t, d.Entry, entries[i], "%s device %d", ext, i)
		}
	}
}
