import { describe, expect, it } from "vitest";
import { accessTokenExpired } from "./token-expiry";

describe("accessTokenExpired", () => {
  const token = { accessTokenIssuedAt: 1000, accessTokenExpiresAt: 1300 }; // 5 minutes

  it("counts a token as expired 10 s before its exp", () => {
    expect(accessTokenExpired(token, 1289)).toBe(false);
    expect(accessTokenExpired(token, 1290)).toBe(true);
    expect(accessTokenExpired(token, 1400)).toBe(true);
  });

  it("uses a short-lived token for at least half its lifetime", () => {
    const short = { accessTokenIssuedAt: 1000, accessTokenExpiresAt: 1004 };
    expect(accessTokenExpired(short, 1001)).toBe(false);
    expect(accessTokenExpired(short, 1002)).toBe(true);
  });
});
