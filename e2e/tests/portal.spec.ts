/**
 * The developer portal as a new developer sees it (issue 4): sign up, create an
 * organization, register a confidential application, copy its secret once (a reload
 * does not show it again), and see bad redirect URIs rejected next to their field.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signInAs, signUp } from "../fixtures/portal.ts";
import { urls } from "../urls.ts";

/** Screenshots for docs/portal.md, refreshed by every run. */
const screenshot = (page: Page, name: string) =>
  page.screenshot({
    path: path.join(import.meta.dirname, "..", "..", "docs", "images", `portal-${name}.png`),
    fullPage: true,
  });

test("sign up, create an organization, register a confidential app, see the secret once", async ({
  page,
}) => {
  const suffix = randomBytes(4).toString("hex");
  const email = await signUp(page, "Dana");
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);

  await page.getByLabel("Organization name").fill("Praxis Nord");
  await page.getByLabel("Short name (slug)").fill(`praxis-${suffix}`);
  await page.getByRole("button", { name: "Create organization" }).click();
  const organization = page.getByTestId(`org-praxis-${suffix}`);
  await expect(organization).toBeVisible();
  await organization.getByRole("link", { name: "Register an app" }).click();

  // Bad input: the messages appear next to the URI that caused them, nothing is saved.
  await page.getByLabel("Name", { exact: true }).fill("Praxis Web");
  await page.getByTestId("redirectUris-0").fill("https://praxis.example/callback");
  await page.getByRole("button", { name: "Add URI" }).first().click();
  await page.getByTestId("redirectUris-1").fill("http://praxis.example/callback#x");
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByText("A redirect URI must not contain a fragment (#…).")).toBeVisible();
  await expect(page.getByTestId("redirectUris-1")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("redirectUris-0")).toHaveAttribute("aria-invalid", "false");
  await screenshot(page, "application-form-errors");

  await page.getByTestId("redirectUris-1").fill("http://localhost:3001/callback");
  await page.getByRole("button", { name: "Register application" }).click();
  const secret = await page.getByTestId("client-secret").textContent();
  expect(secret).toMatch(/^[\w-]{43}$/);
  await screenshot(page, "secret-once");

  await page.getByRole("link", { name: "Go to the application" }).click();
  await expect(page.getByTestId("application-name")).toHaveText("Praxis Web");
  await expect(page.getByTestId("client-id")).toHaveText(/^lotse_/);
  await expect(page.getByTestId("issuer")).toHaveText(urls.broker);
  await expect(page.getByTestId("secrets-table")).toContainText(`${secret!.slice(0, 8)}…`);
  await page.reload();
  await expect(page.getByTestId("secrets-table")).toBeVisible();
  await expect(page.getByTestId("client-secret")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret!);

  // Rotation with a grace period: a new secret, shown once; the old one is "expiring".
  await page.getByLabel("Keep the current secret valid for").selectOption({ label: "1 day" });
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const rotated = await page.getByTestId("client-secret").textContent();
  expect(rotated).toMatch(/^[\w-]{43}$/);
  expect(rotated).not.toBe(secret);
  await expect(page.getByTestId("secrets-table").locator("tbody tr")).toHaveCount(2);
  await expect(page.getByTestId("secrets-table")).toContainText("expiring until");

  // Edit: the type stays fixed, other settings change.
  await page.getByLabel("Name", { exact: true }).fill("Praxis Web 2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("saved")).toBeVisible();
  await expect(page.getByTestId("application-name")).toHaveText("Praxis Web 2");
});

test("an owner invites a second developer by link", async ({ page, browser }) => {
  await signUp(page, "Owner");
  const slug = `team-${randomBytes(4).toString("hex")}`;
  await page.getByLabel("Organization name").fill("Team Süd");
  await page.getByLabel("Short name (slug)").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.getByTestId(`org-${slug}`).getByRole("link", { name: "Team Süd" }).click();
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = (await page.getByTestId("invitation-link").textContent())!;

  const other = await browser.newContext();
  const guest = await other.newPage();
  await signUp(guest, "Guest");
  await guest.goto(link);
  await guest.getByRole("button", { name: "Accept invitation" }).click();
  await expect(guest.getByTestId(`org-${slug}`).getByTestId("org-role")).toHaveText("member");
  // The link is used up.
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "Invitation not valid" })).toBeVisible();
  await other.close();
});

test("wrong credentials get one generic answer", async ({ page }) => {
  await page.goto(`${urls.portal}/sign-in`);
  await page.getByLabel("Email").fill("developer@lotse.dev");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in-error")).toHaveText("Email or password is not correct.");
});

test("the seeded developer signs in and sees the demo organization", async ({ page }) => {
  await signInAs(page, "developer");
  await expect(page.getByTestId("org-lotse-demo")).toContainText("Lotse Demo Web");
  await screenshot(page, "dashboard");

  // An error only the server can find lands next to its field too.
  await page.getByLabel("Organization name").fill("Copycat");
  await page.getByLabel("Short name (slug)").fill("lotse-demo");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("This slug is taken.")).toBeVisible();
  await expect(page.getByLabel("Short name (slug)")).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${urls.portal}/sign-in`);
});

test("change password: the new one signs in, the old one not", async ({ page }) => {
  const email = await signUp(page, "Paula");
  await page.getByTestId("signed-in-as").click();
  await page.getByLabel("Current password").fill("wrong password");
  await page.getByLabel("New password").fill("an even longer passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is not correct.")).toBeVisible();
  await page.getByLabel("Current password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-changed")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in-error")).toHaveText("Email or password is not correct.");
  await page.getByLabel("Password").fill("an even longer passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${urls.portal}/dashboard`);
});
