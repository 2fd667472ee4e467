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

  test("accepts an app's private-use scheme (RFC 8252 §7.1)", () => {
    expect(
      loadSandboxEnv({ ...base, SANDBOX_EXTRA_REDIRECT_URIS: "de.lotse.demo:/oauthredirect" })
        .SANDBOX_EXTRA_REDIRECT_URIS,
    ).toEqual(["de.lotse.demo:/oauthredirect"]);
  });

  test.each(["javascript:alert(1)", "myapp:/cb", "https://app.example/cb#frag"])(
    "%s stops start-up with a message naming the variable",
    (uri) => {
      const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
      const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
      expect(() => loadSandboxEnv({ ...base, SANDBOX_EXTRA_REDIRECT_URIS: uri })).toThrow(
        /SANDBOX_EXTRA_REDIRECT_URIS must be a comma-separated list of http\(s\) URLs or private-use scheme URIs/,
      );
      expect(exit).toHaveBeenCalledWith(1);
      exit.mockRestore();
      error.mockRestore();
    },
  );
});
