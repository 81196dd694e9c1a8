package app

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
)

const (
	// Name is the application's name.
	Name = "atonomid"
	// Bech32Prefix is the account address prefix: atonomi1...
	Bech32Prefix = "atonomi"
	// BondDenom is the micro-ATMI denomination (1 ATMI = 10^6 uatmi); it bonds
	// validators and pays every fee.
	BondDenom = "uatmi"
	// DisplayDenom is the whole-token denomination.
	DisplayDenom = "atmi"
)

// Bech32 prefixes derived from Bech32Prefix, in the SDK's scheme.
var (
	Bech32PrefixAccPub   = Bech32Prefix + sdk.PrefixPublic
	Bech32PrefixValAddr  = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixOperator
	Bech32PrefixValPub   = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixOperator + sdk.PrefixPublic
	Bech32PrefixConsAddr = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixConsensus
	Bech32PrefixConsPub  = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixConsensus + sdk.PrefixPublic
)

// init sets the process-wide SDK settings that modules read when they build
// default genesis (staking's bond denom, gov's deposit denom) and when they
// print addresses. They are settings of the binary, not of any one chain, so
// they are fixed once here, before any command or test runs.
func init() {
	sdk.DefaultBondDenom = BondDenom
	cfg := sdk.GetConfig()
	cfg.SetBech32PrefixForAccount(Bech32Prefix, Bech32PrefixAccPub)
	cfg.SetBech32PrefixForValidator(Bech32PrefixValAddr, Bech32PrefixValPub)
	cfg.SetBech32PrefixForConsensusNode(Bech32PrefixConsAddr, Bech32PrefixConsPub)
}
