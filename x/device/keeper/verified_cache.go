package keeper

import "sync"

// verifiedCacheSize bounds each of the cache's two generations: 2×16,384
// digests of 32 bytes, about 1 MiB with map overhead, which holds far more
// activations than a mempool and the blocks it feeds carry at once.
const verifiedCacheSize = 1 << 14

// verifiedCache remembers the digests (proofDigest) of device signatures
// that verified, across transactions and ABCI calls of this process: CheckTx
// verifies an activation's signature, and DeliverTx of the same transaction
// finds the digest and skips recomputing it. A hit only skips a pure
// function of exactly the digest's inputs, so every node still reaches the
// same result whatever its cache holds; failures are never recorded, so a
// failed check always verifies again (and fails again). Gas is charged by
// key type whether or not the cache answers.
//
// It is generational: when the current map is full it becomes the previous
// one and the one before is dropped, so memory stays bounded without
// per-entry bookkeeping, and a digest seen recently is kept.
type verifiedCache struct {
	mu        sync.Mutex
	cur, prev map[[32]byte]struct{}
	size      int
}

func newVerifiedCache(size int) *verifiedCache {
	return &verifiedCache{cur: make(map[[32]byte]struct{}, size), size: size}
}

// has reports whether d was recorded as verified.
func (c *verifiedCache) has(d [32]byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.cur[d]; ok {
		return true
	}
	_, ok := c.prev[d]
	return ok
}

// add records d as verified.
func (c *verifiedCache) add(d [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.cur) >= c.size {
		c.prev, c.cur = c.cur, make(map[[32]byte]struct{}, c.size)
	}
	c.cur[d] = struct{}{}
}
