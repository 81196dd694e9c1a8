package app_test

import (
	"bytes"
	"encoding/hex"
	"math"
	"os"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	ics23 "github.com/cosmos/ics23/go"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/testutil/apptest"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// layoutRow is one record of the store-layout contract (docs/light-clients.md):
// a module store, a collection in it, and the exact bytes of the store key of
// a sample entry, as its collection encodes it.
type layoutRow struct {
	store, collection string
	key               []byte
	want              string // lower-case hex, as docs/light-clients.md shows it
}

// The sample entry every row's key is built from.
var (
	layoutID      = devicekit.ID{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f}
	layoutAddr    = sdk.AccAddress(bytes.Repeat([]byte{0xa1}, 20))
	layoutKeyHash = bytes.Repeat([]byte{0xb2}, 32)
	layoutRoot    = bytes.Repeat([]byte{0xc3}, 32)
)

func mapKey[K, V any](t *testing.T, m collections.Map[K, V], key K) []byte {
	t.Helper()
	bz, err := collections.EncodeKeyWithPrefix(m.GetPrefix(), m.KeyCodec(), key)
	require.NoError(t, err)
	return bz
}

// itemKey is the key of an Item: its prefix, read from the module's schema.
func itemKey(t *testing.T, schema collections.Schema, name string) []byte {
	t.Helper()
	for _, c := range schema.ListCollections() {
		if c.GetName() == name {
			return c.GetPrefix()
		}
	}
	t.Fatalf("no collection %q", name)
	return nil
}

// layoutRows lists every collection of every Atonomi module, with its sample
// key as the app's own collections encode it.
func layoutRows(t *testing.T, a *apptest.TestApp) []layoutRow {
	id, addr := layoutID, layoutAddr
	pk, tk, mk, ak, dk, rk, yk := a.PermissionKeeper, a.TokenKeeper, a.ManufacturerKeeper, a.AuditorKeeper, a.DeviceKeeper, a.ReputationKeeper, a.PaymentKeeper
	return []layoutRow{
		{permissiontypes.StoreKey, "params", itemKey(t, pk.Schema, "params"), "00"},
		{permissiontypes.StoreKey, "allowed_validators", mapKey(t, pk.AllowedValidators, addr), "01a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"},
		{permissiontypes.StoreKey, "removal_window", itemKey(t, pk.Schema, "removal_window"), "02"},

		{tokentypes.StoreKey, "params", itemKey(t, tk.Schema, "params"), "00"},
		{tokentypes.StoreKey, "pools", mapKey(t, tk.Pools, "acme"), "0161636d65"},
		{tokentypes.StoreKey, "auditor_pool", itemKey(t, tk.Schema, "auditor_pool"), "02"},
		{tokentypes.StoreKey, "rewards", mapKey(t, tk.Rewards, addr), "03a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"},
		{tokentypes.StoreKey, "paused", mapKey(t, tk.Paused, int32(tokentypes.ACTION_REGISTRATION)), "0480000001"},
		{tokentypes.StoreKey, "surplus", itemKey(t, tk.Schema, "surplus"), "07"},
		{tokentypes.StoreKey, "auditor_epoch", itemKey(t, tk.Schema, "auditor_epoch"), "0a"},
		{tokentypes.StoreKey, "auditor_credits", mapKey(t, tk.AuditorCredits, "sentinel"), "0b73656e74696e656c"},

		{manufacturertypes.StoreKey, "manufacturers", mapKey(t, mk.Manufacturers, "acme"), "0061636d65"},
		{manufacturertypes.StoreKey, "operators", mapKey(t, mk.Operators, addr), "01a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"},

		{auditortypes.StoreKey, "params", itemKey(t, ak.Schema, "params"), "00"},
		{auditortypes.StoreKey, "auditors", mapKey(t, ak.Auditors, "sentinel"), "0173656e74696e656c"},
		{auditortypes.StoreKey, "operators", mapKey(t, ak.Operators, addr), "02a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"},

		{devicetypes.StoreKey, "params", itemKey(t, dk.Schema, "params"), "00"},
		{devicetypes.StoreKey, "devices", mapKey(t, dk.Devices, id), "01000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"},
		{devicetypes.StoreKey, "key_hashes", mapKey(t, dk.KeyHashes, layoutKeyHash), "02b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"},
		{devicetypes.StoreKey, "by_status", mapKey(t, dk.ByStatus, collections.Join(int32(devicetypes.STATUS_ACTIVE), "acme/"+id.String())),
			"038000000261636d652f30303031303230333034303530363037303830393061306230633064306530663130313131323133313431353136313731383139316131623163316431653166"},
		{devicetypes.StoreKey, "by_owner", mapKey(t, dk.ByOwner, collections.Join(addr, id)),
			"0414a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"},
		{devicetypes.StoreKey, "by_service", mapKey(t, dk.ByService, collections.Join("electricity", id)),
			"05656c65637472696369747900000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"},
		{devicetypes.StoreKey, "whitelists", mapKey(t, dk.Whitelists, collections.Join("acme", layoutRoot)),
			"0661636d6500c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"},
		{devicetypes.StoreKey, "reserved_ids", mapKey(t, dk.ReservedIDs, id), "07000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"},
		{devicetypes.StoreKey, "reserved_keys", mapKey(t, dk.ReservedKeys, layoutKeyHash), "08b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"},

		{reputationtypes.StoreKey, "params", itemKey(t, rk.Schema, "params"), "00"},
		{reputationtypes.StoreKey, "latest", mapKey(t, rk.Latest, collections.Join3(id, "security", "sentinel")),
			"0120000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f73656375726974790073656e74696e656c"},
		{reputationtypes.StoreKey, "aggregates", mapKey(t, rk.Aggregates, collections.Join(id, "security")),
			"0220000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f7365637572697479"},
		// History keys its sequence 5 as MaxUint64 − 5, newest first.
		{reputationtypes.StoreKey, "history", mapKey(t, rk.History, collections.Join3(id, "security", uint64(math.MaxUint64-5))),
			"0320000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f736563757269747900fffffffffffffffa"},
		{reputationtypes.StoreKey, "history_next", mapKey(t, rk.HistoryNext, collections.Join(id, "security")),
			"0420000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f7365637572697479"},
		{reputationtypes.StoreKey, "by_auditor", mapKey(t, rk.ByAuditor, collections.Join3("sentinel", id, "security")),
			"0573656e74696e656c0020000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f7365637572697479"},
		{reputationtypes.StoreKey, "reweigh", mapKey(t, rk.Reweigh, "sentinel"), "0673656e74696e656c"},
		{reputationtypes.StoreKey, "reweigh_cursors", mapKey(t, rk.ReweighCursors, "sentinel"), "0773656e74696e656c"},
		{reputationtypes.StoreKey, "owner_aggregates", mapKey(t, rk.OwnerAggregates, collections.Join(addr, "security")),
			"0814a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a17365637572697479"},
		{reputationtypes.StoreKey, "exclusion_sweep", itemKey(t, rk.Schema, "exclusion_sweep"), "09"},

		// Minute 29,000,000 (2025-02-19 21:20 UTC) as a sign-flipped big-endian int64.
		{paymenttypes.StoreKey, "spending", mapKey(t, yk.Spending, collections.Join(id, int64(29_000_000))),
			"0020000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f8000000001ba8140"},
		{paymenttypes.StoreKey, "nonces", mapKey(t, yk.Nonces, id), "01000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"},
	}
}

// TestStoreLayoutContract pins the store key bytes of every collection of
// every Atonomi module, as docs/light-clients.md lists them: a change to a
// prefix, a codec or a key's order fails here, and so does a collection that
// the contract does not list or a row the document does not show.
func TestStoreLayoutContract(t *testing.T) {
	a := apptest.Setup(t, 0)
	rows := layoutRows(t, a)

	listed := map[string]bool{}
	for _, r := range rows {
		require.Equal(t, r.want, hex.EncodeToString(r.key), "store %s, collection %s: the key bytes changed", r.store, r.collection)
		listed[r.store+"/"+r.collection] = true
	}
	schemas := map[string]collections.Schema{
		permissiontypes.StoreKey: a.PermissionKeeper.Schema, tokentypes.StoreKey: a.TokenKeeper.Schema,
		manufacturertypes.StoreKey: a.ManufacturerKeeper.Schema, auditortypes.StoreKey: a.AuditorKeeper.Schema,
		devicetypes.StoreKey: a.DeviceKeeper.Schema, reputationtypes.StoreKey: a.ReputationKeeper.Schema,
		paymenttypes.StoreKey: a.PaymentKeeper.Schema,
	}
	n := 0
	for store, schema := range schemas {
		for _, c := range schema.ListCollections() {
			n++
			require.True(t, listed[store+"/"+c.GetName()], "store %s: collection %s is not in the contract", store, c.GetName())
		}
	}
	require.Len(t, rows, n, "every row names a collection that exists, once")

	// The standalone verifier builds the same bytes as the chain.
	byName := map[string][]byte{}
	for _, r := range rows {
		byName[r.store+"/"+r.collection] = r.key
	}
	for name, got := range map[string][]byte{
		"device/devices":              lightproof.DeviceKey(layoutID),
		"reputation/aggregates":       lightproof.AggregateKey(layoutID, "security"),
		"reputation/owner_aggregates": lightproof.OwnerAggregateKey(layoutAddr, "security"),
		"manufacturer/manufacturers":  lightproof.ManufacturerKey("acme"),
		"payment/nonces":              lightproof.NonceKey(layoutID),
	} {
		require.Equal(t, byName[name], got, "lightproof's key of %s", name)
	}

	doc, err := os.ReadFile("../docs/light-clients.md")
	require.NoError(t, err)
	for _, r := range rows {
		row := regexpRow(string(doc), r.store, r.collection)
		require.NotEmpty(t, row, "docs/light-clients.md has no row for %s %s", r.store, r.collection)
		require.Contains(t, row, "`"+r.want+"`", "docs/light-clients.md shows other bytes for %s %s", r.store, r.collection)
	}
}

// regexpRow returns the table row of docs/light-clients.md that starts with
// "| `store` | `collection` |", or "".
func regexpRow(doc, store, collection string) string {
	start := "| `" + store + "` | `" + collection + "` |"
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, start) {
			return line
		}
	}
	return ""
}

// TestStoreLayoutOnACommittedChain reads records of a chain that ran real
// transactions through ABCI queries of /store/<name>/key, with keys written
// out from the contract by hand (not through the collections), and finds
// the values the contract names, each with the two proof ops a light client
// verifies.
func TestStoreLayoutOnACommittedChain(t *testing.T) {
	f := newMatrixFixture(t)
	active := mustDeviceID(t, f.active)
	owner := f.acc[owner].Addr
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

	query := func(store string, key []byte) abci.ResponseQuery { return proveQuery(t, f.ta, store, key) }

	var d devicetypes.Device
	require.NoError(t, d.Unmarshal(query(devicetypes.StoreKey, cat([]byte{0x01}, active[:])).Value))
	require.Equal(t, f.active, d.Id)
	require.Equal(t, devicetypes.STATUS_ACTIVE, d.Status)

	var agg reputationtypes.Aggregate
	require.NoError(t, agg.Unmarshal(query(reputationtypes.StoreKey, cat([]byte{0x02, 0x20}, active[:], []byte("security"))).Value))
	require.EqualValues(t, 6000, agg.Value)

	var oa reputationtypes.OwnerAggregate
	require.NoError(t, oa.Unmarshal(query(reputationtypes.StoreKey, cat([]byte{0x08, 20}, owner, []byte("security"))).Value))
	require.Positive(t, oa.Devices)

	var m manufacturertypes.Manufacturer
	require.NoError(t, m.Unmarshal(query(manufacturertypes.StoreKey, cat([]byte{0x00}, []byte("acme"))).Value))
	require.Equal(t, "acme", m.Id)

	require.Equal(t, []byte{0x01}, query(devicetypes.StoreKey, cat([]byte{0x02}, devicetypes.KeyHash(d.KeyType, d.PublicKey))).Value,
		"a credential entry holds the one byte 0x01")
	require.Equal(t, []byte{0x01}, query(devicetypes.StoreKey, cat([]byte{0x04, 20}, owner, active[:])).Value)
	require.Equal(t, []byte{0x01}, query(devicetypes.StoreKey, cat([]byte{0x03, 0x80, 0, 0, 2}, []byte("acme/"+f.active))).Value)

	registered := mustDeviceID(t, f.registered)
	require.NotEmpty(t, query(devicetypes.StoreKey, cat([]byte{0x01}, registered[:])).Value)
	for _, st := range []int32{1, 2, 3, 4} {
		key := cat([]byte{0x03, 0x80, 0, 0, byte(st)}, []byte("acme/"+f.registered))
		require.Nil(t, query(devicetypes.StoreKey, key).Value, "a registered device has no status entry (status %d)", st)
	}
	unknown := devicekit.DeviceID([]byte("acme"), []byte("never registered"))
	require.Nil(t, query(devicetypes.StoreKey, cat([]byte{0x01}, unknown[:])).Value, "an unknown id is proven absent")

	// The proofs verify with the ics23 library alone against the app hash of
	// the queried state (what header H+1 carries). The highest possible id
	// has a credential entry as its right neighbour: with empty set values
	// this absence could not be verified at all.
	appHash := f.ta.LastCommitID().Hash
	highest := cat([]byte{0x01}, bytes.Repeat([]byte{0xff}, 32))
	res := query(devicetypes.StoreKey, highest)
	require.Nil(t, res.Value)
	iavl, simple := ics23Proofs(t, res)
	neighbour := iavl.GetNonexist().GetRight()
	require.NotNil(t, neighbour, "a right neighbour")
	require.Equal(t, byte(0x02), neighbour.Key[0], "the neighbour is a key_hashes entry")
	require.Equal(t, []byte{0x01}, neighbour.Value)
	root, err := iavl.Calculate()
	require.NoError(t, err)
	require.True(t, ics23.VerifyNonMembership(ics23.IavlSpec, root, iavl, highest), "the absence verifies")
	require.True(t, ics23.VerifyMembership(ics23.TendermintSpec, appHash, simple, []byte(devicetypes.StoreKey), root))

	key := cat([]byte{0x01}, active[:])
	res = query(devicetypes.StoreKey, key)
	iavl, simple = ics23Proofs(t, res)
	root, err = iavl.Calculate()
	require.NoError(t, err)
	require.True(t, ics23.VerifyMembership(ics23.IavlSpec, root, iavl, key, res.Value), "the device record verifies")
	require.True(t, ics23.VerifyMembership(ics23.TendermintSpec, appHash, simple, []byte(devicetypes.StoreKey), root))
	tampered := append([]byte(nil), res.Value...)
	tampered[len(tampered)-1] ^= 1
	require.False(t, ics23.VerifyMembership(ics23.IavlSpec, root, iavl, key, tampered), "a changed value does not")
}

// proveQuery reads store's key at the latest committed height with its
// proof, as a light client asks for it.
func proveQuery(t *testing.T, ta *apptest.TestApp, store string, key []byte) abci.ResponseQuery {
	t.Helper()
	res, err := ta.Query(t.Context(), &abci.RequestQuery{Path: "/store/" + store + "/key", Data: key, Prove: true})
	require.NoError(t, err)
	require.Zero(t, res.Code, res.Log)
	require.Len(t, res.ProofOps.GetOps(), 2, "an ics23:iavl and an ics23:simple op")
	return *res
}

// ics23Proofs decodes a store query's two proof ops, checking their types
// and that they are bound to the queried key and store.
func ics23Proofs(t *testing.T, res abci.ResponseQuery) (iavl, simple *ics23.CommitmentProof) {
	t.Helper()
	ops := res.ProofOps.GetOps()
	require.Len(t, ops, 2)
	require.Equal(t, "ics23:iavl", ops[0].Type)
	require.Equal(t, res.Key, ops[0].Key)
	require.Equal(t, "ics23:simple", ops[1].Type)
	iavl, simple = new(ics23.CommitmentProof), new(ics23.CommitmentProof)
	require.NoError(t, iavl.Unmarshal(ops[0].Data))
	require.NoError(t, simple.Unmarshal(ops[1].Data))
	return iavl, simple
}
