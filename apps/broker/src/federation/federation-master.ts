/**
 * The federation as the broker trusts it (OpenID Federation 1.0, gematik's sectoral IDP
 * federation): the master's entity configuration verified with the trust anchor pinned by
 * configuration (FEDERATION_TRUST_ANCHOR_JWKS), the master's signed IDP list verified with
 * the master's keys, and one trust chain per insurer (trust-chain.ts).
 *
 * Each verified document is cached until shortly before its earliest `exp`, and re-verified
 * at the latest after `maxAgeMs`, so a member the master drops is noticed. When the master or
 * an insurer is merely unreachable, what was verified stays in use until it expires; a
 * document that fails verification replaces it at once. Nothing unverified is ever used.
 * Every change of an entity's state (a new failure, or verifying again) is reported once.
 */
import type { JSONWebKeySet } from "jose";
import { z } from "zod";
import {
  fetchSignedDocument,
  TrustFailure,
  verifySignedDocument,
  type FederationFetch,
} from "./entity-statement.js";
import {
  resolveInsurerChain,
  verifyMasterConfiguration,
  type InsurerTrustChain,
  type VerifiedMaster,
} from "./trust-chain.js";

export { TrustFailure } from "./entity-statement.js";
export type { InsurerTrustChain } from "./trust-chain.js";

export interface FederationIdp {
  issuer: string;
  organizationName: string;
  logoUri: string | null;
  pkv: boolean;
  userTypeSupported: string | null;
}

/** gemSpec_IDP_FedMaster: the master's list of sectoral IDPs. */
const IDP_LIST_TYP = "idp-list+jwt";

const idpList = z.object({
  idp_entity: z.array(
    z
      .object({
        iss: z.url(),
        organization_name: z.string().min(1),
        logo_uri: z.string().nullish(),
        user_type_supported: z.string().nullish(),
        pkv: z.boolean().default(false),
      })
      .loose(),
  ),
});

export interface FederationMaster {
  /** The master's entity identifier. */
  readonly entityId: string;
  /** The master's IDP list, verified with its keys. Throws TrustFailure. */
  listIdps(): Promise<FederationIdp[]>;
  /** The insurer's verified trust chain. Throws TrustFailure. */
  trustChain(issuer: string): Promise<InsurerTrustChain>;
}

export interface FederationMasterOptions {
  /** The master's entity identifier (FEDERATION_MASTER_URL). */
  url: string;
  /** The trust anchor: the master's public keys, pinned by configuration. */
  trustAnchorJwks: JSONWebKeySet;
  /** Re-verify at the latest this long after the last verification. Default 5 minutes. */
  maxAgeMs?: number;
  /** How long a failure is remembered before the next attempt. Default 10 seconds. */
  retryAfterFailureMs?: number;
  /** How long before its `exp` a document is re-verified. Default 60 seconds. */
  refreshBeforeExpiryMs?: number;
  fetch?: FederationFetch;
  /** Called once per change of an entity's state: a new failure, or verifying again. */
  onTrustChange?: (entityId: string, failure: TrustFailure | undefined) => void;
  now?: () => number;
}

interface Entry<T> {
  value?: T;
  /** Until when `value` may be used at all (its earliest exp). */
  validUntil: number;
  /** When `value` is re-verified. */
  refreshAt: number;
  failure?: TrustFailure;
  retryAt: number;
  pending?: Promise<T>;
}

export function createFederationMaster(options: FederationMasterOptions): FederationMaster {
  const masterId = options.url.replace(/\/+$/, "");
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const retryAfterFailureMs = options.retryAfterFailureMs ?? 10_000;
  const refreshBeforeExpiryMs = options.refreshBeforeExpiryMs ?? 60_000;
  const send: FederationFetch = options.fetch ?? ((url, init) => fetch(url, init as RequestInit));
  const now = options.now ?? Date.now;
  /** The last state reported per cached document: "ok" or the failure's document and reason. */
  const reported = new Map<string, string>();

  function report(key: string, entityId: string, failure: TrustFailure | undefined): void {
    const state = failure ? `${failure.document}:${failure.reason}` : "ok";
    const before = reported.get(key);
    reported.set(key, state);
    // The first success is no change; every new failure is.
    if (state === before || (before === undefined && !failure)) return;
    options.onTrustChange?.(entityId, failure);
  }

  function cache<T>(
    key: { state: string; entityId: string },
    entry: Entry<T>,
    load: () => Promise<T>,
    expiresAt: (value: T) => number,
  ): Promise<T> {
    const at = now();
    if (entry.value !== undefined && at < entry.refreshAt && at < entry.validUntil)
      return Promise.resolve(entry.value);
    if (entry.value === undefined && entry.failure && at < entry.retryAt)
      return Promise.reject(entry.failure);
    entry.pending ??= (async () => {
      try {
        const value = await load();
        const validUntil = expiresAt(value);
        Object.assign(entry, {
          value,
          validUntil,
          refreshAt: Math.min(now() + maxAgeMs, validUntil - refreshBeforeExpiryMs),
          failure: undefined,
        });
        report(key.state, key.entityId, undefined);
        return value;
      } catch (error) {
        const failure =
          error instanceof TrustFailure
            ? error
            : new TrustFailure("malformed", "entity_configuration", (error as Error).message);
        // Unreachable is not untrusted: what was verified stays usable until it expires.
        if (failure.reason === "unreachable" && entry.value !== undefined) {
          if (now() < entry.validUntil) {
            entry.refreshAt = now() + retryAfterFailureMs;
            return entry.value;
          }
        }
        Object.assign(entry, {
          value: undefined,
          failure,
          retryAt: now() + retryAfterFailureMs,
        });
        report(key.state, key.entityId, failure);
        throw failure;
      } finally {
        entry.pending = undefined;
      }
    })();
    return entry.pending;
  }

  const emptyEntry = <T>(): Entry<T> => ({ validUntil: 0, refreshAt: 0, retryAt: 0 });
  const masterEntry = emptyEntry<VerifiedMaster>();
  const listEntry = emptyEntry<{ idps: FederationIdp[]; expiresAt: number }>();
  const chains = new Map<string, Entry<InsurerTrustChain>>();

  function master(): Promise<VerifiedMaster> {
    return cache(
      { state: masterId, entityId: masterId },
      masterEntry,
      () => verifyMasterConfiguration(send, masterId, options.trustAnchorJwks, now()),
      (verified) => verified.expiresAt,
    );
  }

  async function loadIdpList(
    verified: VerifiedMaster,
  ): Promise<{ idps: FederationIdp[]; expiresAt: number }> {
    const jwt = await fetchSignedDocument(send, verified.idpListEndpoint, "idp_list");
    const payload = await verifySignedDocument(jwt, {
      keys: verified.keys,
      typ: IDP_LIST_TYP,
      issuer: verified.entityId,
      document: "idp_list",
      now: now(),
    });
    const list = idpList.safeParse(payload);
    if (!list.success)
      throw new TrustFailure(
        "malformed",
        "idp_list",
        "the federation master's IDP list is malformed",
      );
    return {
      idps: list.data.idp_entity.map((entry) => ({
        issuer: entry.iss,
        organizationName: entry.organization_name,
        logoUri: entry.logo_uri ?? null,
        pkv: entry.pkv,
        userTypeSupported: entry.user_type_supported ?? null,
      })),
      expiresAt: Math.min(payload.exp * 1000, verified.expiresAt),
    };
  }

  return {
    entityId: masterId,
    async listIdps() {
      // The master first, outside the list's cache: its failure is reported once, as its own.
      const verified = await master();
      const list = await cache(
        { state: `${masterId}#idp-list`, entityId: masterId },
        listEntry,
        () => loadIdpList(verified),
        (loaded) => loaded.expiresAt,
      );
      return list.idps;
    },
    async trustChain(issuer) {
      // As in listIdps: a master that does not verify fails every chain, reported once.
      const verified = await master();
      let entry = chains.get(issuer);
      if (!entry) {
        entry = emptyEntry();
        chains.set(issuer, entry);
      }
      return cache(
        { state: issuer, entityId: issuer },
        entry,
        () => resolveInsurerChain(send, verified, issuer, now()),
        (chain) => chain.expiresAt,
      );
    },
  };
}
