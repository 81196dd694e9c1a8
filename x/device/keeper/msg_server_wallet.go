package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/consent"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
)

// walletConsent is the owner's offer and the wallet's acceptance, the same
// two steps as a registry's operator rotation.
var walletConsent = consent.Errors{
	Invalid: types.ErrInvalidWalletOffer, None: types.ErrNoWalletOffer, NotOffered: types.ErrUnauthorized, Expired: types.ErrWalletOfferExpired,
}

// Who ended a wallet link or a pending offer, as the events name it.
const (
	reasonOwner     = "owner"
	reasonWallet    = "wallet"
	reasonTransfer  = "transfer"
	reasonReplaced  = "replaced"
	reasonWithdrawn = "withdrawn"
	reasonDeclined  = "declined"
)

// OfferWallet records the owner's offer of a wallet. It links nothing: the
// offered account's funds pay for the device only once it accepts.
func (s msgServer) OfferWallet(ctx context.Context, msg *types.MsgOfferWallet) (*types.MsgOfferWalletResponse, error) {
	d, err := s.k.ownedDevice(ctx, msg.Owner, msg.DeviceId)
	if err != nil {
		return nil, err
	}
	if err := s.k.personalAccount("wallet", msg.Wallet); err != nil {
		return nil, err
	}
	if msg.Wallet == msg.Owner {
		return nil, errorsmod.Wrap(types.ErrInvalidWalletOffer, "the owner pays for its devices without a wallet")
	}
	if msg.Wallet == d.Wallet {
		return nil, errorsmod.Wrapf(types.ErrInvalidWalletOffer, "%s is already the wallet of %s", msg.Wallet, d.Id)
	}
	if err := walletConsent.Open(ctx, msg.ExpiryHeight); err != nil {
		return nil, err
	}
	old := d
	if err := dropOffer(ctx, &d, reasonReplaced); err != nil {
		return nil, err
	}
	d.WalletOffer = &types.WalletOffer{Wallet: msg.Wallet, ExpiryHeight: msg.ExpiryHeight}
	if err := s.k.storeChangeAndNotify(ctx, &old, d); err != nil {
		return nil, err
	}
	return &types.MsgOfferWalletResponse{}, keeperkit.Emit(ctx, &types.EventWalletOffered{
		DeviceId: d.Id, Owner: d.Owner, Wallet: msg.Wallet, ExpiryHeight: msg.ExpiryHeight,
	})
}

// AcceptWallet links the signer as the device's wallet: its signature is its
// consent to pay for this device of this owner, so the owner it names must
// still own the device and the offer must be the signer's and unexpired.
func (s msgServer) AcceptWallet(ctx context.Context, msg *types.MsgAcceptWallet) (*types.MsgAcceptWalletResponse, error) {
	if err := s.k.personalAccount("wallet", msg.Wallet); err != nil {
		return nil, err
	}
	if _, err := s.k.addressCodec.StringToBytes(msg.Owner); err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "owner %q: %v", msg.Owner, err)
	}
	_, d, err := s.k.getDevice(ctx, msg.DeviceId)
	if err != nil {
		return nil, err
	}
	if d.Status == types.STATUS_REVOKED {
		return nil, errorsmod.Wrapf(types.ErrInvalidStatus, "%s is revoked", d.Id)
	}
	if d.Owner == "" || d.Owner != msg.Owner {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s is not owned by %s, the owner the wallet consents to", d.Id, msg.Owner)
	}
	offer := d.GetWalletOffer()
	if err := walletConsent.Accept(ctx, offer != nil, []string{offer.GetWallet()}, offer.GetExpiryHeight(), msg.Wallet, "the wallet of "+d.Id); err != nil {
		return nil, err
	}
	old := d
	d.Wallet, d.WalletOffer = msg.Wallet, nil
	if err := s.k.storeChangeAndNotify(ctx, &old, d); err != nil {
		return nil, err
	}
	return &types.MsgAcceptWalletResponse{}, keeperkit.Emit(ctx, &types.EventWalletLinked{DeviceId: d.Id, Owner: d.Owner, Wallet: d.Wallet})
}

// UnlinkWallet lets either side walk away at any time, whatever the
// device's status: the owner unlinks the wallet and withdraws any offer, the
// linked wallet unlinks itself, the offered account declines.
func (s msgServer) UnlinkWallet(ctx context.Context, msg *types.MsgUnlinkWallet) (*types.MsgUnlinkWalletResponse, error) {
	if _, err := s.k.addressCodec.StringToBytes(msg.Signer); err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "signer %q: %v", msg.Signer, err)
	}
	_, d, err := s.k.getDevice(ctx, msg.DeviceId)
	if err != nil {
		return nil, err
	}
	offered := d.WalletOffer != nil && d.WalletOffer.Wallet == msg.Signer
	isOwner := d.Owner != "" && d.Owner == msg.Signer
	if !isOwner && msg.Signer != d.Wallet && !offered {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s is neither the owner, the wallet nor the offered account of %s", msg.Signer, d.Id)
	}
	if d.Wallet == "" && d.WalletOffer == nil {
		return nil, errorsmod.Wrapf(types.ErrNoWallet, "device %s", d.Id)
	}
	old := d
	switch {
	case isOwner:
		if err := dropWallet(ctx, &d, reasonOwner, reasonWithdrawn); err != nil {
			return nil, err
		}
	case msg.Signer == d.Wallet:
		if err := dropLink(ctx, &d, reasonWallet); err != nil {
			return nil, err
		}
	default:
		if err := dropOffer(ctx, &d, reasonDeclined); err != nil {
			return nil, err
		}
	}
	if err := s.k.storeChangeAndNotify(ctx, &old, d); err != nil {
		return nil, err
	}
	return &types.MsgUnlinkWalletResponse{}, nil
}

// dropWallet ends both the link and any pending offer of d, each with its
// event.
func dropWallet(ctx context.Context, d *types.Device, linkReason, offerReason string) error {
	if err := dropLink(ctx, d, linkReason); err != nil {
		return err
	}
	return dropOffer(ctx, d, offerReason)
}

// dropLink clears d's wallet, if any, and emits the unlink.
func dropLink(ctx context.Context, d *types.Device, reason string) error {
	if d.Wallet == "" {
		return nil
	}
	wallet := d.Wallet
	d.Wallet = ""
	return keeperkit.Emit(ctx, &types.EventWalletUnlinked{DeviceId: d.Id, Wallet: wallet, Reason: reason})
}

// dropOffer clears d's pending offer, if any, and emits its end.
func dropOffer(ctx context.Context, d *types.Device, reason string) error {
	if d.WalletOffer == nil {
		return nil
	}
	wallet := d.WalletOffer.Wallet
	d.WalletOffer = nil
	return keeperkit.Emit(ctx, &types.EventWalletOfferDropped{DeviceId: d.Id, Wallet: wallet, Reason: reason})
}
