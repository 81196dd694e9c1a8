// Package docs embeds the REST API's OpenAPI document (generated from the
// .proto files by scripts/protocgen.sh) and the Swagger UI page that shows
// it, which the node serves under /swagger/ when api.swagger is on.
package docs

import _ "embed"

// OpenAPI is docs/openapi.json, the OpenAPI 2 document of the atonomi REST API.
//
//go:embed openapi.json
var OpenAPI []byte

// SwaggerPage is the Swagger UI page. It loads the Swagger UI scripts that
// the Cosmos SDK already embeds in the binary, so it needs no network.
//
//go:embed swagger.html
var SwaggerPage []byte
