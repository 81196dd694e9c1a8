package cli

import (
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// Flags naming the manufacturer's salt for device ids, SHA-256(salt || serial).
const (
	FlagSalt    = "salt"
	FlagSaltHex = "salt-hex"
)

// AddSaltFlags adds --salt (the salt's UTF-8 bytes) and --salt-hex (raw
// bytes in hex, for salts that are not text) to cmd.
func AddSaltFlags(cmd *cobra.Command) {
	cmd.Flags().String(FlagSalt, "", "the manufacturer's salt for device ids, as text (its UTF-8 bytes are hashed)")
	cmd.Flags().String(FlagSaltHex, "", "the manufacturer's salt as hex (raw bytes), instead of --salt")
	cmd.MarkFlagsMutuallyExclusive(FlagSalt, FlagSaltHex)
}

// SaltFromFlags returns the salt bytes given with --salt or --salt-hex, or
// nil when neither is set.
func SaltFromFlags(cmd *cobra.Command) ([]byte, error) {
	if h, _ := cmd.Flags().GetString(FlagSaltHex); h != "" {
		salt, err := hex.DecodeString(h)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", FlagSaltHex, err)
		}
		return salt, nil
	}
	s, _ := cmd.Flags().GetString(FlagSalt)
	if s == "" {
		return nil, nil
	}
	return []byte(s), nil
}

// requireSalt is SaltFromFlags for commands that hash serial numbers.
func requireSalt(cmd *cobra.Command) ([]byte, error) {
	salt, err := SaltFromFlags(cmd)
	if err == nil && len(salt) == 0 {
		err = errors.New("give the manufacturer's salt with --salt or --salt-hex")
	}
	return salt, err
}
