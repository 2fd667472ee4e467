/**
 * A password change ends the other sessions (security review item 7). JWT sessions cannot
 * be revoked, so they carry the user's session version from sign-in and are refused once
 * the version has moved on.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  anonymousCaller,
  callerFor,
  createTestWorld,
  type TestWorld,
} from "../../testing/fixtures.js";
import { authenticate } from "./accounts-service.js";
import { currentSessionUser } from "./session-check.js";

let world: TestWorld;

beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world?.close());

const PASSWORD = "correct horse battery";

async function signedIn(email: string) {
  await anonymousCaller(world.prisma).account.signUp({ name: "Sam", email, password: PASSWORD });
  const result = await authenticate(world.prisma, { email, password: PASSWORD }, undefined);
  if (!result.ok) throw new Error("sign-in failed");
  return result.user;
}

describe("session version", () => {
  test("a session from before a password change is refused after it", async () => {
    const user = await signedIn("sam@example.org");
    // Two sessions, e.g. two browsers, both issued with the version of the sign-in.
    const laptop = callerFor(world.prisma, user);
    const phone = callerFor(world.prisma, user);
    expect(await currentSessionUser(world.prisma, user.id, user.sessionVersion)).toMatchObject({
      id: user.id,
    });

    await laptop.account.changePassword({
      currentPassword: PASSWORD,
      newPassword: "a brand new passphrase",
    });

    // Every session check refuses the old version: the portal's JWT callback ...
    expect(await currentSessionUser(world.prisma, user.id, user.sessionVersion)).toBeNull();
    // ... and every tRPC procedure, on both devices.
    await expect(phone.account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(laptop.account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    // Signing in with the new password issues a session with the new version, which works.
    const again = await authenticate(
      world.prisma,
      { email: "sam@example.org", password: "a brand new passphrase" },
      undefined,
    );
    expect(again).toMatchObject({ ok: true, user: { sessionVersion: user.sessionVersion + 1 } });
    if (!again.ok) return;
    expect(await callerFor(world.prisma, again.user).account.me()).toMatchObject({ id: user.id });
    expect(
      await currentSessionUser(world.prisma, user.id, again.user.sessionVersion),
    ).not.toBeNull();
  });

  test("a session without a version (issued before versions existed) counts as version 0", async () => {
    const user = await signedIn("old-token@example.org");
    expect(await currentSessionUser(world.prisma, user.id, undefined)).toMatchObject({
      id: user.id,
    });
  });

  test("a disabled user's session is refused", async () => {
    const user = await signedIn("off@example.org");
    await world.prisma.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await currentSessionUser(world.prisma, user.id, user.sessionVersion)).toBeNull();
  });
});
