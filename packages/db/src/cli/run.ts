import { ConfigError, redactDatabaseUrl, startDatabase, type Database } from "../server.js";

/**
 * Runs a database command: gets the database (DATABASE_URL, or the embedded server,
 * started or reused), runs `task`, stops the server if this process started it, and
 * turns failures into one clear line with exit status 1.
 */
export async function runCli(
  name: string,
  task: (database: Database) => Promise<void | number>,
): Promise<void> {
  let database: Database | undefined;
  let status = 0;
  try {
    database = await startDatabase({ log: (line) => console.log(`${name}: ${line}`) });
    if (!database.embedded) console.log(`${name}: using ${redactDatabaseUrl(database.url)}`);
    status = (await task(database)) ?? 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${name}: ${error instanceof ConfigError ? "" : "failed: "}${message}`);
    status = 1;
  } finally {
    await database?.stop().catch(() => undefined);
  }
  process.exit(status);
}
