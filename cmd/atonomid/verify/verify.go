// Package verify is `atonomid verify`: answers about a device checked
// against the validators' signatures from a trust root the user gives,
// never taken from the node it asks (docs/light-clients.md).
package verify

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/atonomi/atonomid/app/proofs"
	"github.com/atonomi/atonomid/lightproof"
)

// Flags of the trust root and of freshness; the trust root may also be
// kept in client.toml under the same names.
const (
	FlagTrustHeight    = "trust-height"
	FlagTrustHash      = "trust-hash"
	FlagTrustingPeriod = "trusting-period"
	FlagMaxAge         = "max-age"
)

// Cmd is `atonomid verify`.
func Cmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check answers about devices against the validators' signatures, trusting no node",
		Long: `Reads a device's record (or reputation) with its proofs from any node, and checks
it against a trust root you give: the height and hash of a header you trust,
from --trust-height and --trust-hash or from trust-height and trust-hash in
<home>/config/client.toml. Get them from a source you trust (your own node, a
published checkpoint), never from the node you ask: that node is not trusted.`,
		RunE: client.ValidateCmd,
	}
	cmd.AddCommand(deviceCmd(), reputationCmd())
	return cmd
}

func deviceCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "device [id]",
		Short: "Verify a device's record and its manufacturer's",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := proofs.ParseID(args[0])
			if err != nil {
				return err
			}
			v, how, err := verifiedBundle(cmd, proofs.Request{ID: id})
			if err != nil {
				return err
			}
			d, found, err := v.Device(id)
			if err != nil {
				return err
			}
			out := result{Verified: how}
			if !found {
				out.Answer = map[string]any{"device": id.String(), "found": false}
				return write(cmd, out)
			}
			answer := map[string]any{"device": d.ID, "found": true, "status": d.Status.String(), "manufacturer": d.ManufacturerID,
				"key_type": d.KeyType.String(), "public_key": hex.EncodeToString(d.PublicKey), "owner": d.Owner,
				"wallet": d.Wallet, "excluded": d.Excluded, "default_reputation": d.DefaultReputation}
			if m, found, err := v.Manufacturer(d.ManufacturerID); err != nil {
				return err
			} else if found {
				answer["manufacturer_status"] = m.Status.String()
			}
			out.Answer = answer
			return write(cmd, out)
		},
	}
	addFlags(cmd)
	return cmd
}

func reputationCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reputation [id] [type]",
		Short: "Verify a device's reputation in a type (an unscored type is proven with the device's own default)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := proofs.ParseID(args[0])
			if err != nil {
				return err
			}
			v, how, err := verifiedBundle(cmd, proofs.Request{ID: id, Types: []string{args[1]}})
			if err != nil {
				return err
			}
			r, err := v.Reputation(id, args[1])
			if err != nil {
				return err
			}
			answer := map[string]any{"device": id.String(), "reputation_type": args[1], "value": r.Value, "scored": r.Scored}
			if r.Scored {
				answer["auditors"] = r.Aggregate.Auditors
				answer["total_weight"] = r.Aggregate.TotalWeight
			}
			return write(cmd, result{Answer: answer, Verified: how})
		},
	}
	addFlags(cmd)
	return cmd
}

func addFlags(cmd *cobra.Command) {
	flags.AddQueryFlagsToCmd(cmd)
	AddTrustFlags(cmd)
	cmd.Flags().Duration(FlagMaxAge, time.Minute, "the newest header may be at most this old")
}

// AddTrustFlags adds the trust root's flags and the trusting period.
func AddTrustFlags(cmd *cobra.Command) {
	cmd.Flags().Int64(FlagTrustHeight, 0, "height of the header you trust (or trust-height in client.toml)")
	cmd.Flags().String(FlagTrustHash, "", "hash of that header, hex (or trust-hash in client.toml)")
	cmd.Flags().Duration(FlagTrustingPeriod, DefaultTrustingPeriod, "how long a trusted header can vouch for newer ones (below the unbonding time)")
}

// DefaultTrustingPeriod is two thirds of x/staking's default 21-day
// unbonding time.
const DefaultTrustingPeriod = 14 * 24 * time.Hour

// how says how an answer was verified.
type how struct {
	Node          string `json:"node"`
	ChainID       string `json:"chain_id"`
	TrustedHeight int64  `json:"trusted_height"`
	TrustedHash   string `json:"trusted_hash"`
	StateHeight   int64  `json:"state_height"`
	Header        string `json:"header"`
	HeaderTime    string `json:"header_time"`
	AppHash       string `json:"app_hash"`
	Steps         int    `json:"steps"`
	Method        string `json:"method"`
}

type result struct {
	Answer   map[string]any `json:"answer"`
	Verified how            `json:"verified"`
}

// TrustRoot reads the trust root from the --trust-height and --trust-hash
// flags, else from trust-height and trust-hash in home's client.toml.
func TrustRoot(cmd *cobra.Command, home string) (int64, []byte, error) {
	height, _ := cmd.Flags().GetInt64(FlagTrustHeight)
	hashText, _ := cmd.Flags().GetString(FlagTrustHash)
	if height == 0 && hashText == "" {
		v := viper.New()
		v.SetConfigFile(filepath.Join(home, "config", "client.toml"))
		if err := v.ReadInConfig(); err == nil {
			height, hashText = v.GetInt64(FlagTrustHeight), v.GetString(FlagTrustHash)
		}
	}
	if height < 1 || hashText == "" {
		return 0, nil, fmt.Errorf("no trust root: give --%s and --%s (or set them in client.toml)", FlagTrustHeight, FlagTrustHash)
	}
	hash, err := hex.DecodeString(hashText)
	if err != nil || len(hash) != 32 {
		return 0, nil, fmt.Errorf("--%s %q is not a 32-byte hex hash", FlagTrustHash, hashText)
	}
	return height, hash, nil
}

// verifiedBundle reads the bundle r asks for from the node, pins the trust
// root (the node's header at the trusted height must hash to the trusted
// hash) and verifies the bundle from it.
func verifiedBundle(cmd *cobra.Command, r proofs.Request) (*lightproof.Verified, how, error) {
	var h how
	clientCtx, err := client.GetClientQueryContext(cmd)
	if err != nil {
		return nil, h, err
	}
	if clientCtx.Client == nil {
		return nil, h, errors.New("no node to ask: give --node")
	}
	height, hash, err := TrustRoot(cmd, clientCtx.HomeDir)
	if err != nil {
		return nil, h, err
	}
	ctx := cmd.Context()
	c, vals, err := proofs.Header(ctx, clientCtx.Client, height)
	if err != nil {
		return nil, h, fmt.Errorf("the trusted header %d: %w", height, err)
	}
	if !bytes.Equal(c.Hash(), hash) {
		return nil, h, fmt.Errorf("%w: the node's header %d hashes to %X, not the trusted %X", lightproof.ErrUntrusted, height, c.Hash(), hash)
	}
	trust, err := lightproof.NewTrust(c.ChainID, c, vals)
	if err != nil {
		return nil, h, err
	}
	if clientCtx.ChainID != "" && clientCtx.ChainID != c.ChainID {
		return nil, h, fmt.Errorf("%w: the trusted header is of chain %q, not %q", lightproof.ErrUntrusted, c.ChainID, clientCtx.ChainID)
	}
	r.TrustedHeight = height
	b, _, err := proofs.Build(ctx, clientCtx.Client, r)
	if err != nil {
		return nil, h, err
	}
	period, _ := cmd.Flags().GetDuration(FlagTrustingPeriod)
	maxAge, _ := cmd.Flags().GetDuration(FlagMaxAge)
	v, err := trust.VerifyBundle(*b, lightproof.Options{TrustingPeriod: period, MaxClockDrift: 10 * time.Second, Clock: time.Now, MaxAge: maxAge})
	if err != nil {
		return nil, h, err
	}
	h = how{Node: clientCtx.NodeURI, ChainID: c.ChainID, TrustedHeight: height, TrustedHash: fmt.Sprintf("%X", hash),
		StateHeight: v.Height, Header: fmt.Sprintf("%d", v.Height+1), HeaderTime: v.Time.UTC().Format(time.RFC3339),
		AppHash: fmt.Sprintf("%X", v.AppHash), Steps: len(b.Headers),
		Method: "header signed by more than a third of the trusted validators' power (CometBFT light verification), " +
			"store entries proven by ics23:iavl and ics23:simple against its AppHash; the node was not trusted"}
	return v, h, nil
}

func write(cmd *cobra.Command, r result) error {
	if output, _ := cmd.Flags().GetString(flags.FlagOutput); output == flags.OutputFormatJSON {
		bz, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(cmd.OutOrStdout(), string(bz))
		return err
	}
	w := cmd.OutOrStdout()
	keys := []string{"device", "found", "status", "manufacturer", "manufacturer_status", "key_type", "public_key", "owner", "wallet",
		"excluded", "default_reputation", "reputation_type", "value", "scored", "auditors", "total_weight"}
	for _, k := range keys {
		if v, ok := r.Answer[k]; ok {
			fmt.Fprintf(w, "%s: %v\n", k, v)
		}
	}
	v := r.Verified
	fmt.Fprintf(w, "verified: state %d of %s, committed in header %s (%s, app hash %s),\n", v.StateHeight, v.ChainID, v.Header, v.HeaderTime, v.AppHash)
	fmt.Fprintf(w, "  reached from the trusted header %d (%s) in %d step(s) read from %s;\n", v.TrustedHeight, v.TrustedHash, v.Steps, v.Node)
	_, err := fmt.Fprintf(w, "  %s\n", v.Method)
	return err
}
