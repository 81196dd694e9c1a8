package load

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// workload makes the transactions of a mode.
type workload interface {
	// next returns account i's next messages and the work they carry
	// (devices, activations, scores or payments); errExhausted when setup's
	// material is used up.
	next(i int) ([]sdk.Msg, int, error)
}

// newWorkload prepares what the mode needs beyond the common setup.
func newWorkload(ctx context.Context, s *setup) (workload, error) {
	switch s.cfg.Mode {
	case ModeRegistrations:
		return registrations{s}, nil
	case ModeActivations:
		return newActivations(ctx, s)
	case ModeScores:
		return newScores(s), nil
	default:
		return newPayments(ctx, s)
	}
}

// registrations whitelists batches of fresh devices, each account for the
// manufacturer it operates.
type registrations struct{ s *setup }

func (w registrations) next(i int) ([]sdk.Msg, int, error) {
	entries, err := randomEntries(w.s.cfg.Batch)
	if err != nil {
		return nil, 0, err
	}
	a := w.s.accounts[i]
	return []sdk.Msg{&devicetypes.MsgRegisterDevices{
		Operator: a.Addr.String(), ManufacturerId: w.s.manufacturerOf(i), Devices: entries,
	}}, len(entries), nil
}

// activations activates the devices of a Merkle whitelist, each account
// becoming the owner of the devices it activates.
type activations struct {
	s  *setup
	w  *whitelist
	mu sync.Mutex
	at int
}

// activationDevices is how many devices setup whitelists for an activation
// run: enough for the run's bound, or a minute at 600 activations/s.
func activationDevices(cfg Config) int {
	switch {
	case cfg.MaxTxs > 0:
		return cfg.MaxTxs * cfg.Batch
	case cfg.Rate > 0:
		return int(cfg.Rate*cfg.Duration.Seconds())*cfg.Batch + cfg.Batch
	default:
		return max(int(600*cfg.Duration.Seconds()), cfg.Batch)
	}
}

func newActivations(ctx context.Context, s *setup) (*activations, error) {
	n := activationDevices(s.cfg)
	s.logf("generating %d %s device keys and committing their Merkle whitelist", n, s.cfg.KeyType)
	w, err := s.commitWhitelist(ctx, s.accounts[0], s.fixture.Manufacturers[0], s.cfg.KeyType, n)
	if err != nil {
		return nil, err
	}
	return &activations{s: s, w: w}, nil
}

func (w *activations) next(i int) ([]sdk.Msg, int, error) {
	w.mu.Lock()
	from := w.at
	to := min(from+w.s.cfg.Batch, len(w.w.keys))
	w.at = to
	w.mu.Unlock()
	if from >= to {
		return nil, 0, errExhausted
	}
	owner := w.s.accounts[i].Addr
	msgs := make([]sdk.Msg, 0, to-from)
	for d := from; d < to; d++ {
		msg, err := w.w.activation(w.s.chainID, d, owner)
		if err != nil {
			return nil, 0, err
		}
		msgs = append(msgs, msg)
	}
	return msgs, len(msgs), nil
}

// scores has every account, an auditor, walk the pool's (device, type)
// pairs in order, so a batch never repeats a pair and, until an auditor has
// been round the pool, every score is its first of the pair.
type scores struct {
	s      *setup
	cursor []int // per account; only account i's goroutine touches cursor[i]
}

func newScores(s *setup) *scores { return &scores{s: s, cursor: make([]int, len(s.accounts))} }

func (w *scores) next(i int) ([]sdk.Msg, int, error) {
	pool := w.s.fixture.PoolDevices
	pairs := 2 * len(pool)
	entries := make([]reputationtypes.ScoreEntry, w.s.cfg.Batch)
	for j := range entries {
		p := (w.cursor[i] + j) % pairs
		entries[j] = reputationtypes.ScoreEntry{
			DeviceId: pool[p/2], ReputationType: reputationTypes[p%2],
			// Above the exclusion threshold: the run measures scoring,
			// not the exclusion path.
			Score: 2_000 + uint32(rand.IntN(8_000)),
		}
	}
	w.cursor[i] += len(entries)
	return []sdk.Msg{&reputationtypes.MsgWriteScores{Operator: w.s.accounts[i].Addr.String(), Scores: entries}}, len(entries), nil
}

// paymentAmount is what each payment moves; its 1% commission is 1.
const paymentAmount = 100

// payments has each account's device pay one payee device whose wallet is
// a fresh sink account, under the payer's policy.
type payments struct {
	s     *setup
	payer []string // device of account i
	payee string
}

func newPayments(ctx context.Context, s *setup) (*payments, error) {
	n := len(s.accounts)
	s.logf("committing a whitelist of %d devices; each account activates one with a policy, a payee device owned by a sink account receives the payments", n+1)
	w, err := s.commitWhitelist(ctx, s.accounts[0], s.fixture.Manufacturers[0], s.cfg.KeyType, n+1)
	if err != nil {
		return nil, err
	}
	sink, err := newAccount(s.accounts[0].kr, "load-sink")
	if err != nil {
		return nil, err
	}
	limit := math.NewInt(1_000_000_000_000)
	policy := devicetypes.DefaultPolicy()
	policy.SpendingLimits = devicetypes.SpendingLimits{PerMinute: limit, PerHour: limit, PerDay: limit}
	p := &payments{s: s, payer: make([]string, n)}
	var hashes [][]byte
	for i, a := range s.accounts {
		act, err := w.activation(s.chainID, i, a.Addr)
		if err != nil {
			return nil, err
		}
		p.payer[i] = act.DeviceId
		msgs := []sdk.Msg{act, &devicetypes.MsgSetPolicy{Owner: a.Addr.String(), DeviceId: act.DeviceId, Policy: policy}}
		if i == 0 {
			payee, err := w.activation(s.chainID, n, a.Addr)
			if err != nil {
				return nil, err
			}
			p.payee = payee.DeviceId
			// The sink owns the payee device, so it receives the payments.
			msgs = append(msgs, payee, &devicetypes.MsgTransferDevice{Owner: a.Addr.String(), DeviceId: payee.DeviceId, NewOwner: sink.Addr.String()})
		}
		hash, err := s.send(ctx, a, msgs...)
		if err != nil {
			return nil, err
		}
		hashes = append(hashes, hash)
	}
	if err := s.await(ctx, hashes...); err != nil {
		return nil, fmt.Errorf("activating the payment devices: %w", err)
	}
	s.fixture.PaymentSink, s.fixture.PaymentAmount = sink.Addr.String(), paymentAmount
	return p, nil
}

func (w *payments) next(i int) ([]sdk.Msg, int, error) {
	signer := w.s.accounts[i].Addr.String()
	msgs := make([]sdk.Msg, w.s.cfg.Batch)
	for j := range msgs {
		msgs[j] = &paymenttypes.MsgPay{
			Signer: signer, PayerDeviceId: w.payer[i], PayeeDeviceId: w.payee, Amount: math.NewInt(paymentAmount),
		}
	}
	return msgs, len(msgs), nil
}
