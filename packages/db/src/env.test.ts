import { describe, expect, test } from "vitest";
import { ConfigError } from "./database-url.js";
import { DEFAULT_EMBEDDED_PORT, dbEnv } from "./env.js";

describe("dbEnv", () => {
  test("an unset or empty variable takes its default", () => {
    expect(dbEnv("LOTSE_EMBEDDED_PG_PORT", {})).toBe(DEFAULT_EMBEDDED_PORT);
    expect(dbEnv("LOTSE_EMBEDDED_PG_PORT", { LOTSE_EMBEDDED_PG_PORT: "" })).toBe(
      DEFAULT_EMBEDDED_PORT,
    );
    expect(dbEnv("LOTSE_DATA_DIR", { LOTSE_DATA_DIR: "" })).toBeUndefined();
    expect(dbEnv("DATABASE_URL", { DATABASE_URL: "" })).toBeUndefined();
  });

  test("reads the embedded server's port", () => {
    expect(dbEnv("LOTSE_EMBEDDED_PG_PORT", { LOTSE_EMBEDDED_PG_PORT: "55442" })).toBe(55442);
  });

  test.each(["0", "65536", "1.5", "port"])(
    "a malformed port %s is a ConfigError naming it",
    (raw) => {
      expect(() => dbEnv("LOTSE_EMBEDDED_PG_PORT", { LOTSE_EMBEDDED_PG_PORT: raw })).toThrow(
        new ConfigError(`LOTSE_EMBEDDED_PG_PORT must be a port number (1-65535), got "${raw}"`),
      );
    },
  );

  test("a malformed DATABASE_URL is a ConfigError that does not echo it", () => {
    const read = () => dbEnv("DATABASE_URL", { DATABASE_URL: "mysql://user:secret@host/db" });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/^DATABASE_URL must be a postgresql:\/\//);
    expect(read).not.toThrow(/secret/);
  });

  test("a bad variable stops only what reads it", () => {
    const source = { LOTSE_EMBEDDED_PG_PORT: "port", LOTSE_DATA_DIR: "/tmp/lotse" };
    expect(dbEnv("LOTSE_DATA_DIR", source)).toBe("/tmp/lotse");
  });
});
