import { describe, expect, it } from "vitest";
import { DEV_ADMIN, DEV_DEVELOPER } from "@lotse/db/seed";
import { hashPassword, verifyPassword } from "./password.js";

describe("argon2id passwords", () => {
  it("hashes with argon2id and a random salt", async () => {
    const [a, b] = await Promise.all([
      hashPassword("same password"),
      hashPassword("same password"),
    ]);
    expect(a).toMatch(/^\$argon2id\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "same password")).toBe(true);
    expect(await verifyPassword(a, "other password")).toBe(false);
  });

  it("treats a malformed stored hash as a failed check", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });

  it.each([DEV_ADMIN, DEV_DEVELOPER])(
    "the seed's precomputed hash for $email verifies with its development password",
    async (account) => {
      expect(
        await verifyPassword(account.developmentPasswordHash, account.developmentPassword),
      ).toBe(true);
    },
  );
});
