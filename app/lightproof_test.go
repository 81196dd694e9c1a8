package app_test

import (
	"encoding/hex"
	"flag"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/lightproof/lightprooftest"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	reputationkeeper "github.com/atonomi/atonomid/x/reputation/keeper"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

var updateLightproof = flag.Bool("update-lightproof", false, "rewrite lightproof/testdata/answers.json from a fresh chain")

// lightproofChain is the matrix chain with the answers a gateway would get
// from any node: each record read with its proof at the latest height.
type lightproofChain struct {
	f       *matrixFixture
	appHash []byte
	answer  func(store string, key []byte) lightproof.Answer
}

func newLightproofChain(t *testing.T) *lightproofChain {
	f := newMatrixFixture(t)
	return &lightproofChain{f: f, appHash: f.ta.LastCommitID().Hash, answer: func(store string, key []byte) lightproof.Answer {
		res := proveQuery(t, f.ta, store, key)
		return lightproof.Answer{Value: res.Value, Proof: res.ProofOps}
	}}
}

// TestLightproofVerifiesChainAnswers checks the standalone verifier against
// a chain that ran real transactions: each answer verifies against the app
// hash and decodes to what the keepers hold.
func TestLightproofVerifiesChainAnswers(t *testing.T) {
	c := newLightproofChain(t)
	f := c.f
	// The active device advertises a service, so that its record carries
	// embedded adverts too.
	res := f.ta.DeliverTx(f.acc[owner], &devicetypes.MsgSetServices{Owner: f.acc[owner].String(), DeviceId: f.active,
		Services: []devicetypes.Service{{ServiceType: "electricity", Price: math.NewInt(25),
			Metadata: []devicetypes.Attribute{{Key: "unit", Value: "kWh"}}}}})
	require.Zero(t, res.Code, res.Log)
	f.ta.NextBlock()
	c.appHash = f.ta.LastCommitID().Hash
	ctx := f.ta.Ctx()
	active, registered := mustDeviceID(t, f.active), mustDeviceID(t, f.registered)

	d, found, err := lightproof.VerifyDevice(c.appHash, active, c.answer(lightproof.StoreDevice, lightproof.DeviceKey(active)))
	require.NoError(t, err)
	require.True(t, found)
	want, err := f.ta.DeviceKeeper.GetDevice(ctx, active)
	require.NoError(t, err)
	require.Equal(t, lightproof.Device{
		ID: want.Id, ManufacturerID: want.ManufacturerId, KeyType: want.KeyType.Kit(), PublicKey: want.PublicKey,
		Protocols: want.Protocols, DeviceType: want.DeviceType, Status: lightproof.DeviceActive, Owner: want.Owner,
		Wallet: want.Wallet, RegisteredHeight: want.RegisteredHeight, ActivatedHeight: want.ActivatedHeight,
		UpdatedHeight: want.UpdatedHeight, Transfers: want.Transfers, SuspendedBy: want.SuspendedBy,
		Excluded: want.Excluded, DefaultReputation: want.DefaultReputation, Metadata: attributes(want.Metadata),
		Services: []lightproof.Service{{ServiceType: "electricity", Price: "25", Metadata: []lightproof.Attribute{{Key: "unit", Value: "kWh"}}}},
	}, d)

	d, found, err = lightproof.VerifyDevice(c.appHash, registered, c.answer(lightproof.StoreDevice, lightproof.DeviceKey(registered)))
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, lightproof.DeviceRegistered, d.Status)

	unknown := devicekit.DeviceID([]byte("acme"), []byte("never registered"))
	_, found, err = lightproof.VerifyDevice(c.appHash, unknown, c.answer(lightproof.StoreDevice, lightproof.DeviceKey(unknown)))
	require.NoError(t, err)
	require.False(t, found, "an unknown id is proven absent")

	deviceAnswer := c.answer(lightproof.StoreDevice, lightproof.DeviceKey(active))
	r, err := lightproof.VerifyReputation(c.appHash, active, "security",
		c.answer(lightproof.StoreReputation, lightproof.AggregateKey(active, "security")), deviceAnswer)
	require.NoError(t, err)
	require.True(t, r.Scored)
	require.EqualValues(t, 6000, r.Value)
	q, err := reputationkeeper.NewQueryServer(f.ta.ReputationKeeper).Aggregate(ctx,
		&reputationtypes.QueryAggregateRequest{DeviceId: f.active, ReputationType: "security"})
	require.NoError(t, err)
	require.Equal(t, q.Aggregate.Value, r.Value, "the proven value is what the query server answers")
	require.Equal(t, q.Aggregate.Auditors, r.Aggregate.Auditors)

	r, err = lightproof.VerifyReputation(c.appHash, active, "privacy",
		c.answer(lightproof.StoreReputation, lightproof.AggregateKey(active, "privacy")), deviceAnswer)
	require.NoError(t, err)
	require.False(t, r.Scored)
	require.Equal(t, want.DefaultReputation, r.Value, "an unscored type has the default the device record keeps")
	_, err = lightproof.VerifyReputation(c.appHash, active, "privacy",
		c.answer(lightproof.StoreReputation, lightproof.AggregateKey(active, "privacy")), lightproof.Answer{})
	require.ErrorIs(t, err, lightproof.ErrBadProof, "an unscored type needs the device record proven with it")
	_, err = lightproof.VerifyReputation(c.appHash, unknown, "security",
		c.answer(lightproof.StoreReputation, lightproof.AggregateKey(unknown, "security")),
		c.answer(lightproof.StoreDevice, lightproof.DeviceKey(unknown)))
	require.ErrorIs(t, err, lightproof.ErrUnknownDevice)

	owner := f.acc[owner]
	oa, found, err := lightproof.VerifyOwnerAggregate(c.appHash, owner.Addr, owner.String(), "security",
		c.answer(lightproof.StoreReputation, lightproof.OwnerAggregateKey(owner.Addr, "security")))
	require.NoError(t, err)
	require.True(t, found)
	wantOA, err := f.ta.ReputationKeeper.OwnerAggregates.Get(ctx, collections.Join(owner.Addr, "security"))
	require.NoError(t, err)
	require.Equal(t, lightproof.OwnerAggregate{Owner: wantOA.Owner, ReputationType: wantOA.ReputationType,
		ValueSum: wantOA.ValueSum, Devices: wantOA.Devices, Value: wantOA.Value}, oa)

	m, found, err := lightproof.VerifyManufacturer(c.appHash, "acme", c.answer(lightproof.StoreManufacturer, lightproof.ManufacturerKey("acme")))
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, lightproof.ManufacturerActive, m.Status)
	wantM, err := f.ta.ManufacturerKeeper.Manufacturers.Get(ctx, "acme")
	require.NoError(t, err)
	require.Equal(t, wantM.DevicesRegistered, m.DevicesRegistered)
	require.Equal(t, wantM.Operators, m.Operators)
	_, found, err = lightproof.VerifyManufacturer(c.appHash, "nobody", c.answer(lightproof.StoreManufacturer, lightproof.ManufacturerKey("nobody")))
	require.NoError(t, err)
	require.False(t, found)

	cred := c.answer(lightproof.StoreDevice, lightproof.CredentialKey(want.KeyType.Kit(), want.PublicKey))
	found, err = lightproof.VerifyEntry(c.appHash, lightproof.Entry{Store: lightproof.StoreDevice,
		Key: lightproof.CredentialKey(want.KeyType.Kit(), want.PublicKey), Value: cred.Value, Proof: cred.Proof})
	require.NoError(t, err)
	require.True(t, found, "a credential entry (one byte) is provable")

	if *updateLightproof {
		writeLightproofFixture(t, c)
	}
}

// attributes is metadata as lightproof decodes it (nil for none).
func attributes(in []devicetypes.Attribute) []lightproof.Attribute {
	var out []lightproof.Attribute
	for _, a := range in {
		out = append(out, lightproof.Attribute{Key: a.Key, Value: a.Value})
	}
	return out
}

// The lightproof package's own tests run on answers recorded from this
// chain (they may not import the app): lightprooftest.Path, rewritten by
// `go test ./app/ -run TestLightproofVerifiesChainAnswers -update-lightproof`.
func writeLightproofFixture(t *testing.T, c *lightproofChain) {
	f := c.f
	active, registered := mustDeviceID(t, f.active), mustDeviceID(t, f.registered)
	unknown := devicekit.DeviceID([]byte("acme"), []byte("never registered"))
	owner := f.acc[owner]
	fx := lightprooftest.Fixture{AppHash: hex.EncodeToString(c.appHash), Active: f.active, Registered: f.registered,
		Unknown: unknown.String(), Owner: owner.String(), OwnerAddress: hex.EncodeToString(owner.Addr), Answers: map[string]lightprooftest.Entry{}}
	for name, e := range map[string]struct {
		store string
		key   []byte
	}{
		"active":           {lightproof.StoreDevice, lightproof.DeviceKey(active)},
		"registered":       {lightproof.StoreDevice, lightproof.DeviceKey(registered)},
		"unknown":          {lightproof.StoreDevice, lightproof.DeviceKey(unknown)},
		"security":         {lightproof.StoreReputation, lightproof.AggregateKey(active, "security")},
		"privacy":          {lightproof.StoreReputation, lightproof.AggregateKey(active, "privacy")},
		"owner_security":   {lightproof.StoreReputation, lightproof.OwnerAggregateKey(owner.Addr, "security")},
		"acme":             {lightproof.StoreManufacturer, lightproof.ManufacturerKey("acme")},
		"unknown_security": {lightproof.StoreReputation, lightproof.AggregateKey(unknown, "security")},
	} {
		res := proveQuery(t, f.ta, e.store, e.key)
		proof, err := res.ProofOps.Marshal()
		require.NoError(t, err)
		fx.Answers[name] = lightprooftest.Entry{Store: e.store, Key: hex.EncodeToString(e.key), Value: hex.EncodeToString(res.Value), Proof: hex.EncodeToString(proof)}
	}
	require.NoError(t, fx.Write("../"+lightprooftest.Path))
}
