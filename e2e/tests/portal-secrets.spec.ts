/**
 * Client secret rotation as the broker sees it (issue 4): a secret rotated in the portal
 * with a grace period keeps authenticating the client next to the new one until the grace
 * period ends or it is revoked; a rotation without grace ends it at once.
 *
 * The probe is token introspection (RFC 7662) with client_secret_basic and a token that
 * does not exist. The broker checks the client's credentials before it looks at the token
 * (apps/broker/src/applications/client-auth.ts), so an authenticated client gets 200
 * `{"active": false}` (§2.2) and a refused secret 401 `invalid_client` (§2.1, RFC 6749
 * §5.2). It needs no user login and changes nothing.
 */
import type { APIRequestContext, Page } from "@playwright/test";
import { createPrismaClient } from "@lotse/db";
import { secretPrefix } from "@lotse/db/client-secrets";
import { e2eEnv } from "../env.ts";
import { expect, test } from "../fixtures/index.ts";
import {
  createOrganization,
  randomSuffix,
  registerApplication,
  signUp,
} from "../fixtures/portal.ts";
import { urls } from "../urls.ts";

const ACCEPTED = { status: 200, body: { active: false } };
const REFUSED = { status: 401, body: expect.objectContaining({ error: "invalid_client" }) };

/** The introspection endpoint, from the broker's discovery document. */
async function introspectionEndpoint(request: APIRequestContext): Promise<string> {
  const discovery = await request.get(`${urls.broker}/.well-known/openid-configuration`);
  expect(discovery.ok()).toBe(true);
  const metadata = (await discovery.json()) as {
    introspection_endpoint: string;
    token_endpoint_auth_methods_supported: string[];
  };
  // oidc-provider 9 authenticates a client the same way at every endpoint, so it publishes
  // only the token endpoint's methods.
  expect(metadata.token_endpoint_auth_methods_supported).toContain("client_secret_basic");
  return metadata.introspection_endpoint;
}

/** Introspects a token that does not exist, authenticated with client_secret_basic. */
function authenticate(request: APIRequestContext, endpoint: string, clientId: string) {
  return async (secret: string) => {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before they go into Basic.
    const credentials = `${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`;
    const response = await request.post(endpoint, {
      headers: { authorization: `Basic ${Buffer.from(credentials).toString("base64")}` },
      form: { token: `no-such-token-${randomSuffix()}` },
    });
    return { status: response.status(), body: (await response.json()) as unknown };
  };
}

const NO_GRACE = "none — the old secret stops working now";

async function rotate(page: Page, grace: string, previous: string): Promise<string> {
  await page.getByLabel("Keep the current secret valid for").selectOption({ label: grace });
  await page.getByRole("button", { name: "Rotate secret" }).click();
  if (grace === NO_GRACE) {
    // Ending every previous secret at once is destructive, so the portal asks first.
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("stops working immediately");
    await dialog.getByRole("button", { name: "Rotate now" }).click();
  }
  // The new secret is shown once, in place of any shown before.
  const shown = page.getByTestId("client-secret");
  await expect(shown).toHaveText(/^[\w-]{43}$/);
  await expect(shown).not.toHaveText(previous);
  return (await shown.textContent())!;
}

/**
 * Ends a secret's grace period now by moving its `expiresAt` into the past in the e2e
 * database, as the relying-party fixture writes applications there. It stands in for
 * waiting out the grace period: the shortest one is an hour, and the broker has no fake
 * clock; it compares `expiresAt` with the current time on every authentication.
 */
async function endGracePeriod(clientId: string, secret: string): Promise<void> {
  const databaseUrl = e2eEnv().LOTSE_E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error("LOTSE_E2E_DATABASE_URL is not set (the global setup sets it)");
  const prisma = createPrismaClient(databaseUrl);
  try {
    const { count } = await prisma.clientSecret.updateMany({
      where: {
        application: { clientId },
        prefix: secretPrefix(secret),
        revokedAt: null,
        expiresAt: { gt: new Date() },
      },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(count).toBe(1);
  } finally {
    await prisma.$disconnect();
  }
}

function secretRow(page: Page, secret: string) {
  return page
    .getByTestId("secrets-table")
    .locator("tbody tr")
    .filter({ hasText: `${secret.slice(0, 8)}…` });
}

test("a rotated secret works during its grace period until it ends or is revoked; without grace it stops at once", async ({
  page,
  request,
}) => {
  const slug = `rotate-${randomSuffix()}`;
  await signUp(page, "Rosa");
  await createOrganization(page, { name: "Praxis Rotation", slug });
  const { clientId, secret: first } = await registerApplication(page, slug, {
    name: "Praxis Backend",
    redirectUris: ["https://praxis.example/callback"],
  });
  expect(first).toMatch(/^[\w-]{43}$/);

  const authenticateWith = authenticate(request, await introspectionEndpoint(request), clientId);
  expect(await authenticateWith(first!)).toEqual(ACCEPTED);
  // The probe can tell: a secret the client never had is refused.
  expect(await authenticateWith(`${first!.slice(0, -4)}AAAA`)).toEqual(REFUSED);

  // Rotation with a day of grace: the old secret and the new one both authenticate.
  const second = await rotate(page, "1 day", first!);
  await expect(secretRow(page, first!)).toContainText("expiring until");
  expect(await authenticateWith(first!)).toEqual(ACCEPTED);
  expect(await authenticateWith(second)).toEqual(ACCEPTED);

  // Revoking the old one ends it before its grace period does; the new one carries on.
  await secretRow(page, first!).getByRole("button", { name: "Revoke" }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /^Revoke/ })
    .click();
  await expect(secretRow(page, first!)).toContainText("revoked");
  expect(await authenticateWith(first!)).toEqual(REFUSED);
  expect(await authenticateWith(second)).toEqual(ACCEPTED);

  // Rotation without grace: the previous secret is refused as soon as the new one is shown.
  const third = await rotate(page, NO_GRACE, second);
  expect(await authenticateWith(second)).toEqual(REFUSED);
  expect(await authenticateWith(third)).toEqual(ACCEPTED);
  await expect(secretRow(page, second)).toContainText("expired");

  // Rotation with grace, then the grace period runs out: the old secret is refused without
  // anyone revoking it, and the new one carries on.
  const fourth = await rotate(page, "1 hour", third);
  expect(await authenticateWith(third)).toEqual(ACCEPTED);
  await endGracePeriod(clientId, third);
  // The test moves the end into the past in the database rather than waiting an hour; the
  // brokers forget their cached client records when PostgreSQL announces that change, a few
  // milliseconds after the commit (docs/operations.md, "Several instances"), so the refusal
  // is awaited for that long. A grace period that runs out by time needs no announcement.
  await expect.poll(() => authenticateWith(third), { timeout: 2_000 }).toEqual(REFUSED);
  expect(await authenticateWith(fourth)).toEqual(ACCEPTED);
  await page.reload();
  await expect(secretRow(page, third)).toContainText("expired");
});
