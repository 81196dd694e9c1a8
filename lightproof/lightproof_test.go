package lightproof_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/lightproof/lightprooftest"
)

type chain struct {
	appHash                    []byte
	active, registered, absent devicekit.ID
	owner                      []byte
	ownerText                  string
	answers                    map[string]lightproof.Answer
}

func load(t testing.TB) chain {
	t.Helper()
	// The answers were recorded from a chain that ran real transactions
	// (the app's TestLightproofVerifiesChainAnswers, -update-lightproof).
	fx, err := lightprooftest.Read("../" + lightprooftest.Path)
	require.NoError(t, err)
	c := chain{appHash: unhex(t, fx.AppHash), active: id(t, fx.Active), registered: id(t, fx.Registered), absent: id(t, fx.Unknown),
		owner: unhex(t, fx.OwnerAddress), ownerText: fx.Owner, answers: map[string]lightproof.Answer{}}
	for name, a := range fx.Answers {
		var ops cmtcrypto.ProofOps
		require.NoError(t, ops.Unmarshal(unhex(t, a.Proof)))
		c.answers[name] = lightproof.Answer{Value: unhex(t, a.Value), Proof: &ops}
	}
	return c
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	bz, err := hex.DecodeString(s)
	require.NoError(t, err)
	return bz
}

func id(t testing.TB, s string) devicekit.ID {
	t.Helper()
	parsed, err := devicekit.ParseID(s)
	require.NoError(t, err)
	return parsed
}

// clone deep-copies an answer so that a mutation leaves the fixture intact.
func clone(a lightproof.Answer) lightproof.Answer {
	out := lightproof.Answer{Value: append([]byte(nil), a.Value...)}
	if a.Proof != nil {
		out.Proof = &cmtcrypto.ProofOps{}
		for _, op := range a.Proof.Ops {
			out.Proof.Ops = append(out.Proof.Ops, cmtcrypto.ProofOp{Type: op.Type, Key: append([]byte(nil), op.Key...), Data: append([]byte(nil), op.Data...)})
		}
	}
	return out
}

func TestVerifiesRecordedAnswers(t *testing.T) {
	c := load(t)
	d, found, err := lightproof.VerifyDevice(c.appHash, c.active, c.answers["active"])
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, c.active.String(), d.ID)
	require.Equal(t, lightproof.DeviceActive, d.Status)
	require.Equal(t, c.ownerText, d.Owner)
	require.True(t, d.KeyType.Valid())
	require.NoError(t, devicekit.ValidatePublicKey(d.KeyType, d.PublicKey), "the proven key is a valid key of its type")

	d, found, err = lightproof.VerifyDevice(c.appHash, c.registered, c.answers["registered"])
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, lightproof.DeviceRegistered, d.Status)

	_, found, err = lightproof.VerifyDevice(c.appHash, c.absent, c.answers["unknown"])
	require.NoError(t, err)
	require.False(t, found)

	r, err := lightproof.VerifyReputation(c.appHash, c.active, "security", c.answers["security"], c.answers["active"])
	require.NoError(t, err)
	require.True(t, r.Scored)
	require.EqualValues(t, 6000, r.Value)
	require.NotNil(t, r.Device)

	r, err = lightproof.VerifyReputation(c.appHash, c.active, "security", c.answers["security"], lightproof.Answer{})
	require.NoError(t, err, "a scored type needs no device record")
	require.Nil(t, r.Device)

	r, err = lightproof.VerifyReputation(c.appHash, c.active, "privacy", c.answers["privacy"], c.answers["active"])
	require.NoError(t, err)
	require.False(t, r.Scored)
	require.Equal(t, r.Device.DefaultReputation, r.Value)

	_, err = lightproof.VerifyReputation(c.appHash, c.absent, "security", c.answers["unknown_security"], c.answers["unknown"])
	require.ErrorIs(t, err, lightproof.ErrUnknownDevice)

	oa, found, err := lightproof.VerifyOwnerAggregate(c.appHash, c.owner, c.ownerText, "security", c.answers["owner_security"])
	require.NoError(t, err)
	require.True(t, found)
	require.Positive(t, oa.Devices)

	m, found, err := lightproof.VerifyManufacturer(c.appHash, "acme", c.answers["acme"])
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, lightproof.ManufacturerActive, m.Status)
}

// TestRefusesTamperedAnswers is the tampering relay: each mutation of a
// node's answer that the design lists must be refused.
func TestRefusesTamperedAnswers(t *testing.T) {
	c := load(t)
	device := func(a lightproof.Answer) error {
		_, _, err := lightproof.VerifyDevice(c.appHash, c.active, a)
		return err
	}
	cases := []struct {
		name   string
		mutate func(a lightproof.Answer) lightproof.Answer
		check  func(a lightproof.Answer) error
	}{
		{"a flipped byte of the value", func(a lightproof.Answer) lightproof.Answer { a.Value[len(a.Value)/2] ^= 1; return a }, device},
		{"a flipped byte of the IAVL proof", func(a lightproof.Answer) lightproof.Answer {
			a.Proof.Ops[0].Data[len(a.Proof.Ops[0].Data)-5] ^= 1
			return a
		}, device},
		{"a flipped byte of the store proof", func(a lightproof.Answer) lightproof.Answer {
			a.Proof.Ops[1].Data[len(a.Proof.Ops[1].Data)-5] ^= 1
			return a
		}, device},
		{"another device's valid answer", func(lightproof.Answer) lightproof.Answer { return clone(c.answers["registered"]) }, device},
		{"another device's valid answer relabelled with the key asked for", func(lightproof.Answer) lightproof.Answer {
			a := clone(c.answers["registered"])
			a.Proof.Ops[0].Key = lightproof.DeviceKey(c.active)
			return a
		}, device},
		{"the store op dropped", func(a lightproof.Answer) lightproof.Answer { a.Proof.Ops = a.Proof.Ops[:1]; return a }, device},
		{"a third op added", func(a lightproof.Answer) lightproof.Answer {
			a.Proof.Ops = append(a.Proof.Ops, a.Proof.Ops[1])
			return a
		}, device},
		{"the ops swapped", func(a lightproof.Answer) lightproof.Answer {
			a.Proof.Ops[0], a.Proof.Ops[1] = a.Proof.Ops[1], a.Proof.Ops[0]
			return a
		}, device},
		{"no proof", func(a lightproof.Answer) lightproof.Answer { a.Proof = nil; return a }, device},
		{"the value withheld from an existence proof", func(a lightproof.Answer) lightproof.Answer { a.Value = nil; return a }, device},
		{"an absence proof for a present key", func(lightproof.Answer) lightproof.Answer {
			a := clone(c.answers["unknown"])
			a.Proof.Ops[0].Key = lightproof.DeviceKey(c.active)
			return a
		}, device},
		{"an absence proof with a value", func(lightproof.Answer) lightproof.Answer {
			a := clone(c.answers["unknown"])
			a.Value = c.answers["active"].Value
			return a
		}, func(a lightproof.Answer) error {
			_, _, err := lightproof.VerifyDevice(c.appHash, c.absent, a)
			return err
		}},
		{"the proof of another store", func(a lightproof.Answer) lightproof.Answer { a.Proof.Ops[1].Key = []byte("reputation"); return a }, device},
		{"an aggregate answer for a device record", func(lightproof.Answer) lightproof.Answer { return clone(c.answers["security"]) }, device},
		{"another type's aggregate for the one asked for", func(lightproof.Answer) lightproof.Answer { return clone(c.answers["privacy"]) },
			func(a lightproof.Answer) error {
				_, err := lightproof.VerifyReputation(c.appHash, c.active, "security", a, c.answers["active"])
				return err
			}},
		{"an unscored type with another device's record", func(a lightproof.Answer) lightproof.Answer { return a },
			func(lightproof.Answer) error {
				_, err := lightproof.VerifyReputation(c.appHash, c.active, "privacy", c.answers["privacy"], c.answers["registered"])
				return err
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, tc.check(tc.mutate(clone(c.answers["active"]))), lightproof.ErrBadProof)
		})
	}

	t.Run("another chain's or height's app hash", func(t *testing.T) {
		other := append([]byte(nil), c.appHash...)
		other[0] ^= 1
		_, _, err := lightproof.VerifyDevice(other, c.active, c.answers["active"])
		require.ErrorIs(t, err, lightproof.ErrBadProof)
		_, _, err = lightproof.VerifyDevice(c.appHash[:31], c.active, c.answers["active"])
		require.ErrorIs(t, err, lightproof.ErrBadProof)
	})
	t.Run("the fixture itself is untouched by the mutations", func(t *testing.T) {
		_, found, err := lightproof.VerifyDevice(c.appHash, c.active, c.answers["active"])
		require.NoError(t, err)
		require.True(t, found)
	})
}

func TestDecodeRecords(t *testing.T) {
	c := load(t)
	valid := c.answers["active"].Value
	d, err := lightproof.DecodeDevice(valid)
	require.NoError(t, err)

	withUnknown := protowire.AppendTag(append([]byte(nil), valid...), 99, protowire.BytesType)
	withUnknown = protowire.AppendBytes(withUnknown, []byte("a field from a later version"))
	later, err := lightproof.DecodeDevice(withUnknown)
	require.NoError(t, err, "a field this version does not know is skipped")
	require.Equal(t, d, later)

	for name, bz := range map[string][]byte{
		"truncated":                     valid[:len(valid)-1],
		"a known field of another type": protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.VarintType), 7),
		"a tag without a value":         protowire.AppendTag(nil, 7, protowire.VarintType),
		"a uint32 above 32 bits":        protowire.AppendVarint(protowire.AppendTag(nil, 20, protowire.VarintType), 1<<33),
	} {
		_, err := lightproof.DecodeDevice(bz)
		require.ErrorIs(t, err, lightproof.ErrBadRecord, name)
	}
	_, err = lightproof.DecodeAggregate(protowire.AppendTag(nil, 6, protowire.BytesType))
	require.ErrorIs(t, err, lightproof.ErrBadRecord)

	// Metadata and service adverts are embedded messages.
	attr := func(k, v string) []byte {
		b := protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), []byte(k))
		return protowire.AppendBytes(protowire.AppendTag(b, 2, protowire.BytesType), []byte(v))
	}
	service := protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), []byte("electricity"))
	service = protowire.AppendBytes(protowire.AppendTag(service, 2, protowire.BytesType), []byte("25"))
	service = protowire.AppendBytes(protowire.AppendTag(service, 3, protowire.BytesType), attr("unit", "kWh"))
	rich := protowire.AppendBytes(protowire.AppendTag(append([]byte(nil), valid...), 11, protowire.BytesType), attr("fw", "1.2"))
	rich = protowire.AppendBytes(protowire.AppendTag(rich, 12, protowire.BytesType), service)
	rich = protowire.AppendBytes(protowire.AppendTag(rich, 12, protowire.BytesType), protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), []byte("bandwidth")))
	d, err = lightproof.DecodeDevice(rich)
	require.NoError(t, err)
	require.Equal(t, []lightproof.Attribute{{Key: "fw", Value: "1.2"}}, d.Metadata)
	require.Equal(t, []lightproof.Service{
		{ServiceType: "electricity", Price: "25", Metadata: []lightproof.Attribute{{Key: "unit", Value: "kWh"}}},
		{ServiceType: "bandwidth"},
	}, d.Services)
	broken := protowire.AppendBytes(protowire.AppendTag(append([]byte(nil), valid...), 12, protowire.BytesType), service[:len(service)-2])
	_, err = lightproof.DecodeDevice(broken)
	require.ErrorIs(t, err, lightproof.ErrBadRecord, "a truncated advert inside a well-framed field")
}

// TestKeys pins the key builders to the bytes of the layout contract
// (docs/light-clients.md; the app's TestStoreLayoutContract pins the
// chain's own collections to the same bytes).
func TestKeys(t *testing.T) {
	var sample devicekit.ID
	for i := range sample {
		sample[i] = byte(i)
	}
	owner := make([]byte, 20)
	for i := range owner {
		owner[i] = 0xa1
	}
	for _, c := range []struct {
		got  []byte
		want string
	}{
		{lightproof.DeviceKey(sample), "01000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"},
		{lightproof.AggregateKey(sample, "security"), "0220000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f7365637572697479"},
		{lightproof.OwnerAggregateKey(owner, "security"), "0814a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a17365637572697479"},
		{lightproof.ManufacturerKey("acme"), "0061636d65"},
		{lightproof.NonceKey(sample), "01000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"},
	} {
		require.Equal(t, c.want, hex.EncodeToString(c.got))
	}
	key := make([]byte, 32)
	require.Equal(t, "02"+hex.EncodeToString(sha256Of(append([]byte{byte(devicekit.Ed25519)}, key...))),
		hex.EncodeToString(lightproof.CredentialKey(devicekit.Ed25519, key)))
}

func sha256Of(b []byte) []byte {
	h := sha256.Sum256(b)
	return h[:]
}

// BenchmarkVerifyDevice verifies recorded answers (a device record and a
// reputation aggregate) and reports their proofs' encoded size.
func BenchmarkVerifyDevice(b *testing.B) {
	c := load(b)
	for _, name := range []string{"active", "security", "unknown"} {
		a := c.answers[name]
		b.Run(name, func(b *testing.B) {
			proof, err := a.Proof.Marshal()
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				var err error
				switch name {
				case "security":
					_, err = lightproof.VerifyReputation(c.appHash, c.active, "security", a, lightproof.Answer{})
				case "unknown":
					_, _, err = lightproof.VerifyDevice(c.appHash, c.absent, a)
				default:
					_, _, err = lightproof.VerifyDevice(c.appHash, c.active, a)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(proof)), "proof-bytes")
			b.ReportMetric(float64(len(a.Value)), "value-bytes")
		})
	}
}
