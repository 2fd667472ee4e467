/**
 * Which insurer IDPs an application's users may choose: the federation master's list,
 * limited to the IDPs enabled in Lotse (UpstreamIdp), and to the application's allowed
 * IDPs when it names any. Display name and logo can be overridden by an admin.
 */
import type { PrismaClient } from "@lotse/db";
import type { Logger } from "@lotse/server";
import type { FederationMaster } from "./federation-master.js";

export interface DirectoryIdp {
  issuer: string;
  organizationName: string;
  logoUri: string | null;
  pkv: boolean;
}

export interface IdpDirectory {
  /** IDPs for an application; `allowedIdps` empty means every enabled IDP. */
  forApplication(allowedIdps: readonly string[]): Promise<DirectoryIdp[]>;
  /** One IDP, if the application may use it. */
  find(issuer: string, allowedIdps: readonly string[]): Promise<DirectoryIdp | undefined>;
}

export function createIdpDirectory(deps: {
  prisma: PrismaClient;
  federation: FederationMaster;
  logger: Logger;
}): IdpDirectory {
  async function forApplication(allowedIdps: readonly string[]): Promise<DirectoryIdp[]> {
    const rows = await deps.prisma.upstreamIdp.findMany({ where: { enabled: true } });
    const enabled = new Map(rows.map((row) => [row.issuer, row]));
    let listed: DirectoryIdp[];
    try {
      listed = (await deps.federation.listIdps()).filter((idp) => enabled.has(idp.issuer));
    } catch (error) {
      // The chooser keeps working from Lotse's own registrations while the master is down.
      deps.logger.warn(
        { err: (error as Error).message },
        "federation master unavailable; using registered IDPs",
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

  return {
    forApplication,
    async find(issuer, allowedIdps) {
      return (await forApplication(allowedIdps)).find((idp) => idp.issuer === issuer);
    },
  };
}
