/**
 * Account lockout (security review item 7): failed sign-ins lock an account, admins
 * included, but the lock ends on its own a while after the last failure, and an admin can
 * end it at once from the users page. The clock is injected, nobody sleeps.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  anonymousCaller,
  callerFor,
  createTestWorld,
  type TestWorld,
} from "../../testing/fixtures.js";
import { authenticate } from "./accounts-service.js";
import type { ThrottlePolicy } from "./login-throttle.js";

let world: TestWorld;
const policy: ThrottlePolicy = { perAccount: 5, perIp: 1000, windowSeconds: 15 * 60 };
const PASSWORD = "correct horse battery";
const MINUTE = 60_000;

beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world?.close());

async function account(email: string, role: "DEVELOPER" | "ADMIN" = "DEVELOPER") {
  const user = await anonymousCaller(world.prisma).account.signUp({
    name: "Locked",
    email,
    password: PASSWORD,
  });
  await world.prisma.user.update({ where: { id: user.id }, data: { role } });
  return { ...user, role };
}

const signIn = (email: string, password: string, at: Date) =>
  authenticate(world.prisma, { email, password }, "10.20.0.1", policy, at);

async function fail(email: string, times: number, from: Date) {
  for (let i = 0; i < times; i++) {
    expect(await signIn(email, "wrong password", new Date(from.getTime() + i * 1000))).toEqual({
      ok: false,
      reason: "invalid_credentials",
    });
  }
}

describe("lockout", () => {
  test("five failures lock an admin too; the lock ends 15 minutes after the last failure", async () => {
    await account("locked-admin@example.org", "ADMIN");
    const start = new Date("2030-01-01T10:00:00Z");
    await fail("locked-admin@example.org", 5, start);
    const lastFailure = new Date(start.getTime() + 4000);

    const locked = { ok: false, reason: "throttled" };
    expect(
      await signIn("locked-admin@example.org", PASSWORD, new Date(lastFailure.getTime() + MINUTE)),
    ).toEqual(locked);
    // Attempts during the lock do not extend it, so it cannot be kept up for good.
    expect(
      await signIn(
        "locked-admin@example.org",
        "wrong again",
        new Date(lastFailure.getTime() + 14 * MINUTE),
      ),
    ).toEqual(locked);
    expect(
      await signIn(
        "locked-admin@example.org",
        PASSWORD,
        new Date(lastFailure.getTime() + 15 * MINUTE + 1000),
      ),
    ).toMatchObject({ ok: true });
  });

  test("the period counts from the last failure, not the first", async () => {
    await account("slow-guess@example.org");
    const start = new Date("2030-01-02T10:00:00Z");
    // Four failures ten minutes apart: each keeps the earlier ones counting.
    for (let i = 0; i < 4; i++) {
      await signIn("slow-guess@example.org", "wrong", new Date(start.getTime() + i * 10 * MINUTE));
    }
    const fifth = new Date(start.getTime() + 40 * MINUTE);
    await signIn("slow-guess@example.org", "wrong", fifth);
    expect(
      await signIn("slow-guess@example.org", PASSWORD, new Date(fifth.getTime() + 10 * MINUTE)),
    ).toEqual({
      ok: false,
      reason: "throttled",
    });
  });

  test("an admin sees the lock on the users page and ends it", async () => {
    const admin = await account("unlocking-admin@example.org", "ADMIN");
    const dev = await account("locked-dev@example.org");
    await fail("locked-dev@example.org", 5, new Date());
    const caller = callerFor(world.prisma, admin);

    const row = (await caller.admin.users()).find((user) => user.id === dev.id);
    expect(row?.lockedUntil).toBeInstanceOf(Date);
    expect(await signIn("locked-dev@example.org", PASSWORD, new Date())).toEqual({
      ok: false,
      reason: "throttled",
    });

    const unlocked = await caller.admin.unlockUser({ userId: dev.id });
    expect(unlocked.lockedUntil).toBeNull();
    expect(await signIn("locked-dev@example.org", PASSWORD, new Date())).toMatchObject({
      ok: true,
    });
  });

  test("a developer cannot unlock anyone", async () => {
    const dev = await account("not-an-admin@example.org");
    await expect(
      callerFor(world.prisma, dev).admin.unlockUser({ userId: dev.id }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
