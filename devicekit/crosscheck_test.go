package devicekit_test

import (
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
)

// pythonWithCryptography returns a Python that imports the `cryptography`
// package (Debian's python3-cryptography serves /usr/bin/python3), or "".
func pythonWithCryptography() string {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import cryptography.hazmat.primitives.asymmetric.ec").Run() == nil {
			return py
		}
	}
	return ""
}

// TestVectorsAgreeWithAnIndependentImplementation checks the activation and
// payment vectors with OpenSSL through Python's cryptography package and
// sign bytes rebuilt in Python from the SPEC, so that the vectors are not
// only devicekit agreeing with itself. CI requires it
// (ATONOMI_REQUIRE_PYCRYPTO=1); elsewhere it is skipped without Python's
// cryptography.
func TestVectorsAgreeWithAnIndependentImplementation(t *testing.T) {
	py := pythonWithCryptography()
	if py == "" {
		if os.Getenv("ATONOMI_REQUIRE_PYCRYPTO") == "1" {
			t.Fatal("no python3 with the cryptography package (apt-get install python3-cryptography)")
		}
		t.Skip("no python3 with the cryptography package")
	}
	out, err := exec.Command(py, "testdata/crosscheck.py", vectorsPath).CombinedOutput()
	require.NoError(t, err, "%s", out)
	for _, kind := range []string{"activation", "payment"} {
		for _, kt := range []devicekit.KeyType{devicekit.Secp256k1, devicekit.Ed25519, devicekit.Secp256r1} {
			require.Contains(t, string(out), kind+" "+kt.String()+" ok\n")
		}
		require.Contains(t, string(out), kind+" mldsa65 bytes ok\n")
	}
}
