package auditor

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// Feature is one behaviour the model counts per device. Every feature is
// evidence the device's key, its owner or its manufacturer produced
// (docs/auditor-service.md, "What it reads"): nothing a stranger can send
// about a device is a feature of it.
type Feature int

// The features, in the order their counters are stored (state file
// version 2).
const (
	Payments Feature = iota
	RefusedPayments
	Transfers
	NumFeatures
)

var featureNames = [NumFeatures]string{"payments", "refused_payments", "transfers"}

// retiredFeatures are names that once were device features, with the reason
// they are not, so that an old --weights flag fails saying why rather than
// as a typo.
var retiredFeatures = map[string]string{
	"failed_activations": "a failed activation is evidence about the account that submitted it, not about the device it names: " +
		"the service tallies it per submitter and scores no device with it",
}

// String returns the feature's name as used in flags and docs.
func (f Feature) String() string {
	if f < 0 || f >= NumFeatures {
		return "feature(" + strconv.Itoa(int(f)) + ")"
	}
	return featureNames[f]
}

// ParseFeature reads a feature name.
func ParseFeature(s string) (Feature, error) {
	for f, name := range featureNames {
		if s == name {
			return Feature(f), nil
		}
	}
	if why, ok := retiredFeatures[s]; ok {
		return 0, fmt.Errorf("%s is no longer a device feature: %s", s, why)
	}
	return 0, fmt.Errorf("unknown feature %q (want one of %s)", s, strings.Join(featureNames[:], ", "))
}

// Vector holds one value per feature.
type Vector [NumFeatures]float64

// Weights says how much each feature's anomaly lowers a reputation type.
type Weights map[string]Vector

// DefaultWeights ties each of the network's usual reputation types to the
// behaviours that bear on it: ownership churn and payments the device's own
// rules refuse (limits, geography, counterparties) are what a stolen or
// hijacked device shows, refused payments are a financial matter too. A type
// not listed here (see For) weighs every feature equally.
func DefaultWeights() Weights {
	return Weights{
		"security":        {Transfers: 1, RefusedPayments: 0.5},
		"financial":       {RefusedPayments: 1, Payments: 0.25},
		"service-quality": {RefusedPayments: 0.5},
		"social":          {Transfers: 1, Payments: 0.25},
	}
}

// For returns the weights of reputationType.
func (w Weights) For(reputationType string) Vector {
	if v, ok := w[reputationType]; ok {
		return v
	}
	var all Vector
	for f := range all {
		all[f] = 1
	}
	return all
}

// ParseWeights reads overrides of the form
// "security=transfers:1,refused_payments:0.5;financial=refused_payments:1"
// over base: each listed type's vector is replaced as a whole.
func ParseWeights(base Weights, s string) (Weights, error) {
	out := Weights{}
	for t, v := range base {
		out[t] = v
	}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		typ, list, ok := strings.Cut(part, "=")
		if !ok || typ == "" {
			return nil, fmt.Errorf("weights %q: want type=feature:weight[,feature:weight]", part)
		}
		var v Vector
		for _, fw := range strings.Split(list, ",") {
			name, val, ok := strings.Cut(strings.TrimSpace(fw), ":")
			if !ok {
				return nil, fmt.Errorf("weights %q: want feature:weight, got %q", typ, fw)
			}
			f, err := ParseFeature(name)
			if err != nil {
				return nil, fmt.Errorf("weights %q: %w", typ, err)
			}
			x, err := strconv.ParseFloat(val, 64)
			if err != nil || x < 0 || math.IsInf(x, 0) || math.IsNaN(x) {
				return nil, fmt.Errorf("weights %q: %q is not a weight >= 0", typ, val)
			}
			v[f] = x
		}
		out[strings.TrimSpace(typ)] = v
	}
	return out, nil
}

// Model holds the anomaly model's parameters (docs/auditor-service.md).
type Model struct {
	// WindowBlocks is the length W of a counting window in blocks.
	WindowBlocks int64
	// Alpha is the EWMA smoothing factor α in (0, 1].
	Alpha float64
	// MinStdDev σ_min keeps the z-score finite in a quiet fleet.
	MinStdDev float64
	// ZCap bounds each feature's contribution.
	ZCap float64
	// Sensitivity k: an anomaly A lowers the score by the factor exp(−A/k).
	Sensitivity float64
	// Baseline is the score of a device that behaves like its fleet.
	Baseline uint32
	// Weights per reputation type.
	Weights Weights
	// PruneBelow ε: a device whose every average is below it, and an
	// account whose refused-activation average is, is idle and may be
	// forgotten (docs/auditor-service.md, "Pruning"); 0 keeps everything.
	PruneBelow float64
}

// DefaultModel returns the parameters the command's flags default to.
func DefaultModel() Model {
	return Model{
		WindowBlocks: 10,
		Alpha:        0.3,
		MinStdDev:    0.5,
		ZCap:         6,
		Sensitivity:  3,
		Baseline:     reputationtypes.MaxScore,
		Weights:      DefaultWeights(),
		PruneBelow:   0.01,
	}
}

// Validate checks the parameters' ranges.
func (m Model) Validate() error {
	switch {
	case m.WindowBlocks < 1:
		return fmt.Errorf("window must be at least 1 block, got %d", m.WindowBlocks)
	case !(m.Alpha > 0 && m.Alpha <= 1):
		return fmt.Errorf("alpha must be in (0, 1], got %v", m.Alpha)
	case !(m.MinStdDev > 0):
		return fmt.Errorf("min-stddev must be > 0, got %v", m.MinStdDev)
	case !(m.ZCap > 0):
		return fmt.Errorf("z-cap must be > 0, got %v", m.ZCap)
	case !(m.Sensitivity > 0):
		return fmt.Errorf("sensitivity must be > 0, got %v", m.Sensitivity)
	case m.Baseline > reputationtypes.MaxScore:
		return fmt.Errorf("baseline must be at most %d, got %d", reputationtypes.MaxScore, m.Baseline)
	case !(m.PruneBelow >= 0) || math.IsInf(m.PruneBelow, 0):
		return fmt.Errorf("prune-below must be a number >= 0, got %v", m.PruneBelow)
	}
	return nil
}

// WindowOf is the index of the counting window that holds height.
func (m Model) WindowOf(height int64) int64 { return height / m.WindowBlocks }

// EWMA folds one window's count x into the average e: α·x + (1−α)·e.
func (m Model) EWMA(e, x float64) float64 { return m.Alpha*x + (1-m.Alpha)*e }

// Decay is what an average becomes after n windows without events:
// (1−α)^n · e.
func (m Model) Decay(e float64, n int64) float64 {
	if n <= 0 {
		return e
	}
	return e * math.Pow(1-m.Alpha, float64(n))
}

// Fleet accumulates one manufacturer's per-feature sums, from which the
// leave-one-out mean and deviation of any of its devices follow in O(1).
type Fleet struct {
	// N is the fleet's size: at least the devices tracked, more when the
	// manufacturer reports more active devices (those count as zeros).
	N       int
	Sum     Vector
	SumSq   Vector
	counted int
}

// Add counts a tracked device's averages.
func (f *Fleet) Add(e Vector) {
	for i := range e {
		f.Sum[i] += e[i]
		f.SumSq[i] += e[i] * e[i]
	}
	f.counted++
	if f.N < f.counted {
		f.N = f.counted
	}
}

// Z returns each feature's z-score of the device e (itself counted in the
// fleet) against the rest of its fleet: (e − μ′) / max(σ′, σ_min), where μ′
// and σ′ are the mean and population deviation of the other N−1 devices. A
// lone device is compared with a quiet fleet (μ′ = 0, σ′ = 0).
func (m Model) Z(f Fleet, e Vector) Vector {
	var z Vector
	rest := float64(f.N - 1)
	for i := range e {
		mean, sd := 0.0, 0.0
		if rest > 0 {
			mean = (f.Sum[i] - e[i]) / rest
			variance := (f.SumSq[i]-e[i]*e[i])/rest - mean*mean
			if variance > 0 {
				sd = math.Sqrt(variance)
			}
		}
		z[i] = (e[i] - mean) / math.Max(sd, m.MinStdDev)
	}
	return z
}

// Anomaly is A_t = Σ_f w_t,f · clamp(z_f, 0, z_cap): only behaviour above
// the fleet's counts against a device.
func (m Model) Anomaly(z, w Vector) float64 {
	a := 0.0
	for i := range z {
		a += w[i] * math.Min(math.Max(z[i], 0), m.ZCap)
	}
	return a
}

// Score maps an anomaly to a score: round(baseline · exp(−A/k)), in
// 0..MaxScore.
func (m Model) Score(anomaly float64) uint32 {
	s := math.Round(float64(m.Baseline) * math.Exp(-anomaly/m.Sensitivity))
	switch {
	case s <= 0 || math.IsNaN(s):
		return 0
	case s >= float64(reputationtypes.MaxScore):
		return reputationtypes.MaxScore
	}
	return uint32(s)
}

// ScoreKey names a device's score in one reputation type.
type ScoreKey struct {
	DeviceID       string
	ReputationType string
}

// String is the key's form in the state file.
func (k ScoreKey) String() string { return k.DeviceID + "/" + k.ReputationType }

// Scores computes the score of every device whose manufacturer is known,
// in each of types. fleetSizes gives a manufacturer's active device count
// where known; devices never seen in events count as quiet devices.
func (m Model) Scores(devices map[string]*DeviceStats, fleetSizes map[string]uint64, types []string) map[ScoreKey]uint32 {
	fleets := map[string]*Fleet{}
	for _, d := range devices {
		if d.Manufacturer == "" {
			continue
		}
		f, ok := fleets[d.Manufacturer]
		if !ok {
			f = &Fleet{}
			fleets[d.Manufacturer] = f
		}
		f.Add(d.EWMA)
	}
	for id, f := range fleets {
		if n := int(fleetSizes[id]); n > f.N {
			f.N = n
		}
	}
	out := make(map[ScoreKey]uint32, len(devices)*len(types))
	for id, d := range devices {
		f, ok := fleets[d.Manufacturer]
		if !ok {
			continue
		}
		z := m.Z(*f, d.EWMA)
		for _, t := range types {
			out[ScoreKey{id, t}] = m.Score(m.Anomaly(z, m.Weights.For(t)))
		}
	}
	return out
}

// sortedTypes returns a copy of types in order, for deterministic batches.
func sortedTypes(types []string) []string {
	out := append([]string(nil), types...)
	sort.Strings(out)
	return out
}
