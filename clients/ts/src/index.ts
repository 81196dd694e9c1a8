// @atonomi/client: the atonomid chain for CosmJS apps. The generated message
// and query types are under the package's subpaths named like their proto
// packages, e.g. "@atonomi/client/atonomi/device/v1/tx".
export * from "./client.js";
export * from "./device.js";
export * from "./query.js";
export * from "./registry.js";
