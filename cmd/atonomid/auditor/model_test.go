package auditor

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

func testModel() Model {
	m := DefaultModel()
	m.Alpha = 0.5
	m.MinStdDev = 0.5
	m.Sensitivity = 2
	m.ZCap = 6
	return m
}

func TestEWMAAndDecay(t *testing.T) {
	m := testModel()
	require.Equal(t, 2.0, m.EWMA(0, 4), "α·x + (1−α)·e with e = 0")
	require.Equal(t, 3.0, m.EWMA(2, 4))
	require.Equal(t, 1.0, m.EWMA(2, 0), "a quiet window halves the average at α = 0.5")
	require.Equal(t, 0.5, m.Decay(4, 3), "(1−α)^3 · 4")
	require.Equal(t, 4.0, m.Decay(4, 0), "no windows, no decay")
}

func TestZScoreAgainstTheRestOfTheFleet(t *testing.T) {
	m := testModel()
	fleet := func(n int, devices ...Vector) Fleet {
		var f Fleet
		for _, d := range devices {
			f.Add(d)
		}
		if n > f.N {
			f.N = n
		}
		return f
	}
	cases := []struct {
		name  string
		fleet Fleet
		e     Vector
		want  float64 // z of RefusedPayments
	}{
		{"an outlier among quiet devices is measured against σ_min", fleet(0, refused(4), refused(0), refused(0)), refused(4), 8},
		{"a quiet device among (4, 0) is below the mean", fleet(0, refused(4), refused(0), refused(0)), refused(0), -1},
		{"a lone device is compared with a quiet fleet", fleet(0, refused(1)), refused(1), 2},
		{"active devices never seen count as quiet ones", fleet(4, refused(4)), refused(4), 8},
		{"a device like its fleet scores zero", fleet(0, refused(2), refused(2), refused(2)), refused(2), 0},
		{"a wide fleet deviation shrinks the z-score", fleet(0, refused(10), refused(0), refused(4), refused(8)), refused(10), (10 - 4) / math.Sqrt((16+64)/3.0-16)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.InDelta(t, tc.want, m.Z(tc.fleet, tc.e)[RefusedPayments], 1e-9)
		})
	}
}

// refused is the average vector of a device with x refused payments per
// window.
func refused(x float64) Vector { return Vector{RefusedPayments: x} }

func TestAnomalyCountsOnlyExcessCappedAndWeighted(t *testing.T) {
	m := testModel()
	w := Vector{Payments: 0.5, RefusedPayments: 2}
	require.Equal(t, 0.0, m.Anomaly(Vector{Payments: -3, RefusedPayments: -1}, w), "below the fleet is no anomaly")
	require.Equal(t, 0.5*2+2*1.0, m.Anomaly(Vector{Payments: 2, RefusedPayments: 1, Transfers: 9}, w), "transfers weigh nothing here")
	require.Equal(t, 0.5*6+2*6.0, m.Anomaly(Vector{Payments: 100, RefusedPayments: 7}, w), "each z is capped at z_cap")
}

func TestScoreMapping(t *testing.T) {
	m := testModel()
	require.Equal(t, uint32(reputationtypes.MaxScore), m.Score(0), "no anomaly: the baseline")
	require.Equal(t, uint32(math.Round(float64(reputationtypes.MaxScore)/math.E)), m.Score(m.Sensitivity), "A = k divides by e")
	require.Equal(t, uint32(0), m.Score(1e6), "a huge anomaly rounds to zero")
	require.Greater(t, m.Score(1), m.Score(2), "more anomaly, lower score")
	m.Baseline = 1000
	require.Equal(t, uint32(1000), m.Score(0))
	require.Equal(t, uint32(368), m.Score(2))
}

func TestScoresPerFleetAndType(t *testing.T) {
	m := testModel()
	devices := map[string]*DeviceStats{
		"bad":      {Manufacturer: "acme", EWMA: Vector{Transfers: 4}},
		"good":     {Manufacturer: "acme"},
		"good2":    {Manufacturer: "acme"},
		"other":    {Manufacturer: "zeta", EWMA: Vector{Transfers: 4}},
		"stranger": {EWMA: Vector{Transfers: 9}},
	}
	scores := m.Scores(devices, map[string]uint64{"zeta": 1}, []string{"security", "financial"})
	require.Len(t, scores, 8, "four devices with a known fleet, two types; the one without a fleet is left out")
	require.Equal(t, m.Score(6), scores[ScoreKey{"bad", "security"}], "z = 8 capped at 6, weight 1")
	require.Equal(t, uint32(reputationtypes.MaxScore), scores[ScoreKey{"bad", "financial"}], "transfers do not weigh on financial")
	require.Equal(t, uint32(reputationtypes.MaxScore), scores[ScoreKey{"good", "security"}])
	require.Equal(t, m.Score(6), scores[ScoreKey{"other", "security"}], "a fleet of one is compared with quiet devices")
}

func TestParseWeights(t *testing.T) {
	w, err := ParseWeights(DefaultWeights(), "security=transfers:2 ; custom=payments:0.5,refused_payments:1")
	require.NoError(t, err)
	require.Equal(t, Vector{Transfers: 2}, w.For("security"), "a listed type is replaced as a whole")
	require.Equal(t, Vector{Payments: 0.5, RefusedPayments: 1}, w.For("custom"))
	require.Equal(t, DefaultWeights()["financial"], w.For("financial"), "unlisted types keep their defaults")
	require.Equal(t, Vector{Payments: 1, RefusedPayments: 1, Transfers: 1}, w.For("unknown"), "a type without weights weighs every feature")

	for _, bad := range []string{"security", "security=speed:1", "security=payments", "security=payments:-1", "=payments:1"} {
		_, err := ParseWeights(DefaultWeights(), bad)
		require.Error(t, err, bad)
	}

	_, err = ParseWeights(DefaultWeights(), "security=failed_activations:1,transfers:0.5")
	require.ErrorContains(t, err, "failed_activations is no longer a device feature", "an old flag is told why, not taken for a typo")
	require.ErrorContains(t, err, "the account that submitted it")
}

func TestModelValidate(t *testing.T) {
	require.NoError(t, DefaultModel().Validate())
	for name, mutate := range map[string]func(*Model){
		"window 0":        func(m *Model) { m.WindowBlocks = 0 },
		"alpha 0":         func(m *Model) { m.Alpha = 0 },
		"alpha above 1":   func(m *Model) { m.Alpha = 1.5 },
		"min-stddev 0":    func(m *Model) { m.MinStdDev = 0 },
		"z-cap 0":         func(m *Model) { m.ZCap = 0 },
		"sensitivity 0":   func(m *Model) { m.Sensitivity = 0 },
		"baseline beyond": func(m *Model) { m.Baseline = reputationtypes.MaxScore + 1 },
		"prune-below < 0": func(m *Model) { m.PruneBelow = -0.1 },
		"prune-below NaN": func(m *Model) { m.PruneBelow = math.NaN() },
	} {
		m := DefaultModel()
		mutate(&m)
		require.Error(t, m.Validate(), name)
	}
}

func TestDuePicksChangedScoresLargestFirst(t *testing.T) {
	max := uint32(reputationtypes.MaxScore)
	scores := map[ScoreKey]uint32{
		{"a", "security"}:  max,           // never written
		{"b", "security"}:  max / 2,       // moved by half
		{"c", "security"}:  max - max/200, // moved by 0.5 %
		{"d", "security"}:  100,           // unchanged
		{"e", "financial"}: max / 4,       // moved by a quarter
	}
	written := map[string]uint32{"b/security": max, "c/security": max, "d/security": 100, "e/financial": max / 2}
	require.Equal(t, []ScoreEntry{
		{"a", "security", max},
		{"b", "security", max / 2},
		{"e", "financial", max / 4},
	}, Due(scores, written, 0.01, 10))
	require.Len(t, Due(scores, written, 0.01, 2), 2, "at most the batch limit")
	require.Len(t, Due(scores, written, 0, 10), 4, "a zero threshold writes every change, never an unchanged score")
}
