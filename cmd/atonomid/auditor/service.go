// Package auditor is the auditor service behind `atonomid auditor run`: it
// follows a node's blocks over the CometBFT websocket, keeps per-device
// behaviour statistics of the evidence each device's key, owner or
// manufacturer produced, scores them with the anomaly model of model.go and
// writes the scores that changed to x/reputation in batches. Refused
// activations, which anyone can cause, are tallied by the account that
// sent them and score no device. It is client code: no keeper may import
// it. docs/auditor-service.md describes it.
package auditor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cosmossdk.io/log/v2"
	abci "github.com/cometbft/cometbft/abci/types"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	cmttypes "github.com/cometbft/cometbft/types"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/tx"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
)

// Config is what a service needs to run.
type Config struct {
	// ClientCtx carries the codecs, the keyring, the signer (From), the
	// chain id and the node (NodeURI).
	ClientCtx client.Context
	// Factory signs the batches (gas, fees, sign mode from the tx flags).
	Factory tx.Factory
	// StatePath is the state file.
	StatePath string
	Model     Model
	// Interval is the least time between two batches.
	Interval time.Duration
	// MinChange is the change of a score, as a fraction of MaxScore, that
	// makes it worth writing again.
	MinChange float64
	// StartHeight is the first block of a fresh state; 0 starts at the
	// node's latest block.
	StartHeight int64
	// PollInterval is how often the node's health and height are checked
	// between websocket events.
	PollInterval time.Duration
	// PendingBlocks is how many blocks a batch may stay unseen before the
	// service asks the chain what became of it.
	PendingBlocks int64
	// MinBackoff and MaxBackoff bound the wait between reconnections.
	MinBackoff, MaxBackoff time.Duration
	Logger                 log.Logger
	// OnProgress, when set, is called from Run's goroutine after each
	// round of block processing: for monitoring, and for tests that must
	// know when the service has caught up.
	OnProgress func(Progress)
}

// Progress is a snapshot of the service's position.
type Progress struct {
	// Height is the last block applied.
	Height int64
	// Pending says whether a batch is in flight.
	Pending bool
	// Written counts the scores the chain confirmed.
	Written int
}

// DefaultConfig returns the defaults of everything but the client.
func DefaultConfig() Config {
	return Config{
		Model:         DefaultModel(),
		Interval:      time.Minute,
		MinChange:     0.01,
		PollInterval:  5 * time.Second,
		PendingBlocks: 10,
		MinBackoff:    time.Second,
		MaxBackoff:    time.Minute,
		Logger:        log.NewNopLogger(),
	}
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if err := c.Model.Validate(); err != nil {
		return err
	}
	switch {
	case c.ClientCtx.FromAddress.Empty():
		return errors.New("no signer: give --from")
	case c.ClientCtx.ChainID == "":
		return errors.New("no chain id: give --chain-id")
	case c.ClientCtx.NodeURI == "":
		return errors.New("no node: give --node")
	case c.StatePath == "":
		return errors.New("no state file")
	case c.MinChange < 0 || c.MinChange > 1:
		return fmt.Errorf("min-change must be in [0, 1], got %v", c.MinChange)
	case c.PollInterval <= 0 || c.MinBackoff <= 0 || c.MaxBackoff < c.MinBackoff:
		return errors.New("poll interval and backoffs must be positive, max-backoff >= min-backoff")
	case c.PendingBlocks < 1:
		return fmt.Errorf("pending-blocks must be at least 1, got %d", c.PendingBlocks)
	}
	return nil
}

// Service is a running auditor service.
type Service struct {
	cfg   Config
	log   log.Logger
	state *State
	// reported is the height up to which refused activations were
	// reported in the log (reportSubmitters).
	reported int64
}

// New loads the state file and returns a service ready to Run.
func New(cfg Config) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	st, err := LoadState(cfg.StatePath, cfg.ClientCtx.ChainID, cfg.ClientCtx.FromAddress.String())
	if err != nil {
		return nil, err
	}
	logger := cfg.Logger
	if logger == nil {
		logger = log.NewNopLogger()
	}
	svc := &Service{cfg: cfg, log: logger.With("module", "auditor-service"), state: st, reported: st.LastHeight}
	if st.migratedFrom != 0 {
		svc.log.Info("state file migrated; it is rewritten at the next save", "path", cfg.StatePath,
			"from_version", st.migratedFrom, "to_version", stateVersion, "devices", len(st.Devices))
	}
	return svc, nil
}

// State returns the service's state; read it only when Run has returned.
func (s *Service) State() *State { return s.state }

// Run follows the chain until ctx ends, reconnecting with exponential
// backoff whenever the node cannot be reached. It returns nil when ctx
// ends, after saving the state.
func (s *Service) Run(ctx context.Context) error {
	backoff := s.cfg.MinBackoff
	for {
		connected, err := s.session(ctx)
		if ctx.Err() != nil {
			return s.state.Save(s.cfg.StatePath)
		}
		if connected {
			backoff = s.cfg.MinBackoff
		}
		s.log.Error("node connection lost; reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return s.state.Save(s.cfg.StatePath)
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, s.cfg.MaxBackoff)
	}
}

// session connects, catches up and follows new blocks until the node
// fails. connected says whether it got as far as a subscription, so that
// Run resets its backoff only after a real connection.
func (s *Service) session(ctx context.Context) (connected bool, err error) {
	node, err := rpchttp.New(s.cfg.ClientCtx.NodeURI, "/websocket")
	if err != nil {
		return false, err
	}
	if err := node.Start(); err != nil {
		return false, err
	}
	defer func() { _ = node.Stop() }()
	blocks, err := node.Subscribe(ctx, "atonomi-auditor", cmttypes.QueryForEvent(cmttypes.EventNewBlock).String(), 64)
	if err != nil {
		return false, err
	}
	c := &conn{node: node, clientCtx: s.cfg.ClientCtx.WithClient(node)}
	status, err := node.Status(ctx)
	if err != nil {
		return false, err
	}
	s.log.Info("connected", "node", s.cfg.ClientCtx.NodeURI, "latest_height", status.SyncInfo.LatestBlockHeight, "last_processed", s.state.LastHeight)
	if s.state.LastHeight == 0 {
		s.start(status.SyncInfo.LatestBlockHeight)
	}
	if err := s.catchUp(ctx, c, status.SyncInfo.LatestBlockHeight); err != nil {
		return true, err
	}
	if err := s.afterBlocks(ctx, c); err != nil {
		return true, err
	}
	ticker := time.NewTicker(s.cfg.PollInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return true, ctx.Err()
		case ev := <-blocks:
			if err := s.onNewBlock(ctx, c, ev.Data); err != nil {
				return true, err
			}
		case <-ticker.C:
			// The websocket may drop events (a full channel) or die
			// silently; the node's height tells both, and an unreachable
			// node ends the session.
			pctx, cancel := context.WithTimeout(ctx, s.cfg.PollInterval)
			status, err := node.Status(pctx)
			cancel()
			if err != nil {
				return true, err
			}
			if err := s.catchUp(ctx, c, status.SyncInfo.LatestBlockHeight); err != nil {
				return true, err
			}
		}
		if err := s.afterBlocks(ctx, c); err != nil {
			return true, err
		}
	}
}

// start places a fresh state before its first block.
func (s *Service) start(latest int64) {
	first := s.cfg.StartHeight
	if first <= 0 {
		first = latest
	}
	s.state.LastHeight = max(first-1, 0)
	s.state.Window = s.cfg.Model.WindowOf(first)
	s.log.Info("fresh state", "first_height", first)
}

// onNewBlock applies a block from the websocket when it is the next one,
// and catches up through BlockResults when blocks were missed.
func (s *Service) onNewBlock(ctx context.Context, c *conn, data cmttypes.TMEventData) error {
	var nb cmttypes.EventDataNewBlock
	switch d := data.(type) {
	case cmttypes.EventDataNewBlock:
		nb = d
	case *cmttypes.EventDataNewBlock:
		nb = *d
	default:
		return nil
	}
	if nb.Block == nil {
		return nil
	}
	h := nb.Block.Height
	if h != s.state.LastHeight+1 {
		return s.catchUp(ctx, c, h)
	}
	return s.apply(ctx, c, h, nb.ResultFinalizeBlock.TxResults, nb.ResultFinalizeBlock.Events, true)
}

// catchUp applies every block after the last processed one up to height,
// read from the node's block results, so that nothing missed while away
// is lost.
func (s *Service) catchUp(ctx context.Context, c *conn, height int64) error {
	for h := s.state.LastHeight + 1; h <= height; h++ {
		res, err := c.node.BlockResults(ctx, &h)
		if err != nil && h == height {
			// The node reports a new height as soon as the block is
			// stored, a moment before its results are: the next event or
			// poll reads it.
			s.log.Debug("results of the newest block not available yet", "height", h, "err", err)
			return nil
		}
		if err != nil {
			return fmt.Errorf("block results of height %d: %w", h, err)
		}
		// Saved every 100 blocks and at the end: a crash in between
		// replays the unsaved blocks onto the saved statistics.
		if err := s.apply(ctx, c, h, res.TxsResults, res.FinalizeBlockEvents, h == height || h%100 == 0); err != nil {
			return err
		}
	}
	return nil
}

// apply counts a block's events and saves the state when asked.
func (s *Service) apply(ctx context.Context, c *conn, height int64, txs []*abci.ExecTxResult, events []abci.Event, save bool) error {
	if height <= s.state.LastHeight {
		return nil // seen already: ApplyBlock would ignore it, so look nothing up
	}
	ev := Observe(txs, events)
	if err := s.resolve(ctx, c, ev.Devices); err != nil {
		return err
	}
	applied, err := s.state.ApplyBlock(s.cfg.Model, height, ev)
	if err != nil || !applied {
		return err
	}
	if len(ev.Devices)+len(ev.ActivationSubmitters) > 0 {
		s.log.Debug("block applied", "height", height, "device_observations", len(ev.Devices), "refused_activations", len(ev.ActivationSubmitters))
	}
	if !save {
		return nil
	}
	return s.state.Save(s.cfg.StatePath)
}

// resolve names the manufacturer of each observed device that the state
// does not track and no event of the block named, from the device
// registry. A device the registry does not know keeps none, and ApplyBlock
// then gives it no state. Each id is looked up at most once per block; an
// unknown one is not remembered past the block, so that made-up ids cost
// no memory. A failed lookup fails the block, which is applied again later.
func (s *Service) resolve(ctx context.Context, c *conn, obs []Observation) error {
	q := devicetypes.NewQueryClient(c.clientCtx)
	named := map[string]string{}
	for i := range obs {
		o := &obs[i]
		if o.Manufacturer != "" {
			named[o.DeviceID] = o.Manufacturer
			continue
		}
		if _, tracked := s.state.Devices[o.DeviceID]; tracked {
			continue
		}
		m, done := named[o.DeviceID]
		if !done {
			res, err := q.Device(ctx, &devicetypes.QueryDeviceRequest{Id: o.DeviceID})
			switch code := status.Code(err); {
			case err == nil:
				m = res.Device.ManufacturerId
			case code == codes.NotFound || code == codes.InvalidArgument:
				s.log.Debug("evidence about a device the registry does not know is ignored", "device", o.DeviceID)
			default:
				return fmt.Errorf("device %s: %w", o.DeviceID, err)
			}
			named[o.DeviceID] = m
		}
		o.Manufacturer = m
	}
	return nil
}

// afterBlocks settles the batch in flight, then writes the next one when
// the interval has passed.
func (s *Service) afterBlocks(ctx context.Context, c *conn) error {
	var err error
	switch {
	case s.state.Pending != nil:
		err = s.settlePending(ctx, c)
	case time.Since(s.state.LastFlush) >= s.cfg.Interval:
		err = s.flush(ctx, c)
	}
	if err == nil && s.cfg.OnProgress != nil {
		s.cfg.OnProgress(Progress{Height: s.state.LastHeight, Pending: s.state.Pending != nil, Written: len(s.state.Written)})
	}
	return err
}
