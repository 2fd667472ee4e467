// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient declaration for an untyped module cannot be imported; referenced here, it also holds where other packages compile this file through @lotse/sandbox/testing.
/// <reference path="../types/oidc-provider-memory-adapter.d.ts" />
import Provider, { type Adapter, type AdapterFactory, type AdapterPayload } from "oidc-provider";
import { createMemoryAdapter } from "oidc-provider/lib/adapters/memory_adapter.js";
import type { FederatedClients } from "./broker-registration.js";

/** The requests whose `redirect_uri` must be one the client registered (OIDC Core §3.1.2.1). */
const REDIRECTING_ROUTES = new Set(["authorization", "pushed_authorization_request"]);

/**
 * oidc-provider's storage for one insurer: clients come from the federation (automatic
 * registration, broker-registration.ts), everything else — interactions, sessions, codes,
 * grants, CIBA requests — stays in oidc-provider's own in-memory adapter, which is right
 * for the sandbox: one process by design, and its state may vanish on restart.
 *
 * oidc-provider asks the adapter for every client that is not static on each use and
 * keeps the built Client per distinct metadata, so a registration served from the cache
 * costs nothing, and a re-read with new redirect URIs takes effect on the same request.
 */
export function federatedClientAdapter(
  clients: FederatedClients,
  clockTolerance: number,
): AdapterFactory {
  // As oidc-provider builds its default: entries are kept for their lifetime plus the leeway.
  const memory = createMemoryAdapter(clockTolerance);
  const clientAdapter: Adapter = {
    async find(id) {
      const ctx = Provider.ctx;
      const redirectUri =
        ctx && REDIRECTING_ROUTES.has(ctx.oidc.route)
          ? (ctx.oidc.body?.redirect_uri ?? ctx.query.redirect_uri)
          : undefined;
      const metadata = await clients.find(
        id,
        typeof redirectUri === "string" ? redirectUri : undefined,
      );
      return metadata as AdapterPayload | undefined;
    },
    // Registration, update and deletion happen at the federation, never through the OP.
    upsert: refuse,
    findByUid: refuse,
    findByUserCode: refuse,
    consume: refuse,
    destroy: refuse,
    revokeByGrantId: refuse,
  };
  return (model) => (model === "Client" ? clientAdapter : memory(model));
}

function refuse(): Promise<never> {
  return Promise.reject(new Error("clients are registered through the federation only"));
}
