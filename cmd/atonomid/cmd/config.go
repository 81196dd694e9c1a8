package cmd

import (
	cmtcfg "github.com/cometbft/cometbft/config"

	serverconfig "github.com/cosmos/cosmos-sdk/server/config"

	"github.com/atonomi/atonomid/app"
)

// appConfig is app.toml: the SDK's sections and the explorer's.
type appConfig struct {
	serverconfig.Config `mapstructure:",squash"`

	Explorer app.ExplorerConfig `mapstructure:"explorer"`
}

// initCometBFTConfig returns CometBFT's defaults: block timing is a network
// decision that localnet and operators set in config.toml.
func initCometBFTConfig() *cmtcfg.Config {
	return cmtcfg.DefaultConfig()
}

// initAppConfig sets app.toml defaults a new node needs to start: a zero
// minimum gas price in uatmi (the fee economy charges ATMI through the
// registries' own fees, not through gas), the REST API with its OpenAPI
// document enabled on loopback, and the explorer page on it.
func initAppConfig() (string, interface{}) {
	cfg := serverconfig.DefaultConfig()
	cfg.MinGasPrices = "0" + app.BondDenom
	cfg.API.Enable = true
	cfg.API.Swagger = true
	return serverconfig.DefaultConfigTemplate + app.ExplorerConfigTemplate, appConfig{
		Config:   *cfg,
		Explorer: app.ExplorerConfig{Enable: true},
	}
}
