/**
 * The launcher's pickers: patients, practitioners and encounters from the sandbox FHIR
 * server's `launcher-directory`. Only a FHIR base under the configured sandbox URL is ever
 * fetched: fetching a developer-entered URL from the portal's network would let anyone
 * probe internal services through it (SSRF, OWASP A10:2021). Other FHIR servers get plain
 * text inputs instead.
 */
import { launcherDirectorySchema, type LauncherDirectoryOutput } from "../../schemas/smart.js";

/** The sandbox answers locally; a slow one must not hold the page. */
export const DIRECTORY_TIMEOUT_MS = 3000;

/**
 * The directory URL for `fhirBaseUrl` when it lies under `sandboxUrl` (same origin, path
 * below the sandbox's), else null. Built from the parsed URL, never from the raw string.
 */
export function sandboxDirectoryUrl(
  fhirBaseUrl: string,
  sandboxUrl: string | undefined,
): string | null {
  if (!sandboxUrl) return null;
  let base: URL;
  let sandbox: URL;
  try {
    base = new URL(fhirBaseUrl);
    sandbox = new URL(sandboxUrl);
  } catch {
    return null;
  }
  if (base.username || base.password || base.search || base.hash) return null;
  if (base.origin !== sandbox.origin) return null;
  const prefix = sandbox.pathname.endsWith("/") ? sandbox.pathname : `${sandbox.pathname}/`;
  const path = base.pathname.replace(/\/+$/, "");
  if (!`${path}/`.startsWith(prefix) || path === "") return null;
  return `${base.origin}${path}/launcher-directory`;
}

export async function fetchLauncherDirectory(
  fhirBaseUrl: string,
  sandboxUrl: string | undefined,
  fetchImpl: typeof fetch = fetch,
): Promise<LauncherDirectoryOutput> {
  const url = sandboxDirectoryUrl(fhirBaseUrl, sandboxUrl);
  if (!url) return { status: "not_sandbox" };
  try {
    const response = await fetchImpl(url, {
      headers: { accept: "application/json" },
      // A redirect could lead anywhere; the sandbox has no reason to send one.
      redirect: "error",
      signal: AbortSignal.timeout(DIRECTORY_TIMEOUT_MS),
    });
    if (!response.ok)
      return {
        status: "unavailable",
        message: `The sandbox answered ${response.status}; enter the ids by hand.`,
      };
    const parsed = launcherDirectorySchema.safeParse(await response.json());
    if (!parsed.success)
      return {
        status: "unavailable",
        message: "The sandbox's directory has an unexpected shape; enter the ids by hand.",
      };
    return { status: "available", directory: parsed.data };
  } catch {
    return {
      status: "unavailable",
      message: "The sandbox did not answer; enter the ids by hand.",
    };
  }
}
