package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/client/whitelist"
	"github.com/atonomi/atonomid/x/device/types"
)

// The manufacturer's offline tools: they touch no node and no keyring, so
// the factory can run them on a machine that holds the salt and nothing else.

// HashSerialsCmd prints the device id of every serial number of a file.
func HashSerialsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hash-serials [serials.txt|-]",
		Short: "Hash serial numbers (one a line) into device ids: prints CSV serial,id",
		Long: `Read hardware serial numbers, one a line ("-" for standard input; blank lines
are skipped; a line's bytes are hashed exactly as written, without its line end),
and print "serial,id" CSV lines where id = SHA-256(salt || serial) in lowercase
hex, the device id the chain uses (docs/devices.md).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			salt, err := requireSalt(cmd)
			if err != nil {
				return err
			}
			in, err := openInput(cmd, args[0])
			if err != nil {
				return err
			}
			defer in.Close()
			return HashSerials(in, cmd.OutOrStdout(), salt)
		},
	}
	AddSaltFlags(cmd)
	return cmd
}

// HashSerials reads serial numbers, one a line, and writes "serial,id" CSV
// with a header line.
func HashSerials(r io.Reader, w io.Writer, salt []byte) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{whitelist.DeviceListColumn, "id"}); err != nil {
		return err
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		serial := strings.TrimSuffix(sc.Text(), "\r")
		if serial == "" {
			continue
		}
		if err := cw.Write([]string{serial, devicekit.DeviceID(salt, []byte(serial)).String()}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// BuildWhitelistCmd turns a factory's device list into a whitelist file.
func BuildWhitelistCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "build-whitelist [device-list.csv|.json] [whitelist.csv|.json]",
		Short: "Build a whitelist file from a device list, hashing serial numbers with the salt",
		Long: `Read a device list (the whitelist formats with a "serial" column or field in
place of "id", docs/manufacturer-guide.md), derive every device id as
SHA-256(salt || serial), check every entry as the chain will (format, no id or
key twice), and write the whitelist as CSV or JSON by the output's extension,
ready for 'atonomid tx device register-whitelist'. Without --salt or
--salt-hex the input is read as a whitelist (with ids) and only converted.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			devices, err := readDevices(cmd, args[0])
			if err != nil {
				return err
			}
			entries := make([]types.DeviceEntry, len(devices))
			for i, d := range devices {
				entries[i] = d.Entry
			}
			if err := writeFile(args[1], func(w io.Writer) error { return whitelist.WriteFile(args[1], w, entries) }); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d devices to %s\n", len(entries), args[1])
			return nil
		},
	}
	AddSaltFlags(cmd)
	return cmd
}

// BuildMerkleCmd builds a Merkle whitelist: the root to commit and a proof
// for every device.
func BuildMerkleCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "build-merkle [manufacturer-id] [device-list.csv|.json] [proofs.json]",
		Short: "Build a Merkle whitelist from a device list: print root and count, write every device's proof",
		Long: `Read a device list (or, without --salt/--salt-hex, a whitelist with ids),
build the Merkle tree of docs/devices.md over its devices in file order, print
{"manufacturer_id", "root", "count"} for 'atonomid tx device commit-whitelist
<manufacturer> <root> <count>', and write proofs.json: the manufacturer, the
root, the count and, for every device, its serial, id and the merkle_proof
object that 'atonomid tx device activate <id> <signature> --merkle-proof <json>'
takes. A whitelist belongs to the manufacturer that commits it, so every proof
names the manufacturer: a rival's copy of the root proves nothing of yours.
Protocols and device type are not leaves of the tree: commit-whitelist sets
them for the whole whitelist.`,
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			devices, err := readDevices(cmd, args[1])
			if err != nil {
				return err
			}
			proofs, err := BuildMerkleProofs(args[0], devices)
			if err != nil {
				return err
			}
			if err := writeFile(args[2], func(w io.Writer) error {
				enc := json.NewEncoder(w)
				enc.SetIndent("", " ")
				return enc.Encode(proofs)
			}); err != nil {
				return err
			}
			bz, err := json.Marshal(struct {
				ManufacturerID string `json:"manufacturer_id"`
				Root           string `json:"root"`
				Count          int    `json:"count"`
			}{proofs.ManufacturerID, proofs.Root, proofs.Count})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), string(bz))
			return err
		},
	}
	AddSaltFlags(cmd)
	return cmd
}

// MerkleProofs is the proofs file of a Merkle whitelist.
type MerkleProofs struct {
	ManufacturerID string         `json:"manufacturer_id"`
	Root           string         `json:"root"`
	Count          int            `json:"count"`
	Devices        []MerkleDevice `json:"devices"`
}

// MerkleDevice is one device of a proofs file.
type MerkleDevice struct {
	Serial string `json:"serial,omitempty"`
	ID     string `json:"id"`
	// MerkleProof is in the JSON form of atonomi.device.v1.MerkleProof that
	// the activate command's --merkle-proof flag reads.
	MerkleProof MerkleProofJSON `json:"merkle_proof"`
}

// MerkleProofJSON is atonomi.device.v1.MerkleProof in its proto JSON form:
// the key type by enum name and the public key in base64.
type MerkleProofJSON struct {
	Root           string   `json:"root"`
	ManufacturerID string   `json:"manufacturer_id"`
	KeyType        string   `json:"key_type"`
	PublicKey      []byte   `json:"public_key"`
	Siblings       []string `json:"siblings"`
}

// BuildMerkleProofs builds manufacturer's Merkle whitelist of devices, in
// order, and every device's inclusion proof, which names the manufacturer.
func BuildMerkleProofs(manufacturer string, devices []whitelist.ListedDevice) (MerkleProofs, error) {
	if manufacturer == "" {
		return MerkleProofs{}, fmt.Errorf("a manufacturer id is required: its whitelist is the one the proofs name")
	}
	leaves := make([]devicekit.Entry, len(devices))
	for i, d := range devices {
		id, err := types.ParseDeviceID(d.Entry.Id)
		if err != nil {
			return MerkleProofs{}, err
		}
		leaves[i] = devicekit.Entry{ID: id, KeyType: d.Entry.KeyType.Kit(), PublicKey: d.Entry.PublicKey}
	}
	tree, err := devicekit.BuildTree(leaves)
	if err != nil {
		return MerkleProofs{}, err
	}
	root := tree.Root()
	out := MerkleProofs{ManufacturerID: manufacturer, Root: hex.EncodeToString(root[:]), Count: tree.Len(), Devices: make([]MerkleDevice, len(devices))}
	for i, d := range devices {
		path, err := tree.Proof(i)
		if err != nil {
			return MerkleProofs{}, err
		}
		siblings := make([]string, len(path))
		for j, s := range path {
			siblings[j] = hex.EncodeToString(s[:])
		}
		out.Devices[i] = MerkleDevice{Serial: d.Serial, ID: d.Entry.Id, MerkleProof: MerkleProofJSON{
			Root: out.Root, ManufacturerID: manufacturer, KeyType: d.Entry.KeyType.String(), PublicKey: d.Entry.PublicKey, Siblings: siblings,
		}}
	}
	return out, nil
}

// readDevices reads a device list when a salt is given, else a whitelist.
func readDevices(cmd *cobra.Command, path string) ([]whitelist.ListedDevice, error) {
	salt, err := SaltFromFlags(cmd)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if len(salt) > 0 {
		return whitelist.ParseDeviceListFile(path, f, salt)
	}
	entries, err := whitelist.ParseFile(path, f)
	if err != nil {
		return nil, err
	}
	if err := types.CheckDistinct(entries); err != nil {
		return nil, err
	}
	devices := make([]whitelist.ListedDevice, len(entries))
	for i, e := range entries {
		devices[i] = whitelist.ListedDevice{Entry: e}
	}
	return devices, nil
}

// openInput opens path, or standard input for "-".
func openInput(cmd *cobra.Command, path string) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(cmd.InOrStdin()), nil
	}
	return os.Open(path)
}

// writeFile writes path through fill, replacing it only when fill succeeds.
func writeFile(path string, fill func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp) //nolint:gosec // writes the file the user named
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp) //nolint:gosec // removes the temporary file beside the one the user named
		return err
	}
	return os.Rename(tmp, path) //nolint:gosec // writes the file the user named
}
