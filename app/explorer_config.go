package app

import (
	"github.com/spf13/cast"

	servertypes "github.com/cosmos/cosmos-sdk/server/types"
)

// FlagExplorerEnable is the app.toml key ([explorer] enable) that turns the
// explorer page of the API server on or off.
const FlagExplorerEnable = "explorer.enable"

// ExplorerConfig is the [explorer] section of app.toml.
type ExplorerConfig struct {
	// Enable serves the read-only explorer at /explorer/ on the API server.
	Enable bool `mapstructure:"enable"`
}

// ExplorerConfigTemplate is the [explorer] section app.toml is written with.
const ExplorerConfigTemplate = `
###############################################################################
###                         Explorer Configuration                          ###
###############################################################################

[explorer]

# Enable serves the read-only explorer page at /explorer/ on the API server
# (when [api] is enabled). It reads only this node's public REST routes.
enable = {{ .Explorer.Enable }}
`

// ExplorerEnabled reads [explorer] enable from the node's options. A node
// whose app.toml predates the section serves the explorer: it shows nothing
// the REST API does not already serve.
func ExplorerEnabled(appOpts servertypes.AppOptions) bool {
	v := appOpts.Get(FlagExplorerEnable)
	if v == nil {
		return true
	}
	return cast.ToBool(v)
}
