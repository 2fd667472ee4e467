/** What every part of a client shares: its registration, its fetch and the cached discovery. */
import type { OpenIdConfiguration } from "./discovery.js";
import type { FetchLike } from "./http.js";

export interface ClientContext {
  issuer: string;
  clientId: string;
  redirectUri: string;
  clientSecret: string | undefined;
  fetch: FetchLike;
  /** Seconds of clock difference accepted for `exp`. */
  clockTolerance: number;
  metadata(): Promise<OpenIdConfiguration>;
}

/** A broker path below the issuer (the native APIs are not in the discovery document). */
export function brokerUrl(context: ClientContext, path: string): string {
  return `${context.issuer.replace(/\/+$/, "")}${path}`;
}
