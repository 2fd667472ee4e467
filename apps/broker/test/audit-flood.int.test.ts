/**
 * A flood of unauthenticated failed requests while a person logs in (security review item 4):
 * made-up exchanges at `POST /oidcf/exchange/mobile` and made-up codes at `/connect/token`.
 * The login completes, every failed request is still one audit event (DESIGN.md §5), and the
 * chain verifies. That the login's events do not queue behind the flood is shown on the audit
 * log itself, where the order can be controlled: src/audit/audit-flood.int.test.ts.
 */
import type * as client from "openid-client";
import { afterAll, beforeAll, expect, test } from "vitest";
import { DEMO_MOBILE } from "@lotse/db/seed";
import { verifyAuditChain } from "../src/audit/index.js";
import { person } from "./support/identities.js";
import { login, relyingParty } from "./support/relying-party.js";
import { startTestBroker, type TestBroker } from "./support/test-broker.js";

const EXCHANGES = 120;
const TOKEN_REQUESTS = 60;

let broker: TestBroker;
let mobile: client.Configuration;

beforeAll(async () => {
  broker = await startTestBroker();
  mobile = await relyingParty(broker, DEMO_MOBILE.clientId, "none");
});
afterAll(async () => broker?.close());

const post = async (path: string, type: string, body: string) => {
  const response = await fetch(`${broker.issuer}${path}`, {
    method: "POST",
    headers: { "content-type": type },
    body,
  });
  await response.arrayBuffer();
  return response.status;
};

test("a login completes during a flood of failed exchanges and token requests; every failure is audited and the chain verifies", async () => {
  const flood = [
    ...Array.from({ length: EXCHANGES }, (_, i) =>
      post(
        "/oidcf/exchange/mobile",
        "application/json",
        JSON.stringify({ clientId: DEMO_MOBILE.clientId, code: `made-up-${i}`, state: `s-${i}` }),
      ),
    ),
    ...Array.from({ length: TOKEN_REQUESTS }, (_, i) =>
      post(
        "/connect/token",
        "application/x-www-form-urlencoded",
        new URLSearchParams({
          grant_type: "authorization_code",
          code: `made-up-${i}`,
          redirect_uri: DEMO_MOBILE.redirectUris[0],
          code_verifier: "x".repeat(43),
          client_id: DEMO_MOBILE.clientId,
        }).toString(),
      ),
    ),
  ];
  const { tokens } = await login(broker, mobile, {
    redirectUri: DEMO_MOBILE.redirectUris[0],
    login: person(),
  });
  expect(tokens.access_token).toBeTruthy();

  const statuses = await Promise.all(flood);
  expect(statuses.every((status) => status === 400)).toBe(true);
  // oidc-provider emits grant.error after answering; give the last events their moment.
  await expect
    .poll(() => broker.prisma.auditEvent.count({ where: { type: "token.rejected" } }))
    .toBe(TOKEN_REQUESTS);
  expect(
    await broker.prisma.auditEvent.count({
      where: { type: "exchange.mobile", outcome: "FAILURE", clientId: null },
    }),
  ).toBe(EXCHANGES);
  await expect
    .poll(() =>
      broker.prisma.auditEvent.count({
        where: { type: { in: ["code.issued", "token.issued"] }, clientId: DEMO_MOBILE.clientId },
      }),
    )
    .toBe(2);
  const report = await verifyAuditChain(broker.prisma);
  expect(report).toEqual({ ok: true, checked: await broker.prisma.auditEvent.count() });
});
