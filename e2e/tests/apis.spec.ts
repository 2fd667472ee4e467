/**
 * Issue 13, "Done when": register an API and grant an app its scope in the portal, log in,
 * call demo-web's protected API route. The API is demo-web's own `GET /api/protected`,
 * which accepts only a Lotse JWT access token for its identifier and scope
 * (@lotse/sdk/api); demo-web's backend page signs in for it and shows the API's answer.
 */
import type { Page } from "@playwright/test";
import { DEMO_WEB } from "@lotse/db/seed";
import { expect, test, type SandboxIdentity } from "../fixtures/index.ts";
import { signInAs } from "../fixtures/portal.ts";
import { urls } from "../urls.ts";

const NORD = `${urls.sandbox}/idp/nord`;
/** demo-web's DEMO_API_AUDIENCE and DEMO_API_SCOPE in the stack (scripts/src/config.ts). */
const API = "http://localhost:3001/api/protected";
const SCOPE = "demo_api.read";

async function registerApi(page: Page): Promise<void> {
  await page.getByRole("link", { name: "Lotse Demo", exact: true }).first().click();
  await page
    .getByRole("link", { name: /register an api|new api/i })
    .first()
    .click();
  await page.getByTestId("api-name").fill("Demo API");
  await page.getByTestId("api-identifier").fill(API);
  await page.getByTestId("api-scope-0").fill(SCOPE);
  await page.getByTestId("api-token-format-JWT").check();
  await page.getByTestId("api-save").click();
  // Back on the organisation's page, the API is in its list.
  await expect(page.getByTestId(`api-row-${API}`)).toBeVisible();
}

async function grantToDemoWeb(page: Page): Promise<void> {
  await page.goto(`${urls.portal}/dashboard`);
  await page.getByRole("link", { name: DEMO_WEB.name, exact: true }).click();
  const grant = page.getByTestId(`api-grant-${API}-${SCOPE}`);
  await grant.check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("saved")).toBeVisible();
}

test("an API registered in the portal: demo-web gets a token for it and its API accepts it", async ({
  page,
  identities,
}) => {
  const person: SandboxIdentity = identities.find((identity) => identity.idp === NORD)!;
  await signInAs(page, "developer");
  await registerApi(page);
  await grantToDemoWeb(page);

  await page.goto(`${urls.demoWeb}/backend`);
  await page.getByTestId("demo-api-login").click();
  await expect(page.getByTestId("chooser")).toBeVisible();
  await page.locator(`[data-issuer="${NORD}"]`).click();
  await page.getByTestId(`identity-${person.kvnr}`).check();
  await page.getByTestId("approve").click();

  const result = page.getByTestId("demo-api-result");
  await expect(result).toBeVisible();
  const body = JSON.parse((await result.textContent()) ?? "{}") as Record<string, unknown>;
  expect(body).toMatchObject({
    message: "Hello from the protected API",
    client_id: DEMO_WEB.clientId,
    scope: SCOPE,
  });
  await expect(page.getByTestId("demo-api-error")).toHaveCount(0);
});
