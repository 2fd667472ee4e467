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

/** Clicks Try it and logs in at the chooser and the sandbox (unless a session skips them). */
async function tryIt(page: Page, person: SandboxIdentity): Promise<Record<string, unknown>> {
  await page.getByRole("link", { name: "Try it", exact: true }).click();
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
