package keeper_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/pagination"
	"github.com/atonomi/atonomid/x/internal/pagination/paginationtest"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// queryListing is one page of a device listing.
type queryListing func(page *query.PageRequest) (*types.QueryDevicesResponse, error)

// queryAllPages pages through list by key with limit and returns the ids in
// the order listed and the size of each page.
func queryAllPages(t *testing.T, limit uint64, list queryListing) (ids []string, sizes []int) {
	t.Helper()
	ids = []string{}
	var key []byte
	for {
		res, err := list(&query.PageRequest{Key: key, Limit: limit})
		require.NoError(t, err)
		require.LessOrEqual(t, uint64(len(res.Devices)), limit, "a page holds at most limit devices")
		for _, d := range res.Devices {
			ids = append(ids, d.Id)
		}
		sizes = append(sizes, len(res.Devices))
		require.Less(t, len(sizes), 100, "paging does not end")
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			return ids, sizes
		}
		key = res.Pagination.NextKey
	}
}

func byManufacturer(f *fixture, id string, st types.Status) queryListing {
	return func(page *query.PageRequest) (*types.QueryDevicesResponse, error) {
		return f.queries.DevicesByManufacturer(f.ctx, &types.QueryDevicesByManufacturerRequest{ManufacturerId: id, Status: st, Pagination: page})
	}
}

func byStatus(f *fixture, st types.Status) queryListing {
	return func(page *query.PageRequest) (*types.QueryDevicesResponse, error) {
		return f.queries.DevicesByStatus(f.ctx, &types.QueryDevicesByStatusRequest{Status: st, Pagination: page})
	}
}

func requireCode(t *testing.T, want codes.Code, err error) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, want, status.Code(err), "%v", err)
}

// queryCatalogue is acme with 5 registered, 3 active and 2 revoked devices,
// next to manufacturers whose ids sort right around acme's ("acm",
// "acme-x", "acme0") and bosch, each with one registered and one active
// device.
type queryCatalogue struct {
	acmeRegistered, acmeActive, acmeRevoked []string            // sorted
	neighbours                              map[string][]string // manufacturer → [registered, active]
	activeKeys                              []string            // "manufacturer/id" of every active device, sorted
}

// listed is what acme's by-manufacturer listing holds: its active devices,
// then its revoked ones; its registered devices are not listed.
func (c queryCatalogue) listed() []string {
	return append(append([]string{}, c.acmeActive...), c.acmeRevoked...)
}

func (f *fixture) queryCatalogue(t *testing.T) queryCatalogue {
	t.Helper()
	c := queryCatalogue{neighbours: map[string][]string{}}
	for i := 0; i < 5; i++ {
		e := f.entry(t, "R-"+string(rune('0'+i)), devicekit.Ed25519)
		f.register(t, e)
		c.acmeRegistered = append(c.acmeRegistered, e.Id)
	}
	for i := 0; i < 3; i++ {
		id := f.activate(t, "A-"+string(rune('0'+i))).Id
		c.acmeActive = append(c.acmeActive, id)
		c.activeKeys = append(c.activeKeys, "acme/"+id)
	}
	for i := 0; i < 2; i++ {
		e := f.entry(t, "V-"+string(rune('0'+i)), devicekit.Ed25519)
		f.register(t, e)
		f.lifecycleRevoke(t, f.operator, e.Id)
		c.acmeRevoked = append(c.acmeRevoked, e.Id)
	}
	sort.Strings(c.acmeRegistered)
	sort.Strings(c.acmeActive)
	sort.Strings(c.acmeRevoked)
	for _, m := range []string{"acm", "acme-x", "acme0", "bosch"} {
		op := f.operator
		if m == "bosch" {
			op = f.rival
		} else {
			f.makers.m[m] = &manufacturertypes.Manufacturer{Id: m, Operators: []string{f.operator}, Status: manufacturertypes.STATUS_ACTIVE}
		}
		r := f.entry(t, m+"-R", devicekit.Ed25519)
		a := f.entry(t, m+"-A", devicekit.Secp256r1)
		_, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: op, ManufacturerId: m, Devices: []types.DeviceEntry{r, a}})
		require.NoError(t, err)
		_, err = f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: a.Id, Signature: f.sign(t, a.Id, f.owner, chainID)})
		require.NoError(t, err)
		c.neighbours[m] = []string{r.Id, a.Id}
		c.activeKeys = append(c.activeKeys, m+"/"+a.Id)
	}
	sort.Strings(c.activeKeys)
	return c
}

func TestDeviceQuery(t *testing.T) {
	f := setup(t)
	e := f.activate(t, "SN-Q")

	res, err := f.queries.Device(f.ctx, &types.QueryDeviceRequest{Id: e.Id})
	require.NoError(t, err)
	require.Equal(t, e.Id, res.Device.Id)
	require.Equal(t, f.ownerStr, res.Device.Owner)
	require.Equal(t, types.STATUS_ACTIVE, res.Device.Status)
	require.Equal(t, "active", res.ManufacturerStatus)

	_, err = f.queries.Device(f.ctx, &types.QueryDeviceRequest{Id: strings.ToUpper(e.Id)})
	requireCode(t, codes.InvalidArgument, err)
	require.ErrorContains(t, err, "not canonical: use lower case", "an id in upper-case hex is refused, not folded")

	f.makers.m["acme"].Status = manufacturertypes.STATUS_SUSPENDED
	res, err = f.queries.Device(f.ctx, &types.QueryDeviceRequest{Id: e.Id})
	require.NoError(t, err)
	require.Equal(t, "suspended", res.ManufacturerStatus, "the device reports its manufacturer's standing")

	cases := []struct {
		name string
		req  *types.QueryDeviceRequest
		want codes.Code
	}{
		{"an unknown device is not found", &types.QueryDeviceRequest{Id: devicekit.DeviceID([]byte("salt"), []byte("none")).String()}, codes.NotFound},
		{"a serial number is not a device id", &types.QueryDeviceRequest{Id: "SN-Q"}, codes.InvalidArgument},
		{"a truncated id is refused", &types.QueryDeviceRequest{Id: e.Id[:62]}, codes.InvalidArgument},
		{"an empty id is refused", &types.QueryDeviceRequest{}, codes.InvalidArgument},
		{"an empty request is refused", nil, codes.InvalidArgument},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.queries.Device(f.ctx, c.req)
			requireCode(t, c.want, err)
		})
	}
}

func TestDevicesByManufacturer(t *testing.T) {
	f := setup(t)
	c := f.queryCatalogue(t)
	all := c.listed()

	res, err := f.queries.DevicesByManufacturer(f.ctx, &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme"})
	require.NoError(t, err)
	got := []string{}
	for _, d := range res.Devices {
		require.Equal(t, "acme", d.ManufacturerId, "no other manufacturer's device is listed")
		got = append(got, d.Id)
	}
	require.Equal(t, all, got, "active devices first, then revoked ones, each by id; registered ones are not listed")
	require.Empty(t, res.Pagination.NextKey)

	for _, st := range []struct {
		status types.Status
		want   []string
	}{
		{types.STATUS_ACTIVE, c.acmeActive},
		{types.STATUS_SUSPENDED, []string{}},
		{types.STATUS_REVOKED, c.acmeRevoked},
	} {
		t.Run("acme's "+st.status.StatusName()+" devices are listed by status", func(t *testing.T) {
			ids, _ := queryAllPages(t, 100, byManufacturer(f, "acme", st.status))
			require.Equal(t, st.want, ids)
		})
	}
	for m, want := range c.neighbours {
		t.Run("a manufacturer whose id sorts next to acme's lists only its own: "+m, func(t *testing.T) {
			ids, _ := queryAllPages(t, 100, byManufacturer(f, m, types.STATUS_UNSPECIFIED))
			require.Equal(t, want[1:], ids, "its active device; its registered one is not listed")
		})
	}
	t.Run("a manufacturer without devices lists none", func(t *testing.T) {
		ids, _ := queryAllPages(t, 100, byManufacturer(f, "ac", types.STATUS_UNSPECIFIED))
		require.Empty(t, ids)
	})
}

func TestDevicesByManufacturerPagesByKey(t *testing.T) {
	f := setup(t)
	c := f.queryCatalogue(t)
	all := c.listed()

	ids, sizes := queryAllPages(t, 2, byManufacturer(f, "acme", types.STATUS_UNSPECIFIED))
	require.Equal(t, all, ids, "the pages together list every listed device once, in status order")
	require.Equal(t, []int{2, 2, 1}, sizes, "a page runs on from active into revoked devices")

	for limit := uint64(1); limit <= 10; limit++ {
		ids, sizes := queryAllPages(t, limit, byManufacturer(f, "acme", types.STATUS_UNSPECIFIED))
		require.Equal(t, all, ids, "limit %d", limit)
		require.Len(t, sizes, max(1, (len(all)+int(limit)-1)/int(limit)), "limit %d: no empty trailing page", limit)
	}
	for limit := uint64(1); limit <= 4; limit++ {
		ids, _ := queryAllPages(t, limit, byManufacturer(f, "acme", types.STATUS_ACTIVE))
		require.Equal(t, c.acmeActive, ids, "limit %d", limit)
		ids, _ = queryAllPages(t, limit, byManufacturer(f, "acme", types.STATUS_REVOKED))
		require.Equal(t, c.acmeRevoked, ids, "limit %d", limit)
	}

	// The default limit applies when none is given.
	res, err := f.queries.DevicesByManufacturer(f.ctx, &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme", Pagination: &query.PageRequest{}})
	require.NoError(t, err)
	require.Len(t, res.Devices, len(all))
}

func TestDevicesByManufacturerRefusals(t *testing.T) {
	f := setup(t)
	f.queryCatalogue(t)
	first, err := f.queries.DevicesByManufacturer(f.ctx, &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme", Pagination: &query.PageRequest{Limit: 1}})
	require.NoError(t, err)
	require.NotEmpty(t, first.Pagination.NextKey)
	cases := []struct {
		name string
		req  *types.QueryDevicesByManufacturerRequest
	}{
		{"offset paging is refused", &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme", Pagination: &query.PageRequest{Offset: 3, Limit: 3}}},
		{"offset paging is refused even with a key", &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme",
			Pagination: &query.PageRequest{Key: first.Pagination.NextKey, Offset: 1}}},
		{"reverse paging is refused", &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme", Pagination: &query.PageRequest{Reverse: true}}},
		{"a garbled page key is refused", &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme", Pagination: &query.PageRequest{Key: []byte{0x80}}}},
		{"an unknown status is refused", &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme", Status: 9}},
		{"registered devices are not listed", &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme", Status: types.STATUS_REGISTERED}},
		{"a manufacturer id is required", &types.QueryDevicesByManufacturerRequest{}},
		{"a manufacturer id with a slash is refused", &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme/x"}},
		{"an empty request is refused", nil},
		{"a page key from another manufacturer's listing is refused", &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme-x",
			Pagination: &query.PageRequest{Key: first.Pagination.NextKey}}},
		{"a page key from another status is refused", &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme", Status: types.STATUS_REVOKED,
			Pagination: &query.PageRequest{Key: first.Pagination.NextKey}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.queries.DevicesByManufacturer(f.ctx, c.req)
			requireCode(t, codes.InvalidArgument, err)
		})
	}
}

func TestDevicesByStatus(t *testing.T) {
	f := setup(t)
	c := f.queryCatalogue(t)
	f.lifecycleSuspend(t, f.authority, c.acmeActive[1])
	f.lifecycleRevoke(t, f.rival, c.neighbours["bosch"][0])

	wantActive := []string{}
	for _, k := range c.activeKeys {
		if _, id, _ := strings.Cut(k, "/"); id != c.acmeActive[1] {
			wantActive = append(wantActive, id)
		}
	}
	for limit := uint64(1); limit <= 8; limit++ {
		ids, _ := queryAllPages(t, limit, byStatus(f, types.STATUS_ACTIVE))
		require.Equal(t, wantActive, ids, "limit %d: every manufacturer's active devices, by manufacturer and id", limit)
	}
	ids, _ := queryAllPages(t, 10, byStatus(f, types.STATUS_SUSPENDED))
	require.Equal(t, []string{c.acmeActive[1]}, ids)
	ids, _ = queryAllPages(t, 10, byStatus(f, types.STATUS_REVOKED))
	require.Equal(t, append(append([]string{}, c.acmeRevoked...), c.neighbours["bosch"][0]), ids,
		"revoked devices by manufacturer and id, a registration revoked before activation among them")
	_, err := f.queries.DevicesByStatus(f.ctx, &types.QueryDevicesByStatusRequest{Status: types.STATUS_REGISTERED})
	requireCode(t, codes.InvalidArgument, err)
	require.ErrorContains(t, err, types.ErrNotListed.Error())

	for _, bad := range []*types.QueryDevicesByStatusRequest{
		nil,
		{Status: types.STATUS_UNSPECIFIED},
		{Status: 5},
		{Status: types.STATUS_ACTIVE, Pagination: &query.PageRequest{Offset: 1}},
		{Status: types.STATUS_ACTIVE, Pagination: &query.PageRequest{Reverse: true}},
	} {
		_, err := f.queries.DevicesByStatus(f.ctx, bad)
		requireCode(t, codes.InvalidArgument, err)
	}
}

func TestDevicesByOwner(t *testing.T) {
	f := setup(t)
	a := f.activate(t, "SN-A").Id
	b := f.activate(t, "SN-B").Id
	c := f.activate(t, "SN-C").Id
	buyer := testutil.Bech32(t, "buyer")
	_, err := f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: b, NewOwner: buyer})
	require.NoError(t, err)
	registered := f.entry(t, "SN-R", devicekit.Ed25519)
	f.register(t, registered)

	require.ElementsMatch(t, []string{a, c}, f.ownerListing(t, f.ownerStr))
	require.Equal(t, []string{b}, f.ownerListing(t, buyer))
	require.Empty(t, f.ownerListing(t, f.outsider), "an account without devices lists none")

	var paged []string
	var key []byte
	for pages := 0; ; pages++ {
		require.Less(t, pages, 5)
		res, err := f.queries.DevicesByOwner(f.ctx, &types.QueryDevicesByOwnerRequest{Owner: f.ownerStr, Pagination: &query.PageRequest{Key: key, Limit: 1}})
		require.NoError(t, err)
		require.Len(t, res.Devices, 1)
		paged = append(paged, res.Devices[0].Id)
		if key = res.Pagination.NextKey; len(key) == 0 {
			break
		}
	}
	require.ElementsMatch(t, []string{a, c}, paged)

	for _, bad := range []*types.QueryDevicesByOwnerRequest{nil, {}, {Owner: "owner"}, {Owner: strings.ToUpper(f.ownerStr[:10]) + f.ownerStr[10:]}} {
		_, err := f.queries.DevicesByOwner(f.ctx, bad)
		requireCode(t, codes.InvalidArgument, err)
	}
}

func TestDevicesByService(t *testing.T) {
	f := setup(t)
	a := f.activate(t, "SN-A").Id
	b := f.activate(t, "SN-B").Id
	for id, services := range map[string][]string{a: {"electricity", "bandwidth"}, b: {"electricity"}} {
		var s []types.Service
		for _, st := range services {
			s = append(s, types.Service{ServiceType: st, Price: math.NewInt(1)})
		}
		_, err := f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: id, Services: s})
		require.NoError(t, err)
	}

	require.ElementsMatch(t, []string{a, b}, f.serviceListing(t, "electricity"))
	require.Equal(t, []string{a}, f.serviceListing(t, "bandwidth"))
	require.Empty(t, f.serviceListing(t, "electric"), "a prefix of a service type is another type")
	require.Empty(t, f.serviceListing(t, "weather-data"))

	res, err := f.queries.DevicesByService(f.ctx, &types.QueryDevicesByServiceRequest{ServiceType: "electricity", Pagination: &query.PageRequest{Limit: 1}})
	require.NoError(t, err)
	require.Len(t, res.Devices, 1)
	require.NotEmpty(t, res.Pagination.NextKey)
	rest, err := f.queries.DevicesByService(f.ctx, &types.QueryDevicesByServiceRequest{ServiceType: "electricity", Pagination: &query.PageRequest{Key: res.Pagination.NextKey, Limit: 1}})
	require.NoError(t, err)
	require.Len(t, rest.Devices, 1)
	require.ElementsMatch(t, []string{a, b}, []string{res.Devices[0].Id, rest.Devices[0].Id})

	for _, bad := range []*types.QueryDevicesByServiceRequest{nil, {}} {
		_, err := f.queries.DevicesByService(f.ctx, bad)
		requireCode(t, codes.InvalidArgument, err)
	}
}

func TestWhitelistQuery(t *testing.T) {
	f := setup(t)
	sum := sha256.Sum256([]byte("whitelist"))
	root := hex.EncodeToString(sum[:])
	_, err := f.msgs.CommitWhitelist(f.ctx, &types.MsgCommitWhitelist{
		Operator: f.operator, ManufacturerId: "acme", Root: root, Count: 4, Protocols: []string{"ble"}, DeviceType: "tracker",
	})
	require.NoError(t, err)

	res, err := f.queries.Whitelist(f.ctx, &types.QueryWhitelistRequest{ManufacturerId: "acme", Root: root})
	require.NoError(t, err)
	want := types.MerkleWhitelist{
		Root: root, ManufacturerId: "acme", Count: 4, CommittedHeight: 7, Protocols: []string{"ble"}, DeviceType: "tracker",
	}
	require.Equal(t, want, res.Whitelist)
	list, err := f.queries.Whitelists(f.ctx, &types.QueryWhitelistsRequest{ManufacturerId: "acme"})
	require.NoError(t, err)
	require.Equal(t, []types.MerkleWhitelist{want}, list.Whitelists)
	list, err = f.queries.Whitelists(f.ctx, &types.QueryWhitelistsRequest{ManufacturerId: "bosch"})
	require.NoError(t, err)
	require.Empty(t, list.Whitelists, "acme's root is not bosch's")
	for _, bad := range []*types.QueryWhitelistsRequest{nil, {}} {
		_, err := f.queries.Whitelists(f.ctx, bad)
		requireCode(t, codes.InvalidArgument, err)
	}

	other := sha256.Sum256([]byte("other"))
	cases := []struct {
		name string
		req  *types.QueryWhitelistRequest
		want codes.Code
	}{
		{"an uncommitted root is not found", &types.QueryWhitelistRequest{ManufacturerId: "acme", Root: hex.EncodeToString(other[:])}, codes.NotFound},
		{"another manufacturer's root is not found", &types.QueryWhitelistRequest{ManufacturerId: "bosch", Root: root}, codes.NotFound},
		{"a root without its manufacturer is refused", &types.QueryWhitelistRequest{Root: root}, codes.InvalidArgument},
		{"an upper-case root is refused", &types.QueryWhitelistRequest{ManufacturerId: "acme", Root: strings.ToUpper(root)}, codes.InvalidArgument},
		{"a truncated root is refused", &types.QueryWhitelistRequest{ManufacturerId: "acme", Root: root[:62]}, codes.InvalidArgument},
		{"a root that is not hex is refused", &types.QueryWhitelistRequest{ManufacturerId: "acme", Root: "zz" + root[2:]}, codes.InvalidArgument},
		{"an empty root is refused", &types.QueryWhitelistRequest{ManufacturerId: "acme"}, codes.InvalidArgument},
		{"an empty request is refused", nil, codes.InvalidArgument},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.queries.Whitelist(f.ctx, c.req)
			requireCode(t, c.want, err)
		})
	}
}

func TestParamsQuery(t *testing.T) {
	f := setup(t)
	res, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), res.Params)

	p := types.DefaultParams()
	p.MaxBatchSize, p.VerifyGasMldsa65 = 500, 3_000
	_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	res, err = f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, p, res.Params)
}

func TestDeviceListingsPagesAreBounded(t *testing.T) {
	f := setup(t)
	// More devices and whitelists than a page holds: acme's, active, owned
	// by f.owner and advertising bandwidth, registered in one batch.
	n := pagination.MaxLimit + 1
	entries := make([]types.DeviceEntry, n)
	for i := range entries {
		entries[i] = f.entry(t, fmt.Sprintf("FLEET-%d", i), devicekit.Ed25519)
	}
	f.register(t, entries...)
	services := []types.Service{{ServiceType: "bandwidth", Price: math.NewInt(1)}}
	for i, e := range entries {
		_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)})
		require.NoError(t, err)
		_, err = f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: e.Id, Services: services})
		require.NoError(t, err)
		root := sha256.Sum256([]byte(fmt.Sprintf("whitelist-%d", i)))
		_, err = f.msgs.CommitWhitelist(f.ctx, &types.MsgCommitWhitelist{
			Operator: f.operator, ManufacturerId: "acme", Root: hex.EncodeToString(root[:]), Count: 1, Protocols: []string{"coap"}, DeviceType: "sensor",
		})
		require.NoError(t, err)
	}

	devices := func(list queryListing) paginationtest.Lister {
		return func(page *query.PageRequest) (int, *query.PageResponse, error) {
			res, err := list(page)
			if err != nil {
				return 0, nil, err
			}
			return len(res.Devices), res.Pagination, nil
		}
	}
	listings := map[string]paginationtest.Lister{
		"by manufacturer":            devices(byManufacturer(f, "acme", types.STATUS_UNSPECIFIED)),
		"by manufacturer and status": devices(byManufacturer(f, "acme", types.STATUS_ACTIVE)),
		"by status":                  devices(byStatus(f, types.STATUS_ACTIVE)),
		"by owner": devices(func(page *query.PageRequest) (*types.QueryDevicesResponse, error) {
			return f.queries.DevicesByOwner(f.ctx, &types.QueryDevicesByOwnerRequest{Owner: f.ownerStr, Pagination: page})
		}),
		"by service": devices(func(page *query.PageRequest) (*types.QueryDevicesResponse, error) {
			return f.queries.DevicesByService(f.ctx, &types.QueryDevicesByServiceRequest{ServiceType: "bandwidth", Pagination: page})
		}),
		"whitelists": func(page *query.PageRequest) (int, *query.PageResponse, error) {
			res, err := f.queries.Whitelists(f.ctx, &types.QueryWhitelistsRequest{ManufacturerId: "acme", Pagination: page})
			if err != nil {
				return 0, nil, err
			}
			return len(res.Whitelists), res.Pagination, nil
		},
	}
	for name, list := range listings {
		t.Run(name, func(t *testing.T) { paginationtest.RequireBounded(t, list) })
	}
}
