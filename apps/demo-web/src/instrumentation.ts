/**
 * Runs once when a server starts (`next start`, `next dev`), before it serves requests:
 * importing ./env validates the configuration there, so a bad variable stops start-up
 * instead of failing the first request (DESIGN.md §2).
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself, not configuration; the edge runtime has no process to stop.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./env");
  }
}
