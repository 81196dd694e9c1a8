package keeper_test

import (
	"fmt"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/device/types"
)

func TestServiceProvidersPagesThroughKeptDevices(t *testing.T) {
	f := setup(t)
	var ids []string
	for i := 0; i < 6; i++ {
		e := f.activate(t, fmt.Sprintf("SP-%d", i))
		_, err := f.msgs.SetServices(f.ctx, &types.MsgSetServices{Owner: f.ownerStr, DeviceId: e.Id,
			Services: []types.Service{{ServiceType: "bandwidth", Price: math.NewInt(int64(i))}}})
		require.NoError(t, err)
		ids = append(ids, e.Id)
	}
	// Keep the devices asking a price of at least 2: four of six.
	keep := func(d types.Device) (bool, error) { return d.Services[0].Price.GTE(math.NewInt(2)), nil }

	var got []string
	var key []byte
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10)
		devices, next, err := f.k.ServiceProviders(f.ctx, "bandwidth", key, 3, keep)
		require.NoError(t, err)
		require.LessOrEqual(t, len(devices), 3)
		for _, d := range devices {
			got = append(got, d.Id)
		}
		if next == nil {
			break
		}
		key = next
	}
	var want []string
	for _, id := range ids {
		d := f.device(t, id)
		if d.Services[0].Price.GTE(math.NewInt(2)) {
			want = append(want, id)
		}
	}
	require.ElementsMatch(t, want, got, "every kept device once, across pages")

	_, _, err := f.k.ServiceProviders(f.ctx, "weather-data", key, 3, keep)
	require.Error(t, err, "a page key from another service's listing is refused")
	none, next, err := f.k.ServiceProviders(f.ctx, "weather-data", nil, 3, keep)
	require.NoError(t, err)
	require.Empty(t, none)
	require.Nil(t, next)
}
