package types

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"

	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/devicekit"
)

// Limits on what a device record may hold; they bound state growth.
const (
	MaxProtocols      = 16
	MaxAttributes     = 16
	MaxAttrKeyLength  = 64
	MaxAttrValLength  = 256
	MaxDeviceTypeLen  = 64
	MaxListLength     = 32
	MaxServices       = 8
	MaxReasonLength   = 256
	KeyHashSize       = sha256.Size
	RoleOwner         = "owner"
	RoleManufacturer  = "manufacturer"
	RoleAuthority     = "authority"
	geohashAlphabet   = "0123456789bcdefghjkmnpqrstuvwxyz"
	maxGeohashLength  = 12
	maxProtocolLength = 16
)

var (
	protocolPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{0,15}$`)
	regionPattern   = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)
)

// ParseDeviceID parses the text form of a device id: 64 lower-case hex
// characters. Upper-case digits are refused, never folded: an id spelled two
// ways would be two keys wherever ids are compared as text.
func ParseDeviceID(s string) (devicekit.ID, error) {
	id, err := devicekit.ParseID(s)
	if errors.Is(err, devicekit.ErrNonCanonicalID) {
		return id, errorsmod.Wrapf(ErrInvalidDeviceID, "%q is not canonical: use lower case", s)
	}
	if err != nil {
		return id, errorsmod.Wrapf(ErrInvalidDeviceID, "%q: want 64 lower-case hex characters", s)
	}
	return id, nil
}

// Kit converts the proto key type to devicekit's, which carries the same code.
func (kt KeyType) Kit() devicekit.KeyType { return devicekit.KeyType(kt) }

// ValidateKey checks a key type and its public key encoding.
func ValidateKey(kt KeyType, pub []byte) error {
	if !kt.Kit().Valid() {
		return errorsmod.Wrapf(ErrInvalidKeyType, "%d", kt)
	}
	if err := devicekit.ValidatePublicKey(kt.Kit(), pub); err != nil {
		return errorsmod.Wrapf(ErrInvalidPublicKey, "%s: %v", kt.Kit(), err)
	}
	return nil
}

// KeyHash identifies a credential for the never-reuse rule: SHA-256 over the
// key-type code and the public key.
func KeyHash(kt KeyType, pub []byte) []byte {
	h := sha256.New()
	h.Write([]byte{byte(kt)})
	h.Write(pub)
	return h.Sum(nil)
}

// StatusName returns the lower-case status used in events ("active", ...).
func (s Status) StatusName() string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "STATUS_"))
}

// ValidateStatus checks that s is a real status.
func ValidateStatus(s Status) error {
	if _, ok := Status_name[int32(s)]; !ok || s == STATUS_UNSPECIFIED {
		return errorsmod.Wrapf(ErrInvalidStatus, "unknown status %d", s)
	}
	return nil
}

// Validate checks a whitelist entry without looking at state.
func (e DeviceEntry) Validate() error {
	if _, err := ParseDeviceID(e.Id); err != nil {
		return err
	}
	if err := ValidateKey(e.KeyType, e.PublicKey); err != nil {
		return err
	}
	if err := validateProtocols(e.Protocols); err != nil {
		return err
	}
	if len(e.DeviceType) > MaxDeviceTypeLen {
		return errorsmod.Wrapf(ErrInvalidEntry, "device_type longer than %d", MaxDeviceTypeLen)
	}
	return validateAttributes(ErrInvalidEntry, e.Metadata)
}

func validateProtocols(protocols []string) error {
	if len(protocols) > MaxProtocols {
		return errorsmod.Wrapf(ErrInvalidEntry, "more than %d protocols", MaxProtocols)
	}
	for _, p := range protocols {
		if !protocolPattern.MatchString(p) {
			return errorsmod.Wrapf(ErrInvalidEntry, "protocol %q: want 1-%d of [a-z0-9.-]", p, maxProtocolLength)
		}
	}
	return nil
}

func validateAttributes(kind error, attrs []Attribute) error {
	if len(attrs) > MaxAttributes {
		return errorsmod.Wrapf(kind, "more than %d attributes", MaxAttributes)
	}
	seen := make(map[string]struct{}, len(attrs))
	for _, a := range attrs {
		if a.Key == "" || len(a.Key) > MaxAttrKeyLength || len(a.Value) > MaxAttrValLength {
			return errorsmod.Wrapf(kind, "attribute %q: key 1-%d, value up to %d characters", a.Key, MaxAttrKeyLength, MaxAttrValLength)
		}
		if _, dup := seen[a.Key]; dup {
			return errorsmod.Wrapf(kind, "attribute %q is listed twice", a.Key)
		}
		seen[a.Key] = struct{}{}
	}
	return nil
}

// ParseRoot parses the text form of a Merkle root: 64 lower-case hex
// characters.
func ParseRoot(s string) ([32]byte, error) {
	var root [32]byte
	bz, err := DecodeHash(s)
	if err != nil {
		return root, errorsmod.Wrapf(ErrInvalidWhitelist, "root %v", err)
	}
	copy(root[:], bz)
	return root, nil
}

// DecodeHash decodes a SHA-256 hash written as roots and Merkle proof
// siblings are: 64 lower-case hex characters, refusing upper-case digits.
func DecodeHash(s string) ([]byte, error) {
	bz, err := hex.DecodeString(s)
	if err != nil || len(bz) != sha256.Size {
		return nil, fmt.Errorf("%q: want %d lower-case hex characters", s, 2*sha256.Size)
	}
	if hex.EncodeToString(bz) != s {
		return nil, fmt.Errorf("%q is not canonical: use lower case", s)
	}
	return bz, nil
}

// PayingAccount is the account a device's payments come from and go to: its
// linked wallet, which consented to it, or else its owner.
func (d Device) PayingAccount() string {
	if d.Wallet != "" {
		return d.Wallet
	}
	return d.Owner
}

// CheckDistinct validates every entry and refuses an id or a public key
// that an earlier entry already uses, naming both entries' indexes. It is
// the part of the chain's batch check that needs no state. Ids are compared
// as the bytes they decode to, not as text.
func CheckDistinct(entries []DeviceEntry) error {
	ids := make(map[devicekit.ID]int, len(entries))
	keys := make(map[string]int, len(entries))
	for i, e := range entries {
		if err := e.Validate(); err != nil {
			return errorsmod.Wrapf(err, "entry %d", i)
		}
		id, _ := ParseDeviceID(e.Id) // Validate parsed it
		if j, dup := ids[id]; dup {
			return errorsmod.Wrapf(ErrDuplicateDevice, "entry %d repeats the id of entry %d", i, j)
		}
		ids[id] = i
		kh := string(KeyHash(e.KeyType, e.PublicKey))
		if j, dup := keys[kh]; dup {
			return errorsmod.Wrapf(ErrDuplicateKey, "entry %d repeats the public key of entry %d", i, j)
		}
		keys[kh] = i
	}
	return nil
}
