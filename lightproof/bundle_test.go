package lightproof_test

import (
	"fmt"
	"testing"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/lightproof/lightprooftest"
)

// TestBundleAcrossValidatorSetChanges: a device pinned to a four-validator
// set keeps verifying bundles after a validator is admitted, one is removed
// and one rotates its consensus key, since more than a third of the power
// it trusts still signs; a set replaced wholly needs the bundle's
// intermediate header, and the root then moves past it.
func TestBundleAcrossValidatorSetChanges(t *testing.T) {
	c := lightprooftest.NewSynthChain(t)
	root := c.Set("a", "b", "c", "d")
	o := lightproof.Options{TrustingPeriod: 24 * time.Hour, MaxClockDrift: time.Minute, HeightWindow: 100}

	trust := c.Trust(10, root)
	for name, vals := range map[string]*cmttypes.ValidatorSet{
		"a validator admitted":                c.Set("a", "b", "c", "d", "e"),
		"a validator removed":                 c.Set("a", "b", "c"),
		"a consensus key rotated":             c.Set("a", "b", "c-rotated", "d"),
		"all three at once, two of four stay": c.Set("a", "b", "c-rotated", "e"),
	} {
		_, err := trust.VerifyBundle(lightprooftest.Bundle(c.Header(20, vals)), o)
		require.NoError(t, err, name)
	}
	require.EqualValues(t, 10, trust.Header.Height, "a direct step leaves the root where it is")

	replaced := c.Set("f", "g", "h", "i")
	_, err := trust.VerifyBundle(lightprooftest.Bundle(c.Header(50, replaced)), o)
	require.ErrorIs(t, err, lightproof.ErrUntrusted, "no validator the device trusts signed")

	halfway := c.Set("a", "b", "f", "g")
	v, err := trust.VerifyBundle(lightprooftest.Bundle(c.Header(30, halfway), c.Header(50, replaced)), o)
	require.NoError(t, err, "the intermediate header carries the trust across")
	require.EqualValues(t, 49, v.Height)
	require.EqualValues(t, 50, trust.Header.Height, "the root moved to the bundle's last header")
	_, err = trust.VerifyBundle(lightprooftest.Bundle(c.Header(60, replaced)), o)
	require.NoError(t, err, "and the next bundle needs no path")

	_, err = trust.VerifyBundle(lightprooftest.Bundle(c.Header(40, halfway)), o)
	require.ErrorIs(t, err, lightproof.ErrStale, "a header below the trust root cannot be verified forward")
}

func TestBundleTrustExpiresAndClocks(t *testing.T) {
	c := lightprooftest.NewSynthChain(t)
	vals := c.Set("a", "b", "c", "d")
	at := func(d time.Duration) func() time.Time { return func() time.Time { return c.T0.Add(d) } }

	trust := c.Trust(10, vals)
	h20 := lightprooftest.Bundle(c.Header(20, vals)) // time t0 + 20 min
	_, err := trust.VerifyBundle(h20, lightproof.Options{TrustingPeriod: time.Hour, Clock: at(25 * time.Minute), MaxAge: 10 * time.Minute})
	require.NoError(t, err)
	_, err = trust.VerifyBundle(h20, lightproof.Options{TrustingPeriod: time.Hour, Clock: at(35 * time.Minute), MaxAge: 10 * time.Minute})
	require.ErrorIs(t, err, lightproof.ErrStale, "older than the maximum age")
	_, err = trust.VerifyBundle(h20, lightproof.Options{TrustingPeriod: 5 * time.Minute, Clock: at(25 * time.Minute), MaxAge: time.Hour})
	require.ErrorIs(t, err, lightproof.ErrUntrusted, "the trust root left its trusting period")
	_, err = trust.VerifyBundle(h20, lightproof.Options{TrustingPeriod: time.Hour, Clock: at(5 * time.Minute), MaxClockDrift: time.Minute})
	require.ErrorIs(t, err, lightproof.ErrUntrusted, "a header from the device's future")

	clockless := c.Trust(10, vals)
	o := lightproof.Options{TrustingPeriod: time.Hour, HeightWindow: 5}
	_, err = clockless.VerifyBundle(lightprooftest.Bundle(c.Header(30, vals)), o)
	require.NoError(t, err)
	require.EqualValues(t, 30, clockless.Highest)
	_, err = clockless.VerifyBundle(lightprooftest.Bundle(c.Header(26, vals)), o)
	require.NoError(t, err, "within the window")
	_, err = clockless.VerifyBundle(h20, o)
	require.ErrorIs(t, err, lightproof.ErrStale, "more than the window below the highest height verified")
	_, err = clockless.VerifyBundle(lightprooftest.Bundle(c.Header(80, vals)), o)
	require.ErrorIs(t, err, lightproof.ErrUntrusted, "without a clock, the root expires with the chain's own time")
}

// BenchmarkVerifyBundle verifies a one-header bundle (a non-adjacent step
// from the trust root) signed by n ed25519 validators, and reports the
// header's and the validator set's encoded size.
func BenchmarkVerifyBundle(b *testing.B) {
	for _, n := range []int{1, 4, 16, 64} {
		b.Run(fmt.Sprintf("validators=%d", n), func(b *testing.B) {
			c := lightprooftest.NewSynthChain(b)
			names := make([]string, n)
			for i := range names {
				names[i] = fmt.Sprintf("v%d", i)
			}
			vals := c.Set(names...)
			trust := c.Trust(10, vals)
			h := c.Header(20, vals)
			bun := lightprooftest.Bundle(h)
			o := lightproof.Options{TrustingPeriod: 24 * time.Hour}
			for b.Loop() {
				if _, err := trust.VerifyBundle(bun, o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(h.SignedHeader)/2), "header-bytes")
			b.ReportMetric(float64(len(h.ValidatorSet)/2), "valset-bytes")
		})
	}
}
