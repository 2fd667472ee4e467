/**
 * Organization members (issue: "Organizations with members (OWNER, MEMBER); invite by
 * link"): an owner invites a developer, makes them owner, demotes and removes them; an
 * organization never loses its last owner; a member who leaves lands on the dashboard.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createOrganization, randomSuffix, signUp } from "../fixtures/portal.ts";
import { urls } from "../urls.ts";

/** Creates an organization from the dashboard and opens its page; returns its slug. */
async function openNewOrganization(page: Page, name: string): Promise<string> {
  const slug = `team-${randomSuffix()}`;
  const card = await createOrganization(page, { name, slug });
  await card.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return slug;
}

/** The owner creates a link; a new developer in a browser of their own signs up and joins. */
async function inviteNewDeveloper(owner: Page, browser: Browser, name: string, slug: string) {
  await owner.getByRole("button", { name: "Create invitation link" }).click();
  const link = (await owner.getByTestId("invitation-link").textContent())!;
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = await signUp(page, name);
  await page.goto(link);
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page.getByTestId(`org-${slug}`)).toBeVisible();
  return { page, email, close: () => context.close() };
}

const confirm = (page: Page, action: string) =>
  page.getByRole("dialog").getByRole("button", { name: action }).click();

test("an owner makes a member an owner, demotes and removes them", async ({ page, browser }) => {
  await signUp(page, "Olivia");
  const slug = await openNewOrganization(page, "Praxis Mitte");
  const guest = await inviteNewDeveloper(page, browser, "Gustav", slug);

  // A member sees the members but no owner actions.
  await guest.page.getByTestId(`org-${slug}`).getByRole("link", { name: "Praxis Mitte" }).click();
  await expect(guest.page.getByTestId(`member-${guest.email}`)).toBeVisible();
  const organizationUrl = guest.page.url();
  await expect(guest.page.getByRole("button", { name: /Make owner|Remove/ })).toHaveCount(0);

  await page.reload();
  const row = page.getByTestId(`member-${guest.email}`);
  await expect(row.getByTestId("member-role")).toHaveText("Member");

  await row.getByRole("button", { name: "Make owner" }).click();
  await expect(row.getByTestId("member-role")).toHaveText("Owner");
  await row.getByRole("button", { name: "Make member" }).click();
  await expect(row.getByTestId("member-role")).toHaveText("Member");

  await row.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("dialog")).toContainText("Remove Gustav from Praxis Mitte?");
  await confirm(page, "Remove member");
  await expect(row).toHaveCount(0);

  // The removed developer no longer sees the organization, nor its page.
  await guest.page.goto(`${urls.portal}/dashboard`);
  await expect(guest.page.getByTestId(`org-${slug}`)).toHaveCount(0);
  const response = await guest.page.goto(organizationUrl);
  expect(response?.status()).toBe(404);
  await guest.close();
});

test("the only owner cannot leave or step down; a member leaves to the dashboard", async ({
  page,
  browser,
}) => {
  const email = await signUp(page, "Sole");
  const slug = await openNewOrganization(page, "Einzelpraxis");

  await page.getByRole("button", { name: "Leave organization" }).click();
  await confirm(page, "Leave organization");
  await expect(page.getByTestId("leave-error")).toHaveText(
    "You are the only owner. Make another member an owner before you leave.",
  );
  await page.getByTestId(`member-${email}`).getByRole("button", { name: "Make member" }).click();
  await confirm(page, "Make me a member");
  await expect(page.getByTestId("members-error")).toHaveText(
    "You are the only owner. Make another member an owner first.",
  );
  await expect(page.getByTestId(`member-${email}`).getByTestId("member-role")).toHaveText("Owner");

  const member = await inviteNewDeveloper(page, browser, "Lena", slug);
  await member.page.getByTestId(`org-${slug}`).getByRole("link", { name: "Einzelpraxis" }).click();
  await member.page.getByRole("button", { name: "Leave organization" }).click();
  await confirm(member.page, "Leave organization");
  await expect(member.page).toHaveURL(`${urls.portal}/dashboard`);
  await expect(member.page.getByTestId(`org-${slug}`)).toHaveCount(0);
  await member.close();
});
