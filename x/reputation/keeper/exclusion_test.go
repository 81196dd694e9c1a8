package keeper_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/reputation"
	"github.com/atonomi/atonomid/x/reputation/keeper"
	reputationsim "github.com/atonomi/atonomid/x/reputation/simulation"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// fleet adds n devices of acme, each scored value in security by sentinel,
// and returns their ids in id order: the order the exclusion sweep walks.
func (f *fixture) fleet(t *testing.T, n int, value uint32) []string {
	t.Helper()
	ids := make([]string, n)
	entries := make([]types.ScoreEntry, n)
	for i := range ids {
		ids[i] = deviceID(fmt.Sprintf("fleet-%d", i))
		f.devices.add(ids[i], "acme")
		entries[i] = score(ids[i], "security", value)
	}
	f.mustWrite(t, f.sentinel, entries...)
	sort.Strings(ids)
	return ids
}

// block runs the module's end block on a fresh event manager, so that
// f.events returns its events only, moves on to the next block and returns
// the SetExcluded calls it made: the devices whose flag it judged.
func (f *fixture) block(t *testing.T) []string {
	t.Helper()
	before := len(f.devices.calls)
	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	require.NoError(t, reputation.NewAppModule(f.k, reputationsim.Keepers{}).EndBlock(f.ctx))
	f.advance(1)
	return append([]string(nil), f.devices.calls[before:]...)
}

// judged lists the devices named by SetExcluded calls, in call order.
func judged(calls []string) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i], _, _ = strings.Cut(c, " ")
	}
	return out
}

// sweep returns the exclusion sweep under way, if any.
func (f *fixture) sweep(t *testing.T) *types.ExclusionSweep {
	t.Helper()
	res, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	return res.ExclusionSweep
}

// excludedNow is x/reputation's verdict at the current threshold, what
// payments judge.
func (f *fixture) excludedNow(t *testing.T, id string) bool {
	t.Helper()
	parsed, err := devicekit.ParseID(id)
	require.NoError(t, err)
	excluded, err := f.k.Excluded(f.ctx, parsed)
	require.NoError(t, err)
	return excluded
}

// reputation returns the device query's answer.
func (f *fixture) reputation(t *testing.T, id string) *types.QueryDeviceReputationResponse {
	t.Helper()
	res, err := f.queries.DeviceReputation(f.ctx, &types.QueryDeviceReputationRequest{DeviceId: id})
	require.NoError(t, err)
	return res
}

func TestADeviceKeepsTheDefaultOfItsRegistration(t *testing.T) {
	f := setup(t)
	acme := f.makers.m["acme"]
	acme.DefaultReputation = 10 // below the exclusion threshold
	f.makers.m["acme"] = acme
	late := deviceID("registered-after-the-change")
	f.devices.add(late, "acme")

	for _, typ := range []string{"security", "financial"} {
		require.Equal(t, uint32(acmeDefault), f.aggregate(t, f.meter, typ).Value, "the meter keeps acme's default of its registration in %s", typ)
		require.Equal(t, uint32(10), f.aggregate(t, late, typ).Value, "a device registered after the change starts from the new default")
	}
	meterID, lateID := mustParse(t, f.meter), mustParse(t, late)
	for id, want := range map[devicekit.ID]uint32{meterID: acmeDefault, lateID: 10} {
		got, err := f.k.ReputationOf(f.ctx, id, "social")
		require.NoError(t, err)
		require.Equal(t, want, got, "what a counterparty's minimum is judged against")
	}
	require.Equal(t, uint32(acmeDefault), f.reputation(t, f.meter).DefaultValue)
	require.Equal(t, uint32(10), f.reputation(t, late).DefaultValue)
	require.False(t, f.reputation(t, late).Excluded, "an unscored type never excludes, whatever its default")

	// A first score follows the device's own default.
	f.mustWrite(t, f.sentinel, score(f.meter, "security", acmeDefault), score(late, "security", acmeDefault))
	require.Equal(t, types.DIRECTION_FLAT, f.history(t, f.meter, "security")[0].Direction, "5000 after the meter's 5000")
	require.Equal(t, types.DIRECTION_UP, f.history(t, late, "security")[0].Direction, "5000 after the late device's 10")
}

func TestAManufacturersNewDefaultRewritesNoExistingDevice(t *testing.T) {
	f := setup(t)
	f.mustWrite(t, f.sentinel, score(f.lamp, "security", 10)) // the lamp is excluded on its score
	require.True(t, f.devices.excluded(f.lamp))
	before := f.snapshot(t)
	meter, lamp := f.reputation(t, f.meter), f.reputation(t, f.lamp)

	for _, def := range []uint32{0, types.MaxScore} {
		acme := f.makers.m["acme"]
		acme.DefaultReputation = def
		f.makers.m["acme"] = acme
		require.Equal(t, meter, f.reputation(t, f.meter), "lowering or raising acme's default to %d moves nothing of its unscored meter", def)
		require.Equal(t, lamp, f.reputation(t, f.lamp), "nor of its excluded lamp")
		require.False(t, f.excludedNow(t, f.meter), "the meter is not excluded by a default of %d", def)
		require.True(t, f.excludedNow(t, f.lamp), "the lamp is not reinstated by a default of %d", def)
		require.Equal(t, before, f.snapshot(t), "and no state of anyone's changes")
	}
}

func TestExclusionIsJudgedAtTheCurrentThresholdBeforeTheSweep(t *testing.T) {
	f := setup(t)
	for _, id := range []string{f.meter, f.lamp, f.pump} {
		f.devices.d[mustParse(t, id)].Services = []devicetypes.Service{{ServiceType: "bandwidth", Price: math.NewInt(7)}}
	}
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 3000), score(f.lamp, "security", 6000))
	providers := func() []string {
		t.Helper()
		res, err := f.queries.ServiceProviders(f.ctx, &types.QueryServiceProvidersRequest{ServiceType: "bandwidth"})
		require.NoError(t, err)
		var ids []string
		for _, p := range res.Providers {
			ids = append(ids, p.DeviceId)
		}
		return ids
	}
	require.ElementsMatch(t, []string{f.meter, f.lamp, f.pump}, providers())

	f.setParams(t, func(p *types.Params) { p.ExclusionThreshold = 4000 })
	require.False(t, f.devices.excluded(f.meter), "the stored flag waits for the sweep")
	require.True(t, f.excludedNow(t, f.meter), "the verdict is the current threshold's at once")
	require.True(t, f.reputation(t, f.meter).Excluded, "and so is the device query's")
	require.ElementsMatch(t, []string{f.lamp, f.pump}, providers(), "discovery leaves the meter out before the sweep reaches it")
	require.False(t, f.excludedNow(t, f.pump), "an unscored device is not excluded at any threshold")

	f.block(t)
	require.True(t, f.devices.excluded(f.meter), "the sweep brought the flag up to date")
}

func TestExclusionSweepIsBoundedAndStops(t *testing.T) {
	f := setup(t)
	ids := f.fleet(t, 7, 2000)
	// A second type of one device: the bound counts devices, not aggregates.
	f.mustWrite(t, f.sentinel, score(ids[0], "social", 2500))
	require.NoError(t, keeper.CheckInvariants(f.ctx, f.k, f.auditorByID))
	f.setParams(t, func(p *types.Params) {
		p.ExclusionThreshold = 3000
		p.ExclusionSweepPerBlock = 3
	})
	requireContains(t, f.events(t), &types.EventExclusionSweepStarted{Threshold: 3000})
	require.Equal(t, &types.ExclusionSweep{Threshold: 3000}, f.sweep(t))
	for _, id := range ids {
		require.False(t, f.devices.excluded(id), "no flag is judged in the message")
		require.True(t, f.excludedNow(t, id))
	}

	for block, want := range [][]string{ids[0:3], ids[3:6], ids[6:7]} {
		calls := f.block(t)
		require.Equal(t, want, judged(calls), "block %d judges the next devices in id order, at most the bound", block)
		var excluded []string
		for _, ev := range f.events(t) {
			if e, ok := ev.(*types.EventDeviceExcluded); ok {
				require.Equal(t, uint32(3000), e.Threshold)
				excluded = append(excluded, e.DeviceId)
			}
		}
		require.Equal(t, want, excluded, "block %d emits the exclusion of each device it judged", block)
		require.NoError(t, keeper.CheckInvariants(f.ctx, f.k, f.auditorByID), "the flags behind the cursor agree with the threshold")
		if block < 2 {
			require.Equal(t, &types.ExclusionSweep{Threshold: 3000, NextDeviceId: ids[3*block+3], Judged: uint64(3*block + 3)}, f.sweep(t))
		}
	}
	requireContains(t, f.events(t), &types.EventExclusionSweepFinished{Threshold: 3000, Devices: 7})
	require.Nil(t, f.sweep(t), "the sweep is done")
	for _, id := range ids {
		require.True(t, f.devices.excluded(id))
	}

	require.Empty(t, f.block(t), "a finished sweep judges nothing more")
	require.Empty(t, f.events(t))
}

func TestExclusionSweepAcrossChanges(t *testing.T) {
	setupSweep := func(t *testing.T) (*fixture, []string) {
		f := setup(t)
		ids := f.fleet(t, 5, 2000)
		f.setParams(t, func(p *types.Params) {
			p.ExclusionThreshold = 3000
			p.ExclusionSweepPerBlock = 2
		})
		require.Equal(t, ids[0:2], judged(f.block(t)))
		return f, ids
	}

	t.Run("a new threshold during a sweep restarts it from the first device", func(t *testing.T) {
		f, ids := setupSweep(t)
		f.setParams(t, func(p *types.Params) { p.ExclusionThreshold = 1500 })
		requireContains(t, f.events(t), &types.EventExclusionSweepStarted{Threshold: 1500})
		require.Equal(t, &types.ExclusionSweep{Threshold: 1500}, f.sweep(t), "the devices judged at 3000 are judged again")
		require.True(t, f.devices.excluded(ids[0]), "stored at 3000")
		require.False(t, f.excludedNow(t, ids[0]), "not excluded at 1500")

		require.Equal(t, ids[0:2], judged(f.block(t)))
		var reinstated []string
		for _, ev := range f.events(t) {
			if e, ok := ev.(*types.EventDeviceReinstated); ok {
				reinstated = append(reinstated, e.DeviceId)
			}
		}
		require.Equal(t, ids[0:2], reinstated)
		require.Equal(t, ids[2:4], judged(f.block(t)))
		require.Equal(t, ids[4:5], judged(f.block(t)))
		requireContains(t, f.events(t), &types.EventExclusionSweepFinished{Threshold: 1500, Devices: 5})
		for _, id := range ids {
			require.False(t, f.devices.excluded(id))
		}
		require.NoError(t, keeper.CheckInvariants(f.ctx, f.k, f.auditorByID))
	})

	t.Run("going back to the threshold before restarts it too", func(t *testing.T) {
		f, ids := setupSweep(t)
		f.setParams(t, func(p *types.Params) { p.ExclusionThreshold = types.DefaultExclusionThreshold })
		require.Equal(t, &types.ExclusionSweep{Threshold: types.DefaultExclusionThreshold}, f.sweep(t),
			"the devices judged at 3000 must be judged again")
		for f.sweep(t) != nil {
			f.block(t)
		}
		for _, id := range ids {
			require.False(t, f.devices.excluded(id))
		}
	})

	t.Run("params that keep the threshold leave the sweep where it is", func(t *testing.T) {
		f, ids := setupSweep(t)
		f.setParams(t, func(p *types.Params) { p.HistoryLength = 4 })
		require.Equal(t, &types.ExclusionSweep{Threshold: 3000, NextDeviceId: ids[2], Judged: 2}, f.sweep(t))
		f.setParams(t, func(p *types.Params) { p.ExclusionSweepPerBlock = 3 })
		require.Equal(t, ids[2:5], judged(f.block(t)), "a new bound applies from the next block")
		require.Nil(t, f.sweep(t))
	})

	t.Run("a device scored during the sweep is judged by its write and again, without an event, by the sweep", func(t *testing.T) {
		f, ids := setupSweep(t)
		f.mustWrite(t, f.veritas, score(ids[3], "security", 9000))
		require.False(t, f.devices.excluded(ids[3]), "(2000×100 + 9000×300) / 400 = 7250 is above 3000")
		require.Equal(t, ids[2:4], judged(f.block(t)))
		for _, ev := range f.events(t) {
			if e, ok := ev.(*types.EventDeviceExcluded); ok {
				require.NotEqual(t, ids[3], e.DeviceId)
			}
		}
		require.NoError(t, keeper.CheckInvariants(f.ctx, f.k, f.auditorByID))
	})

	t.Run("a threshold change with no scored device finishes at the next block", func(t *testing.T) {
		f := setup(t)
		f.setParams(t, func(p *types.Params) { p.ExclusionThreshold = 10 })
		require.Empty(t, f.block(t))
		requireContains(t, f.events(t), &types.EventExclusionSweepFinished{Threshold: 10, Devices: 0})
		require.Nil(t, f.sweep(t))
	})
}

func TestExclusionSweepGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	ids := f.fleet(t, 5, 2000)
	f.setParams(t, func(p *types.Params) {
		p.ExclusionThreshold = 3000
		p.ExclusionSweepPerBlock = 2
	})
	f.block(t)
	exported := f.state(t)
	require.Equal(t, &types.ExclusionSweep{Threshold: 3000, NextDeviceId: ids[2], Judged: 2}, exported.ExclusionSweep,
		"the sweep and its cursor are exported")

	// The imported chain gets x/device's genesis as exported: the same
	// devices with the same flags.
	g := setup(t)
	for _, id := range ids {
		g.devices.add(id, "acme")
		g.devices.d[mustParse(t, id)].Excluded = f.devices.excluded(id)
	}
	g.ctx = g.ctx.WithBlockHeight(f.ctx.BlockHeight())
	require.NoError(t, g.k.InitGenesis(g.ctx, exported))
	require.Equal(t, exported, g.state(t), "export after import is the same state")

	for _, c := range []*fixture{f, g} {
		require.Equal(t, ids[2:4], judged(c.block(t)), "both chains go on from the cursor")
		require.Equal(t, ids[4:5], judged(c.block(t)))
		require.Nil(t, c.sweep(t))
	}
	require.Equal(t, f.devices.String(), g.devices.String())
	require.Equal(t, f.state(t), g.state(t))
}

func TestExclusionSweepGenesisValidate(t *testing.T) {
	with := func(edit func(gs *types.GenesisState)) *types.GenesisState {
		gs := validGenesis()
		edit(gs)
		return gs
	}
	valid := map[string]*types.GenesisState{
		"a sweep before its first block": with(func(gs *types.GenesisState) {
			gs.ExclusionSweep = &types.ExclusionSweep{Threshold: gs.Params.ExclusionThreshold}
		}),
		"a sweep whose cursor names no scored device": with(func(gs *types.GenesisState) {
			gs.ExclusionSweep = &types.ExclusionSweep{Threshold: gs.Params.ExclusionThreshold, NextDeviceId: deviceID("ghost"), Judged: 3}
		}),
	}
	for name, gs := range valid {
		t.Run(name+" is a valid genesis", func(t *testing.T) {
			require.NoError(t, gs.Validate())
		})
	}
	invalid := map[string]*types.GenesisState{
		"a sweep at another threshold than the params'": with(func(gs *types.GenesisState) {
			gs.ExclusionSweep = &types.ExclusionSweep{Threshold: gs.Params.ExclusionThreshold + 1}
		}),
		"a sweep whose cursor is not a device id": with(func(gs *types.GenesisState) {
			gs.ExclusionSweep = &types.ExclusionSweep{Threshold: gs.Params.ExclusionThreshold, NextDeviceId: "meter"}
		}),
		"a sweep whose cursor is spelled in upper case": with(func(gs *types.GenesisState) {
			gs.ExclusionSweep = &types.ExclusionSweep{Threshold: gs.Params.ExclusionThreshold, NextDeviceId: strings.ToUpper(deviceID("meter"))}
		}),
	}
	for name, gs := range invalid {
		t.Run(name+" is refused", func(t *testing.T) {
			require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis)
			f := setup(t)
			before := f.state(t)
			require.ErrorIs(t, f.k.InitGenesis(f.ctx, gs), types.ErrInvalidGenesis)
			require.Equal(t, before, f.state(t), "a refused genesis stores nothing")
		})
	}
}

// mustParse parses a device id of the fixture.
func mustParse(t *testing.T, id string) devicekit.ID {
	t.Helper()
	parsed, err := devicekit.ParseID(id)
	require.NoError(t, err)
	return parsed
}
