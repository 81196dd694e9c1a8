package did

import _ "embed"

// ContextJSONLD is the JSON-LD context at ContextAtonomi: the terms of
// AtonomiDeviceService and its endpoint. It is immutable; a change of terms
// is a new version at a new URL. Resolvers serve it at ContextPath so that
// JSON-LD processors can load it without leaving the network they trust.
//
//go:embed context-v1.jsonld
var ContextJSONLD []byte

// ContextPath is where a resolver serves ContextJSONLD.
const ContextPath = "/contexts/atonomi/did/v1"
