export { createFederationMaster, type FederationMaster } from "./federation-master.js";
export { createIdpDirectory, type IdpDirectory } from "./idp-directory.js";
export { createUpstreamClients, type UpstreamClients } from "./upstream-clients.js";
export { createUpstreamFlowStore, type UpstreamFlowStore } from "./upstream-flow-store.js";
