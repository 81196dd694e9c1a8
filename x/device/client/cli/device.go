package cli

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"

	"github.com/atonomi/atonomid/devicekit"
)

// DeviceCmd is `atonomid device`, the offline tools a manufacturer's
// factory and a device owner use: they touch no node and no keyring.
func DeviceCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "device",
		Short: "Offline device tools: keys, device ids, whitelist and Merkle files, activation proofs, payment intents",
		RunE:  client.ValidateCmd,
	}
	cmd.AddCommand(keygenCmd(), deviceIDCmd(), signActivationCmd(), signPaymentCmd(),
		HashSerialsCmd(), BuildWhitelistCmd(), BuildMerkleCmd())
	return cmd
}

// keyFile is what keygen writes: enough to sign activations and to list the
// device in a whitelist.
type keyFile struct {
	KeyType    string `json:"key_type"`
	PrivateKey string `json:"private_key"`
	PublicKey  string `json:"public_key"`
	DeviceID   string `json:"device_id,omitempty"`
	// WhitelistCSV is the device's line for a CSV whitelist (docs/devices.md).
	WhitelistCSV string `json:"whitelist_csv,omitempty"`
}

func keygenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keygen",
		Short: "Generate a device key pair (--type secp256k1|ed25519|secp256r1|mldsa65)",
		Long: `Generate a device key pair, as a device's secure element would in the factory,
and print it as JSON (hex). With --serial (and --salt) it also derives the device
id SHA-256(salt || serial) and the device's CSV whitelist line.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			kt, err := keyTypeFlag(cmd)
			if err != nil {
				return err
			}
			priv, err := devicekit.GenerateKey(kt, rand.Reader)
			if err != nil {
				return err
			}
			out := keyFile{KeyType: kt.String(), PrivateKey: hex.EncodeToString(priv.Bytes()), PublicKey: hex.EncodeToString(priv.PublicKey())}
			if serial, _ := cmd.Flags().GetString("serial"); serial != "" {
				salt, err := SaltFromFlags(cmd)
				if err != nil {
					return err
				}
				out.DeviceID = devicekit.DeviceID(salt, []byte(serial)).String()
				deviceType, _ := cmd.Flags().GetString("device-type")
				protocols, _ := cmd.Flags().GetString("protocols")
				out.WhitelistCSV = strings.Join([]string{out.DeviceID, out.KeyType, out.PublicKey, protocols, deviceType, ""}, ",")
			}
			return printJSON(cmd, out)
		},
	}
	cmd.Flags().String("type", "secp256r1", "key type: secp256k1, ed25519, secp256r1 or mldsa65")
	cmd.Flags().String("serial", "", "hardware serial number, to derive the device id")
	AddSaltFlags(cmd)
	cmd.Flags().String("device-type", "", "device type for the whitelist line")
	cmd.Flags().String("protocols", "", "protocols for the whitelist line, separated by ';'")
	return cmd
}

func deviceIDCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "id [serial]",
		Short: "Print the device id SHA-256(salt || serial) as 64 hex characters",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			salt, err := SaltFromFlags(cmd)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), devicekit.DeviceID(salt, []byte(args[0])))
			return err
		},
	}
	AddSaltFlags(cmd)
	return cmd
}

func signActivationCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sign-activation [key-file.json] [owner-address]",
		Short: "Produce the activation proof a device gives its owner (signature hex)",
		Long: `Sign the activation message that binds this chain id, the device id and the
owner's account, with the device key from a keygen file, exactly as the device
firmware would. The owner sends the printed signature with
'atonomid tx device activate <device-id> <signature>'.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			priv, id, err := loadDeviceKey(cmd, args[0])
			if err != nil {
				return err
			}
			owner, err := clientCtx.TxConfig.SigningContext().AddressCodec().StringToBytes(args[1])
			if err != nil {
				return fmt.Errorf("owner: %w", err)
			}
			chainID, err := chainIDFlag(cmd)
			if err != nil {
				return err
			}
			sig, err := priv.SignActivation(chainID, id, owner)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), hex.EncodeToString(sig))
			return err
		},
	}
	cmd.Flags().String("device-id", "", "device id (default: the key file's device_id)")
	cmd.Flags().String("chain-id", "", "the chain the activation is for")
	return cmd
}

func signPaymentCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sign-payment [key-file.json] [payee-device-id] [wallet-address] [amount] [nonce] [valid-until]",
		Short: "Sign a payment intent with the device key (signature hex)",
		Long: `Sign the payment intent that binds this chain id, the payer device (the key
file's), the payee device, the paying wallet (the payer's linked wallet), the
amount in uatmi, the device's current nonce ('atonomid q payment nonce'), the
last height at which it is valid and the location the device attests
(--location), exactly as device firmware would. Anyone may relay it with
'atonomid tx payment pay-device-signed'; the wallet pays, the relay pays the gas.`,
		Args: cobra.ExactArgs(6),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			priv, payer, err := loadDeviceKey(cmd, args[0])
			if err != nil {
				return err
			}
			payee, err := devicekit.ParseID(args[1])
			if err != nil {
				return fmt.Errorf("payee: %w", err)
			}
			wallet, err := clientCtx.TxConfig.SigningContext().AddressCodec().StringToBytes(args[2])
			if err != nil {
				return fmt.Errorf("wallet: %w", err)
			}
			nonce, err := strconv.ParseUint(args[4], 10, 64)
			if err != nil {
				return fmt.Errorf("nonce: %w", err)
			}
			validUntil, err := strconv.ParseUint(args[5], 10, 64)
			if err != nil {
				return fmt.Errorf("valid-until: %w", err)
			}
			chainID, err := chainIDFlag(cmd)
			if err != nil {
				return err
			}
			location, _ := cmd.Flags().GetString("location")
			sig, err := priv.SignPayment(devicekit.PaymentIntent{ChainID: chainID, Payer: payer, Payee: payee, Wallet: wallet,
				Amount: args[3], Nonce: nonce, ValidUntil: validUntil, Location: location})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), hex.EncodeToString(sig))
			return err
		},
	}
	cmd.Flags().String("device-id", "", "payer device id (default: the key file's device_id)")
	cmd.Flags().String("chain-id", "", "the chain the payment is for")
	cmd.Flags().String("location", "", "the location the device attests (ISO 3166 code or geohash)")
	return cmd
}

// loadDeviceKey reads a keygen file: the device's private key and its id
// (the file's device_id, or --device-id).
func loadDeviceKey(cmd *cobra.Command, path string) (devicekit.PrivateKey, devicekit.ID, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return devicekit.PrivateKey{}, devicekit.ID{}, err
	}
	var kf keyFile
	if err := json.Unmarshal(bz, &kf); err != nil {
		return devicekit.PrivateKey{}, devicekit.ID{}, fmt.Errorf("%s: %w", path, err)
	}
	kt, err := devicekit.ParseKeyType(kf.KeyType)
	if err != nil {
		return devicekit.PrivateKey{}, devicekit.ID{}, err
	}
	raw, err := hex.DecodeString(kf.PrivateKey)
	if err != nil {
		return devicekit.PrivateKey{}, devicekit.ID{}, fmt.Errorf("private_key is not hex: %w", err)
	}
	priv, err := devicekit.PrivateKeyFromBytes(kt, raw)
	if err != nil {
		return devicekit.PrivateKey{}, devicekit.ID{}, err
	}
	idText, _ := cmd.Flags().GetString("device-id")
	if idText == "" {
		idText = kf.DeviceID
	}
	id, err := devicekit.ParseID(idText)
	if err != nil {
		return devicekit.PrivateKey{}, devicekit.ID{}, fmt.Errorf("device id: %w (give --device-id or a key file with device_id)", err)
	}
	return priv, id, nil
}

// chainIDFlag is the required --chain-id: every signature is bound to one chain.
func chainIDFlag(cmd *cobra.Command) (string, error) {
	chainID, _ := cmd.Flags().GetString("chain-id")
	if chainID == "" {
		return "", fmt.Errorf("--chain-id is required: the signature is bound to one chain")
	}
	return chainID, nil
}

func keyTypeFlag(cmd *cobra.Command) (devicekit.KeyType, error) {
	s, _ := cmd.Flags().GetString("type")
	return devicekit.ParseKeyType(s)
}

func printJSON(cmd *cobra.Command, v any) error {
	bz, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(cmd.OutOrStdout(), string(bz))
	return err
}
