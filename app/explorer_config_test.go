package app_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"cosmossdk.io/log/v2"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/server/api"
	"github.com/cosmos/cosmos-sdk/server/config"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"

	"github.com/atonomi/atonomid/app"
)

func TestExplorerIsServedUnlessDisabled(t *testing.T) {
	cases := []struct {
		name   string
		opts   simtestutil.AppOptionsMap
		status int
	}{
		{"an app.toml without an [explorer] section serves it", simtestutil.AppOptionsMap{}, http.StatusOK},
		{"enable = true serves it", simtestutil.AppOptionsMap{app.FlagExplorerEnable: true}, http.StatusOK},
		{"enable = false does not", simtestutil.AppOptionsMap{app.FlagExplorerEnable: false}, http.StatusNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts[flags.FlagHome] = t.TempDir()
			a := app.New(log.NewNopLogger(), dbm.NewMemDB(), true, tc.opts)
			srv := api.New(client.Context{}.WithInterfaceRegistry(a.InterfaceRegistry()), log.NewNopLogger(), nil)
			a.RegisterAPIRoutes(srv, config.APIConfig{})
			ts := httptest.NewServer(srv.Router)
			defer ts.Close()

			resp, err := http.Get(ts.URL + "/explorer/")
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Equal(t, tc.status, resp.StatusCode)
			if tc.status == http.StatusOK {
				require.Contains(t, string(body), "<title>atonomid explorer</title>")
			}
		})
	}
}
