/**
 * The web login flow as a person sees it (DESIGN.md §4): the app sends them to Lotse,
 * they search for and pick their insurer, pick an identity at the insurer, decline one
 * claim, and the app receives an ID token without that claim.
 */
import { expect, test } from "../fixtures/index.ts";
import { urls } from "../urls.ts";

const NORD = `${urls.sandbox}/idp/nord`;
const EMAIL_CLAIM = "urn:telematik:claims:email";

for (const { locale, heading, search } of [
  { locale: "de", heading: /möchte Sie anmelden/, search: "nord" },
  { locale: "en", heading: /wants you to sign in/, search: "Nord" },
] as const) {
  test(`web login through the chooser and an insurer (${locale})`, async ({
    page,
    relyingParty,
    identities,
  }) => {
    const person = identities.find((identity) => identity.idp === NORD);
    expect(person, "a sandbox identity at the Nord IDP").toBeDefined();

    await page.goto(`${relyingParty.url}/login?ui_locales=${locale}`);

    // The broker's chooser: the app is named, the insurers are grouped and searchable.
    await expect(page.getByTestId("chooser")).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page.getByTestId("group-gkv")).toBeVisible();
    await expect(page.getByTestId("group-pkv")).toBeVisible();
    await page.getByTestId("idp-search").fill(search);
    const nord = page.locator(`[data-issuer="${NORD}"]`);
    await expect(nord).toBeVisible();
    await expect(page.locator(`[data-issuer="${urls.sandbox}/idp/privat"]`)).toBeHidden();
    await nord.click();

    // The insurer's login page: pick the identity, decline the e-mail claim, approve.
    await page.getByTestId(`identity-${person!.kvnr}`).check();
    await page.getByTestId(`claim-${EMAIL_CLAIM}`).uncheck();
    await page.getByTestId("approve").click();

    // Back at the app, signed in, with the claims the person released.
    await expect(page.getByTestId("rp-signed-in")).toBeVisible();
    const claims = JSON.parse(
      (await page.getByTestId("rp-claims").textContent()) ?? "{}",
    ) as Record<string, unknown>;
    expect(claims.iss).toBe(urls.broker);
    expect(claims.aud).toBe(relyingParty.clientId);
    expect(typeof claims.sub).toBe("string");
    expect(claims["urn:telematik:claims:id"]).toBe(person!.kvnr);
    expect(claims).not.toHaveProperty(EMAIL_CLAIM);
  });
}

test("cancelling at the insurer returns access_denied to the app", async ({
  page,
  relyingParty,
}) => {
  await page.goto(`${relyingParty.url}/login?ui_locales=en`);
  await page.locator(`[data-issuer="${NORD}"]`).click();
  await page.getByTestId("cancel").click();
  await expect(page.getByTestId("rp-error")).toHaveText("access_denied");
});
