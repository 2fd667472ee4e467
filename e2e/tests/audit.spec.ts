/**
 * The audit log in the portal (DESIGN.md §5): a login through the sandbox shows up in
 * the developer's audit list, and the flow inspector shows its steps in order.
 */
import { expect, test } from "../fixtures/index.ts";
import { urls } from "../urls.ts";

const NORD = `${urls.sandbox}/idp/nord`;

test("a sandbox login appears in the audit log and the flow inspector", async ({
  page,
  relyingParty,
  identities,
}) => {
  const person = identities.find((identity) => identity.idp === NORD);
  expect(person, "a sandbox identity at the Nord IDP").toBeDefined();
  await page.goto(`${relyingParty.url}/login?ui_locales=en`);
  await page.locator(`[data-issuer="${NORD}"]`).click();
  await page.getByTestId(`identity-${person!.kvnr}`).check();
  await page.getByTestId("approve").click();
  await expect(page.getByTestId("rp-signed-in")).toBeVisible();

  // The test application belongs to the seeded developer's demo organization.
  await page.goto(`${urls.portal}/sign-in`);
  await page.getByLabel("Email").fill("developer@lotse.dev");
  await page.getByLabel("Password").fill("developer-dev-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${urls.portal}/dashboard`);

  await page.goto(
    `${urls.portal}/audit?clientId=${encodeURIComponent(relyingParty.clientId)}&type=code.issued`,
  );
  const rows = page.getByTestId("audit-table").getByTestId("audit-row");
  await expect(rows).toHaveCount(1);
  // A developer is not shown the chain status; that is for admins.
  await expect(page.getByTestId("chain-status")).toHaveCount(0);

  await rows.first().getByRole("link", { name: "inspect" }).click();
  await expect(page.getByTestId("flow-timeline")).toBeVisible();
  const types = await page
    .getByTestId("flow-step")
    .evaluateAll((steps) => steps.map((step) => step.getAttribute("data-type")));
  for (const type of ["authorize.request", "upstream.callback", "code.issued", "token.issued"])
    expect(types).toContain(type);
  expect(types.indexOf("authorize.request")).toBeLessThan(types.indexOf("code.issued"));
});
