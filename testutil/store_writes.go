package testutil

import (
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// StoreWrites counts the writes a context makes to one module store, by the
// first byte of the key (the collection prefix): what a message costs in
// store writes, whatever its keys, deletes of absent keys included (they
// still reach the tree and the state listeners).
type StoreWrites struct {
	Sets, Deletes map[byte]int
}

// Total is every set and delete counted.
func (w *StoreWrites) Total() int {
	n := 0
	for _, m := range []map[byte]int{w.Sets, w.Deletes} {
		for _, c := range m {
			n += c
		}
	}
	return n
}

// CountWrites returns ctx with key's store counting its writes into the
// returned StoreWrites; the other stores are untouched.
func CountWrites(ctx sdk.Context, key storetypes.StoreKey) (sdk.Context, *StoreWrites) {
	w := &StoreWrites{Sets: map[byte]int{}, Deletes: map[byte]int{}}
	return ctx.WithMultiStore(countingMultiStore{MultiStore: ctx.MultiStore(), key: key, w: w}), w
}

type countingMultiStore struct {
	storetypes.MultiStore
	key storetypes.StoreKey
	w   *StoreWrites
}

func (m countingMultiStore) GetKVStore(key storetypes.StoreKey) storetypes.KVStore {
	s := m.MultiStore.GetKVStore(key)
	if key != m.key {
		return s
	}
	return countingStore{KVStore: s, w: m.w}
}

type countingStore struct {
	storetypes.KVStore
	w *StoreWrites
}

func (s countingStore) Set(key, value []byte) {
	s.w.Sets[firstByte(key)]++
	s.KVStore.Set(key, value)
}

func (s countingStore) Delete(key []byte) {
	s.w.Deletes[firstByte(key)]++
	s.KVStore.Delete(key)
}

func firstByte(key []byte) byte {
	if len(key) == 0 {
		return 0
	}
	return key[0]
}
