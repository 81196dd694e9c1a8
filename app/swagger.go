package app

import (
	"io/fs"
	"net/http"

	"github.com/gorilla/mux"

	sdkdocs "github.com/cosmos/cosmos-sdk/client/docs"

	"github.com/atonomi/atonomid/docs"
)

// SwaggerPath is where the API server serves the Swagger UI when
// api.swagger is on in app.toml.
const SwaggerPath = "/swagger/"

// registerSwagger serves the atonomi OpenAPI document and a Swagger UI page
// for it under SwaggerPath. The SDK's own swagger route would show only the
// SDK's modules; its embedded Swagger UI scripts and document are reused
// here, so the page works without internet access and adds nothing to the
// binary.
func registerSwagger(rtr *mux.Router, enabled bool) error {
	if !enabled {
		return nil
	}
	assets, err := fs.Sub(sdkdocs.SwaggerUI, "swagger-ui")
	if err != nil {
		return err
	}
	files := http.StripPrefix(SwaggerPath, http.FileServer(http.FS(assets)))
	serve := func(contentType string, body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", contentType)
			_, _ = w.Write(body)
		}
	}
	page := serve("text/html; charset=utf-8", docs.SwaggerPage)
	rtr.Handle(SwaggerPath[:len(SwaggerPath)-1], http.RedirectHandler(SwaggerPath, http.StatusMovedPermanently))
	rtr.Handle(SwaggerPath, page)
	rtr.Handle(SwaggerPath+"index.html", page)
	rtr.Handle(SwaggerPath+"openapi.json", serve("application/json", docs.OpenAPI))
	rtr.PathPrefix(SwaggerPath).Handler(files)
	return nil
}
