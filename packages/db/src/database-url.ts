import { z } from "zod";

/** A configuration problem that stops start-up with one line naming it. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A PostgreSQL server URL, as DATABASE_URL must be. */
export const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "postgresql:" || url.protocol === "postgres:") && url.hostname !== "";
  } catch {
    return false;
  }
}, "must be a postgresql://user:password@host:port/database URL");

/**
 * Validates a DATABASE_URL value. Returns it unchanged, or throws a ConfigError
 * whose message names the variable and never echoes the password.
 */
export function parseDatabaseUrl(value: string, name = "DATABASE_URL"): string {
  const result = postgresUrl.safeParse(value);
  if (!result.success) {
    throw new ConfigError(`${name} ${result.error.issues[0]?.message ?? "is invalid"}`);
  }
  return result.data;
}

/** Discrete connection settings, as the schema engine's adapter needs them (DESIGN.md §6). */
export interface ConnectionParts {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function connectionParts(databaseUrl: string): ConnectionParts {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
  };
}

/** The same server, another database. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** For logs: the URL without its password. */
export function redactDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = "****";
  return url.toString();
}
