package auditor

import (
	"cmp"
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	errorsmod "cosmossdk.io/errors"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	cmttypes "github.com/cometbft/cometbft/types"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/query"

	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// conn is one session's connection to the node: its RPC client and a
// client context whose queries and broadcasts go through it.
type conn struct {
	node      *rpchttp.HTTP
	clientCtx client.Context
}

// flush reports the refused activations, writes one batch of the scores
// that changed enough, if any, and forgets the idle devices whose scores on
// chain are settled.
func (s *Service) flush(ctx context.Context, c *conn) error {
	s.reportSubmitters()
	operator := s.cfg.ClientCtx.FromAddress.String()
	auditor, err := auditortypes.NewQueryClient(c.clientCtx).AuditorByOperator(ctx, &auditortypes.QueryAuditorByOperatorRequest{Operator: operator})
	if status.Code(err) == codes.NotFound || (err == nil && auditor.Auditor.Status != auditortypes.STATUS_ACTIVE) {
		s.log.Error("the signer does not operate an active auditor; nothing is written", "operator", operator, "err", err)
		s.state.LastFlush = time.Now()
		// Nothing can be written, so only devices with no score on chain
		// are settled; those with one wait for the auditor's return.
		keep := map[string]bool{}
		for key := range s.state.Written {
			id, _, _ := strings.Cut(key, "/")
			keep[id] = true
		}
		s.prune(keep)
		return nil
	}
	if err != nil {
		return fmt.Errorf("auditor of %s: %w", operator, err)
	}
	params, err := reputationtypes.NewQueryClient(c.clientCtx).Params(ctx, &reputationtypes.QueryParamsRequest{})
	if err != nil {
		return fmt.Errorf("reputation params: %w", err)
	}
	sizes, err := s.fleetSizes(ctx, c)
	if err != nil {
		return err
	}
	scores := s.cfg.Model.Scores(s.state.Devices, sizes, sortedTypes(auditor.Auditor.ReputationTypes))
	due := Due(scores, s.state.Written, s.cfg.MinChange, -1)
	s.state.LastFlush = time.Now()
	// A device with a score still due is kept until the chain holds it,
	// however idle: a device is forgotten only when what stays on chain is
	// what the service would write.
	keep := map[string]bool{}
	for _, e := range due {
		keep[e.DeviceID] = true
	}
	s.prune(keep)
	entries := due[:min(len(due), int(params.Params.MaxBatchSize))]
	if len(entries) == 0 {
		return nil
	}
	p, err := s.sign(ctx, c, entries)
	if err != nil {
		return err
	}
	// The batch is on disk before it leaves: after a crash the service
	// looks for it on chain instead of writing it again.
	s.state.Pending = p
	if err := s.state.Save(s.cfg.StatePath); err != nil {
		return err
	}
	s.log.Info("writing scores", "entries", len(entries), "tx", p.TxHash, "sequence", p.Sequence)
	return s.broadcast(c, p)
}

// prune forgets idle devices not in keep (State.Prune).
func (s *Service) prune(keep map[string]bool) {
	if pruned := s.state.Prune(s.cfg.Model.PruneBelow, keep); len(pruned) > 0 {
		s.log.Debug("idle devices forgotten", "count", len(pruned), "tracked", len(s.state.Devices))
	}
}

// reportLimit is how many accounts one report names; the rest are counted.
const reportLimit = 10

// reportSubmitters logs, once per flush, the accounts whose activations
// were refused since the last report, most refusals first: evidence about
// those accounts (an attacker's burst shows here), which scores no device.
func (s *Service) reportSubmitters() {
	var recent []string
	for account, a := range s.state.Submitters {
		if a.LastHeight > s.reported {
			recent = append(recent, account)
		}
	}
	s.reported = s.state.LastHeight
	if len(recent) == 0 {
		return
	}
	slices.SortFunc(recent, func(x, y string) int {
		if c := cmp.Compare(s.state.Submitters[y].Total, s.state.Submitters[x].Total); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	for _, account := range recent[:min(len(recent), reportLimit)] {
		a := s.state.Submitters[account]
		s.log.Info("refused activations by submitter (evidence about the account, not the devices it named)",
			"submitter", account, "open_window", a.Count, "per_window", a.EWMA, "total", a.Total, "last_height", a.LastHeight)
	}
	if len(recent) > reportLimit {
		s.log.Info("more submitters had activations refused", "accounts", len(recent)-reportLimit)
	}
}

// fleetSizes reads each manufacturer's count of active devices.
func (s *Service) fleetSizes(ctx context.Context, c *conn) (map[string]uint64, error) {
	q := manufacturertypes.NewQueryClient(c.clientCtx)
	sizes := map[string]uint64{}
	for _, d := range s.state.Devices {
		if d.Manufacturer == "" {
			continue
		}
		if _, done := sizes[d.Manufacturer]; done {
			continue
		}
		res, err := q.Manufacturer(ctx, &manufacturertypes.QueryManufacturerRequest{Id: d.Manufacturer})
		if err != nil {
			return nil, fmt.Errorf("manufacturer %s: %w", d.Manufacturer, err)
		}
		sizes[d.Manufacturer] = res.Manufacturer.DevicesActive
	}
	return sizes, nil
}

// sign builds and signs a MsgWriteScores of entries at the account's
// current sequence.
func (s *Service) sign(ctx context.Context, c *conn, entries []ScoreEntry) (*PendingBatch, error) {
	from := s.cfg.ClientCtx.FromAddress
	accNum, seq, err := c.clientCtx.AccountRetriever.GetAccountNumberSequence(c.clientCtx, from)
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", from, err)
	}
	msg := &reputationtypes.MsgWriteScores{Operator: from.String()}
	for _, e := range entries {
		msg.Scores = append(msg.Scores, reputationtypes.ScoreEntry{DeviceId: e.DeviceID, ReputationType: e.ReputationType, Score: e.Score})
	}
	f := s.cfg.Factory.WithAccountNumber(accNum).WithSequence(seq)
	if f.SimulateAndExecute() {
		_, gas, err := tx.CalculateGas(c.clientCtx, f, msg)
		if err != nil {
			return nil, fmt.Errorf("simulating the batch: %w", err)
		}
		f = f.WithGas(gas)
	}
	builder, err := f.BuildUnsignedTx(msg)
	if err != nil {
		return nil, err
	}
	if err := tx.Sign(ctx, f, s.cfg.ClientCtx.FromName, builder, true); err != nil {
		return nil, err
	}
	bz, err := s.cfg.ClientCtx.TxConfig.TxEncoder()(builder.GetTx())
	if err != nil {
		return nil, err
	}
	return &PendingBatch{
		TxHash: fmt.Sprintf("%X", cmttypes.Tx(bz).Hash()), Tx: bz, Sequence: seq,
		Entries: entries, Height: s.state.LastHeight, Checked: s.state.LastHeight,
	}, nil
}

// broadcast sends the pending batch. A transport error leaves it pending
// (it may or may not have reached the node); a refusal by CheckTx means it
// cannot be included, except a wrong sequence, which may mean that it was.
func (s *Service) broadcast(c *conn, p *PendingBatch) error {
	res, err := c.clientCtx.BroadcastTxSync(p.Tx)
	if err != nil {
		s.log.Error("broadcast failed; the batch stays pending", "tx", p.TxHash, "err", err)
		return nil
	}
	is := func(e *errorsmod.Error) bool { return res.Codespace == e.Codespace() && res.Code == e.ABCICode() }
	switch {
	case res.Code == 0, is(sdkerrors.ErrTxInMempoolCache), is(sdkerrors.ErrMempoolIsFull):
		// In the mempool already, or to be sent again later.
		return nil
	case is(sdkerrors.ErrWrongSequence):
		// The sequence is taken, by this tx or another (in a block or in
		// the mempool): settled PendingBlocks blocks from now, by the
		// account's sequence and the registry.
		s.log.Info("the batch's sequence is taken; settling it later", "tx", p.TxHash, "log", res.RawLog)
		return nil
	default:
		s.log.Error("the node refused the batch", "tx", p.TxHash, "code", res.Code, "codespace", res.Codespace, "log", res.RawLog)
		s.state.Pending = nil
		return s.state.Save(s.cfg.StatePath)
	}
}

// settlePending learns what became of the batch in flight. Found by hash,
// its result decides. Unseen for PendingBlocks blocks, the account's
// sequence decides: unused, nothing can have written the batch, and the
// same signed bytes are sent again (at most one transaction of a sequence
// is ever included, so this cannot write twice); used, the reputation
// registry's history tells which of its scores the chain holds.
func (s *Service) settlePending(ctx context.Context, c *conn) error {
	p := s.state.Pending
	hash, err := hex.DecodeString(p.TxHash)
	if err != nil {
		return err
	}
	if res, err := c.node.Tx(ctx, hash, false); err == nil {
		if res.TxResult.Code == 0 {
			s.markWritten(p.Entries)
			s.log.Info("scores written", "entries", len(p.Entries), "tx", p.TxHash, "height", res.Height)
		} else {
			s.log.Error("the batch failed", "tx", p.TxHash, "code", res.TxResult.Code, "log", res.TxResult.Log)
		}
		s.state.Pending = nil
		return s.state.Save(s.cfg.StatePath)
	}
	if s.state.LastHeight-p.Checked < s.cfg.PendingBlocks {
		return nil
	}
	_, seq, err := c.clientCtx.AccountRetriever.GetAccountNumberSequence(c.clientCtx, s.cfg.ClientCtx.FromAddress)
	if err != nil {
		return err
	}
	if seq <= p.Sequence {
		p.Checked = s.state.LastHeight
		if err := s.state.Save(s.cfg.StatePath); err != nil {
			return err
		}
		s.log.Info("batch not seen on chain; sending the same transaction again", "tx", p.TxHash)
		return s.broadcast(c, p)
	}
	held, err := s.heldScores(ctx, c, p)
	if err != nil {
		return err
	}
	s.markWritten(held)
	s.log.Info("batch settled from the registry", "tx", p.TxHash, "held", len(held), "of", len(p.Entries))
	s.state.Pending = nil
	return s.state.Save(s.cfg.StatePath)
}

// heldScores returns the entries of p that the registry holds as this
// auditor's newest score of the device and type, written after p was built.
func (s *Service) heldScores(ctx context.Context, c *conn, p *PendingBatch) ([]ScoreEntry, error) {
	auditor, err := auditortypes.NewQueryClient(c.clientCtx).AuditorByOperator(ctx,
		&auditortypes.QueryAuditorByOperatorRequest{Operator: s.cfg.ClientCtx.FromAddress.String()})
	if err != nil {
		return nil, err
	}
	q := reputationtypes.NewQueryClient(c.clientCtx)
	var held []ScoreEntry
	for _, e := range p.Entries {
		latest, err := latestScoreBy(ctx, q, e, auditor.Auditor.Id)
		if err != nil {
			return nil, err
		}
		if latest != nil && latest.Score == e.Score && latest.Height > p.Height {
			held = append(held, e)
		}
	}
	return held, nil
}

// latestScoreBy finds the newest score of e's device and type written by
// auditorID in the registry's history (newest first), or nil.
func latestScoreBy(ctx context.Context, q reputationtypes.QueryClient, e ScoreEntry, auditorID string) (*reputationtypes.Score, error) {
	var key []byte
	for {
		res, err := q.History(ctx, &reputationtypes.QueryHistoryRequest{
			DeviceId: e.DeviceID, ReputationType: e.ReputationType, Pagination: &query.PageRequest{Key: key},
		})
		if err != nil {
			return nil, err
		}
		for i := range res.Scores {
			if res.Scores[i].AuditorId == auditorID {
				return &res.Scores[i], nil
			}
		}
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			return nil, nil
		}
		key = res.Pagination.NextKey
	}
}

// markWritten records entries as the chain's scores.
func (s *Service) markWritten(entries []ScoreEntry) {
	for _, e := range entries {
		s.state.Written[e.Key().String()] = e.Score
	}
}
