package load

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/atonomi/atonomid/devicekit"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// Fixture is what setup created on chain for a run; tests and readers of
// the JSON report use it to check the counts against chain state.
type Fixture struct {
	RunID         string   `json:"run_id"`
	Manufacturers []string `json:"manufacturers"`
	Auditors      []string `json:"auditors,omitempty"`
	// PoolDevices are registered by setup for scoring and lookups: they are
	// counted in the first manufacturer's registrations but not in the report's.
	PoolDevices []string `json:"-"`
	PoolSize    int      `json:"pool_devices"`
	// Whitelist is the Merkle root setup committed (activations, payments)
	// and WhitelistCount the devices it stands for.
	Whitelist      string `json:"whitelist,omitempty"`
	WhitelistCount int    `json:"whitelist_count,omitempty"`
	// PaymentSink is the payee device's owner: it receives PaymentAmount
	// per committed payment and nothing else.
	PaymentSink   string `json:"payment_sink,omitempty"`
	PaymentAmount int64  `json:"payment_amount,omitempty"`
}

// maxOperators is how many operators the manufacturer registry allows per
// manufacturer: the accounts are spread over as many manufacturers as needed.
const maxOperators = 10

// registrationChunk bounds a setup registration transaction.
const registrationChunk = 2_000

// reputationTypes are the types the run's auditors write.
var reputationTypes = []string{"security", "service-quality"}

// setup is a run's accounts and on-chain fixture.
type setup struct {
	*chain
	cfg       Config
	log       io.Writer
	accounts  []*Account
	faucet    *Account
	registrar *Account
	fixture   Fixture
}

// prepare creates and funds the accounts, admits the manufacturers (and
// auditors), and registers the device pool.
func prepare(ctx context.Context, c *chain, cfg Config, log io.Writer) (*setup, error) {
	s := &setup{chain: c, cfg: cfg, log: log}
	var err error
	if s.faucet, err = keyringAccount(c.Keyring, cfg.Faucet); err != nil {
		return nil, err
	}
	if s.registrar, err = keyringAccount(c.Keyring, cfg.Registrar); err != nil {
		return nil, err
	}
	runID := make([]byte, 3)
	if _, err := rand.Read(runID); err != nil {
		return nil, err
	}
	s.fixture.RunID = hex.EncodeToString(runID)

	kr := keyring.NewInMemory(codec.NewProtoCodec(c.Registry))
	for i := 0; i < cfg.Accounts; i++ {
		a, err := newAccount(kr, fmt.Sprintf("load-%d", i))
		if err != nil {
			return nil, err
		}
		s.accounts = append(s.accounts, a)
	}
	s.logf("funding %d accounts with %d%s each from %s", cfg.Accounts, cfg.Fund, cfg.Denom, cfg.Faucet)
	if err := s.fund(ctx); err != nil {
		return nil, err
	}
	for _, a := range s.accounts {
		if err := c.refresh(ctx, a); err != nil {
			return nil, err
		}
	}
	if err := s.admit(ctx); err != nil {
		return nil, err
	}
	s.logf("registering a pool of %d devices to look up and score", cfg.PoolDevices)
	pool, err := s.register(ctx, s.accounts[0], s.fixture.Manufacturers[0], cfg.PoolDevices)
	if err != nil {
		return nil, err
	}
	s.fixture.PoolDevices, s.fixture.PoolSize = pool, len(pool)
	return s, nil
}

func (s *setup) logf(format string, args ...any) {
	if s.log != nil {
		fmt.Fprintf(s.log, "load: "+format+"\n", args...)
	}
}

// keyringAccount is a key of the client keyring as a setup account.
func keyringAccount(kr keyring.Keyring, name string) (*Account, error) {
	if kr == nil {
		return nil, fmt.Errorf("no keyring to find %q in", name)
	}
	rec, err := kr.Key(name)
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", name, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return nil, err
	}
	return &Account{Name: name, Addr: addr, kr: kr}, nil
}

// newAccount makes a fresh secp256k1 account in the in-memory keyring kr.
func newAccount(kr keyring.Keyring, name string) (*Account, error) {
	priv := secp256k1.GenPrivKey()
	if err := kr.ImportPrivKeyHex(name, hex.EncodeToString(priv.Bytes()), "secp256k1"); err != nil {
		return nil, err
	}
	return &Account{Name: name, Addr: sdk.AccAddress(priv.PubKey().Address()), kr: kr}, nil
}

// fund sends every account cfg.Fund from the faucet in one transaction.
func (s *setup) fund(ctx context.Context, extra ...sdk.AccAddress) error {
	coins := sdk.NewCoins(sdk.NewInt64Coin(s.cfg.Denom, s.cfg.Fund))
	msg := &banktypes.MsgMultiSend{}
	for _, a := range s.accounts {
		msg.Outputs = append(msg.Outputs, banktypes.Output{Address: a.Addr.String(), Coins: coins})
	}
	for _, a := range extra {
		msg.Outputs = append(msg.Outputs, banktypes.Output{Address: a.String(), Coins: coins})
	}
	total := coins.MulInt(math.NewInt(int64(len(msg.Outputs))))
	msg.Inputs = []banktypes.Input{{Address: s.faucet.Addr.String(), Coins: total}}
	return s.deliver(ctx, s.faucet, msg)
}

// admit makes the registrar admit one manufacturer per ten accounts (each
// account operates one) and, for scores, one auditor per account.
func (s *setup) admit(ctx context.Context) error {
	authKeyHash := sha256.Sum256([]byte("load-" + s.fixture.RunID))
	var msgs []sdk.Msg
	for g := 0; g*maxOperators < len(s.accounts); g++ {
		id := fmt.Sprintf("load-%s-m%d", s.fixture.RunID, g)
		var operators []string
		for _, a := range s.accounts[g*maxOperators : min((g+1)*maxOperators, len(s.accounts))] {
			operators = append(operators, a.Addr.String())
		}
		msgs = append(msgs, &manufacturertypes.MsgAddManufacturer{
			Authority: s.registrar.Addr.String(), Id: id, Name: "Load test " + id,
			Operators: operators, DefaultReputation: 5_000, AuthKeyHash: authKeyHash[:],
		})
		s.fixture.Manufacturers = append(s.fixture.Manufacturers, id)
	}
	if s.cfg.Mode == ModeScores {
		for i, a := range s.accounts {
			id := fmt.Sprintf("load-%s-a%d", s.fixture.RunID, i)
			msgs = append(msgs, &auditortypes.MsgAddAuditor{
				Authority: s.registrar.Addr.String(), Id: id, Name: "Load test " + id,
				Operator: a.Addr.String(), ReputationTypes: reputationTypes, Weight: 100,
			})
			s.fixture.Auditors = append(s.fixture.Auditors, id)
		}
	}
	s.logf("admitting %d manufacturers and %d auditors", len(s.fixture.Manufacturers), len(s.fixture.Auditors))
	return s.deliver(ctx, s.registrar, msgs...)
}

// manufacturerOf is the manufacturer account i operates.
func (s *setup) manufacturerOf(i int) string { return s.fixture.Manufacturers[i/maxOperators] }

// register whitelists n fresh devices from operator a, in chunks sent
// back to back, and returns their ids once all are committed.
func (s *setup) register(ctx context.Context, a *Account, manufacturer string, n int) ([]string, error) {
	var ids []string
	var hashes [][]byte
	for len(ids) < n {
		entries, err := randomEntries(min(registrationChunk, n-len(ids)))
		if err != nil {
			return nil, err
		}
		hash, err := s.send(ctx, a, &devicetypes.MsgRegisterDevices{
			Operator: a.Addr.String(), ManufacturerId: manufacturer, Devices: entries,
		})
		if err != nil {
			return nil, err
		}
		hashes = append(hashes, hash)
		for _, e := range entries {
			ids = append(ids, e.Id)
		}
	}
	return ids, s.await(ctx, hashes...)
}

// randomEntries makes n whitelist entries with random ids and random
// Ed25519-length keys. Registration checks an Ed25519 key's length only, and
// these devices are never activated, so no private key is needed: making
// them costs the load generator almost nothing.
func randomEntries(n int) ([]devicetypes.DeviceEntry, error) {
	buf := make([]byte, n*(devicekit.IDSize+32))
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	entries := make([]devicetypes.DeviceEntry, n)
	for i := range entries {
		chunk := buf[i*(devicekit.IDSize+32) : (i+1)*(devicekit.IDSize+32)]
		var id devicekit.ID
		copy(id[:], chunk[:devicekit.IDSize])
		entries[i] = devicetypes.DeviceEntry{
			Id: id.String(), KeyType: devicetypes.KEY_TYPE_ED25519, PublicKey: chunk[devicekit.IDSize:],
			Protocols: []string{"mqtt"}, DeviceType: "load-sensor",
		}
	}
	return entries, nil
}

// whitelist is a committed Merkle whitelist whose device keys the run holds.
type whitelist struct {
	manufacturer string
	root         string
	keys         []devicekit.PrivateKey
	entries      []devicekit.Entry
	tree         *devicekit.Tree
}

// commitWhitelist generates n device keys of type kt, commits their Merkle
// root from operator a, and returns the whitelist once committed.
func (s *setup) commitWhitelist(ctx context.Context, a *Account, manufacturer string, kt devicekit.KeyType, n int) (*whitelist, error) {
	w := &whitelist{manufacturer: manufacturer, keys: make([]devicekit.PrivateKey, n), entries: make([]devicekit.Entry, n)}
	for i := range w.keys {
		k, err := devicekit.GenerateKey(kt, rand.Reader)
		if err != nil {
			return nil, err
		}
		var id devicekit.ID
		if _, err := rand.Read(id[:]); err != nil {
			return nil, err
		}
		w.keys[i], w.entries[i] = k, devicekit.Entry{ID: id, KeyType: kt, PublicKey: k.PublicKey()}
	}
	tree, err := devicekit.BuildTree(w.entries)
	if err != nil {
		return nil, err
	}
	root := tree.Root()
	w.tree, w.root = tree, hex.EncodeToString(root[:])
	if err := s.deliver(ctx, a, &devicetypes.MsgCommitWhitelist{
		Operator: a.Addr.String(), ManufacturerId: manufacturer, Root: w.root, Count: uint64(n),
		Protocols: []string{"mqtt"}, DeviceType: "load-sensor",
	}); err != nil {
		return nil, err
	}
	s.fixture.Whitelist, s.fixture.WhitelistCount = w.root, n
	return w, nil
}

// activation is device i's activation for owner, with its Merkle proof.
func (w *whitelist) activation(chainID string, i int, owner sdk.AccAddress) (*devicetypes.MsgActivateDevice, error) {
	e := w.entries[i]
	sig, err := w.keys[i].SignActivation(chainID, e.ID, owner)
	if err != nil {
		return nil, err
	}
	proof, err := w.tree.Proof(i)
	if err != nil {
		return nil, err
	}
	siblings := make([]string, len(proof))
	for j, p := range proof {
		siblings[j] = hex.EncodeToString(p[:])
	}
	return &devicetypes.MsgActivateDevice{
		Owner: owner.String(), DeviceId: e.ID.String(), Signature: sig,
		MerkleProof: &devicetypes.MerkleProof{
			Root: w.root, ManufacturerId: w.manufacturer, KeyType: devicetypes.KeyType(e.KeyType), PublicKey: e.PublicKey, Siblings: siblings,
		},
	}, nil
}
