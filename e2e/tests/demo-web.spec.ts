/**
 * demo-web, the example relying party (issue 5, "Example apps"), as a person uses it:
 * next-auth's generic OIDC provider signs them in through the broker's chooser and a
 * sandbox insurer; the app shows their claims and the decoded ID token, refreshes tokens
 * (by hand and when the access token expired), and signs out at the broker too
 * (RP-initiated logout). Then the backend variant, where the app's own server runs the
 * login with @lotse/sdk.
 */
import type { Page } from "@playwright/test";
import { createPrismaClient } from "@lotse/db";
import { DEMO_WEB } from "@lotse/db/seed";
import { e2eEnv } from "../env.ts";
import { expect, test, type SandboxIdentity } from "../fixtures/index.ts";
import { urls } from "../urls.ts";

const NORD = `${urls.sandbox}/idp/nord`;
const KVNR_CLAIM = "urn:telematik:claims:id";

function nordPerson(identities: SandboxIdentity[]): SandboxIdentity {
  const person = identities.find((identity) => identity.idp === NORD);
  expect(person, "a sandbox identity at the Nord IDP").toBeDefined();
  return person!;
}

/** At the sandbox insurer: pick the identity and approve the release. */
async function approveAtInsurer(page: Page, person: SandboxIdentity): Promise<void> {
  await page.getByTestId(`identity-${person.kvnr}`).check();
  await page.getByTestId("approve").click();
}

async function signIn(page: Page, person: SandboxIdentity): Promise<void> {
  await page.goto(urls.demoWeb);
  await expect(page.getByTestId("signed-out")).toBeVisible();
  await page.getByTestId("sign-in").click();
  // The broker's chooser, then the insurer.
  await expect(page.getByTestId("chooser")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`^${urls.broker}/`));
  await page.locator(`[data-issuer="${NORD}"]`).click();
  await approveAtInsurer(page, person);
  await expect(page.getByTestId("signed-in")).toBeVisible();
  await expect(page).toHaveURL(`${urls.demoWeb}/`);
}

/** Clicks the app's sign-out; RP-initiated logout: the broker asks, then returns to the app. */
async function confirmLogoutAtBroker(page: Page): Promise<void> {
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(new RegExp(`^${urls.broker}/connect/endsession`));
  await expect(page.getByRole("heading", { name: "Sign out?" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
}

async function idTokenPayload(page: Page): Promise<Record<string, unknown>> {
  return JSON.parse((await page.getByTestId("id-token-payload").textContent()) ?? "{}");
}

async function tokenFacts(page: Page) {
  return {
    count: await page.getByTestId("refresh-count").textContent(),
    access: await page.getByTestId("access-token-fingerprint").textContent(),
    refresh: await page.getByTestId("refresh-token-fingerprint").textContent(),
    expiry: await page.getByTestId("access-token-expiry").getAttribute("datetime"),
  };
}

/** Sets demo-web's access token lifetime at the broker for the duration of `run`. */
async function withAccessTokenTtl(seconds: number, run: () => Promise<void>): Promise<void> {
  const env = e2eEnv();
  const databaseUrl = env.LOTSE_E2E_DATABASE_URL ?? env.DATABASE_URL;
  if (!databaseUrl) throw new Error("LOTSE_E2E_DATABASE_URL is not set (the global setup sets it)");
  const prisma = createPrismaClient(databaseUrl);
  const where = { clientId: DEMO_WEB.clientId };
  const { accessTokenTtl } = await prisma.application.findUniqueOrThrow({ where });
  await prisma.application.update({ where, data: { accessTokenTtl: seconds } });
  try {
    await run();
  } finally {
    await prisma.application.update({ where, data: { accessTokenTtl } });
    await prisma.$disconnect();
  }
}

test.describe("demo-web with next-auth", () => {
  test("sign in through the chooser and an insurer; claims and the decoded ID token", async ({
    page,
    identities,
  }) => {
    const person = nordPerson(identities);
    await signIn(page, person);

    await expect(page.getByTestId(`claim-${KVNR_CLAIM}`)).toHaveText(person.kvnr);
    await expect(page.getByTestId("claims")).toContainText("Krankenversichertennummer (KVNR)");
    const sub = await page.getByTestId("sub").textContent();
    expect(sub).toBeTruthy();
    // The pairwise sub is neither the KVNR nor the insurer's subject.
    expect(sub).not.toContain(person.kvnr);

    const header = JSON.parse((await page.getByTestId("id-token-header").textContent()) ?? "{}");
    expect(header.alg).toMatch(/^(RS256|ES256)$/);
    expect(typeof header.kid).toBe("string");
    const payload = await idTokenPayload(page);
    expect(payload.iss).toBe(urls.broker);
    expect(payload.aud).toBe(DEMO_WEB.clientId);
    expect(payload.sub).toBe(sub);
    expect(typeof payload.nonce).toBe("string");
    expect(payload[KVNR_CLAIM]).toBe(person.kvnr);
  });

  test("refresh now: each refresh rotates both tokens and the rotated one works", async ({
    page,
    identities,
  }) => {
    await signIn(page, nordPerson(identities));
    const before = await tokenFacts(page);
    expect(before.count).toBe("0");

    await page.getByTestId("refresh").click();
    await expect(page.getByTestId("refresh-count")).toHaveText("1");
    await expect(page.getByTestId("refresh-reason")).toHaveText("manual");
    const first = await tokenFacts(page);
    expect(first.access).not.toBe(before.access);
    expect(first.refresh).not.toBe(before.refresh);
    expect(Date.parse(first.expiry!)).toBeGreaterThanOrEqual(Date.parse(before.expiry!));

    // The broker revokes the grant when a consumed refresh token comes back (RFC 9700
    // §4.14.2): a second refresh only succeeds if the app stored the rotated one.
    await page.getByTestId("refresh").click();
    await expect(page.getByTestId("refresh-count")).toHaveText("2");
    const second = await tokenFacts(page);
    expect(second.refresh).not.toBe(first.refresh);
    await expect(page.getByTestId("session-error")).toHaveCount(0);
  });

  test("an expired access token is refreshed when the page opens", async ({ page, identities }) => {
    const ttl = 6;
    await withAccessTokenTtl(ttl, async () => {
      await signIn(page, nordPerson(identities));
      const before = await tokenFacts(page);
      expect(before.count).toBe("0");
      const issuedAt = Date.parse(before.expiry!) - ttl * 1000;

      // Past half of its lifetime the token counts as expired (lib/token-expiry.ts), and the
      // page sends the browser through /session/refresh, which can store the new tokens.
      await page.waitForTimeout(Math.max(0, issuedAt + (ttl / 2 + 1) * 1000 - Date.now()));
      await page.reload();
      await expect(page.getByTestId("refresh-reason")).toHaveText("expired");
      await expect(page.getByTestId("refresh-count")).toHaveText("1");
      const after = await tokenFacts(page);
      expect(after.access).not.toBe(before.access);
      expect(Date.parse(after.expiry!)).toBeGreaterThan(Date.parse(before.expiry!));
    });
  });

  test("sign out ends the session here and at the broker", async ({ page, identities }) => {
    await signIn(page, nordPerson(identities));

    await confirmLogoutAtBroker(page);
    await expect(page).toHaveURL(`${urls.demoWeb}/`);
    await expect(page.getByTestId("signed-out")).toBeVisible();

    // Signed out here (the page offers sign-in) and at the broker (it asks again).
    await page.getByTestId("sign-in").click();
    await expect(page.getByTestId("chooser")).toBeVisible();
  });
});

test.describe("demo-web backend exchange variant (@lotse/sdk)", () => {
  test("the app's server starts the login with provider= and redeems the code", async ({
    page,
    identities,
  }) => {
    const person = nordPerson(identities);
    await page.goto(`${urls.demoWeb}/backend`);
    await expect(page.getByTestId("backend-signed-out")).toBeVisible();

    // The IDP list comes from the broker's /api/v1/idps; picking one skips the chooser.
    const nord = page.getByTestId("idp-list").locator(`[data-issuer="${NORD}"]`);
    await expect(nord).toHaveText("Sandbox Krankenkasse Nord");
    await nord.click();
    await expect(page).toHaveURL(new RegExp(`^${NORD}/`));
    await approveAtInsurer(page, person);

    await expect(page.getByTestId("backend-signed-in")).toBeVisible();
    await expect(page).toHaveURL(`${urls.demoWeb}/backend`);
    await expect(page.getByTestId(`claim-${KVNR_CLAIM}`)).toHaveText(person.kvnr);
    const payload = await idTokenPayload(page);
    expect(payload.iss).toBe(urls.broker);
    expect(payload.aud).toBe(DEMO_WEB.clientId);
    expect(payload.sub).toBe(await page.getByTestId("sub").textContent());

    await confirmLogoutAtBroker(page);
    await expect(page.getByTestId("signed-out")).toBeVisible();
    await page.goto(`${urls.demoWeb}/backend`);
    await expect(page.getByTestId("backend-signed-out")).toBeVisible();
  });

  test("a callback without a login in progress is refused", async ({ page }) => {
    await page.goto(`${urls.demoWeb}/backend/callback?code=forged&state=forged`);
    await expect(page.getByTestId("backend-error")).toHaveText(
      "The login did not complete: no_login_in_progress",
    );
  });
});
