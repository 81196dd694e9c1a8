package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
)

func TestSetExcluded(t *testing.T) {
	f := setup(t)
	e := f.activate(t, "EXCLUDED")
	id := mustID(t, e.Id)

	changed, err := f.k.SetExcluded(f.ctx, id, true)
	require.NoError(t, err)
	require.True(t, changed)
	require.True(t, f.device(t, e.Id).Excluded)

	changed, err = f.k.SetExcluded(f.ctx, id, true)
	require.NoError(t, err)
	require.False(t, changed, "setting the same verdict again changes nothing")

	changed, err = f.k.SetExcluded(f.ctx, id, false)
	require.NoError(t, err)
	require.True(t, changed)
	require.False(t, f.device(t, e.Id).Excluded)

	_, err = f.k.SetExcluded(f.ctx, devicekit.DeviceID([]byte("no"), []byte("device")), true)
	require.Error(t, err)
}
