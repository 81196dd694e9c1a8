package did

import (
	"errors"
	"net/http"
)

// Problem is a DID Resolution error: an RFC 9457 problem object whose type
// is one of the spec's error URIs.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Detail string `json:"detail,omitempty"`
}

// The DID Resolution error types this method returns, with their HTTP
// status codes.
const (
	errorBase                  = "https://www.w3.org/ns/did#"
	InvalidDID                 = errorBase + "INVALID_DID"
	InvalidOptions             = errorBase + "INVALID_OPTIONS"
	NotFound                   = errorBase + "NOT_FOUND"
	RepresentationNotSupported = errorBase + "REPRESENTATION_NOT_SUPPORTED"
	MethodNotSupported         = errorBase + "METHOD_NOT_SUPPORTED"
	FeatureNotSupported        = errorBase + "FEATURE_NOT_SUPPORTED"
	InternalError              = errorBase + "INTERNAL_ERROR"
)

var problems = map[string]struct {
	title  string
	status int
}{
	InvalidDID:                 {"Invalid DID", http.StatusBadRequest},
	InvalidOptions:             {"Invalid resolution options", http.StatusBadRequest},
	NotFound:                   {"DID not found", http.StatusNotFound},
	RepresentationNotSupported: {"Representation not supported", http.StatusNotAcceptable},
	MethodNotSupported:         {"DID method not supported", http.StatusNotImplemented},
	FeatureNotSupported:        {"Feature not supported", http.StatusNotImplemented},
	InternalError:              {"Internal error", http.StatusInternalServerError},
}

// NewProblem is the problem of error type typ with detail.
func NewProblem(typ, detail string) *Problem {
	return &Problem{Type: typ, Title: problems[typ].title, Detail: detail}
}

// Status is the HTTP status code of the problem's type.
func (p *Problem) Status() int {
	if s, ok := problems[p.Type]; ok {
		return s.status
	}
	return http.StatusInternalServerError
}

// ParseProblem is the problem of a Parse error.
func ParseProblem(err error) *Problem {
	switch {
	case errors.Is(err, ErrMethodNotSupported):
		return NewProblem(MethodNotSupported, err.Error())
	case errors.Is(err, ErrDIDURL):
		return NewProblem(FeatureNotSupported, err.Error())
	}
	return NewProblem(InvalidDID, err.Error())
}
