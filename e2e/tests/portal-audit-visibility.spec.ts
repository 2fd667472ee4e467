/**
 * Who sees which audit events (issue 4, DESIGN.md §5): an admin sees every application's
 * events and the hash chain's status; a developer sees only the events of their own
 * organizations' applications, and another organization's login is "not found" for them,
 * in the list, the flow inspector and the application filter alike.
 */
import type { Page } from "@playwright/test";
import { expect, logInAtRelyingParty, test } from "../fixtures/index.ts";
import { createOrganization, randomSuffix, signInAs, signUp } from "../fixtures/portal.ts";
import { urls } from "../urls.ts";

const NORD = `${urls.sandbox}/idp/nord`;

const auditRows = (page: Page) => page.getByTestId("audit-row");

/** The audit list filtered to one application's issued codes (one per login). */
async function openCodesOf(page: Page, clientId: string) {
  await page.goto(`${urls.portal}/audit?clientId=${encodeURIComponent(clientId)}&type=code.issued`);
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
}

/** The flow id of the application's one login, read from the list's "inspect" link. */
async function flowIdOf(page: Page, clientId: string): Promise<string> {
  // The broker appends provider events right after it answers; the list is rendered on the
  // server, so it is read again until the login is in.
  await expect(async () => {
    await openCodesOf(page, clientId);
    await expect(auditRows(page)).toHaveCount(1, { timeout: 1000 });
  }).toPass();
  const href = await auditRows(page).getByRole("link", { name: "inspect" }).getAttribute("href");
  const flowId = decodeURIComponent(href!.replace(/^.*\/audit\/flow\//, ""));
  expect(flowId).not.toBe("");
  return flowId;
}

/** The application's login: in the list, among the filter's choices, in the flow inspector. */
async function expectVisible(page: Page, clientId: string, flowId: string) {
  await openCodesOf(page, clientId);
  await expect(auditRows(page)).toHaveCount(1);
  await expect(
    page.getByLabel("Application", { exact: true }).locator(`option[value="${clientId}"]`),
  ).toHaveCount(1);
  await page.goto(`${urls.portal}/audit/flow/${encodeURIComponent(flowId)}`);
  await expect(page.getByTestId("flow-timeline")).toBeVisible();
}

/** Another organization's application: no events, no filter choice, its flow not found. */
async function expectHidden(page: Page, clientId: string, flowId: string) {
  await openCodesOf(page, clientId);
  await expect(auditRows(page)).toHaveCount(0);
  await expect(
    page.getByLabel("Application", { exact: true }).locator(`option[value="${clientId}"]`),
  ).toHaveCount(0);
  await page.goto(`${urls.portal}/audit/flow/${encodeURIComponent(flowId)}`);
  await expect(page.getByText(/not found|could not be found/i).first()).toBeVisible();
  await expect(page.getByTestId("flow-timeline")).toHaveCount(0);
  await expect(page.getByText(flowId)).toHaveCount(0);
}

test("an admin sees every application's events, a developer only their own organizations'", async ({
  page,
  newBrowserPage,
  relyingParty,
  startRelyingParty,
  identities,
}) => {
  // Two logins and four portal sessions, each in a browser of its own.
  test.slow();
  const person = identities.find((identity) => identity.idp === NORD);
  expect(person, "a sandbox identity at the Nord IDP").toBeDefined();

  // Application A is the seeded developer's (demo organization); application B belongs to
  // a new developer's own organization.
  const slug = `klinik-${randomSuffix()}`;
  await signUp(page, "Berta");
  await createOrganization(page, { name: "Klinik Ost", slug });
  const other = await startRelyingParty({ organizationSlug: slug, name: "Klinik Ost App" });
  // Each login in a browser of its own, as two of the apps' users would do it.
  await logInAtRelyingParty(await newBrowserPage(), relyingParty, person!);
  await logInAtRelyingParty(await newBrowserPage(), other, person!);

  // The admin sees both logins and whether the hash chain verifies.
  const admin = await newBrowserPage();
  await signInAs(admin, "admin");
  const flowA = await flowIdOf(admin, relyingParty.clientId);
  const flowB = await flowIdOf(admin, other.clientId);
  await expect(admin.getByTestId("chain-status")).toHaveAttribute("data-ok", "true");
  await expectVisible(admin, relyingParty.clientId, flowA);
  await expectVisible(admin, other.clientId, flowB);

  // Berta sees her organization's login, not the demo organization's.
  await expectVisible(page, other.clientId, flowB);
  await expectHidden(page, relyingParty.clientId, flowA);

  // The seeded developer the other way round, and without the admin's chain status.
  const developer = await newBrowserPage();
  await signInAs(developer, "developer");
  await expectVisible(developer, relyingParty.clientId, flowA);
  await expectHidden(developer, other.clientId, flowB);
  await openCodesOf(developer, relyingParty.clientId);
  await expect(developer.getByTestId("chain-status")).toHaveCount(0);

  // A developer in an organization of their own sees neither.
  const newcomer = await newBrowserPage();
  await signUp(newcomer, "Nele");
  await createOrganization(newcomer, { name: "Praxis West", slug: `west-${randomSuffix()}` });
  await expectHidden(newcomer, relyingParty.clientId, flowA);
  await expectHidden(newcomer, other.clientId, flowB);
});
