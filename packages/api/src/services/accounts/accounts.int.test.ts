/** Accounts against a real database: argon2id hashes, generic failures, throttling. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TRPCError } from "@trpc/server";
import {
  anonymousCaller,
  callerFor,
  createTestWorld,
  type TestWorld,
} from "../../testing/fixtures.js";
import { authenticate } from "./accounts-service.js";
import type { ThrottlePolicy } from "./login-throttle.js";
import { createCaller } from "../../root.js";

let world: TestWorld;
const policy: ThrottlePolicy = { perAccount: 3, perIp: 5, windowSeconds: 60 };

beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world?.close());

const signUp = (email: string, password = "correct horse battery") =>
  anonymousCaller(world.prisma).account.signUp({ name: "Dana", email, password });

describe("sign up", () => {
  test("stores an argon2id hash, never the password, and lowercases the email", async () => {
    const account = await signUp("Dana@Example.org");
    expect(account).toMatchObject({ email: "dana@example.org", role: "DEVELOPER" });
    const user = await world.prisma.user.findUniqueOrThrow({ where: { id: account.id } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.passwordHash).not.toContain("correct horse");
  });

  test("refuses a second account with the same email, on the email field", async () => {
    await expect(signUp("dana@example.org")).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("refuses short passwords", async () => {
    await expect(signUp("short@example.org", "too-short")).rejects.toBeInstanceOf(TRPCError);
  });
});

describe("authenticate", () => {
  test("accepts the right password", async () => {
    await signUp("erin@example.org");
    const result = await authenticate(
      world.prisma,
      { email: "ERIN@example.org", password: "correct horse battery" },
      "10.0.0.1",
      policy,
    );
    expect(result).toMatchObject({ ok: true, user: { email: "erin@example.org" } });
  });

  test("gives the same answer for a wrong password, an unknown email and a disabled user", async () => {
    await signUp("frank@example.org");
    await world.prisma.user.update({
      where: { email: "frank@example.org" },
      data: { disabled: true },
    });
    const attempts = [
      { email: "erin@example.org", password: "wrong password!!" },
      { email: "nobody@example.org", password: "correct horse battery" },
      { email: "frank@example.org", password: "correct horse battery" },
    ];
    for (const credentials of attempts) {
      expect(await authenticate(world.prisma, credentials, "10.0.0.2", policy)).toEqual({
        ok: false,
        reason: "invalid_credentials",
      });
    }
  });

  test("throttles an account after repeated failures, from any IP, even with the right password", async () => {
    await signUp("gina@example.org");
    for (const ip of ["10.1.0.1", "10.1.0.2", "10.1.0.3"]) {
      await authenticate(world.prisma, { email: "gina@example.org", password: "nope" }, ip, policy);
    }
    const right = { email: "gina@example.org", password: "correct horse battery" };
    expect(await authenticate(world.prisma, right, "10.1.0.4", policy)).toEqual({
      ok: false,
      reason: "throttled",
    });
    const bucket = await world.prisma.rateLimitBucket.findUniqueOrThrow({
      where: { key: "login:acct:gina@example.org" },
    });
    // Three failures, then the refused fourth attempt: every attempt counts.
    expect(bucket.count).toBe(4);
    // The window ends: the account signs in again.
    await world.prisma.rateLimitBucket.update({
      where: { key: bucket.key },
      data: { resetAt: new Date(Date.now() - 1000) },
    });
    expect(await authenticate(world.prisma, right, "10.1.0.4", policy)).toMatchObject({ ok: true });
  });

  test("throttles an IP that tries many accounts", async () => {
    for (let i = 0; i < 5; i++) {
      await authenticate(
        world.prisma,
        { email: `spray${i}@example.org`, password: "guess" },
        "10.9.9.9",
        policy,
      );
    }
    expect(
      await authenticate(
        world.prisma,
        { email: "erin@example.org", password: "correct horse battery" },
        "10.9.9.9",
        policy,
      ),
    ).toEqual({ ok: false, reason: "throttled" });
  });

  test("a successful sign-in gives the IP its attempt back", async () => {
    const right = { email: "erin@example.org", password: "correct horse battery" };
    for (let i = 0; i < 8; i++) {
      expect(await authenticate(world.prisma, right, "10.7.7.7", policy)).toMatchObject({
        ok: true,
      });
    }
  });
});

describe("sign-up throttling", () => {
  test("limits sign-ups per IP", async () => {
    const caller = createCaller({ prisma: world.prisma, session: null, clientIp: "10.5.5.5" });
    await world.prisma.rateLimitBucket.create({
      data: { key: "signup:ip:10.5.5.5", count: 50, resetAt: new Date(Date.now() + 60_000) },
    });
    await expect(
      caller.account.signUp({
        name: "Late",
        email: "late@example.org",
        password: "correct horse battery",
      }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await world.prisma.user.findUnique({ where: { email: "late@example.org" } })).toBeNull();
  });
});

describe("change password", () => {
  test("needs the current password, then the new one works and the old one not", async () => {
    const account = await signUp("hank@example.org");
    const hank = callerFor(world.prisma, account);
    await expect(
      hank.account.changePassword({
        currentPassword: "wrong",
        newPassword: "a brand new password",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await hank.account.changePassword({
      currentPassword: "correct horse battery",
      newPassword: "a brand new password",
    });
    const check = (password: string) =>
      authenticate(world.prisma, { email: "hank@example.org", password }, undefined, policy);
    expect(await check("a brand new password")).toMatchObject({ ok: true });
    expect(await check("correct horse battery")).toMatchObject({ ok: false });
  });

  test("a disabled user's session stops working at once", async () => {
    const account = await signUp("ivy@example.org");
    await world.prisma.user.update({ where: { id: account.id }, data: { disabled: true } });
    await expect(callerFor(world.prisma, account).account.me()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
