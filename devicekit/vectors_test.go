package devicekit_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
)

var update = flag.Bool("update", false, "regenerate testdata/vectors.json (go test ./devicekit -run TestWriteVectors -update)")

const vectorsPath = "testdata/vectors.json"

// Fixed inputs of the test vectors. They are part of the published vectors
// and must not change without regenerating the file and telling firmware
// teams.
const (
	vectorChainID   = "atonomi-test-1"
	vectorSalt      = "acme-salt"
	vectorSerial    = "SN-0001"
	vectorKeyPrefix = "atonomi-devicekit-vector-key/"
	merkleKeyPrefix = "atonomi-devicekit-merkle-key/"
)

// vectorOwner is the 20-byte owner address 0x01..0x14.
func vectorOwner() []byte {
	owner := make([]byte, 20)
	for i := range owner {
		owner[i] = byte(i + 1)
	}
	return owner
}

// vectorWallet is the 20-byte wallet address 0x15..0x28.
func vectorWallet() []byte {
	wallet := make([]byte, 20)
	for i := range wallet {
		wallet[i] = byte(0x15 + i)
	}
	return wallet
}

// vectorIntent is the payment intent of the vectors for a key type: the
// Ed25519 one attests no location, so the empty location is pinned too.
func vectorIntent(kt devicekit.KeyType) devicekit.PaymentIntent {
	p := devicekit.PaymentIntent{
		ChainID: vectorChainID,
		Payer:   devicekit.DeviceID([]byte(vectorSalt), []byte(vectorSerial)),
		Payee:   devicekit.DeviceID([]byte(vectorSalt), []byte("SN-0002")),
		Wallet:  vectorWallet(), Amount: "1250", Nonce: 7, ValidUntil: 1_000, Location: "DE-BE",
	}
	if kt == devicekit.Ed25519 {
		p.Location = ""
	}
	return p
}

// vectorFile is the layout of testdata/vectors.json. All byte strings are
// lowercase hex; salt, serial and chain id are the literal ASCII text.
type vectorFile struct {
	Comment    string             `json:"comment"`
	Activation []activationVector `json:"activation"`
	Merkle     merkleVector       `json:"merkle"`
	Payment    []paymentVector    `json:"payment"`
}

// paymentVector is a payment intent signed by the activation vector's key
// of the same type.
type paymentVector struct {
	KeyType       string `json:"key_type"`
	KeyTypeCode   int    `json:"key_type_code"`
	PrivateKey    string `json:"private_key"`
	PublicKey     string `json:"public_key"`
	ChainID       string `json:"chain_id"`
	PayerDeviceID string `json:"payer_device_id"`
	PayeeDeviceID string `json:"payee_device_id"`
	Wallet        string `json:"wallet"`
	Amount        string `json:"amount"`
	Nonce         uint64 `json:"nonce"`
	ValidUntil    uint64 `json:"valid_until"`
	Location      string `json:"location"`
	SignBytes     string `json:"sign_bytes"`
	Signature     string `json:"signature"`
	Deterministic bool   `json:"deterministic"`
}

type activationVector struct {
	KeyType              string `json:"key_type"`
	KeyTypeCode          int    `json:"key_type_code"`
	PrivateKeyDerivation string `json:"private_key_derivation"`
	PrivateKey           string `json:"private_key"`
	PublicKey            string `json:"public_key"`
	ChainID              string `json:"chain_id"`
	Salt                 string `json:"salt"`
	Serial               string `json:"serial"`
	DeviceID             string `json:"device_id"`
	Owner                string `json:"owner"`
	SignBytes            string `json:"sign_bytes"`
	Signature            string `json:"signature"`
	Deterministic        bool   `json:"deterministic"`
}

type merkleVector struct {
	Entries []merkleEntryVector `json:"entries"`
	Len     int                 `json:"len"`
	Root    string              `json:"root"`
	Proofs  []proofVector       `json:"proofs"`
}

type merkleEntryVector struct {
	Serial      string `json:"serial"`
	DeviceID    string `json:"device_id"`
	KeyType     string `json:"key_type"`
	KeyTypeCode int    `json:"key_type_code"`
	PublicKey   string `json:"public_key"`
	Leaf        string `json:"leaf"`
}

type proofVector struct {
	Index int      `json:"index"`
	Leaf  string   `json:"leaf"`
	Proof []string `json:"proof"`
}

// vectorKey derives a deterministic private key: the 32 bytes
// SHA-256(label) are a valid private key for every key type.
func vectorKey(t testing.TB, kt devicekit.KeyType, label string) devicekit.PrivateKey {
	t.Helper()
	seed := sha256.Sum256([]byte(label))
	key, err := devicekit.PrivateKeyFromBytes(kt, seed[:])
	require.NoError(t, err)
	return key
}

// generateVectors computes the vectors from the fixed inputs. Every scheme
// signs deterministically, so the result is reproducible bit for bit.
func generateVectors(t testing.TB) vectorFile {
	t.Helper()
	id := devicekit.DeviceID([]byte(vectorSalt), []byte(vectorSerial))
	owner := vectorOwner()
	signBytes, err := devicekit.ActivationSignBytes(vectorChainID, id, owner)
	require.NoError(t, err)

	vf := vectorFile{
		Comment: "Atonomi devicekit wire-format vectors. Hex is lowercase. " +
			"private_key = SHA-256(private_key_derivation) in the 32-byte canonical form of the key type. " +
			"device_id = SHA-256(salt || serial). sign_bytes = activation message for (chain_id, device_id, owner). " +
			"Merkle entries use serials SN-0001.. with salt acme-salt; proofs are sibling hashes bottom-up. " +
			"payment: sign_bytes = payment intent P for the listed fields (wallet as raw address bytes), signed by the activation key of the same type. " +
			"Regenerate with: go test ./devicekit -run TestWriteVectors -update",
	}
	for _, kt := range devicekit.KeyTypes() {
		label := vectorKeyPrefix + kt.String()
		key := vectorKey(t, kt, label)
		sig, err := key.SignActivation(vectorChainID, id, owner)
		require.NoError(t, err)
		vf.Activation = append(vf.Activation, activationVector{
			KeyType:              kt.String(),
			KeyTypeCode:          int(kt.Code()),
			PrivateKeyDerivation: label,
			PrivateKey:           hex.EncodeToString(key.Bytes()),
			PublicKey:            hex.EncodeToString(key.PublicKey()),
			ChainID:              vectorChainID,
			Salt:                 vectorSalt,
			Serial:               vectorSerial,
			DeviceID:             id.String(),
			Owner:                hex.EncodeToString(owner),
			SignBytes:            hex.EncodeToString(signBytes),
			Signature:            hex.EncodeToString(sig),
			Deterministic:        true,
		})
		intent := vectorIntent(kt)
		payBytes, err := intent.SignBytes()
		require.NoError(t, err)
		paySig, err := key.SignPayment(intent)
		require.NoError(t, err)
		vf.Payment = append(vf.Payment, paymentVector{
			KeyType: kt.String(), KeyTypeCode: int(kt.Code()),
			PrivateKey: hex.EncodeToString(key.Bytes()), PublicKey: hex.EncodeToString(key.PublicKey()),
			ChainID: intent.ChainID, PayerDeviceID: intent.Payer.String(), PayeeDeviceID: intent.Payee.String(),
			Wallet: hex.EncodeToString(intent.Wallet), Amount: intent.Amount, Nonce: intent.Nonce, ValidUntil: intent.ValidUntil,
			Location: intent.Location, SignBytes: hex.EncodeToString(payBytes), Signature: hex.EncodeToString(paySig),
			Deterministic: true,
		})
	}

	entries, serials := merkleVectorEntries(t)
	tree, err := devicekit.BuildTree(entries)
	require.NoError(t, err)
	vf.Merkle.Len = tree.Len()
	root := tree.Root()
	vf.Merkle.Root = hex.EncodeToString(root[:])
	for i, e := range entries {
		leaf := devicekit.LeafHash(e)
		vf.Merkle.Entries = append(vf.Merkle.Entries, merkleEntryVector{
			Serial:      serials[i],
			DeviceID:    e.ID.String(),
			KeyType:     e.KeyType.String(),
			KeyTypeCode: int(e.KeyType.Code()),
			PublicKey:   hex.EncodeToString(e.PublicKey),
			Leaf:        hex.EncodeToString(leaf[:]),
		})
	}
	for _, index := range []int{3, 4} {
		proof, err := tree.Proof(index)
		require.NoError(t, err)
		leaf := devicekit.LeafHash(entries[index])
		pv := proofVector{Index: index, Leaf: hex.EncodeToString(leaf[:]), Proof: []string{}}
		for _, p := range proof {
			pv.Proof = append(pv.Proof, hex.EncodeToString(p[:]))
		}
		vf.Merkle.Proofs = append(vf.Merkle.Proofs, pv)
	}
	return vf
}

// merkleVectorEntries returns the five whitelist entries of the vectors,
// cycling through every key type so each leaf encoding is pinned.
func merkleVectorEntries(t testing.TB) ([]devicekit.Entry, []string) {
	t.Helper()
	types := []devicekit.KeyType{devicekit.Secp256k1, devicekit.Ed25519, devicekit.Secp256r1, devicekit.Mldsa65, devicekit.Secp256k1}
	var entries []devicekit.Entry
	var serials []string
	for i, kt := range types {
		serial := fmt.Sprintf("SN-%04d", i+1)
		key := vectorKey(t, kt, merkleKeyPrefix+strconv.Itoa(i))
		entries = append(entries, devicekit.Entry{
			ID:        devicekit.DeviceID([]byte(vectorSalt), []byte(serial)),
			KeyType:   kt,
			PublicKey: key.PublicKey(),
		})
		serials = append(serials, serial)
	}
	return entries, serials
}

func loadVectors(t *testing.T) vectorFile {
	t.Helper()
	raw, err := os.ReadFile(vectorsPath)
	require.NoError(t, err, "run: go test ./devicekit -run TestWriteVectors -update")
	var vf vectorFile
	require.NoError(t, json.Unmarshal(raw, &vf))
	return vf
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	bz, err := hex.DecodeString(s)
	require.NoError(t, err)
	return bz
}

func mustHash(t *testing.T, s string) [32]byte {
	t.Helper()
	bz := mustHex(t, s)
	require.Len(t, bz, 32)
	return [32]byte(bz)
}

func TestWriteVectors(t *testing.T) {
	if !*update {
		t.Skip("pass -update to regenerate " + vectorsPath)
	}
	raw, err := json.MarshalIndent(generateVectors(t), "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(vectorsPath, append(raw, '\n'), 0o600))
}

func TestVectorsFileMatchesTheCurrentImplementation(t *testing.T) {
	// Any drift here is a wire-format change: either a bug or a deliberate
	// break that firmware must be told about.
	require.Equal(t, generateVectors(t), loadVectors(t))
}

func TestActivationVectors(t *testing.T) {
	vf := loadVectors(t)
	require.Len(t, vf.Activation, len(devicekit.KeyTypes()))
	for _, v := range vf.Activation {
		t.Run(v.KeyType, func(t *testing.T) {
			kt, err := devicekit.ParseKeyType(v.KeyType)
			require.NoError(t, err)
			require.Equal(t, v.KeyTypeCode, int(kt.Code()))

			t.Run("the device id is the hash of salt and serial", func(t *testing.T) {
				want := sha256.Sum256([]byte(v.Salt + v.Serial))
				require.Equal(t, hex.EncodeToString(want[:]), v.DeviceID)
				require.Equal(t, v.DeviceID, devicekit.DeviceID([]byte(v.Salt), []byte(v.Serial)).String())
			})

			id, err := devicekit.ParseID(v.DeviceID)
			require.NoError(t, err)
			owner := mustHex(t, v.Owner)
			signBytes := mustHex(t, v.SignBytes)
			pub := mustHex(t, v.PublicKey)
			sig := mustHex(t, v.Signature)

			t.Run("the sign bytes are rebuilt exactly", func(t *testing.T) {
				got, err := devicekit.ActivationSignBytes(v.ChainID, id, owner)
				require.NoError(t, err)
				require.Equal(t, signBytes, got)
			})

			t.Run("the private key derives the public key", func(t *testing.T) {
				seed := sha256.Sum256([]byte(v.PrivateKeyDerivation))
				require.Equal(t, hex.EncodeToString(seed[:]), v.PrivateKey)
				key, err := devicekit.PrivateKeyFromBytes(kt, mustHex(t, v.PrivateKey))
				require.NoError(t, err)
				require.Equal(t, pub, key.PublicKey())
				require.Len(t, pub, kt.PublicKeySize())
				require.NoError(t, devicekit.ValidatePublicKey(kt, pub))
			})

			t.Run("the stored signature verifies", func(t *testing.T) {
				require.Len(t, sig, kt.SignatureSize())
				require.NoError(t, devicekit.Verify(kt, pub, signBytes, sig))
			})

			t.Run("signing again gives a valid signature", func(t *testing.T) {
				key, err := devicekit.PrivateKeyFromBytes(kt, mustHex(t, v.PrivateKey))
				require.NoError(t, err)
				got, err := key.SignActivation(v.ChainID, id, owner)
				require.NoError(t, err)
				require.NoError(t, devicekit.Verify(kt, pub, signBytes, got))
				if v.Deterministic {
					require.Equal(t, sig, got)
				}
			})
		})
	}
}

func TestMerkleVectors(t *testing.T) {
	vf := loadVectors(t)
	mv := vf.Merkle
	require.Len(t, mv.Entries, 5)
	require.Equal(t, len(mv.Entries), mv.Len)

	var entries []devicekit.Entry
	for _, ev := range mv.Entries {
		kt, err := devicekit.ParseKeyType(ev.KeyType)
		require.NoError(t, err)
		require.Equal(t, ev.KeyTypeCode, int(kt.Code()))
		id, err := devicekit.ParseID(ev.DeviceID)
		require.NoError(t, err)
		require.Equal(t, devicekit.DeviceID([]byte(vectorSalt), []byte(ev.Serial)), id)
		e := devicekit.Entry{ID: id, KeyType: kt, PublicKey: mustHex(t, ev.PublicKey)}
		require.Equal(t, mustHash(t, ev.Leaf), devicekit.LeafHash(e))
		entries = append(entries, e)
	}

	tree, err := devicekit.BuildTree(entries)
	require.NoError(t, err)
	root := mustHash(t, mv.Root)
	require.Equal(t, root, tree.Root())
	require.Equal(t, mv.Len, tree.Len())

	require.Len(t, mv.Proofs, 2)
	for _, pv := range mv.Proofs {
		leaf := mustHash(t, pv.Leaf)
		require.Equal(t, devicekit.LeafHash(entries[pv.Index]), leaf)
		var proof [][32]byte
		for _, p := range pv.Proof {
			proof = append(proof, mustHash(t, p))
		}
		require.True(t, devicekit.VerifyProof(root, leaf, proof), "proof for index %d", pv.Index)
		got, err := tree.Proof(pv.Index)
		require.NoError(t, err)
		require.Equal(t, proof, got)
	}
}

func TestPaymentVectors(t *testing.T) {
	vf := loadVectors(t)
	require.Len(t, vf.Payment, len(devicekit.KeyTypes()))
	for _, v := range vf.Payment {
		t.Run(v.KeyType, func(t *testing.T) {
			kt, err := devicekit.ParseKeyType(v.KeyType)
			require.NoError(t, err)
			require.Equal(t, v.KeyTypeCode, int(kt.Code()))
			payer, err := devicekit.ParseID(v.PayerDeviceID)
			require.NoError(t, err)
			payee, err := devicekit.ParseID(v.PayeeDeviceID)
			require.NoError(t, err)
			intent := devicekit.PaymentIntent{ChainID: v.ChainID, Payer: payer, Payee: payee, Wallet: mustHex(t, v.Wallet),
				Amount: v.Amount, Nonce: v.Nonce, ValidUntil: v.ValidUntil, Location: v.Location}
			got, err := intent.SignBytes()
			require.NoError(t, err)
			require.Equal(t, mustHex(t, v.SignBytes), got, "the sign bytes are rebuilt exactly")
			pub, sig := mustHex(t, v.PublicKey), mustHex(t, v.Signature)
			require.NoError(t, devicekit.VerifyPayment(kt, pub, intent, sig), "the stored signature verifies")
			key, err := devicekit.PrivateKeyFromBytes(kt, mustHex(t, v.PrivateKey))
			require.NoError(t, err)
			again, err := key.SignPayment(intent)
			require.NoError(t, err)
			require.NoError(t, devicekit.VerifyPayment(kt, pub, intent, again))
			if v.Deterministic {
				require.Equal(t, sig, again)
			}
		})
	}
}
