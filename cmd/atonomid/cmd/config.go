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

// initAppConfig sets app.toml defaults a new node needs to start: a
// non-zero minimum gas price in uatmi, so that no transaction is free to
// send (the registries' fees pay for what a transaction does; gas pays for
// the work of admitting and executing it, failed transactions included), a
// bound on the gas of one query, the REST API with its OpenAPI document
// enabled on loopback, and the explorer page on it. The values are
// app/consensus.go's.
func initAppConfig() (string, interface{}) {
	cfg := serverconfig.DefaultConfig()
	cfg.MinGasPrices = app.MinGasPrice
	cfg.QueryGasLimit = app.QueryGasLimit
	cfg.API.Enable = true
	cfg.API.Swagger = true
	return serverconfig.DefaultConfigTemplate + app.ExplorerConfigTemplate, appConfig{
		Config:   *cfg,
		Explorer: app.ExplorerConfig{Enable: true},
	}
}
