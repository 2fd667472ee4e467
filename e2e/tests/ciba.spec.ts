/**
 * Issue 12, "Done when": a backchannel login (CIBA) as a help desk runs it. Two pages, two
 * people: the agent at demo-web's help desk starts a login with the caller's KVNR and a
 * binding message; the caller sees it arrive on their (sandbox) phone without reloading,
 * checks the message and approves or declines; the agent sees the verified identity, or
 * the refusal. Poll mode and ping mode.
 */
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test, type SandboxIdentity } from "../fixtures/index.ts";
import { urls } from "../urls.ts";

const NORD = `${urls.sandbox}/idp/nord`;

/** The agent's screen: the caller's KVNR, insurer and a fresh binding message; started. */
async function startAtHelpDesk(
  agent: Page,
  person: SandboxIdentity,
  mode: "poll" | "ping",
): Promise<string> {
  const bindingMessage = `Code ${randomBytes(2).toString("hex").toUpperCase()}`;
  await agent.goto(`${urls.demoWeb}/helpdesk`);
  await agent.getByTestId("helpdesk-kvnr").fill(person.kvnr);
  await agent.getByTestId("helpdesk-insurer").selectOption(NORD);
  await agent.getByTestId("helpdesk-binding-message").fill(bindingMessage);
  await agent.getByTestId("helpdesk-mode").selectOption(mode);
  await agent.getByTestId("helpdesk-start").click();
  await expect(agent.getByTestId("helpdesk-status")).toBeVisible();
  return bindingMessage;
}

/** The caller's phone, opened before the request arrives: it must show up live. */
async function openPhone(phone: Page, person: SandboxIdentity): Promise<void> {
  await phone.goto(`${urls.sandbox}/authenticator/ciba?kvnr=${person.kvnr}`);
  await expect(
    phone.getByTestId("ciba-empty").or(phone.getByTestId("ciba-request").first()),
  ).toBeVisible();
}

function pendingOnPhone(phone: Page, bindingMessage: string) {
  return phone.locator(`[data-testid="ciba-request"][data-binding-message="${bindingMessage}"]`);
}

for (const mode of ["poll", "ping"] as const) {
  test(`help desk (${mode}): the caller approves on the phone, the agent sees who it is`, async ({
    page,
    newBrowserPage,
    identities,
  }) => {
    test.setTimeout(60_000);
    const person = identities.find((identity) => identity.idp === NORD)!;
    const phone = await newBrowserPage();
    await openPhone(phone, person);

    const bindingMessage = await startAtHelpDesk(page, person, mode);
    const request = pendingOnPhone(phone, bindingMessage);
    await expect(request).toBeVisible();
    await expect(request.getByTestId("ciba-binding-message")).toHaveText(bindingMessage);
    await expect(request.getByTestId("ciba-application")).toContainText("Lotse Demo");
    await request.getByTestId("ciba-approve").click();
    await expect(phone.getByTestId("ciba-answered")).toBeVisible();

    await expect(page.getByTestId("helpdesk-identity")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("helpdesk-identity-name")).toHaveText(person.displayName);
    await expect(page.getByTestId("helpdesk-identity-kvnr")).toContainText(person.kvnr.slice(-4));
    await expect(page.getByTestId("helpdesk-error")).toHaveCount(0);
  });
}

test("help desk: the caller declines on the phone, the agent is told", async ({
  page,
  newBrowserPage,
  identities,
}) => {
  test.setTimeout(60_000);
  const person = identities.find((identity) => identity.idp === NORD)!;
  const phone = await newBrowserPage();
  await openPhone(phone, person);

  const bindingMessage = await startAtHelpDesk(page, person, "poll");
  const request = pendingOnPhone(phone, bindingMessage);
  await expect(request).toBeVisible();
  await request.getByTestId("ciba-deny").click();

  await expect(page.getByTestId("helpdesk-error")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("helpdesk-error")).toHaveAttribute("data-error", "access_denied");
  await expect(page.getByTestId("helpdesk-identity")).toHaveCount(0);
});
