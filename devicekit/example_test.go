package devicekit_test

import (
	"errors"
	"fmt"

	"github.com/atonomi/atonomid/devicekit"
)

// Example shows the full device flow: derive the id, build the activation
// message for an owner, sign it with the device key and verify it as the
// chain would.
func Example() {
	// At manufacture: a fresh P-256 key (e.g. from a secure element) and the
	// id derived from the manufacturer's salt and the serial number.
	key, err := devicekit.GenerateKey(devicekit.Secp256r1, nil)
	if err != nil {
		panic(err)
	}
	id := devicekit.DeviceID([]byte("acme-salt"), []byte("SN-0001"))

	// At activation: the device signs over chain id, its id and the raw
	// address bytes of the new owner.
	owner := []byte{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
		0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14}
	msg, err := devicekit.ActivationSignBytes("atonomi-test-1", id, owner)
	if err != nil {
		panic(err)
	}
	sig, err := key.Sign(msg)
	if err != nil {
		panic(err)
	}

	// On chain: verify with the public key registered for the device.
	err = devicekit.Verify(devicekit.Secp256r1, key.PublicKey(), msg, sig)
	fmt.Println("device id:", id)
	fmt.Println("sign bytes:", len(msg), "bytes")
	fmt.Println("public key:", len(key.PublicKey()), "bytes, signature:", len(sig), "bytes")
	fmt.Println("verified:", err == nil)

	// The same signature does not activate the device for someone else.
	owner[19] = 0xff
	other, _ := devicekit.ActivationSignBytes("atonomi-test-1", id, owner)
	err = devicekit.Verify(devicekit.Secp256r1, key.PublicKey(), other, sig)
	fmt.Println("other owner rejected:", errors.Is(err, devicekit.ErrBadSignature))

	// Output:
	// device id: dc3fcc8c4baeab90d29fde72f92298c961e523c4d489c31719ca9b4dcd4dacba
	// sign bytes: 91 bytes
	// public key: 33 bytes, signature: 64 bytes
	// verified: true
	// other owner rejected: true
}
