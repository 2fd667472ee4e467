/**
 * Runs once when a server starts (`next start`, `next dev`), before it serves requests:
 * importing ./env validates the configuration there, so a bad variable stops start-up
 * instead of failing the first request (DESIGN.md §2).
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself, not configuration; the edge runtime has no process to stop.
  // eslint-disable-next-line no-restricted-properties -- Next inlines this exact expression per runtime, so ./env stays out of the edge bundle; it cannot go through ./env.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./env");
  }
}
