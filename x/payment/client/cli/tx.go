// Package cli holds x/payment's hand-written command: the grant of a
// payment authorization, an x/authz message whose authorization autocli
// cannot build. Plain messages get their commands from autocli
// (x/payment/autocli.go).
package cli

import (
	"fmt"
	"strings"
	"time"

	"cosmossdk.io/math"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/atonomi/atonomid/x/payment/types"
)

// Flags of the grant command.
const (
	FlagDevices    = "devices"
	FlagExpiration = "expiration"
)

// NewTxCmd returns the payment module's tx command, which autocli extends
// with one command per message.
func NewTxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Device payment transactions",
		DisableFlagParsing:         true,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(GrantCmd())
	return cmd
}

// GrantCmd grants a payment authorization from the signer (a device's
// paying account, normally its linked wallet) to a grantee.
func GrantCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "grant [grantee] [owner] [spend-limit] --devices id,id --expiration 2027-01-01T00:00:00Z",
		Short: "Let grantee sign payments from your account for the named devices of owner, up to spend-limit uatmi (commission included)",
		Long: `Grant an x/authz payment authorization: grantee may then send MsgPay for you
(wrapped in 'atonomid tx authz exec'), for the devices given with --devices only,
while each is still owned by owner and pays from your account (its linked
wallet), and until spend-limit uatmi (amount and commission) are spent.`,
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			ac := clientCtx.TxConfig.SigningContext().AddressCodec()
			grantee, err := ac.StringToBytes(args[0])
			if err != nil {
				return fmt.Errorf("grantee: %w", err)
			}
			limit, ok := math.NewIntFromString(args[2])
			if !ok {
				return fmt.Errorf("spend limit %q is not a whole number of uatmi", args[2])
			}
			devices, _ := cmd.Flags().GetString(FlagDevices)
			a := &types.PaymentAuthorization{Owner: args[1], DeviceIds: strings.Split(devices, ","), SpendLimit: limit}
			if err := a.ValidateBasic(); err != nil {
				return err
			}
			var expiration *time.Time
			if text, _ := cmd.Flags().GetString(FlagExpiration); text != "" {
				at, err := time.Parse(time.RFC3339, text)
				if err != nil {
					return fmt.Errorf("--%s: %w", FlagExpiration, err)
				}
				expiration = &at
			}
			msg, err := authz.NewMsgGrant(clientCtx.GetFromAddress(), grantee, a, expiration)
			if err != nil {
				return err
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	cmd.Flags().String(FlagDevices, "", "the device ids the authorization covers, comma-separated")
	cmd.Flags().String(FlagExpiration, "", "when the authorization expires (RFC 3339); none when empty")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}
