/**
 * The example mobile app (apps/mobile, Expo web build) on a phone-sized screen, through
 * both mobile flows (DESIGN.md §4 "Mobile flows", docs/flows/mobile.md): the insurer's
 * authenticator app returns to the app's App Link (`http://localhost:8081/app/ce` on the
 * web), the app exchanges the insurer's code at the broker, redeems the broker's code with
 * its PKCE verifier and shows the person's claims.
 */
import { devices, type Page } from "@playwright/test";
import { expect, test, type SandboxIdentity } from "../fixtures/index.ts";
import { urls } from "../urls.ts";

const NORD = `${urls.sandbox}/idp/nord`;
const KVNR_CLAIM = "urn:telematik:claims:id";

// A phone; the browser stays the project's Chromium (defaultBrowserType cannot change per file).
const { defaultBrowserType: _browser, ...pixel7 } = devices["Pixel 7"];
test.use(pixel7);

function nordPerson(identities: SandboxIdentity[]): SandboxIdentity {
  const person = identities.find((identity) => identity.idp === NORD);
  expect(person, "a sandbox identity at the Nord IDP").toBeDefined();
  return person!;
}

/** The insurer's authenticator app (sandbox): the person picks themself and approves. */
async function approveInAuthenticator(page: Page, person: SandboxIdentity) {
  await expect(page.getByTestId("authenticator-app")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(urls.sandbox);
  await page.getByTestId(`identity-${person.kvnr}`).check();
  await page.getByTestId("approve").click();
}

/** Back in the app: signed in, with the claims; answers the sub. */
async function expectSignedIn(page: Page, person: SandboxIdentity): Promise<string> {
  await expect(page.getByTestId("claims")).toBeVisible();
  await expect(page.getByTestId(`claim-${KVNR_CLAIM}`)).toContainText(person.kvnr);
  await expect(page.getByTestId("error")).toHaveCount(0);
  // The login answer is taken out of the address bar once used.
  expect(new URL(page.url()).search).toBe("");
  const sub = (await page.getByTestId("sub").textContent()) ?? "";
  expect(sub).not.toBe("");
  expect(sub).not.toContain(person.kvnr);
  return sub;
}

async function signOut(page: Page) {
  const revocation = page.waitForResponse(
    (response) => response.url() === `${urls.broker}/connect/revocation`,
  );
  await page.getByTestId("sign-out").click();
  expect((await revocation).status()).toBe(200);
  await expect(page.getByTestId("signed-out")).toBeVisible();
  await expect(page.getByTestId("claims")).toHaveCount(0);
}

test("flow A: the broker's chooser in the browser, then back into the app", async ({
  page,
  identities,
}) => {
  const person = nordPerson(identities);
  await page.goto(urls.mobile);
  await expect(page.getByTestId("signed-out")).toBeVisible();
  await page.getByTestId("flow-a").click();

  // The broker's IDP chooser, as in the web flow.
  await expect(page.getByTestId("chooser")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(urls.broker);
  await page.locator(`[data-issuer="${NORD}"]`).click();

  await approveInAuthenticator(page, person);

  // The insurer returned to the app's App Link stand-in; the app exchanged and redeemed.
  await expectSignedIn(page, person);
  expect(new URL(page.url()).origin).toBe(urls.mobile);
  await signOut(page);
});

test("flow B: the app's own insurer list, the insurer's app, then back", async ({
  page,
  identities,
}) => {
  const person = nordPerson(identities);
  await page.goto(urls.mobile);
  await page.getByTestId("flow-b").click();

  // The native list comes from GET /api/v1/idps (CORS from the app's origin).
  await expect(page.getByTestId("idp-list")).toBeVisible();
  await expect(page.getByTestId("idp-privat")).toBeVisible();
  await page.getByTestId("idp-nord").click();

  // No broker page in between: the JSON authorize answered the insurer's URL.
  await approveInAuthenticator(page, person);
  const subB = await expectSignedIn(page, person);

  // UNIQUE sub mode (demo-mobile): the same person at the same insurer, the same sub in flow A.
  await signOut(page);
  await page.getByTestId("flow-a").click();
  await page.locator(`[data-issuer="${NORD}"]`).click();
  await approveInAuthenticator(page, person);
  expect(await expectSignedIn(page, person)).toBe(subB);
});

test("cancelling in the insurer's app shows access_denied in the app", async ({ page }) => {
  await page.goto(urls.mobile);
  await page.getByTestId("flow-b").click();
  await page.getByTestId("idp-nord").click();
  await expect(page.getByTestId("authenticator-app")).toBeVisible();
  await page.getByTestId("cancel").click();
  await expect(page.getByTestId("error")).toContainText("access_denied");
  await expect(page.getByTestId("signed-out")).toBeVisible();
});
