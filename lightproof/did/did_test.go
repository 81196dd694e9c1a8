package did_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/lightproof/did"
	"github.com/atonomi/atonomid/lightproof/lightprooftest"
)

func TestParse(t *testing.T) {
	const hex64 = "4e6917539424e4878dbaccff4ce765a4f95c857a2df89776224fce031f83cfd2"
	d, err := did.Parse("did:atonomi:" + hex64)
	require.NoError(t, err)
	require.Empty(t, d.Network)
	require.Equal(t, hex64, d.ID.String())
	require.Equal(t, "did:atonomi:"+hex64, d.String())

	d, err = did.Parse("did:atonomi:atonomi-test.2:" + hex64)
	require.NoError(t, err)
	require.Equal(t, "atonomi-test.2", d.Network)
	require.Equal(t, "did:atonomi:atonomi-test.2:"+hex64, d.String())

	for s, want := range map[string]error{
		"did:atonomi:" + strings.ToUpper(hex64):    did.ErrInvalidDID, // never canonicalised
		"did:atonomi:" + hex64[:63]:                did.ErrInvalidDID,
		"did:atonomi:" + hex64 + "0":               did.ErrInvalidDID,
		"did:atonomi:" + hex64[:63] + "g":          did.ErrInvalidDID,
		"did:atonomi:":                             did.ErrInvalidDID,
		"did:atonomi:Main:" + hex64:                did.ErrInvalidDID,
		"did:atonomi:a:b:" + hex64:                 did.ErrInvalidDID,
		"DID:atonomi:" + hex64:                     did.ErrInvalidDID,
		"did:Atonomi:" + hex64:                     did.ErrInvalidDID,
		hex64:                                      did.ErrInvalidDID,
		"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2Q": did.ErrMethodNotSupported,
		"did:atonomi:" + hex64 + "#key-1":          did.ErrDIDURL,
		"did:atonomi:" + hex64 + "/path":           did.ErrDIDURL,
		"did:atonomi:" + hex64[:8] + "#key-1":      did.ErrInvalidDID,
	} {
		_, err := did.Parse(s)
		require.ErrorIs(t, err, want, s)
	}
}

// TestKeyEncodings pins each key type's Multikey prefix and length (the
// design's table) and its JWK, checked against independent decoders.
func TestKeyEncodings(t *testing.T) {
	prefixes := map[devicekit.KeyType][]string{
		devicekit.Secp256k1: {"zQ3s"},
		devicekit.Ed25519:   {"z6Mk"},
		devicekit.Secp256r1: {"zDn"},
		devicekit.Mldsa65:   {"ukSQ", "ukSR", "ukSS", "ukST"},
	}
	for _, kt := range devicekit.KeyTypes() {
		for i := range 8 {
			priv, err := devicekit.GenerateKey(kt, nil)
			require.NoError(t, err)
			pub := priv.PublicKey()
			mb, err := did.PublicKeyMultibase(kt, pub)
			require.NoError(t, err)
			require.Truef(t, hasAnyPrefix(mb, prefixes[kt]), "%s key %d: %s", kt, i, mb[:8])
			if kt == devicekit.Mldsa65 {
				require.Len(t, mb, 2607)
			}
			gotKT, gotPub, err := did.ParsePublicKeyMultibase(mb)
			require.NoError(t, err)
			require.Equal(t, kt, gotKT)
			require.Equal(t, pub, gotPub)

			jwk, err := did.PublicKeyJWK(kt, pub)
			require.NoError(t, err)
			checkJWK(t, kt, pub, jwk)
		}
	}

	_, err := did.PublicKeyMultibase(devicekit.Secp256r1, make([]byte, 33))
	require.Error(t, err, "an invalid key has no encoding")
	for _, bad := range []string{"", "x123", "z0OIl", "z" + strings.Repeat("1", 40), "u!!!!"} {
		_, _, err := did.ParsePublicKeyMultibase(bad)
		require.ErrorIs(t, err, did.ErrBadKey, bad)
	}
	// A valid ed25519 Multikey in base64url is not its one encoding.
	priv, err := devicekit.GenerateKey(devicekit.Ed25519, nil)
	require.NoError(t, err)
	_, _, err = did.ParsePublicKeyMultibase("u" + base64.RawURLEncoding.EncodeToString(append([]byte{0xed, 0x01}, priv.PublicKey()...)))
	require.ErrorIs(t, err, did.ErrBadKey)
}

func checkJWK(t *testing.T, kt devicekit.KeyType, pub []byte, jwk *did.JWK) {
	t.Helper()
	b64 := func(s string) []byte {
		bz, err := base64.RawURLEncoding.DecodeString(s)
		require.NoError(t, err)
		return bz
	}
	switch kt {
	case devicekit.Secp256k1:
		require.Equal(t, "EC", jwk.Kty)
		require.Equal(t, "secp256k1", jwk.Crv)
		pk, err := secp256k1.ParsePubKey(append(append([]byte{0x04}, b64(jwk.X)...), b64(jwk.Y)...))
		require.NoError(t, err)
		require.Equal(t, pub, pk.SerializeCompressed())
	case devicekit.Secp256r1:
		require.Equal(t, "EC", jwk.Kty)
		require.Equal(t, "P-256", jwk.Crv)
		pk, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{0x04}, b64(jwk.X)...), b64(jwk.Y)...))
		require.NoError(t, err)
		raw, err := pk.Bytes()
		require.NoError(t, err)
		x, y := elliptic.Unmarshal(elliptic.P256(), raw) //nolint:staticcheck // the test compresses with the standard library, independently of the code under test
		require.Equal(t, pub, elliptic.MarshalCompressed(elliptic.P256(), x, y))
	case devicekit.Ed25519:
		require.Equal(t, did.JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(pub)}, *jwk)
	case devicekit.Mldsa65:
		require.Equal(t, did.JWK{Kty: "AKP", Alg: "ML-DSA-65", Pub: base64.RawURLEncoding.EncodeToString(pub)}, *jwk)
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// TestCanonical runs RFC 8785's own examples and what I-JSON refuses.
func TestCanonical(t *testing.T) {
	for in, want := range map[string]string{
		// RFC 8785 §3.2.3: sorting by UTF-16 code units.
		`{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}`: "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\U0001f600\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
		// RFC 8785 §3.2.2 numbers and strings.
		`{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}`: `{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
		`[-0, 1e21, 1e20, 0.000001, 1e-7, 100, 123.456]`: `[0,1e+21,100000000000000000000,0.000001,1e-7,100,123.456]`,
		`{"b":"<&>\u2028","a":{"y":1,"x":[]}}`:           `{"a":{"x":[],"y":1},"b":"<&>` + "\u2028" + `"}`,
	} {
		got, err := did.Canonical([]byte(in))
		require.NoError(t, err, in)
		require.Equal(t, want, string(got), in)
	}
	for _, bad := range []string{`{"a":1,"a":2}`, `{"a":{"b":1,"b":1}}`, "\"\xff\"", `[1e400]`, `{"a":1} {}`, `{"a":`} {
		_, err := did.Canonical([]byte(bad))
		require.ErrorIs(t, err, did.ErrNotIJSON, bad)
	}
}

// fixture is the recorded chain answers (lightproof/testdata) as reads.
type fixture struct {
	appHash                    []byte
	active, registered, absent did.DID
	reads                      map[string]did.Read
	owner                      string
}

const chainID = "atonomi-test"

func load(t *testing.T) fixture {
	t.Helper()
	fx, err := lightprooftest.Read("../../" + lightprooftest.Path)
	require.NoError(t, err)
	appHash, err := hex.DecodeString(fx.AppHash)
	require.NoError(t, err)
	parse := func(s string) did.DID {
		d, err := did.Parse(did.Prefix + s)
		require.NoError(t, err)
		return d
	}
	f := fixture{appHash: appHash, active: parse(fx.Active), registered: parse(fx.Registered), absent: parse(fx.Unknown),
		reads: map[string]did.Read{}, owner: fx.Owner}
	for name, e := range fx.Answers {
		value, err := hex.DecodeString(e.Value)
		require.NoError(t, err)
		proof, err := hex.DecodeString(e.Proof)
		require.NoError(t, err)
		var ops cmtcrypto.ProofOps
		require.NoError(t, ops.Unmarshal(proof))
		f.reads[name] = did.Read{ChainID: chainID, Height: 7, Value: value, Proof: &ops, AppHash: appHash}
	}
	return f
}

func (f fixture) trusted(h int64) ([]byte, error) { return f.appHash, nil }

func serve(t *testing.T, d did.DID, r did.Read, form did.KeyForm) []byte {
	t.Helper()
	res, err := did.Answer(d, r, form, &did.Verification{Verified: did.VerifiedNone, ChainID: chainID})
	require.NoError(t, err)
	bz, err := json.Marshal(res)
	require.NoError(t, err)
	return bz
}

func TestResolveAndCheckRecordedAnswers(t *testing.T) {
	f := load(t)

	raw := serve(t, f.active, f.reads["active"], did.Multikey)
	c, err := did.Check(raw, f.active, chainID, f.trusted)
	require.NoError(t, err)
	require.True(t, c.Found)
	require.Equal(t, "did:pkh:cosmos:"+chainID+":"+f.owner, c.Document.Controller)
	require.Equal(t, []string{f.active.String() + did.KeyFragment}, c.Document.Authentication)
	require.Equal(t, "Multikey", c.Document.VerificationMethod[0].Type)
	kt, pub, err := did.ParsePublicKeyMultibase(c.Document.VerificationMethod[0].PublicKeyMultibase)
	require.NoError(t, err)
	require.Equal(t, c.Device.KeyType, kt)
	require.Equal(t, c.Device.PublicKey, pub)

	raw = serve(t, f.active, f.reads["active"], did.JsonWebKey)
	c, err = did.Check(raw, f.active, chainID, f.trusted)
	require.NoError(t, err, "the verifier rebuilds the form it was served")
	require.NotNil(t, c.Document.VerificationMethod[0].PublicKeyJwk)

	raw = serve(t, f.registered, f.reads["registered"], did.Multikey)
	c, err = did.Check(raw, f.registered, chainID, f.trusted)
	require.NoError(t, err)
	require.Empty(t, c.Document.Controller, "nobody controls a registered device")
	require.Empty(t, c.Document.Authentication)
	require.Len(t, c.Document.VerificationMethod, 1)

	res, err := did.Answer(f.absent, f.reads["unknown"], did.Multikey, nil)
	require.NoError(t, err)
	require.Equal(t, 404, res.Status())
	require.Nil(t, res.Document)
	raw, err = json.Marshal(res)
	require.NoError(t, err)
	c, err = did.Check(raw, f.absent, chainID, f.trusted)
	require.NoError(t, err)
	require.False(t, c.Found, "the absence is proven")
}

// TestCheckRefusesTamperedResults: every change to a served result, to
// the document, the metadata or the proven value, is refused.
func TestCheckRefusesTamperedResults(t *testing.T) {
	f := load(t)
	raw := serve(t, f.active, f.reads["active"], did.Multikey)
	edit := func(change func(m map[string]any)) []byte {
		var m map[string]any
		require.NoError(t, json.Unmarshal(raw, &m))
		change(m)
		bz, err := json.Marshal(m)
		require.NoError(t, err)
		return bz
	}
	doc := func(m map[string]any) map[string]any { return m["didDocument"].(map[string]any) }
	meta := func(m map[string]any) map[string]any { return m["didDocumentMetadata"].(map[string]any) }
	proof := func(m map[string]any) map[string]any { return meta(m)["proof"].([]any)[0].(map[string]any) }

	for name, bad := range map[string][]byte{
		"another controller": edit(func(m map[string]any) { doc(m)["controller"] = "did:pkh:cosmos:" + chainID + ":atonomi1attacker" }),
		"an added member":    edit(func(m map[string]any) { doc(m)["alsoKnownAs"] = []string{"did:web:attacker.example"} }),
		"an added service": edit(func(m map[string]any) {
			doc(m)["service"] = []any{map[string]any{"id": "#x", "type": "LinkedDomains", "serviceEndpoint": "https://attacker.example"}}
		}),
		"another key": edit(func(m map[string]any) {
			doc(m)["verificationMethod"].([]any)[0].(map[string]any)["publicKeyMultibase"] = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
		}),
		"not deactivated":      edit(func(m map[string]any) { meta(m)["deactivated"] = true }),
		"another status":       edit(func(m map[string]any) { meta(m)["atonomi"].(map[string]any)["status"] = "suspended" }),
		"a tampered value":     edit(func(m map[string]any) { v := proof(m)["value"].(string); proof(m)["value"] = "A" + v[1:] }),
		"another chain":        edit(func(m map[string]any) { proof(m)["chainId"] = "other-1" }),
		"another key's proof":  serveAs(t, f, f.registered, f.active),
		"no proof":             edit(func(m map[string]any) { delete(meta(m), "proof") }),
		"two proofs":           edit(func(m map[string]any) { meta(m)["proof"] = []any{proof(m), proof(m)} }),
		"a duplicate member":   []byte(strings.Replace(string(raw), `"didDocument":{`, `"didDocument":{"id":"did:web:attacker.example",`, 1)),
		"no document":          edit(func(m map[string]any) { m["didDocument"] = nil }),
		"another appHash":      edit(func(m map[string]any) { proof(m)["appHash"] = strings.Repeat("00", 32) }),
		"an absence for a key": absentFor(t, f),
	} {
		_, err := did.Check(bad, f.active, chainID, f.trusted)
		require.ErrorIs(t, err, did.ErrNotVerified, name)
	}
}

// serveAs serves the record of one device as the answer for another.
func serveAs(t *testing.T, f fixture, of, as did.DID) []byte {
	t.Helper()
	raw := serve(t, of, f.reads["registered"], did.Multikey)
	return []byte(strings.ReplaceAll(string(raw), of.ID.String(), as.ID.String()))
}

// absentFor serves the proof of another id's absence as the active
// device's.
func absentFor(t *testing.T, f fixture) []byte {
	t.Helper()
	res, err := did.Answer(f.absent, f.reads["unknown"], did.Multikey, nil)
	require.NoError(t, err)
	bz, err := json.Marshal(res)
	require.NoError(t, err)
	return []byte(strings.ReplaceAll(string(bz), f.absent.ID.String(), f.active.ID.String()))
}

func TestBuildStates(t *testing.T) {
	priv, err := devicekit.GenerateKey(devicekit.Ed25519, nil)
	require.NoError(t, err)
	id := devicekit.DeviceID([]byte("salt"), []byte("SN-1"))
	d := did.DID{ID: id}
	dev := lightproof.Device{ID: id.String(), ManufacturerID: "acme", KeyType: devicekit.Ed25519, PublicKey: priv.PublicKey(),
		Protocols: []string{"mqtt"}, Status: lightproof.DeviceActive, Owner: "atonomi1owner", RegisteredHeight: 5, ActivatedHeight: 9, UpdatedHeight: 12,
		Services: []lightproof.Service{
			{ServiceType: "electricity", Price: "25"},
			{ServiceType: "weather", Price: "0", Metadata: []lightproof.Attribute{{Key: "endpoint", Value: "https://gw.example/weather"}, {Key: "unit", Value: "hPa"}}},
		}}

	doc, meta, err := did.Build(d, dev, chainID, did.Multikey)
	require.NoError(t, err)
	require.Equal(t, "12", meta.VersionID)
	require.False(t, meta.Deactivated)
	require.Equal(t, did.DeviceMetadata{Status: "active", Manufacturer: "acme", RegisteredHeight: "5", ActivatedHeight: "9"}, *meta.Atonomi)
	require.Len(t, doc.Service, 2)
	require.Equal(t, d.String()+"#svc-electricity", doc.Service[0].ID)
	require.Equal(t, &did.ServiceTerms{ServiceType: "electricity", Price: "25", Denom: "uatmi", Protocols: []string{"mqtt"}}, doc.Service[0].ServiceEndpoint)
	require.Equal(t, "https://gw.example/weather", doc.Service[1].ServiceEndpoint, "an advert's endpoint URI is the service endpoint")
	require.Equal(t, map[string]string{"unit": "hPa"}, doc.Service[1].Attributes)

	dev.Status, dev.SuspendedBy = lightproof.DeviceSuspended, "atonomi1registrar"
	doc, meta, err = did.Build(d, dev, chainID, did.Multikey)
	require.NoError(t, err)
	require.Len(t, doc.VerificationMethod, 1, "a suspended device keeps its key")
	require.Empty(t, doc.Authentication)
	require.Empty(t, doc.AssertionMethod)
	require.Empty(t, doc.Service)
	require.NotEmpty(t, doc.Controller)
	require.Equal(t, "atonomi1registrar", meta.Atonomi.SuspendedBy)

	dev.Status = lightproof.DeviceRevoked
	doc, meta, err = did.Build(d, dev, chainID, did.Multikey)
	require.NoError(t, err)
	require.True(t, meta.Deactivated)
	require.Equal(t, &did.Document{Context: []string{did.ContextDIDCore, did.ContextAtonomi}, ID: d.String()}, doc)
	res := did.Result{DocumentMetadata: meta}
	require.Equal(t, 410, res.Status())

	dev.Status = lightproof.DeviceActive
	_, _, err = did.Build(d, dev, "chain id with spaces", did.Multikey)
	require.ErrorIs(t, err, did.ErrBadChainID)
}

// TestContextDefinesTerms: every member name a document uses is a DID
// Core v1.1 term or one of the atonomi context's, so JSON-LD processors
// keep them.
func TestContextDefinesTerms(t *testing.T) {
	var ctx struct {
		Context map[string]any `json:"@context"`
	}
	require.NoError(t, json.Unmarshal(did.ContextJSONLD, &ctx))
	core := map[string]bool{"@context": true, "id": true, "type": true, "controller": true, "verificationMethod": true,
		"authentication": true, "assertionMethod": true, "service": true, "serviceEndpoint": true, "publicKeyMultibase": true,
		"publicKeyJwk": true, "Multikey": true, "JsonWebKey": true}
	priv, err := devicekit.GenerateKey(devicekit.Secp256r1, nil)
	require.NoError(t, err)
	id := devicekit.DeviceID(nil, []byte("SN-2"))
	dev := lightproof.Device{ID: id.String(), KeyType: devicekit.Secp256r1, PublicKey: priv.PublicKey(), Status: lightproof.DeviceActive,
		Owner: "atonomi1owner", Protocols: []string{"mqtt"},
		Services: []lightproof.Service{{ServiceType: "a", Price: "1", Metadata: []lightproof.Attribute{{Key: "k", Value: "v"}}},
			{ServiceType: "b", Price: "1", Metadata: []lightproof.Attribute{{Key: "endpoint", Value: "mqtt://gw.example"}}}}}
	for _, form := range []did.KeyForm{did.Multikey, did.JsonWebKey} {
		doc, _, err := did.Build(did.DID{ID: id}, dev, chainID, form)
		require.NoError(t, err)
		bz, err := json.Marshal(doc)
		require.NoError(t, err)
		var m any
		require.NoError(t, json.Unmarshal(bz, &m))
		for _, name := range memberNames(m) {
			_, atonomi := ctx.Context[name]
			require.Truef(t, core[name] || atonomi, "term %q is undefined", name)
		}
	}
	require.Contains(t, ctx.Context, did.ServiceType)
}

// memberNames lists the member names of v, not descending into JWKs or
// @json attribute maps (which are not JSON-LD terms).
func memberNames(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, child := range x {
			out = append(out, k)
			if k != "publicKeyJwk" && k != "attributes" {
				out = append(out, memberNames(child)...)
			}
		}
	case []any:
		for _, child := range x {
			out = append(out, memberNames(child)...)
		}
	}
	return out
}
