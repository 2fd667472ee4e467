/**
 * Which insurer IDPs an application's users may choose: the federation master's list,
 * limited to the IDPs enabled in Lotse (UpstreamIdp), to the application's allowed IDPs
 * when it names any, and to the insurers whose federation trust chain verifies
 * (federation-master.ts). Display name and logo can be overridden by an admin.
 *
 * When the master's list cannot be had (the master is down, or its list does not verify),
 * the IDPs registered in Lotse are the candidates instead, but the trust-chain rule still
 * applies to each: an insurer is offered only while a verified chain for it exists, which,
 * with the master down, means one verified earlier that has not expired. So the chooser
 * keeps working through a short outage and never offers an insurer on unverified keys.
 *
 * The enabled IDPs are read through the process's application cache (issue 16: a query per
 * login step that goes upstream): kept only while the database's change feed is live, and
 * forgotten on every change, which triggers on UpstreamIdp announce like those on client
 * data (migration `upstream_idp_change_notify`), so an IDP disabled in the portal is refused
 * by every instance within milliseconds. While the feed is down every lookup reads the table.
 */
import type { PrismaClient, UpstreamIdp } from "@lotse/db";
import type { Logger } from "@lotse/server";
import { NO_APPLICATION_CACHE, type ApplicationCache } from "../applications/application-cache.js";
import { TrustFailure, type FederationMaster } from "./federation-master.js";

export interface DirectoryIdp {
  issuer: string;
  organizationName: string;
  logoUri: string | null;
  pkv: boolean;
}

export type IdpLookup =
  | { ok: true; idp: DirectoryIdp }
  /** Not listed by the master, not enabled in Lotse, or not allowed to the application. */
  | { ok: false; reason: "not_available" }
  /** Offered otherwise, but its federation trust chain does not verify right now. */
  | { ok: false; reason: "untrusted"; failure: TrustFailure };

export interface IdpDirectory {
  /** IDPs for an application; `allowedIdps` empty means every enabled IDP. */
  forApplication(allowedIdps: readonly string[]): Promise<DirectoryIdp[]>;
  /** One IDP, if the application may use it. */
  find(issuer: string, allowedIdps: readonly string[]): Promise<DirectoryIdp | undefined>;
  /** One IDP, or why the application cannot use it. */
  lookup(issuer: string, allowedIdps: readonly string[]): Promise<IdpLookup>;
}

/** The cache key of the enabled IDPs (next to the `client:` keys of find-application.ts). */
const ENABLED_IDPS = "upstream-idps:enabled";

export function createIdpDirectory(deps: {
  prisma: PrismaClient;
  federation: FederationMaster;
  logger: Logger;
  /** Where the enabled IDPs are kept between changes; without one, read every time. */
  cache?: ApplicationCache;
}): IdpDirectory {
  const cache = deps.cache ?? NO_APPLICATION_CACHE;
  const enabledIdps = async (): Promise<UpstreamIdp[]> =>
    (await cache.get(ENABLED_IDPS, () =>
      deps.prisma.upstreamIdp.findMany({ where: { enabled: true } }),
    )) ?? [];

  async function trustFailure(issuer: string): Promise<TrustFailure | undefined> {
    try {
      await deps.federation.trustChain(issuer);
      return undefined;
    } catch (error) {
      if (error instanceof TrustFailure) return error;
      throw error;
    }
  }

  /** Listed (or registered, see above), enabled and allowed; trust chains not yet checked. */
  async function candidates(allowedIdps: readonly string[]): Promise<DirectoryIdp[]> {
    const rows = await enabledIdps();
    const enabled = new Map(rows.map((row) => [row.issuer, row]));
    let listed: DirectoryIdp[];
    try {
      listed = (await deps.federation.listIdps()).filter((idp) => enabled.has(idp.issuer));
    } catch (error) {
      deps.logger.warn(
        { err: (error as Error).message },
        "federation master's IDP list unavailable; offering registered IDPs whose trust chain verifies",
      );
      listed = rows.map((row) => ({
        issuer: row.issuer,
        organizationName: row.displayName,
        logoUri: row.logoUri,
        pkv: row.pkv,
      }));
    }
    return listed
      .filter((idp) => allowedIdps.length === 0 || allowedIdps.includes(idp.issuer))
      .map((idp) => {
        const row = enabled.get(idp.issuer);
        return {
          issuer: idp.issuer,
          organizationName: row?.displayName || idp.organizationName,
          logoUri: row?.logoUri ?? idp.logoUri,
          pkv: idp.pkv,
        };
      });
  }

  async function lookup(issuer: string, allowedIdps: readonly string[]): Promise<IdpLookup> {
    // Only candidates are resolved: an issuer anybody names resolves no chain (and audits nothing).
    const idp = (await candidates(allowedIdps)).find((candidate) => candidate.issuer === issuer);
    if (!idp) return { ok: false, reason: "not_available" };
    const failure = await trustFailure(idp.issuer);
    return failure ? { ok: false, reason: "untrusted", failure } : { ok: true, idp };
  }

  return {
    async forApplication(allowedIdps) {
      const offered = await candidates(allowedIdps);
      // The federation's rule, not a preference: no chain, no login (federation-master.ts).
      const failures = await Promise.all(offered.map((idp) => trustFailure(idp.issuer)));
      return offered.filter((_, index) => failures[index] === undefined);
    },
    async find(issuer, allowedIdps) {
      const found = await lookup(issuer, allowedIdps);
      return found.ok ? found.idp : undefined;
    },
    lookup,
  };
}
