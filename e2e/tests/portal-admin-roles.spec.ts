/**
 * Admin decisions about a user take effect on that user's very next page, not at their next
 * sign-in: a promotion shows the admin console, a demotion hides it again (and /audit keeps
 * working without the admin-only chain status), disabling signs them out.
 */
import { expect, test } from "../fixtures/index.ts";
import { signInAs, signUp } from "../fixtures/portal.ts";
import { urls } from "../urls.ts";

test("promote, demote and disable apply to the user's open session at once", async ({
  page,
  newBrowserPage,
}) => {
  const user = await newBrowserPage();
  const email = await signUp(user, "Rosa");
  const adminLink = user.getByRole("navigation", { name: "Main" }).getByRole("link", {
    name: "Admin",
  });
  await expect(adminLink).toHaveCount(0);

  await signInAs(page, "admin");
  await page.goto(`${urls.portal}/admin/users`);
  const row = page.getByTestId(`user-${email}`);
  await row.getByRole("button", { name: "Make admin" }).click();
  await expect(row.getByRole("button", { name: "Make developer" })).toBeVisible();

  await user.reload();
  await expect(adminLink).toBeVisible();
  await user.goto(`${urls.portal}/audit`);
  await expect(user.getByTestId("chain-status")).toBeVisible();

  await row.getByRole("button", { name: "Make developer" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Make developer" }).click();
  await expect(row.getByRole("button", { name: "Make admin" })).toBeVisible();

  await user.reload();
  await expect(user.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(user.getByTestId("chain-status")).toHaveCount(0);
  await expect(adminLink).toHaveCount(0);

  await row.getByRole("button", { name: "Disable" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable user" }).click();
  await expect(row.getByRole("button", { name: "Enable" })).toBeVisible();
  await user.goto(`${urls.portal}/dashboard`);
  await expect(user).toHaveURL(/\/sign-in/);
});
