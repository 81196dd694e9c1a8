// Package load is atonomid's load generator: it sets up what a workload
// needs on a running network (funded accounts, manufacturers, auditors,
// devices), submits signed transactions from many accounts at a target rate
// or as fast as they are accepted, measures gRPC lookups alongside, and
// reports what the blocks committed.
package load

import (
	"fmt"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/devicekit"
)

// Mode is a kind of workload.
type Mode string

// The workloads.
const (
	// ModeRegistrations whitelists batches of devices (MsgRegisterDevices).
	ModeRegistrations Mode = "registrations"
	// ModeActivations activates devices of a Merkle whitelist with their
	// proofs (MsgActivateDevice with a Merkle proof).
	ModeActivations Mode = "activations"
	// ModeScores writes batches of reputation scores (MsgWriteScores).
	ModeScores Mode = "scores"
	// ModePayments makes device payments under the devices' policies (MsgPay).
	ModePayments Mode = "payments"
	// ModeLookups sends no transactions: only the gRPC device and reputation
	// lookups run, at QueryRate, so their latency is that of an idle chain.
	ModeLookups Mode = "lookups"
)

// Modes lists every workload, in the order `make load` runs them.
func Modes() []Mode {
	return []Mode{ModeRegistrations, ModeActivations, ModeScores, ModePayments, ModeLookups}
}

// ParseMode reads a mode name.
func ParseMode(s string) (Mode, error) {
	for _, m := range Modes() {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("unknown mode %q: want one of %v", s, Modes())
}

// Config bounds and shapes a run.
type Config struct {
	Mode Mode
	// Accounts is how many accounts submit transactions concurrently.
	Accounts int
	// Batch is the work per transaction: devices per registration, messages
	// per activation or payment transaction, scores per score transaction.
	Batch int
	// Rate is the target in transactions per second over all accounts; 0
	// submits as fast as CheckTx accepts.
	Rate float64
	// Duration bounds the submission time; MaxTxs (when positive) the
	// number of accepted transactions.
	Duration time.Duration
	MaxTxs   int
	// MaxPending bounds the accepted transactions not yet included (0: the
	// mode's default): submitting "as fast as accepted" then keeps a backlog
	// of a few blocks instead of filling the mempool with minutes of work
	// that the run would have to wait for.
	MaxPending int
	// Drain bounds the wait for accepted transactions to be included once
	// submission stops.
	Drain time.Duration
	// QueryRate is the target of gRPC lookups per second during the run,
	// half device lookups and half reputation lookups; 0 measures none.
	QueryRate float64
	// QueryWorkers bounds the lookups in flight.
	QueryWorkers int
	// PoolDevices is how many devices setup registers to be scored and
	// looked up.
	PoolDevices int
	// KeyType is the device key type of activations.
	KeyType devicekit.KeyType
	// Fund is what the faucet sends each account, in the fee denom.
	Fund int64
	// Denom is the fee and payment denomination.
	Denom string
	// GasPrices is what each transaction pays per unit of gas: at least
	// the nodes' minimum-gas-prices, or CheckTx refuses it.
	GasPrices string
	// Faucet and Registrar name keys of the client keyring: the faucet
	// funds the accounts, the registrar admits manufacturers and auditors.
	Faucet, Registrar string
}

// DefaultConfig is a minute of registrations from 16 accounts.
func DefaultConfig() Config {
	return Config{
		Mode: ModeRegistrations, Accounts: 16, Batch: 0, Duration: time.Minute, Drain: 30 * time.Second,
		QueryRate: 200, QueryWorkers: 32, PoolDevices: 1_000, KeyType: devicekit.Ed25519,
		Fund: 1_000_000_000_000, Denom: "uatmi", GasPrices: app.MinGasPrice, Faucet: "faucet", Registrar: "registrar",
	}
}

// DefaultBatch is the batch a mode uses when none is given: registrations
// fill a transaction well under the mempool's 1 MiB limit, scores stay well
// under the reputation module's batch bound, activations and payments carry
// a few messages each.
func DefaultBatch(m Mode) int {
	switch m {
	case ModeRegistrations:
		return 2_000
	case ModeScores:
		return 1_000
	default:
		return 10
	}
}

// DefaultMaxPending is the backlog a mode keeps when none is given: a few
// blocks' worth of the big registration and score batches, and many more of
// the small activation and payment transactions (a block holds dozens).
func DefaultMaxPending(m Mode) int {
	switch m {
	case ModeRegistrations, ModeScores:
		return 32
	default:
		return 1_000
	}
}

// Validate checks the config and fills the mode's default batch.
func (c *Config) Validate() error {
	if _, err := ParseMode(string(c.Mode)); err != nil {
		return err
	}
	if c.Batch == 0 {
		c.Batch = DefaultBatch(c.Mode)
	}
	if c.MaxPending == 0 {
		c.MaxPending = DefaultMaxPending(c.Mode)
	}
	switch {
	case c.Accounts < 1:
		return fmt.Errorf("accounts must be at least 1")
	case c.Batch < 1:
		return fmt.Errorf("batch must be at least 1")
	case c.Duration <= 0 && c.MaxTxs <= 0:
		return fmt.Errorf("a run needs a duration or a maximum number of transactions")
	case c.MaxPending < 0:
		return fmt.Errorf("max pending cannot be negative")
	case c.Rate < 0 || c.QueryRate < 0:
		return fmt.Errorf("rates cannot be negative")
	case c.QueryRate > 0 && c.QueryWorkers < 1:
		return fmt.Errorf("query workers must be at least 1")
	case c.PoolDevices < 2:
		return fmt.Errorf("the device pool needs at least 2 devices")
	case c.Mode == ModeScores && c.Batch > 2*c.PoolDevices:
		return fmt.Errorf("a score batch of %d repeats pairs: the pool has %d devices in 2 types", c.Batch, c.PoolDevices)
	case !c.KeyType.Valid():
		return fmt.Errorf("unknown key type %d", c.KeyType)
	case c.Fund <= 0:
		return fmt.Errorf("fund must be positive")
	case !validGasPrices(c.GasPrices):
		return fmt.Errorf("gas prices %q: want decimal coins such as %s", c.GasPrices, app.MinGasPrice)
	case c.Faucet == "" || c.Registrar == "":
		return fmt.Errorf("faucet and registrar key names are required")
	}
	return nil
}

// validGasPrices reports whether s reads as decimal coins ("" is none).
func validGasPrices(s string) bool {
	_, err := sdk.ParseDecCoins(s)
	return err == nil
}
