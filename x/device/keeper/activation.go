package keeper

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
)

// verifiedProofsKey is the context key under which the ante handler leaves
// the signatures it has already verified in this transaction.
type verifiedProofsKey struct{}

// proofDigest identifies one signature check by all of its inputs, so a
// cached result can only ever stand for the very same check.
func proofDigest(kt types.KeyType, pub, msg, sig []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte{byte(kt)})
	for _, part := range [][]byte{pub, msg, sig} {
		h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(part))))
		h.Write(part)
	}
	var d [32]byte
	copy(d[:], h.Sum(nil))
	return d
}

// activationTarget resolves the device an activation is for: a registered
// device on chain, or one materialised from a committed Merkle whitelist
// with its inclusion proof (then the whitelist is returned too).
func (k *Keeper) activationTarget(ctx context.Context, msg *types.MsgActivateDevice) (types.Device, *types.MerkleWhitelist, error) {
	id, err := types.ParseDeviceID(msg.DeviceId)
	if err != nil {
		return types.Device{}, nil, err
	}
	d, err := k.GetDevice(ctx, id)
	switch {
	case err == nil:
		if msg.MerkleProof != nil {
			return d, nil, errorsmod.Wrapf(types.ErrInvalidMerkleProof, "device %s is already on chain; send no proof", id)
		}
		if d.Status != types.STATUS_REGISTERED {
			return d, nil, errorsmod.Wrapf(types.ErrInvalidStatus, "device %s is %s, only a registered device can be activated", id, d.Status.StatusName())
		}
	case errors.Is(err, types.ErrUnknownDevice) && msg.MerkleProof != nil:
		w, err := k.whitelistDevice(ctx, id, msg.MerkleProof)
		if err != nil {
			return types.Device{}, nil, err
		}
		entry := types.DeviceEntry{Id: id.String(), KeyType: msg.MerkleProof.KeyType, PublicKey: msg.MerkleProof.PublicKey,
			Protocols: w.Protocols, DeviceType: w.DeviceType}
		// The device was registered when its whitelist was committed: it
		// keeps the default of then, not the manufacturer's current one.
		return newDevice(w.ManufacturerId, entry, sdk.UnwrapSDKContext(ctx).BlockHeight(), w.DefaultReputation), &w, nil
	default:
		return d, nil, err
	}
	return d, nil, nil
}

// whitelistDevice checks a Merkle inclusion proof for a device not yet on
// chain, in the whitelist of the manufacturer the proof names.
func (k *Keeper) whitelistDevice(ctx context.Context, id devicekit.ID, p *types.MerkleProof) (types.MerkleWhitelist, error) {
	root, err := types.ParseRoot(p.Root)
	if err != nil {
		return types.MerkleWhitelist{}, err
	}
	if p.ManufacturerId == "" {
		return types.MerkleWhitelist{}, errorsmod.Wrap(types.ErrInvalidMerkleProof, "the proof names no manufacturer")
	}
	w, err := k.Whitelists.Get(ctx, whitelistKey(p.ManufacturerId, root))
	if keeperkit.IsNotFound(err) {
		return w, errorsmod.Wrapf(types.ErrUnknownWhitelist, "%s has committed no whitelist %s", p.ManufacturerId, p.Root)
	}
	if err != nil {
		return w, err
	}
	if w.Activated >= w.Count {
		return w, errorsmod.Wrapf(types.ErrWhitelistExhausted, "%s: %d of %d", p.Root, w.Activated, w.Count)
	}
	if err := types.ValidateKey(p.KeyType, p.PublicKey); err != nil {
		return w, err
	}
	if err := k.checkNew(ctx, w.ManufacturerId, id, p.KeyType, p.PublicKey); err != nil {
		return w, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return w, err
	}
	if len(p.Siblings) > int(params.MaxMerkleProofLength) || len(p.Siblings) > devicekit.MaxProofLen(int(min(w.Count, 1<<62))) {
		return w, errorsmod.Wrapf(types.ErrInvalidMerkleProof, "%d siblings is longer than a tree of %d leaves needs", len(p.Siblings), w.Count)
	}
	proof := make([][32]byte, len(p.Siblings))
	for i, s := range p.Siblings {
		bz, err := types.DecodeHash(s)
		if err != nil {
			return w, errorsmod.Wrapf(types.ErrInvalidMerkleProof, "sibling %d: %v", i, err)
		}
		copy(proof[i][:], bz)
	}
	leaf := devicekit.LeafHash(devicekit.Entry{ID: id, KeyType: p.KeyType.Kit(), PublicKey: p.PublicKey})
	if !devicekit.VerifyProof(root, leaf, proof) {
		return w, errorsmod.Wrapf(types.ErrInvalidMerkleProof, "device %s with this key is not a leaf of %s", id, p.Root)
	}
	return w, nil
}

// checkSignature verifies the device's signature over the activation sign
// bytes binding this chain, the device and the owner, charging the
// verification gas of its key type. A verdict the ante handler reached in
// this transaction (CheckActivation) is reused: its gas is already paid.
func (k *Keeper) checkSignature(ctx context.Context, d types.Device, owner sdk.AccAddress, sig []byte) error {
	msg, err := signBytes(ctx, d, owner)
	if err != nil {
		return err
	}
	digest := proofDigest(d.KeyType, d.PublicKey, msg, sig)
	if cached, ok := ctx.Value(verifiedProofsKey{}).(map[[32]byte]error); ok {
		if res, ok := cached[digest]; ok {
			return res
		}
	}
	return k.chargeAndVerify(ctx, d, msg, sig, digest)
}

// chargeAndVerify charges the verification gas of d's key type, then
// verifies its activation signature: the one order every activation check
// follows, so that no signature is verified unpaid.
func (k *Keeper) chargeAndVerify(ctx context.Context, d types.Device, msg, sig []byte, digest [32]byte) error {
	if err := k.chargeVerifyGas(ctx, d.KeyType); err != nil {
		return err
	}
	return k.verifyCached(d, msg, sig, digest)
}

// verifyCached verifies a device's activation signature unless this
// process has already verified the very same one (digest), and remembers a
// success.
func (k *Keeper) verifyCached(d types.Device, msg, sig []byte, digest [32]byte) error {
	if err := k.verifyKit(d, msg, sig, digest); err != nil {
		return errorsmod.Wrapf(types.ErrInvalidActivation, "device %s (%s): %v", d.Id, d.KeyType.Kit(), err)
	}
	return nil
}

// verifyKit is devicekit's verification of d's signature over msg, skipped
// when this process has already verified the very same one (digest).
func (k *Keeper) verifyKit(d types.Device, msg, sig []byte, digest [32]byte) error {
	if k.verified.has(digest) {
		return nil
	}
	if err := devicekit.Verify(d.KeyType.Kit(), d.PublicKey, msg, sig); err != nil {
		return err
	}
	k.verified.add(digest)
	return nil
}

// VerifyDeviceSignature checks sig by d's own key over msg, sign bytes of
// another format that the caller built (a payment intent), charging the
// verification gas of the key type as activation does. It returns
// devicekit's error for a signature that does not verify; the caller wraps
// it in its own module's error.
func (k *Keeper) VerifyDeviceSignature(ctx context.Context, d types.Device, msg, sig []byte) error {
	if err := k.chargeVerifyGas(ctx, d.KeyType); err != nil {
		return err
	}
	return k.verifyKit(d, msg, sig, proofDigest(d.KeyType, d.PublicKey, msg, sig))
}

// signBytes is the activation message of d for owner on this chain.
func signBytes(ctx context.Context, d types.Device, owner sdk.AccAddress) ([]byte, error) {
	id, err := types.ParseDeviceID(d.Id)
	if err != nil {
		return nil, err
	}
	msg, err := devicekit.ActivationSignBytes(sdk.UnwrapSDKContext(ctx).ChainID(), id, owner)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidActivation, "%v", err)
	}
	return msg, nil
}

// chargeVerifyGas charges the verification cost of the device's key type.
func (k *Keeper) chargeVerifyGas(ctx context.Context, kt types.KeyType) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(params.VerifyGas(kt), "device signature")
	return nil
}

// checkActiveManufacturer refuses activations for devices of a manufacturer
// that is suspended or removed.
func (k *Keeper) checkActiveManufacturer(ctx context.Context, id string) error {
	m, err := k.manufacturers.GetManufacturer(ctx, id)
	if err != nil {
		return err
	}
	return m.CheckActive()
}

// CheckActivation runs the checks of an activation's proof without writing:
// the device or Merkle proof it names, and the device's signature, charging
// the signature's verification gas before verifying it. The ante handler
// uses it to raise the activation_failed alert, and records each signature
// result in verified so that the message neither verifies nor pays again.
func (k *Keeper) CheckActivation(ctx context.Context, msg *types.MsgActivateDevice, verified map[[32]byte]error) error {
	owner, err := k.addressCodec.StringToBytes(msg.Owner)
	if err != nil {
		return errorsmod.Wrapf(types.ErrInvalidAddress, "owner %q: %v", msg.Owner, err)
	}
	d, _, err := k.activationTarget(ctx, msg)
	if err != nil {
		return err
	}
	m, err := signBytes(ctx, d, owner)
	if err != nil {
		return err
	}
	digest := proofDigest(d.KeyType, d.PublicKey, m, msg.Signature)
	err = k.chargeAndVerify(ctx, d, m, msg.Signature, digest)
	verified[digest] = err
	return err
}
