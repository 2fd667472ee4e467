/**
 * Issue 4, "Done when": an application registered through the portal UI completes a login
 * through the broker without restarting anything. The portal's "Try it" is the relying
 * party; an edit in the portal applies to the very next login.
 */
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test, type SandboxIdentity } from "../fixtures/index.ts";
import { createOrganization, registerApplication, signUp } from "../fixtures/portal.ts";
import { urls } from "../urls.ts";

const NORD = `${urls.sandbox}/idp/nord`;
const KVNR_CLAIM = "urn:telematik:claims:id";
const NAME_CLAIM = "urn:telematik:claims:display_name";

/**
 * Starts Try it (the link of a public app, or the form of a confidential one when `secret`
 * is given) and logs in at the chooser and the sandbox (unless a session skips them).
 */
async function tryIt(
  page: Page,
  person: SandboxIdentity,
  secret?: string,
): Promise<Record<string, unknown>> {
  if (secret === undefined) {
    await page.getByRole("link", { name: "Try it", exact: true }).click();
  } else {
    await page.getByRole("textbox", { name: "Client secret" }).fill(secret);
    await page.getByRole("button", { name: "Try it", exact: true }).click();
  }
  const claims = page.getByTestId("try-it-claims");
  await expect(page.getByTestId("chooser").or(claims)).toBeVisible();
  if (await page.getByTestId("chooser").isVisible()) {
    await page.locator(`[data-issuer="${NORD}"]`).click();
    const identity = page.getByTestId(`identity-${person.kvnr}`);
    await expect(identity.or(claims)).toBeVisible();
    if (await identity.isVisible()) {
      await identity.check();
      await page.getByTestId("approve").click();
    }
  }
  await expect(claims).toBeVisible();
  return JSON.parse((await claims.textContent()) ?? "{}") as Record<string, unknown>;
}

test("an app registered in the portal signs in through the broker at once, and edits apply at once", async ({
  page,
  identities,
}) => {
  const person = identities.find((identity) => identity.idp === NORD);
  expect(person, "a sandbox identity at the Nord IDP").toBeDefined();
  const suffix = randomBytes(4).toString("hex");

  await signUp(page, "Toni");
  await createOrganization(page, { name: "Praxis Try", slug: `try-${suffix}` });

  // A public app with the portal's Try-it redirect URI, the KVNR and the display-name scope.
  const { clientId } = await registerApplication(page, `try-${suffix}`, {
    name: "Praxis App",
    type: "PUBLIC",
    redirectUris: ["https://praxis.example/callback", `${urls.portal}/try-it/callback`],
    scopes: ["urn:telematik:versicherter", "urn:telematik:display_name"],
  });

  const first = await tryIt(page, person!);
  expect(first.iss).toBe(urls.broker);
  expect(first.aud).toBe(clientId);
  expect(typeof first.sub).toBe("string");
  expect(first[KVNR_CLAIM]).toBe(person!.kvnr);
  expect(first[NAME_CLAIM]).toEqual(expect.any(String));

  // Edit: without the display-name scope, the very next login carries no display name.
  await page.getByRole("link", { name: "Back to the application" }).click();
  await page.getByRole("checkbox", { name: "urn:telematik:display_name" }).uncheck();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("saved")).toBeVisible();

  const second = await tryIt(page, person!);
  expect(second.aud).toBe(clientId);
  expect(second).not.toHaveProperty(NAME_CLAIM);
  expect(second[KVNR_CLAIM]).toBe(person!.kvnr);
});

test("limiting an app to one insurer applies at the broker at once, and lifting it too", async ({
  page,
  request,
}) => {
  const suffix = randomBytes(4).toString("hex");
  await signUp(page, "Ilka");
  await createOrganization(page, { name: "Praxis IDP", slug: `idp-${suffix}` });
  const { clientId } = await registerApplication(page, `idp-${suffix}`, {
    name: "Praxis Native",
    type: "PUBLIC",
    redirectUris: ["https://praxis.example/callback"],
    scopes: [],
  });
  // The insurers the broker offers this app, as its native IDP list (flow B) shows them.
  const offered = async () => {
    const response = await request.get(
      `${urls.broker}/api/v1/idps?relyingPartyId=${encodeURIComponent(clientId)}`,
    );
    expect(response.status()).toBe(200);
    return ((await response.json()) as { issuer: string }[]).map((idp) => idp.issuer).sort();
  };
  const everyInsurer = await offered();
  expect(everyInsurer).toContain(NORD);
  expect(everyInsurer.length).toBeGreaterThan(1);

  await page.getByRole("checkbox", { name: "Sandbox Krankenkasse Nord" }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("saved")).toBeVisible();
  expect(await offered()).toEqual([NORD]);

  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Sandbox Krankenkasse Nord" })).toBeChecked();
  await page.getByRole("checkbox", { name: "Sandbox Krankenkasse Nord" }).uncheck();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("saved")).toBeVisible();
  expect(await offered()).toEqual(everyInsurer);
});

test("a confidential app tries a sign-in with its secret; a wrong secret ends in invalid_client", async ({
  page,
  identities,
}) => {
  const person = identities.find((identity) => identity.idp === NORD);
  expect(person, "a sandbox identity at the Nord IDP").toBeDefined();
  const suffix = randomBytes(4).toString("hex");
  await signUp(page, "Cleo");
  await createOrganization(page, { name: "Praxis Server", slug: `srv-${suffix}` });
  const { clientId, secret } = await registerApplication(page, `srv-${suffix}`, {
    name: "Praxis Server",
    type: "CONFIDENTIAL",
    redirectUris: [`${urls.portal}/try-it/callback`],
    scopes: ["urn:telematik:versicherter"],
  });
  expect(secret).toMatch(/^[\w-]{43}$/);

  // A wrong secret: the login runs, the broker refuses the token request.
  await page.getByRole("textbox", { name: "Client secret" }).fill("not-the-secret");
  await page.getByRole("button", { name: "Try it", exact: true }).click();
  await page.locator(`[data-issuer="${NORD}"]`).click();
  await page.getByTestId(`identity-${person!.kvnr}`).check();
  await page.getByTestId("approve").click();
  await expect(page.getByTestId("try-it-error")).toContainText("invalid_client");
  await expect(page.getByTestId("try-it-claims")).toHaveCount(0);

  // The right one: the claims of this application's ID token.
  await page.getByRole("link", { name: "Back to the application" }).click();
  const claims = await tryIt(page, person!, secret!);
  expect(claims.aud).toBe(clientId);
  expect(claims[KVNR_CLAIM]).toBe(person!.kvnr);
  // The secret is nowhere on the page.
  expect(await page.content()).not.toContain(secret!);
});

test("a cross-site POST cannot start a Try-it login", async ({ request }) => {
  const response = await request.post(`${urls.portal}/try-it/start`, {
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    form: { applicationId: "any", clientSecret: "x" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
});
