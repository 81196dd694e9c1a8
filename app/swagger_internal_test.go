package app

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/mux"
	"github.com/stretchr/testify/require"
)

func TestSwaggerRoutesOnlyWhenEnabled(t *testing.T) {
	for _, enabled := range []bool{false, true} {
		rtr := mux.NewRouter()
		require.NoError(t, registerSwagger(rtr, enabled))
		get := func(path string) *httptest.ResponseRecorder {
			rec := httptest.NewRecorder()
			rtr.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			return rec
		}
		if !enabled {
			require.Equal(t, http.StatusNotFound, get("/swagger/openapi.json").Code, "api.swagger = false serves nothing")
			continue
		}
		rec := get("/swagger/openapi.json")
		require.Equal(t, http.StatusOK, rec.Code)
		require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
		require.Equal(t, http.StatusMovedPermanently, get("/swagger").Code, "the bare path redirects to the page")
		require.Equal(t, SwaggerPath, get("/swagger").Header().Get("Location"))
		require.Equal(t, http.StatusNotFound, get("/swagger/no-such-file.js").Code)
	}
}
