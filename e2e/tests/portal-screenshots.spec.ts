/**
 * The screenshots of docs/portal.md, taken by every run from the real stack (issue 4), at
 * fixed viewports so the images keep their size. Each test first checks that the page
 * shows what the image is meant to show. No image holds a secret: an application's page
 * is opened after the one-time secret is gone, and an invitation link is never on screen.
 */
import { e2eEnv } from "../env.ts";
import { expect, logInAtRelyingParty, test } from "../fixtures/index.ts";
import {
  createOrganization,
  docsScreenshot,
  randomSuffix,
  registerApplication,
  signInAs,
  signUp,
} from "../fixtures/portal.ts";
import { urls } from "../urls.ts";

const NORD = `${urls.sandbox}/idp/nord`;

test.use({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });

test("application page: quick start, client secrets, settings", async ({ page }) => {
  const slug = `praxis-${randomSuffix()}`;
  await signUp(page, "Dana");
  await createOrganization(page, { name: "Praxis Nord", slug });
  const { secret } = await registerApplication(page, slug, {
    name: "Praxis Web",
    redirectUris: ["https://praxis.example/api/auth/callback/lotse"],
    scopes: ["urn:telematik:versicherter", "urn:telematik:display_name"],
  });
  // A rotation with grace, so the secrets table shows both states; the new secret is
  // shown once and gone when the page is opened again.
  await page.getByLabel("Keep the current secret valid for").selectOption({ label: "7 days" });
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const rotated = (await page.getByTestId("client-secret").textContent())!;
  await page.goto(page.url());
  await expect(page.getByTestId("secrets-table")).toContainText("expiring until");
  await expect(page.getByTestId("client-secret")).toHaveCount(0);
  const html = await page.content();
  expect(html).not.toContain(secret!);
  expect(html).not.toContain(rotated);

  // One screen per section: the whole page is too long to read as one image.
  const onThisPage = page.getByRole("navigation", { name: "On this page" });
  await expect(page.getByTestId("quick-start-next-auth")).toBeVisible();
  await expect(onThisPage.getByRole("link", { name: "Quick start" })).toHaveAttribute(
    "aria-current",
    "location",
  );
  await docsScreenshot(page, "application", { fullPage: false });
  for (const [id, label] of [
    ["secrets", "Client secrets"],
    ["settings", "Settings"],
  ] as const) {
    await page.locator(`#${id}`).evaluate((element) => element.scrollIntoView());
    await expect(onThisPage.getByRole("link", { name: label })).toHaveAttribute(
      "aria-current",
      "location",
    );
    await docsScreenshot(page, `application-${id}`, { fullPage: false });
  }
});

test("organization page: members and invitations", async ({ page, newBrowserPage }) => {
  const slug = `team-${randomSuffix()}`;
  await signUp(page, "Owner");
  const organization = await createOrganization(page, { name: "Team Süd", slug });
  await organization.getByRole("link", { name: "Team Süd" }).click();
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = (await page.getByTestId("invitation-link").textContent())!;

  const guest = await newBrowserPage();
  await signUp(guest, "Guest");
  await guest.goto(link);
  await guest.getByRole("button", { name: "Accept invitation" }).click();
  await expect(guest.getByTestId(`org-${slug}`)).toBeVisible();

  await page.reload();
  await expect(page.getByTestId("members-table").locator("tbody tr")).toHaveCount(2);
  await expect(page.getByTestId("invitation-link")).toHaveCount(0);
  await docsScreenshot(page, "organization");
});

test("audit log and flow inspector", async ({ page, relyingParty, identities }) => {
  const person = identities.find((identity) => identity.idp === NORD);
  expect(person, "a sandbox identity at the Nord IDP").toBeDefined();
  await logInAtRelyingParty(page, relyingParty, person!);

  await signInAs(page, "admin");
  const rows = page.getByTestId("audit-row");
  // Provider events are appended right after the broker answers; read the list again until in.
  await expect(async () => {
    await page.goto(`${urls.portal}/audit?clientId=${encodeURIComponent(relyingParty.clientId)}`);
    await expect(rows.filter({ hasText: "token.issued" })).toHaveCount(1, { timeout: 1000 });
  }).toPass();
  await expect(page.getByTestId("audit-overview")).toBeVisible();
  await expect(page.getByTestId("chain-status")).toHaveAttribute("data-ok", "true");
  await docsScreenshot(page, "audit");

  await rows.filter({ hasText: "code.issued" }).getByRole("link", { name: "inspect" }).click();
  await expect(page.getByTestId("flow-timeline")).toBeVisible();
  await expect(page.getByTestId("flow-step").filter({ hasText: "token.issued" })).toHaveCount(1);
  await docsScreenshot(page, "flow");
});

test("admin console: users, identity providers, signing keys", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto(`${urls.portal}/admin/users`);
  await expect(page.getByTestId("user-admin@lotse.dev")).toBeVisible();
  // Other specs add users while this runs; the first screen is the stable part.
  await docsScreenshot(page, "admin-users", { fullPage: false });

  await page.goto(`${urls.portal}/admin/idps`);
  await expect(page.getByTestId(`idp-${NORD}`)).toBeVisible();
  await docsScreenshot(page, "admin-idps");

  await page.goto(`${urls.portal}/admin/keys`);
  await expect(page.getByTestId("admin-keys")).toBeVisible();
  await expect(page.getByTestId("rotate-command")).toBeVisible();
  await docsScreenshot(page, "admin-keys");
});

test("admin console: rotating the signing keys", async ({ page }) => {
  await signInAs(page, "admin");
  await page.goto(`${urls.portal}/admin/keys`);
  await expect(page.getByTestId("admin-keys")).toBeVisible();
  // The running broker keeps signing with the keys it loaded until a restart, so other specs
  // are unaffected. Against a long-running stack (LOTSE_E2E_EXTERNAL_STACK) an earlier run
  // may have rotated already without a restart since: then only the refusal can be shown.
  const rows = page.getByTestId("admin-keys").locator("tbody tr");
  // The console rotates the OIDC signing keys only; the federation entity key has its own
  // rotation (docs/federation.md), so its NEXT key stays.
  const inState = (state: string) =>
    rows
      .filter({ has: page.getByText(state, { exact: true }) })
      .filter({ has: page.getByText("oidc (sig)", { exact: true }) });
  const next = await inState("next").evaluateAll((found) =>
    found.map((row) => row.getAttribute("data-testid")!),
  );
  const rotate = async () => {
    await page.getByRole("button", { name: "Rotate signing keys" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Rotate keys" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
  };
  if (next.length > 0 || e2eEnv().LOTSE_E2E_EXTERNAL_STACK !== "1") {
    // A stack this run started: the broker created a next key per algorithm (RS256, ES256).
    expect(next).toHaveLength(2);
    await rotate();
    await expect(page.getByTestId("rotate-result")).toBeVisible();
    for (const id of next) {
      await expect(page.getByTestId(id).getByText("current", { exact: true })).toBeVisible();
    }
    await expect(inState("next")).toHaveCount(0);
  }
  // No new next keys before a broker restart creates them, so a second rotation is refused.
  await rotate();
  await expect(page.getByText("A rotation is waiting for the broker to restart")).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("dashboard", async ({ page }) => {
    const slug = `praxis-${randomSuffix()}`;
    await signUp(page, "Mia");
    await createOrganization(page, { name: "Praxis Nord", slug });
    await registerApplication(page, slug, {
      name: "Praxis App",
      type: "PUBLIC",
      platform: "NATIVE",
      redirectUris: ["de.praxis.app:/callback"],
    });
    await page.goto(`${urls.portal}/dashboard`);
    await expect(page.getByTestId(`org-${slug}`)).toContainText("Praxis App");
    // Nothing is wider than the screen: tables scroll inside their own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await docsScreenshot(page, "dashboard-mobile");
  });
});
