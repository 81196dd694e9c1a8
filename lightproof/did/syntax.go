package did

import (
	"errors"
	"fmt"
	"strings"

	"github.com/atonomi/atonomid/devicekit"
)

// Method is the DID method name.
const Method = "atonomi"

// Prefix starts every did:atonomi DID.
const Prefix = "did:" + Method + ":"

// MaxNetworkLen bounds a network name: did:atonomi:<network>:<id>.
const MaxNetworkLen = 32

// Parse errors. Each maps to a DID Resolution error type (Problem).
var (
	// ErrInvalidDID is a string that is not a did:atonomi DID: wrong
	// syntax, upper case, wrong length.
	ErrInvalidDID = errors.New("did: invalid DID")
	// ErrMethodNotSupported is a DID of another method.
	ErrMethodNotSupported = errors.New("did: method not supported")
	// ErrDIDURL is a DID URL (a path, query or fragment after the DID):
	// this method resolves DIDs and does not dereference DID URLs.
	ErrDIDURL = errors.New("did: DID URLs are not dereferenced")
)

// DID is a parsed did:atonomi DID. Network is empty for the bare form
// did:atonomi:<id>, which names the network its resolver is configured
// for; did:atonomi:<network>:<id> names another one.
type DID struct {
	Network string
	ID      devicekit.ID
}

// Format is the DID of device id on the resolver's own network.
func Format(id devicekit.ID) string { return DID{ID: id}.String() }

func (d DID) String() string {
	if d.Network == "" {
		return Prefix + d.ID.String()
	}
	return Prefix + d.Network + ":" + d.ID.String()
}

// Parse parses a DID in its one canonical form: "did:atonomi:" (lower
// case, as DID syntax requires of the scheme and method), an optional
// network name of 1..32 of [a-z0-9._-] and a colon, and the device id as
// exactly 64 lower-case hex characters. Upper-case hex is refused, never
// canonicalised, so that one device has one DID.
func Parse(s string) (DID, error) {
	var d DID
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		if _, err := Parse(s[:i]); err == nil {
			return d, fmt.Errorf("%w: %q", ErrDIDURL, s)
		}
		return d, fmt.Errorf("%w: %q", ErrInvalidDID, s)
	}
	rest, ok := strings.CutPrefix(s, "did:")
	if !ok {
		return d, fmt.Errorf("%w: %q: a DID begins with \"did:\"", ErrInvalidDID, s)
	}
	method, rest, ok := strings.Cut(rest, ":")
	if !ok || method == "" {
		return d, fmt.Errorf("%w: %q has no method-specific id", ErrInvalidDID, s)
	}
	if method != Method {
		if !isMethodName(method) {
			return d, fmt.Errorf("%w: method name %q", ErrInvalidDID, method)
		}
		return d, fmt.Errorf("%w: did:%s (this resolver resolves did:%s)", ErrMethodNotSupported, method, Method)
	}
	idText := rest
	if network, id, ok := strings.Cut(rest, ":"); ok {
		if !isNetwork(network) {
			return d, fmt.Errorf("%w: network %q: want 1..%d of [a-z0-9._-]", ErrInvalidDID, network, MaxNetworkLen)
		}
		d.Network, idText = network, id
	}
	// devicekit.ParseID takes only the canonical form (64 lower-case hex).
	id, err := devicekit.ParseID(idText)
	if err != nil {
		return d, fmt.Errorf("%w: %w", ErrInvalidDID, err)
	}
	d.ID = id
	return d, nil
}

// isMethodName is DID syntax's method-name: 1*(%x61-7A / DIGIT).
func isMethodName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

func isNetwork(s string) bool {
	if s == "" || len(s) > MaxNetworkLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}
