/**
 * Secrets at rest and in logs (docs/security.md "Secrets at rest"): after a whole federated
 * login with a refresh, an introspection and userinfo, neither the database nor what the
 * broker and the sandbox logged at the most verbose level holds, in clear, any secret the
 * app or the person's browser held: the client secret, the code, the access, refresh and
 * ID tokens, the broker's session cookie, the KVNR or the person's name.
 */
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_WEB } from "@lotse/db/seed";
import { createLogger } from "@lotse/server";
import {
  CookieBrowser,
  federatedAuthorize,
  startFederatedWorld,
  type FederatedWorld,
} from "./support/federated-world.js";
import { relyingParty } from "./support/relying-party.js";

/** Anna Beispiel, insured at nord only (docs/sandbox.md). */
const ANNA = { kvnr: "X110411675", name: "Beispiel" };

const logged: string[] = [];
let world: FederatedWorld;

beforeAll(async () => {
  world = await startFederatedWorld({
    logger: createLogger("secrets-test", {
      level: "trace",
      destination: { write: (line) => void logged.push(line) },
    }),
  });
});
afterAll(async () => world?.close());

/** Every row of every table of ours, as text. */
async function databaseDump(): Promise<string> {
  const tables = await world.prisma.$queryRaw<{ name: string }[]>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'`;
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await world.prisma.$queryRawUnsafe<{ row: string }[]>(
      `select t::text as row from "${name.replaceAll('"', '""')}" t`,
    );
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join("\n");
}

describe("secrets at rest and in logs", () => {
  test("after a login, a refresh, introspection and userinfo, none is stored or logged in clear", async () => {
    const web = await relyingParty(world, DEMO_WEB.clientId, {
      secret: DEMO_WEB.developmentSecret,
    });
    const browser = new CookieBrowser();
    const { callback, checks } = await federatedAuthorize(world, web, {
      redirectUri: DEMO_WEB.redirectUris[0],
      idp: world.idp("nord"),
      kvnr: ANNA.kvnr,
      scope: "openid offline_access urn:telematik:versicherter urn:telematik:display_name",
      extra: { prompt: "consent" },
      browser,
    });
    const code = callback.searchParams.get("code")!;
    const tokens = await client.authorizationCodeGrant(web, callback, checks);
    const refreshed = await client.refreshTokenGrant(web, tokens.refresh_token!);
    await client.tokenIntrospection(web, refreshed.access_token);
    await client.fetchUserInfo(web, refreshed.access_token, tokens.claims()!.sub);

    const secrets: Record<string, string> = {
      "client secret": DEMO_WEB.developmentSecret,
      code,
      "access token": tokens.access_token,
      "refresh token": tokens.refresh_token!,
      "ID token": tokens.id_token!,
      "rotated access token": refreshed.access_token,
      "rotated refresh token": refreshed.refresh_token!,
      KVNR: ANNA.kvnr,
      "person's name": ANNA.name,
    };
    // The broker's session cookie holds the session id. (The interaction cookie holds the
    // interaction's uid, which is the flow id in the audit log by design; like every
    // oidc-provider cookie it is signed, so knowing the value does not make the cookie.)
    const session = browser.cookies().find((cookie) => cookie.name === "_session");
    expect(session?.value).toBeTruthy();
    secrets["session cookie"] = session!.value;
    expect(Object.keys(secrets)).toHaveLength(10);

    const dump = await databaseDump();
    const logs = logged.join("\n");
    expect(logs.length).toBeGreaterThan(0);
    const found = Object.entries(secrets).flatMap(([what, value]) => [
      ...(dump.includes(value) ? [`${what} in the database`] : []),
      ...(logs.includes(value) ? [`${what} in the logs`] : []),
    ]);
    expect(found).toEqual([]);
  });
});
