package devicekit_test

import (
	"crypto/rand"
	"testing"

	"github.com/atonomi/atonomid/devicekit"
)

// BenchmarkVerify measures one activation signature verification per key
// type; the chain prices verification gas in proportion (x/device params).
func BenchmarkVerify(b *testing.B) {
	id := devicekit.DeviceID([]byte("salt"), []byte("serial"))
	owner := make([]byte, 20)
	for _, kt := range devicekit.KeyTypes() {
		b.Run(kt.String(), func(b *testing.B) {
			priv, err := devicekit.GenerateKey(kt, rand.Reader)
			if err != nil {
				b.Fatal(err)
			}
			msg, err := devicekit.ActivationSignBytes("atonomi-bench", id, owner)
			if err != nil {
				b.Fatal(err)
			}
			sig, err := priv.Sign(msg)
			if err != nil {
				b.Fatal(err)
			}
			pub := priv.PublicKey()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := devicekit.Verify(kt, pub, msg, sig); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
