package cmd

import (
	cmtcfg "github.com/cometbft/cometbft/config"

	serverconfig "github.com/cosmos/cosmos-sdk/server/config"

	"github.com/atonomi/atonomid/app"
)

// initCometBFTConfig returns CometBFT's defaults: block timing is a network
// decision that localnet and operators set in config.toml.
func initCometBFTConfig() *cmtcfg.Config {
	return cmtcfg.DefaultConfig()
}

// initAppConfig sets app.toml defaults a new node needs to start: a zero
// minimum gas price in uatmi (the fee economy charges ATMI through the
// registries' own fees, not through gas), and the REST API with its OpenAPI
// document enabled on loopback.
func initAppConfig() (string, interface{}) {
	cfg := serverconfig.DefaultConfig()
	cfg.MinGasPrices = "0" + app.BondDenom
	cfg.API.Enable = true
	cfg.API.Swagger = true
	return serverconfig.DefaultConfigTemplate, cfg
}
