/**
 * The IDP directory offers an insurer only with a verified trust chain: also when the
 * master's list is unavailable and Lotse's own registrations stand in for it, and an issuer
 * anybody names resolves no chain at all.
 */
import type { PrismaClient } from "@lotse/db";
import { createLogger } from "@lotse/server";
import { describe, expect, test } from "vitest";
import { TrustFailure } from "./entity-statement.js";
import type { FederationIdp, FederationMaster, InsurerTrustChain } from "./federation-master.js";
import { createIdpDirectory } from "./idp-directory.js";

const NORD = "https://idp.example/nord";
const SUED = "https://idp.example/sued";
const PRIVAT = "https://idp.example/privat";

const rows = [NORD, SUED, PRIVAT].map((issuer) => ({
  issuer,
  displayName: `registered ${issuer.split("/").at(-1)}`,
  logoUri: null,
  pkv: issuer === PRIVAT,
  enabled: true,
}));
const prisma = {
  upstreamIdp: { findMany: async () => rows },
} as unknown as PrismaClient;

function federation(options: {
  list: FederationIdp[] | TrustFailure;
  broken: Record<string, TrustFailure>;
}): FederationMaster & { asked: string[] } {
  const asked: string[] = [];
  return {
    entityId: "https://fedmaster.example",
    asked,
    async listIdps() {
      if (options.list instanceof TrustFailure) throw options.list;
      return options.list;
    },
    async trustChain(issuer) {
      asked.push(issuer);
      const failure = options.broken[issuer];
      if (failure) throw failure;
      return { issuer } as InsurerTrustChain;
    },
  };
}

const listed = (...issuers: string[]): FederationIdp[] =>
  issuers.map((issuer) => ({
    issuer,
    organizationName: `listed ${issuer.split("/").at(-1)}`,
    logoUri: null,
    pkv: false,
    userTypeSupported: "IP",
  }));

const badSignature = new TrustFailure(
  "bad_signature",
  "signed_jwks",
  "not signed by a trusted key",
);
const unreachable = new TrustFailure("unreachable", "master_configuration", "503");
const logger = createLogger("idp-directory-test", { level: "silent" });

describe("IDP directory", () => {
  test("an insurer whose chain does not verify is not offered, and a lookup says why", async () => {
    const directory = createIdpDirectory({
      prisma,
      logger,
      federation: federation({ list: listed(NORD, SUED), broken: { [SUED]: badSignature } }),
    });
    expect((await directory.forApplication([])).map((idp) => idp.issuer)).toEqual([NORD]);
    expect(await directory.find(SUED, [])).toBeUndefined();
    expect(await directory.lookup(SUED, [])).toEqual({
      ok: false,
      reason: "untrusted",
      failure: badSignature,
    });
    expect(await directory.lookup(NORD, [])).toMatchObject({ ok: true, idp: { issuer: NORD } });
  });

  test("the master's list unavailable: registered IDPs stand in, each only with a verified chain", async () => {
    const directory = createIdpDirectory({
      prisma,
      logger,
      federation: federation({ list: unreachable, broken: { [SUED]: unreachable } }),
    });
    expect((await directory.forApplication([])).map((idp) => idp.issuer)).toEqual([NORD, PRIVAT]);
  });

  test("an issuer that is not a candidate resolves no chain (nothing to audit, nothing to fetch)", async () => {
    const master = federation({ list: listed(NORD), broken: {} });
    const directory = createIdpDirectory({ prisma, logger, federation: master });
    expect(await directory.lookup("https://attacker.example", [])).toEqual({
      ok: false,
      reason: "not_available",
    });
    // Listed but not allowed to the application: not resolved either.
    expect(await directory.lookup(NORD, [SUED])).toEqual({ ok: false, reason: "not_available" });
    expect(master.asked).toEqual([]);
  });
});
