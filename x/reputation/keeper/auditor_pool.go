package keeper

import (
	"context"
	"errors"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
)

// EndAuditorEpoch pays the auditor pool out when its epoch ends in this
// block (x/token keeps the pool, the epoch and its tally, and decides). It
// runs here because this module sees the auditor registry, which sits above
// x/token: auditorPayee tells x/token who each auditor of the tally is now.
func (k *Keeper) EndAuditorEpoch(ctx context.Context) error {
	return k.token.EndAuditorEpoch(ctx, k.auditorPayee)
}

// auditorPayee names the account an auditor's share of the pool goes to: its
// operator at the epoch's end, so a rotation during the epoch pays the new
// account. A suspended or removed auditor's credit is forfeited to the
// active ones: the pool pays for scores that count, and a suspended
// auditor's count for nothing at the end; carrying its credit instead would
// hold a share of every later pool back for as long as the suspension
// lasts. An id the registry does not know (only an imported tally can name
// one) is forfeited alike.
func (k *Keeper) auditorPayee(ctx context.Context, auditorID string) (sdk.AccAddress, string, error) {
	a, err := k.auditors.GetAuditor(ctx, auditorID)
	if errors.Is(err, auditortypes.ErrUnknownAuditor) {
		return nil, "unknown", nil
	}
	if err != nil {
		return nil, "", err
	}
	if a.Status != auditortypes.STATUS_ACTIVE {
		return nil, a.Status.StatusName(), nil
	}
	account, err := k.addressCodec.StringToBytes(a.Operator)
	if err != nil {
		return nil, "", errorsmod.Wrapf(auditortypes.ErrInvalidOperator, "auditor %s operator %q: %v", a.Id, a.Operator, err)
	}
	return account, "", nil
}
