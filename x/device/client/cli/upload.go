package cli

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"

	"github.com/atonomi/atonomid/x/device/types"
)

// uploader sends the chunks of a whitelist file, one transaction each, and
// records every step in the journal before taking it.
type uploader struct {
	clientCtx      client.Context
	txf            tx.Factory
	journal        *Journal
	entries        []types.DeviceEntry
	manufacturerID string
	operator       string
	// confirmTimeout bounds the wait for a broadcast tx to be committed.
	confirmTimeout time.Duration
	progress       io.Writer
}

// run settles the chunks an earlier run left unconfirmed, then sends the
// rest, at most maxChunks of them when maxChunks > 0.
func (u *uploader) run(ctx context.Context, maxChunks int) error {
	n := len(u.journal.Chunks)
	for i, c := range u.journal.Chunks {
		if c.State == ChunkSent {
			if err := u.settle(ctx, i); err != nil {
				return fmt.Errorf("chunk %d/%d: %w", i+1, n, err)
			}
		}
	}
	sent := 0
	for i, c := range u.journal.Chunks {
		if c.State == ChunkConfirmed {
			continue
		}
		if maxChunks > 0 && sent == maxChunks {
			fmt.Fprintf(u.progress, "stopped after %d chunks (--max-chunks): %d of %d confirmed; run the same command again to resume\n",
				sent, u.journal.Confirmed(), n)
			return nil
		}
		if err := u.send(ctx, i); err != nil {
			return fmt.Errorf("chunk %d/%d: %w", i+1, n, err)
		}
		sent++
	}
	fmt.Fprintf(u.progress, "done: all %d chunks confirmed, %d devices registered\n", n, u.journal.Devices)
	return nil
}

// settle finds out what became of a chunk that was sent but not seen
// committed: by its tx hash first, then, if the node does not know the tx
// (never broadcast, dropped, or not indexed), by asking the registry for
// its devices. Only a chunk none of whose devices is on chain is sent again.
func (u *uploader) settle(ctx context.Context, i int) error {
	c := u.journal.Chunks[i]
	if res, err := authtx.QueryTx(u.clientCtx, c.TxHash); err == nil {
		if res.Code == 0 {
			fmt.Fprintf(u.progress, "chunk %d: tx %s was committed at height %d\n", i+1, c.TxHash, res.Height)
			return u.journal.Set(i, ChunkConfirmed, c.TxHash, res.Height, "")
		}
		fmt.Fprintf(u.progress, "chunk %d: tx %s failed (code %d); it will be sent again\n", i+1, c.TxHash, res.Code)
		return u.journal.Set(i, ChunkFailed, c.TxHash, res.Height, res.RawLog)
	}
	onChain, err := u.devicesOnChain(ctx, u.journal.Entries(i, u.entries))
	if err != nil {
		return err
	}
	switch onChain {
	case c.Count:
		fmt.Fprintf(u.progress, "chunk %d: tx %s not found, but all its %d devices are registered to %s\n", i+1, c.TxHash, c.Count, u.manufacturerID)
		return u.journal.Set(i, ChunkConfirmed, c.TxHash, 0, "devices found on chain")
	case 0:
		fmt.Fprintf(u.progress, "chunk %d: tx %s not found and none of its devices is registered; it will be sent again\n", i+1, c.TxHash)
		return u.journal.Set(i, ChunkPending, "", 0, "")
	}
	return fmt.Errorf("%d of its %d devices are registered, the others not: a registration is all or nothing, "+
		"so the chain changed by other means; check the devices before resending", onChain, c.Count)
}

// devicesOnChain counts the entries registered to the uploader's
// manufacturer, and refuses an entry registered to another one.
func (u *uploader) devicesOnChain(ctx context.Context, entries []types.DeviceEntry) (int, error) {
	q := types.NewQueryClient(u.clientCtx)
	n := 0
	for _, e := range entries {
		res, err := q.Device(ctx, &types.QueryDeviceRequest{Id: e.Id})
		switch {
		case status.Code(err) == codes.NotFound:
			continue
		case err != nil:
			return 0, fmt.Errorf("looking up device %s: %w", e.Id, err)
		case res.Device.ManufacturerId != u.manufacturerID:
			return 0, fmt.Errorf("device %s is registered to manufacturer %q", e.Id, res.Device.ManufacturerId)
		}
		n++
	}
	return n, nil
}

// send signs chunk i, journals its tx hash, broadcasts it and waits for it
// to be committed.
func (u *uploader) send(ctx context.Context, i int) error {
	c := u.journal.Chunks[i]
	msg := &types.MsgRegisterDevices{Operator: u.operator, ManufacturerId: u.manufacturerID, Devices: u.journal.Entries(i, u.entries)}
	txf := u.txf
	if txf.SimulateAndExecute() {
		_, gas, err := tx.CalculateGas(u.clientCtx, txf, msg)
		if err != nil {
			return err
		}
		txf = txf.WithGas(gas)
	}
	builder, err := txf.BuildUnsignedTx(msg)
	if err != nil {
		return err
	}
	if err := tx.Sign(ctx, txf, u.clientCtx.FromName, builder, true); err != nil {
		return err
	}
	txBytes, err := u.clientCtx.TxConfig.TxEncoder()(builder.GetTx())
	if err != nil {
		return err
	}
	hash := fmt.Sprintf("%X", sha256.Sum256(txBytes))
	fmt.Fprintf(u.progress, "chunk %d/%d: devices %d-%d of %d: sending tx %s\n",
		i+1, len(u.journal.Chunks), c.Start+1, c.Start+c.Count, u.journal.Devices, hash)
	if err := u.journal.Set(i, ChunkSent, hash, 0, ""); err != nil {
		return err
	}
	res, err := u.clientCtx.BroadcastTxSync(txBytes)
	if err != nil {
		return fmt.Errorf("broadcast: %w (run the command again: it checks tx %s before resending)", err, hash)
	}
	if err := u.clientCtx.PrintProto(res); err != nil {
		return err
	}
	if res.Code != 0 {
		if err := u.journal.Set(i, ChunkFailed, hash, 0, res.RawLog); err != nil {
			return err
		}
		return fmt.Errorf("the node refused tx %s: code %d: %s", hash, res.Code, res.RawLog)
	}
	// CheckTx accepted it, so the account's sequence has moved on.
	u.txf = u.txf.WithSequence(u.txf.Sequence() + 1)
	committed, err := u.waitForTx(ctx, hash)
	if err != nil {
		return fmt.Errorf("%w (run the command again: it checks tx %s before resending)", err, hash)
	}
	if committed.Code != 0 {
		if err := u.journal.Set(i, ChunkFailed, hash, committed.Height, committed.RawLog); err != nil {
			return err
		}
		return fmt.Errorf("tx %s failed: code %d: %s", hash, committed.Code, committed.RawLog)
	}
	fmt.Fprintf(u.progress, "chunk %d/%d: confirmed at height %d (%d of %d chunks)\n",
		i+1, len(u.journal.Chunks), committed.Height, u.journal.Confirmed()+1, len(u.journal.Chunks))
	return u.journal.Set(i, ChunkConfirmed, hash, committed.Height, "")
}

// waitForTx polls the node for the committed tx until confirmTimeout.
func (u *uploader) waitForTx(ctx context.Context, hash string) (*sdk.TxResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, u.confirmTimeout)
	defer cancel()
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		if res, err := authtx.QueryTx(u.clientCtx, hash); err == nil {
			return res, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("tx %s was not committed within %s", hash, u.confirmTimeout)
		case <-tick.C:
		}
	}
}
