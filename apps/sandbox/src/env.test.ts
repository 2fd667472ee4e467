import { describe, expect, test, vi } from "vitest";
import { loadSandboxEnv } from "./env.js";

const base = { DATABASE_URL: "postgresql://u:p@localhost:5432/db" };

describe("SANDBOX_EXTRA_REDIRECT_URIS", () => {
  test("defaults to none and splits a comma-separated list", () => {
    expect(loadSandboxEnv(base).SANDBOX_EXTRA_REDIRECT_URIS).toEqual([]);
    expect(
      loadSandboxEnv({
        ...base,
        SANDBOX_EXTRA_REDIRECT_URIS: "https://app.example/cb, http://localhost:8081/app/ce",
      }).SANDBOX_EXTRA_REDIRECT_URIS,
    ).toEqual(["https://app.example/cb", "http://localhost:8081/app/ce"]);
  });

  test("a custom scheme stops start-up with a message naming the variable", () => {
    const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() =>
      loadSandboxEnv({ ...base, SANDBOX_EXTRA_REDIRECT_URIS: "de.lotse.demo:/oauthredirect" }),
    ).toThrow(/SANDBOX_EXTRA_REDIRECT_URIS must be a comma-separated list of http\(s\) URLs/);
    expect(exit).toHaveBeenCalledWith(1);
    exit.mockRestore();
    error.mockRestore();
  });
});
