// Package explorer serves a read-only web page over the node's own REST API:
// the registries, a device's status history and reputation over time, and a
// manufacturer's fleet. The page is plain HTML, CSS and JavaScript embedded
// in the binary, so it needs nothing but the node it is served from.
package explorer

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/gorilla/mux"
)

// Path is where the API server serves the explorer.
const Path = "/explorer/"

//go:embed static
var static embed.FS

// Handler serves the explorer's files, with Path stripped from the request.
func Handler() http.Handler {
	files, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree always has static/
	}
	return http.FileServer(http.FS(files))
}

// Register mounts the explorer on the API server's router at Path, and
// sends the bare path without its slash there too.
func Register(r *mux.Router) {
	r.PathPrefix(Path).Handler(http.StripPrefix(Path, Handler())).Methods(http.MethodGet, http.MethodHead)
	r.Handle(Path[:len(Path)-1], http.RedirectHandler(Path, http.StatusMovedPermanently)).Methods(http.MethodGet, http.MethodHead)
}
