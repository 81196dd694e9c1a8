package light

import (
	"context"
	"testing"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/testutil/network"
)

// BenchmarkProxyStoreRead reads a device record with its proof from the
// in-process node directly (unverified) and through the proxy, which
// updates its light client, verifies header H+1 and the proof on every
// read.
func BenchmarkProxyStoreRead(b *testing.B) {
	n := network.New(b, network.Config(b, 1))
	cfg := proxyConfig(b, n)
	_, device := activeDevice(b, n)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p, err := Start(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	key := lightproof.DeviceKey(device)
	for name, addr := range map[string]string{"node": cfg.Primary, "proxy": p.Addr} {
		client, err := rpchttp.New(addr, "/websocket")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				res, err := client.ABCIQueryWithOptions(ctx, "/store/device/key", key, rpcclient.ABCIQueryOptions{Prove: true})
				if err != nil || len(res.Response.Value) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}
