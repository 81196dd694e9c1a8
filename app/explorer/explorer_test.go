package explorer_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/app/explorer"
	"github.com/atonomi/atonomid/testutil/network"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
)

// Screenshot size the browser renders the page at.
const shotWidth, shotHeight = 1280, 1000

// chromium finds a headless-capable Chromium. Without one the browser tests
// skip, unless ATONOMI_REQUIRE_CHROMIUM=1 (set by CI, which installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("ATONOMI_REQUIRE_CHROMIUM") == "1" {
		t.Fatal("ATONOMI_REQUIRE_CHROMIUM=1 but no chromium on PATH (apt-get install -y chromium)")
	}
	t.Skip("no chromium on PATH: install it (apt-get install -y chromium) to run the explorer's browser test")
	return ""
}

// browse runs headless Chromium on pageURL with extra flags and returns
// what it prints. The virtual-time budget keeps Chromium from deciding the
// page is ready while its fetches are still pending.
func browse(t *testing.T, bin, pageURL string, flags ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--hide-scrollbars", "--virtual-time-budget=30000", fmt.Sprintf("--window-size=%d,%d", shotWidth, shotHeight),
		"--user-data-dir=" + t.TempDir(),
	}, flags...)
	cmd := exec.CommandContext(ctx, bin, append(args, pageURL)...) //nolint:gosec // the test runs the Chromium it found
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "chromium: %s", stderr.String())
	return stdout.Bytes()
}

// TestDevicePageInABrowser starts one validator, admits a manufacturer and
// an auditor, activates a device after a failed attempt, suspends and reinstates it and scores it
// twice, then loads the device's explorer page in headless Chromium: the
// page shows the device, its status, its history and a reputation chart
// with a point per score, and renders to a non-blank screenshot.
func TestDevicePageInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network and a browser")
	}
	bin := chromium(t)
	n := network.New(t, network.Config(t, 1))
	self := n.Validators[0].Address.String()
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("ab", 32), "--operators", self)
	n.Tx(t, 0, 0, "auditor", "add", "sentinel", "Sentinel", self, "--reputation-types", "security", "--weight", "100")
	devices := n.RegisterDevices(t, 0, "acme", "meter-1", "meter-2")
	id := devices.IDs[0]
	// A proof signed for another owner fails; its alert stays in the history.
	n.Tx(t, 0, devicetypes.ErrInvalidActivation.ABCICode(), "device", "activate", id,
		devices.Proof(t, id, n.Config.ChainID, sdk.AccAddress("someone-else________")))
	n.Activate(t, 0, devices, id)
	n.Tx(t, 0, 0, "device", "suspend", id, "inspection")
	n.Tx(t, 0, 0, "device", "reinstate", id)
	for _, score := range []int{7000, 4000} {
		n.Tx(t, 0, 0, "reputation", "write-scores",
			"--scores", fmt.Sprintf(`{"device_id":%q,"reputation_type":"security","score":%d}`, id, score))
	}

	base := n.Validators[0].APIAddress
	page := base + explorer.Path + "#/device/" + id
	dom := string(browse(t, bin, page, "--dump-dom"))
	require.Contains(t, dom, `data-state="ready"`, "the page finished loading without an error: %s", dom)
	require.Regexp(t, `id="device-id"[^>]*>`+id+`<`, dom)
	require.Regexp(t, `id="device-status"><span class="status STATUS_ACTIVE">active</span>`, dom)
	for _, event := range []string{"registered", "activated", "active → suspended", "suspended → active"} {
		require.Contains(t, dom, ">"+event+"<", "the status history shows %q", event)
	}
	require.Contains(t, dom, `<span class="failed">activation attempt refused</span>`, "the refused activation, from its failed transaction")
	require.Contains(t, dom, "submitted by "+self+": ", "the row blames the account that submitted the proof")
	require.Contains(t, dom, "(not evidence about the device)")
	chart := regexp.MustCompile(`(?s)<svg class="chart" data-type="security".*?</svg>`).FindString(dom)
	require.NotEmpty(t, chart, "a security reputation chart")
	require.Equal(t, 2, strings.Count(chart, `class="point"`), "one aggregate point per score written: %s", chart)
	require.Contains(t, chart, `data-value="4000"`, "the latest aggregate")

	// The manufacturer page counts the fleet by status.
	dom = string(browse(t, bin, base+explorer.Path+"#/manufacturer/acme", "--dump-dom"))
	require.Contains(t, dom, `data-state="ready"`, dom)
	fleet := regexp.MustCompile(`(?s)<section id="fleet">.*?</section>`).FindString(dom)
	require.Regexp(t, `STATUS_ACTIVE">active</span></td><td>1<`, fleet)
	require.Regexp(t, `STATUS_REGISTERED">registered</span></td><td>1<`, fleet)

	// The home page lists the registries and the active devices.
	dom = string(browse(t, bin, base+explorer.Path, "--dump-dom"))
	require.Contains(t, dom, `data-state="ready"`, dom)
	require.Contains(t, dom, `<a href="#/manufacturer/acme">acme</a>`)
	require.Contains(t, dom, "<td>sentinel</td>")
	require.Contains(t, dom, `<a href="#/device/`+id+`"`)
	require.NotContains(t, dom, `<a href="#/device/`+devices.IDs[1]+`"`, "the registered device is not in the active list")

	// ATONOMI_SCREENSHOT_DIR keeps the screenshot for a person to look at.
	dir := os.Getenv("ATONOMI_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	shot := filepath.Join(dir, "explorer-device.png")
	browse(t, bin, page, "--screenshot="+shot)
	requireNonBlankPNG(t, shot, shotWidth, shotHeight)
}

// requireNonBlankPNG checks that file is a PNG of the size asked for with
// more than a handful of colours: text and a chart, not an empty page.
func requireNonBlankPNG(t *testing.T, file string, width, height int) {
	t.Helper()
	f, err := os.Open(file) //nolint:gosec // the screenshot the test itself wrote
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	require.Equal(t, image.Rect(0, 0, width, height), img.Bounds())
	colours := map[[4]uint32]bool{}
	for y := 0; y < height; y += 2 {
		for x := 0; x < width; x += 2 {
			r, g, b, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, b, a}] = true
		}
	}
	require.Greater(t, len(colours), 20, "the screenshot shows a rendered page, not a blank one")
}
