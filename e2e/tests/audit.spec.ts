/**
 * The audit log in the portal (DESIGN.md §5): a login through the sandbox shows up in
 * the developer's audit list, and the flow inspector shows its steps in order.
 */
import { expect, logInAtRelyingParty, test } from "../fixtures/index.ts";
import { signInAs } from "../fixtures/portal.ts";
import { urls } from "../urls.ts";

const NORD = `${urls.sandbox}/idp/nord`;

test("a sandbox login appears in the audit log and the flow inspector", async ({
  page,
  relyingParty,
  identities,
}) => {
  const person = identities.find((identity) => identity.idp === NORD);
  expect(person, "a sandbox identity at the Nord IDP").toBeDefined();
  await logInAtRelyingParty(page, relyingParty, person!);

  // The test application belongs to the seeded developer's demo organization.
  await signInAs(page, "developer");

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
