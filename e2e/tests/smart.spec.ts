/**
 * Issue 11, "Done when": SMART App Launch as a developer tries it. The portal's SMART
 * launcher starts demo-web's SMART example app (fhirclient) in a new tab with an EHR launch;
 * the person logs in at a sandbox insurer; the app shows the launch patient's banner and
 * Observations from the sandbox FHIR server. Then a simulated error: the app shows it.
 */
import type { Page } from "@playwright/test";
import { DEMO_SMART } from "@lotse/db/seed";
import { expect, test, type SandboxIdentity } from "../fixtures/index.ts";
import { signInAs } from "../fixtures/portal.ts";
import { urls } from "../urls.ts";

const NORD = `${urls.sandbox}/idp/nord`;

/** The seeded SMART demo app's launcher, from the developer's dashboard. */
async function openLauncher(page: Page): Promise<void> {
  await signInAs(page, "developer");
  await page.getByRole("link", { name: DEMO_SMART.name }).click();
  await expect(page.getByTestId("smart-launch-button")).toBeVisible();
}

/** Launches in a new tab and logs the person in at the chooser and the sandbox insurer. */
async function launchAndLogIn(page: Page, person: SandboxIdentity): Promise<Page> {
  const [app] = await Promise.all([
    page.context().waitForEvent("page"),
    page.getByTestId("smart-launch-button").click(),
  ]);
  await app.locator(`[data-issuer="${NORD}"]`).click();
  await app.getByTestId(`identity-${person.kvnr}`).check();
  await app.getByTestId("approve").click();
  return app;
}

test("portal launcher → SMART example app: patient banner and Observations", async ({
  page,
  identities,
}) => {
  const person = identities.find((identity) => identity.idp === NORD)!;
  await openLauncher(page);
  await page.getByTestId("smart-launch-type").selectOption("EHR_PROVIDER");
  await page.getByTestId("smart-patient").selectOption("pat-jonas");
  await page.getByTestId("smart-practitioner").selectOption("prac-1");
  const app = await launchAndLogIn(page, person);

  await expect(app).toHaveURL(/\/smart\/app/);
  await expect(app.getByTestId("smart-patient-banner")).toBeVisible();
  await expect(app.getByTestId("smart-patient-name")).toContainText("Jonas");
  await expect(app.getByTestId("smart-observations-chart")).toBeVisible();
  await expect(app.getByTestId("smart-observation-row").first()).toBeVisible();
  expect(await app.getByTestId("smart-observation-row").count()).toBeGreaterThan(1);
  await expect(app.getByTestId("smart-user")).toContainText("Practitioner/prac-1");
  await expect(app.getByTestId("smart-error")).toHaveCount(0);

  // The flow inspector shows the launch steps and the context granted. The audit log is
  // written in batches, so the list is reloaded until the event is in it.
  const rows = page.getByTestId("audit-table").getByTestId("audit-row");
  await expect(async () => {
    await page.goto(
      `${urls.portal}/audit?clientId=${DEMO_SMART.clientId}&type=smart.context&outcome=SUCCESS`,
    );
    await expect(rows.first()).toBeVisible({ timeout: 1000 });
  }).toPass();
  await rows.first().getByRole("link", { name: "inspect" }).click();
  await expect(page.getByTestId("flow-timeline")).toBeVisible();
  const types = await page
    .getByTestId("flow-step")
    .evaluateAll((steps) => steps.map((step) => step.getAttribute("data-type")));
  expect(types).toEqual(expect.arrayContaining(["smart.launch", "smart.context", "code.issued"]));
  expect(types.indexOf("smart.launch")).toBeLessThan(types.indexOf("smart.context"));
  await expect(
    page.getByTestId("flow-step-summary").filter({ hasText: "pat-jonas" }),
  ).toBeVisible();
});

test("a simulated error from the launcher reaches the app as the real one would", async ({
  page,
  identities,
}) => {
  const person = identities.find((identity) => identity.idp === NORD)!;
  await openLauncher(page);
  await page.getByTestId("smart-launch-type").selectOption("EHR_PROVIDER");
  await page.getByTestId("smart-patient").selectOption("pat-jonas");
  await page.getByTestId("smart-simulated-error").selectOption("request_expired_token");
  const app = await launchAndLogIn(page, person);

  await expect(app.getByTestId("smart-error")).toBeVisible();
  await expect(app.getByTestId("smart-error")).toContainText(/401/);
  await expect(app.getByTestId("smart-error")).toContainText(/expired/i);
  // Nothing of the record was read: no name in the banner, no Observations.
  await expect(app.getByTestId("smart-patient-name")).not.toContainText("Jonas");
  await expect(app.getByTestId("smart-observation-row")).toHaveCount(0);
});
