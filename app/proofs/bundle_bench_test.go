package proofs_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/testutil/network"
	"github.com/atonomi/atonomid/x/device/client/whitelist"
)

// BenchmarkBundle fetches a device's bundle (record, manufacturer, one
// aggregate, header and validator set of one validator) from the
// in-process node, for a device of each key type, and reports its size: in
// protobuf bytes (what a device stores or relays in binary) and as served
// in JSON with hex.
func BenchmarkBundle(b *testing.B) {
	n := network.New(b, network.Config(b, 1))
	self := n.Validators[0].Address.String()
	n.Tx(b, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("ab", 32), "--operators", self)
	csv := strings.Join(whitelist.CSVHeader, ",") + "\n"
	ids := map[devicekit.KeyType]string{}
	for _, kt := range devicekit.KeyTypes() {
		priv, err := devicekit.GenerateKey(kt, nil)
		if err != nil {
			b.Fatal(err)
		}
		id := devicekit.DeviceID([]byte("acme"), []byte("SN-"+kt.String())).String()
		ids[kt] = id
		csv += fmt.Sprintf("%s,%s,%s,mqtt,smart-meter,\n", id, kt, hex.EncodeToString(priv.PublicKey()))
	}
	file := filepath.Join(b.TempDir(), "whitelist.csv")
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		b.Fatal(err)
	}
	n.Tx(b, 0, 0, "device", "register-whitelist", "acme", file)
	if err := n.WaitForNextBlock(); err != nil {
		b.Fatal(err)
	}
	for _, kt := range devicekit.KeyTypes() {
		b.Run(kt.String(), func(b *testing.B) {
			var bundle lightproof.Bundle
			for b.Loop() {
				bundle = fetchBundle(b, n, ids[kt], "?types=security")
			}
			js, err := json.Marshal(bundle)
			if err != nil {
				b.Fatal(err)
			}
			raw := 0
			for _, e := range bundle.Entries {
				raw += (len(e.Key) + len(e.Value) + len(e.Proof)) / 2
			}
			for _, h := range bundle.Headers {
				raw += (len(h.SignedHeader) + len(h.ValidatorSet)) / 2
			}
			b.ReportMetric(float64(raw), "proto-bytes")
			b.ReportMetric(float64(len(js)), "json-bytes")
		})
	}
}
