/**
 * Bad form input shows field errors and saves nothing (issue 4). portal.spec.ts shows the
 * errors next to their fields; this spec proves that the rejected forms left no record:
 * after a fresh load of the dashboard the application, and the organization with a taken
 * slug, are not there, and a corrected submit saves exactly one.
 */
import { expect, test } from "@playwright/test";
import { createOrganization, randomSuffix, signUp } from "../fixtures/portal.ts";
import { urls } from "../urls.ts";

test("a rejected application form saves nothing", async ({ page }) => {
  const slug = `praxis-${randomSuffix()}`;
  await signUp(page, "Vera");
  const organization = await createOrganization(page, { name: "Praxis Süd", slug });
  await expect(organization).toContainText("0 applications");
  await organization.getByRole("link", { name: "Register an app" }).click();

  await page.getByLabel("Name", { exact: true }).fill("Praxis Termine");
  await page.getByLabel("Logo URL (optional)").fill("http://praxis.example/logo.png");
  await page.getByTestId("redirectUris-0").fill("http://praxis.example/callback");
  await page.getByRole("button", { name: "Add URI" }).first().click();
  await page.getByTestId("redirectUris-1").fill("https://praxis.example/*");
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByTestId("redirectUris-0")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("redirectUris-1")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Logo URL (optional)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("link", { name: "Go to the application" })).toHaveCount(0);
  // Errors follow their URI when a row is removed: fix row 0, remove it, and the wildcard URI
  // that moves into row 0 is the one marked invalid (rows and errors are kept by position).
  await page.getByTestId("redirectUris-0").fill("https://praxis.example/callback");
  await expect(page.getByTestId("redirectUris-0")).toHaveAttribute("aria-invalid", "false");
  await page.getByRole("button", { name: "Remove Redirect URI 1" }).click();
  await expect(page.getByTestId("redirectUris-0")).toHaveValue("https://praxis.example/*");
  await expect(page.getByTestId("redirectUris-0")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("redirectUris-1")).toHaveCount(0);

  await page.goto(`${urls.portal}/dashboard`);
  await expect(organization).toContainText("0 applications");
  await expect(organization.getByRole("link", { name: "Praxis Termine" })).toHaveCount(0);

  // The same application, corrected, is saved once.
  await organization.getByRole("link", { name: "Register an app" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Praxis Termine");
  await page.getByTestId("redirectUris-0").fill("https://praxis.example/callback");
  await page.getByRole("button", { name: "Register application" }).click();
  await expect(page.getByRole("link", { name: "Go to the application" })).toBeVisible();
  await page.goto(`${urls.portal}/dashboard`);
  await expect(organization).toContainText("1 application");
  await expect(organization.getByRole("link", { name: "Praxis Termine" })).toHaveCount(1);
});

test("an organization with a taken slug is not created", async ({ page }) => {
  const name = `Copycat ${randomSuffix()}`;
  await signUp(page, "Cleo");
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("Short name (slug)").fill("lotse-demo");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("This slug is taken.")).toBeVisible();
  await expect(page.getByLabel("Short name (slug)")).toHaveAttribute("aria-invalid", "true");

  await page.reload();
  await expect(page.getByLabel("Organization name")).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  await expect(page.getByTestId("org-lotse-demo")).toHaveCount(0);
});
