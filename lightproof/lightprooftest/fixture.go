// Package lightprooftest holds what tests of lightproof and its users share:
// the format of the recorded answers (lightproof/testdata/answers.json: the
// app's test writes them from a live chain, lightproof's tests replay
// them), and a synthetic chain whose validator sets a test changes at will.
package lightprooftest

import (
	"encoding/json"
	"os"
)

// Path is the recorded answers' file, relative to the repository root.
const Path = "lightproof/testdata/answers.json"

// Fixture is a chain's app hash and store reads with their proofs, all
// hex-encoded, with the ids and account they are about.
type Fixture struct {
	AppHash      string           `json:"app_hash"`
	Active       string           `json:"active"`
	Registered   string           `json:"registered"`
	Unknown      string           `json:"unknown"`
	Owner        string           `json:"owner"`
	OwnerAddress string           `json:"owner_address"`
	Answers      map[string]Entry `json:"answers"`
}

// Entry is one store read: its store, key, value and the
// tendermint.crypto.ProofOps protobuf of its proof.
type Entry struct {
	Store string `json:"store"`
	Key   string `json:"key"`
	Value string `json:"value"`
	Proof string `json:"proof"`
}

// Read loads a fixture file.
func Read(name string) (Fixture, error) {
	var f Fixture
	bz, err := os.ReadFile(name)
	if err != nil {
		return f, err
	}
	return f, json.Unmarshal(bz, &f)
}

// Write stores f as indented JSON.
func (f Fixture) Write(name string) error {
	bz, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(bz, '\n'), 0o600)
}
