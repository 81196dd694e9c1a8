package did

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"

	"github.com/atonomi/atonomid/lightproof"
)

// The JSON-LD contexts of a document: DID Core v1.1 (which defines
// Multikey and JsonWebKey) and the atonomi terms (ContextJSONLD), at a
// permanent w3id.org path.
const (
	ContextDIDCore = "https://www.w3.org/ns/did/v1.1"
	ContextAtonomi = "https://w3id.org/atonomi/did/v1"
)

// ServiceType is the type of a device's service adverts.
const ServiceType = "AtonomiDeviceService"

// Denom is the denomination of advertised prices.
const Denom = "uatmi"

// KeyFragment names the device key's verification method: keys never
// rotate (a new key is a new device and a new DID), so there is one.
const KeyFragment = "#key-1"

// ErrBadChainID is a chain id that cannot name a did:pkh controller.
var ErrBadChainID = errors.New("did: chain id is not a CAIP-2 cosmos reference")

// caip2Cosmos is the CAIP-2 reference syntax of a cosmos chain id.
var caip2Cosmos = regexp.MustCompile(`^[-_a-zA-Z0-9]{1,32}$`)

// Document is a DID document. Fields are in the order they are served;
// equality is judged on JCS bytes, where order does not count.
type Document struct {
	Context            []string             `json:"@context"`
	ID                 string               `json:"id"`
	Controller         string               `json:"controller,omitempty"`
	VerificationMethod []VerificationMethod `json:"verificationMethod,omitempty"`
	Authentication     []string             `json:"authentication,omitempty"`
	AssertionMethod    []string             `json:"assertionMethod,omitempty"`
	Service            []Service            `json:"service,omitempty"`
}

// VerificationMethod is the device key as a Multikey or a JsonWebKey.
type VerificationMethod struct {
	ID                 string `json:"id"`
	Type               string `json:"type"`
	Controller         string `json:"controller"`
	PublicKeyMultibase string `json:"publicKeyMultibase,omitempty"`
	PublicKeyJwk       *JWK   `json:"publicKeyJwk,omitempty"`
}

// Service is one of the device's adverts. Its endpoint is the advert's
// "endpoint" attribute when that is an absolute URI, with the terms on the
// service itself; otherwise the terms are the endpoint (a map, which DID
// Core allows), since most device services have no URL.
type Service struct {
	ID              string `json:"id"`
	Type            string `json:"type"`
	ServiceEndpoint any    `json:"serviceEndpoint"`
	*ServiceTerms
}

// ServiceTerms are what a device offers in one service type.
type ServiceTerms struct {
	ServiceType string            `json:"serviceType"`
	Price       string            `json:"price"`
	Denom       string            `json:"denom"`
	Protocols   []string          `json:"protocols,omitempty"`
	Attributes  map[string]string `json:"attributes,omitempty"`
}

// Metadata is didDocumentMetadata: the version (the height of the record's
// last change), whether the DID is deactivated, the device's chain state
// and the state proof.
type Metadata struct {
	VersionID   string          `json:"versionId,omitempty"`
	Deactivated bool            `json:"deactivated"`
	Atonomi     *DeviceMetadata `json:"atonomi,omitempty"`
	Proof       []StateProof    `json:"proof,omitempty"`
}

// DeviceMetadata is the part of the device record that is not in the
// document. Heights are decimal strings, as JSON numbers lose precision
// above 2^53.
type DeviceMetadata struct {
	Status           string `json:"status"`
	Manufacturer     string `json:"manufacturer"`
	DeviceType       string `json:"deviceType,omitempty"`
	Excluded         bool   `json:"excluded"`
	RegisteredHeight string `json:"registeredHeight"`
	ActivatedHeight  string `json:"activatedHeight,omitempty"`
	SuspendedBy      string `json:"suspendedBy,omitempty"`
}

// Build is the document and metadata (without the proof) of a proven
// device record, for the DID d asked for on chain chainID, with the key in
// form f. It is a pure function of its arguments: a verifier calls it on
// the proven value and must get the document it was served.
//
//   - registered: the key, no controller and no relationships (nobody
//     controls the device yet; the manufacturer is in the metadata);
//   - active: the key, authentication and assertionMethod, the owner as
//     did:pkh controller, the service adverts;
//   - suspended: the key and controller, no relationships or services;
//   - revoked: deactivated, the document only @context and id.
func Build(d DID, dev lightproof.Device, chainID string, f KeyForm) (*Document, Metadata, error) {
	id := d.String()
	doc := &Document{Context: []string{ContextDIDCore, ContextAtonomi}, ID: id}
	meta := Metadata{
		VersionID: height(dev.UpdatedHeight),
		Atonomi: &DeviceMetadata{Status: dev.Status.String(), Manufacturer: dev.ManufacturerID, DeviceType: dev.DeviceType,
			Excluded: dev.Excluded, RegisteredHeight: height(dev.RegisteredHeight)},
	}
	if dev.UpdatedHeight == 0 {
		meta.VersionID = height(dev.RegisteredHeight)
	}
	if dev.ActivatedHeight > 0 {
		meta.Atonomi.ActivatedHeight = height(dev.ActivatedHeight)
	}
	switch dev.Status {
	case lightproof.DeviceRevoked:
		meta.Deactivated = true
		return doc, meta, nil
	case lightproof.DeviceRegistered, lightproof.DeviceActive, lightproof.DeviceSuspended:
	default:
		return nil, meta, fmt.Errorf("%w: device status %s", lightproof.ErrBadRecord, dev.Status)
	}

	vm := VerificationMethod{ID: id + KeyFragment, Type: f.String(), Controller: id}
	var err error
	if f == JsonWebKey {
		vm.PublicKeyJwk, err = PublicKeyJWK(dev.KeyType, dev.PublicKey)
	} else {
		vm.PublicKeyMultibase, err = PublicKeyMultibase(dev.KeyType, dev.PublicKey)
	}
	if err != nil {
		return nil, meta, fmt.Errorf("%w: %w", lightproof.ErrBadRecord, err)
	}
	doc.VerificationMethod = []VerificationMethod{vm}
	if dev.Status == lightproof.DeviceRegistered {
		return doc, meta, nil
	}
	if !caip2Cosmos.MatchString(chainID) {
		return nil, meta, fmt.Errorf("%w: %q", ErrBadChainID, chainID)
	}
	doc.Controller = "did:pkh:cosmos:" + chainID + ":" + dev.Owner
	if dev.Status == lightproof.DeviceSuspended {
		meta.Atonomi.SuspendedBy = dev.SuspendedBy
		return doc, meta, nil
	}
	doc.Authentication = []string{vm.ID}
	doc.AssertionMethod = []string{vm.ID}
	for _, s := range dev.Services {
		doc.Service = append(doc.Service, service(id, s, dev.Protocols))
	}
	return doc, meta, nil
}

// service is an advert as a DID service; its fragment is the service type,
// a slug unique among the device's adverts.
func service(id string, s lightproof.Service, protocols []string) Service {
	terms := &ServiceTerms{ServiceType: s.ServiceType, Price: s.Price, Denom: Denom, Protocols: protocols}
	var endpoint string
	for _, a := range s.Metadata {
		if a.Key == "endpoint" && isAbsoluteURI(a.Value) {
			endpoint = a.Value
			continue
		}
		if terms.Attributes == nil {
			terms.Attributes = map[string]string{}
		}
		terms.Attributes[a.Key] = a.Value
	}
	out := Service{ID: id + "#svc-" + s.ServiceType, Type: ServiceType}
	if endpoint != "" {
		out.ServiceEndpoint, out.ServiceTerms = endpoint, terms
	} else {
		out.ServiceEndpoint = terms
	}
	return out
}

func isAbsoluteURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "")
}

func height(h int64) string { return strconv.FormatInt(h, 10) }
