/**
 * The offline migration tooling against a real PostgreSQL (DESIGN.md §6): each test
 * gets its own empty database on the server from startDatabase(), dropped afterwards.
 */
import { createHash, randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connectionParts, withDatabase } from "../database-url.js";
import { migrationsDir, schemaPath } from "../paths.js";
import { dropDatabase, ensureDatabase, startDatabase, type Database } from "../server.js";
import {
  applyMigrations,
  checkMigrations,
  createMigration,
  diffDatabaseAgainstSchema,
  diffSchemaAgainstMigrations,
} from "./index.js";

let server: Database;

beforeAll(async () => {
  server = await startDatabase();
});

afterAll(async () => {
  await server?.stop();
});

interface Fixtures {
  /** A fresh, empty database of its own. */
  databaseUrl: string;
  /** A scratch folder, removed afterwards. */
  scratch: string;
}

const it = test.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Vitest reads fixture dependencies from an object pattern
  databaseUrl: async ({}, use) => {
    const name = `lotse_test_${randomBytes(5).toString("hex")}`;
    await ensureDatabase(server.url, name);
    try {
      await use(withDatabase(server.url, name));
    } finally {
      await dropDatabase(server.url, name);
    }
  },
  // eslint-disable-next-line no-empty-pattern -- Vitest reads fixture dependencies from an object pattern
  scratch: async ({}, use) => {
    const directory = await mkdtemp(path.join(tmpdir(), "lotse-migrate-"));
    try {
      await use(directory);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  },
});

async function query<T extends pg.QueryResultRow>(
  databaseUrl: string,
  sql: string,
  values: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function tables(databaseUrl: string): Promise<string[]> {
  const rows = await query<{ tablename: string }>(
    databaseUrl,
    "select tablename from pg_tables where schemaname = 'public' order by tablename",
  );
  return rows.map((row) => row.tablename);
}

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(migrationsDir(), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The schema with one model more, written to a scratch folder. */
async function schemaWithExtraModel(scratch: string): Promise<string> {
  const file = path.join(scratch, "schema.prisma");
  const schema = await readFile(schemaPath(), "utf8");
  await writeFile(file, `${schema}\nmodel MigrateProbe {\n  id    String @id\n  label String\n}\n`);
  return file;
}

describe("applyMigrations", () => {
  it("builds the schema in an empty database", async ({ databaseUrl }) => {
    const expected = await migrationNames();
    expect(expected.length).toBeGreaterThan(0);

    expect(await applyMigrations(databaseUrl)).toEqual(expected);

    expect(await tables(databaseUrl)).toEqual(
      expect.arrayContaining([
        "_prisma_migrations",
        "User",
        "Organization",
        "Application",
        "AuditEvent",
      ]),
    );
    // The database the migrations built is exactly what the schema describes.
    expect(await diffDatabaseAgainstSchema({ databaseUrl })).toBe("");
  });

  it("applies nothing the second time", async ({ databaseUrl }) => {
    const first = await applyMigrations(databaseUrl);
    expect(await applyMigrations(databaseUrl)).toEqual([]);
    const rows = await query<{ migration_name: string }>(
      databaseUrl,
      "select migration_name from _prisma_migrations",
    );
    expect(rows.map((row) => row.migration_name).sort()).toEqual(first);
  });

  it("records checksums as prisma migrate deploy does", async ({ databaseUrl }) => {
    await applyMigrations(databaseUrl);
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
    }>(databaseUrl, "select migration_name, checksum, finished_at from _prisma_migrations");
    for (const row of rows) {
      const script = await readFile(
        path.join(migrationsDir(), row.migration_name, "migration.sql"),
      );
      expect(row.checksum).toBe(createHash("sha256").update(script).digest("hex"));
      expect(row.finished_at).not.toBeNull();
    }
  });
});

describe("checkMigrations", () => {
  it("is clean for the committed schema and migrations, and leaves the database alone", async ({
    databaseUrl,
  }) => {
    expect(await checkMigrations(databaseUrl)).toEqual({ ok: true, sql: "" });

    expect(await tables(databaseUrl)).toEqual([]);
    // The shadow database it replayed the migrations in is gone.
    const { database } = connectionParts(databaseUrl);
    const shadows = await query(
      databaseUrl,
      "select datname from pg_database where datname like $1",
      [`${database}_shadow_%`],
    );
    expect(shadows).toEqual([]);
  });

  it("reports a schema change that no migration contains", async ({ databaseUrl, scratch }) => {
    const schema = await schemaWithExtraModel(scratch);

    const result = await checkMigrations(databaseUrl, { schemaPath: schema });

    expect(result.ok).toBe(false);
    expect(result.sql).toContain('CREATE TABLE "MigrateProbe"');
    expect(await diffSchemaAgainstMigrations({ databaseUrl, schemaPath: schema })).toBe(result.sql);
  });
});

describe("createMigration", () => {
  it("writes what the schema adds, after which the check is clean", async ({
    databaseUrl,
    scratch,
  }) => {
    const schema = await schemaWithExtraModel(scratch);
    const migrations = path.join(scratch, "migrations");
    await cp(migrationsDir(), migrations, { recursive: true });
    const options = { schemaPath: schema, migrationsDirectory: migrations };

    const written = await createMigration("add_probe", databaseUrl, options);

    expect(written?.name).toMatch(/^\d{14}_add_probe$/);
    const script = await readFile(path.join(migrations, written!.name, "migration.sql"), "utf8");
    expect(script).toContain('CREATE TABLE "MigrateProbe"');
    expect(await checkMigrations(databaseUrl, options)).toEqual({ ok: true, sql: "" });
    expect(await createMigration("again", databaseUrl, options)).toBeNull();
    expect(await applyMigrations(databaseUrl, options)).toContain(written!.name);
    expect(await tables(databaseUrl)).toContain("MigrateProbe");
  });
});
