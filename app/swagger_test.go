package app_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/docs"
	"github.com/atonomi/atonomid/testutil/network"
)

// TestSwaggerServesTheOpenAPIDocument starts a node with api.swagger on and
// reads the Swagger UI page, the atonomi OpenAPI document and the UI's
// scripts from its API server.
func TestSwaggerServesTheOpenAPIDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	cfg := network.Config(t, 1)
	network.EnableSwagger(&cfg)
	n := network.New(t, cfg)

	page := n.REST(t, "/swagger/")
	require.Contains(t, page, `url: "./openapi.json"`)
	require.Contains(t, page, `src="./swagger-ui-bundle.js"`)

	doc := n.REST(t, "/swagger/openapi.json")
	require.Equal(t, string(docs.OpenAPI), doc, "the committed docs/openapi.json")
	var spec struct {
		Swagger string         `json:"swagger"`
		Paths   map[string]any `json:"paths"`
	}
	require.NoError(t, json.Unmarshal([]byte(doc), &spec))
	require.Equal(t, "2.0", spec.Swagger)
	require.Contains(t, spec.Paths, "/atonomi/device/v1/devices/{id}")

	// The page's scripts come from the node itself, not from the internet.
	require.NotEmpty(t, n.REST(t, "/swagger/swagger-ui-bundle.js"))
	require.NotEmpty(t, n.REST(t, "/swagger/swagger-ui-standalone-preset.js"))
	require.NotEmpty(t, n.REST(t, "/swagger/swagger.yaml"))
}
