/**
 * Vitest global setup for integration tests: one database server for the whole run
 * (DATABASE_URL's, or the embedded one, started or reused), handed to every test file
 * through DATABASE_URL. Without it, parallel test files would race to start the
 * embedded server on the same data folder.
 */
import { startDatabase } from "../server.js";

export default async function setup(): Promise<() => Promise<void>> {
  const database = await startDatabase();
  process.env.DATABASE_URL = database.url;
  return () => database.stop();
}
