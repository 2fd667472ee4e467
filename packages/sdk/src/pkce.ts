/**
 * PKCE (RFC 7636) and the random `state` and `nonce` values of an authorization request.
 * The broker requires PKCE with S256 for every client (docs/api.md); `plain` is not offered.
 */
import { base64urlEncode } from "./base64url.js";

export interface Pkce {
  /** Keep it with the login (e.g. in the app's secure storage) until the code is redeemed. */
  verifier: string;
  challenge: string;
  method: "S256";
}

/** RFC 7636 §4.1: 43 to 128 characters from the unreserved set. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** 32 random bytes, base64url: 256 bits of entropy, as RFC 7636 §4.1 recommends. */
function randomToken(): string {
  return base64urlEncode(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * A fresh verifier and its S256 challenge, `base64url(SHA-256(ascii(verifier)))` (RFC 7636 §4.2).
 * Pass `verifier` only to restore a stored one.
 */
export async function createPkce(verifier: string = randomToken()): Promise<Pkce> {
  if (!VERIFIER.test(verifier))
    throw new RangeError("A PKCE verifier has 43 to 128 characters of [A-Za-z0-9-._~].");
  // The verifier is ASCII (checked above), so its bytes are its char codes.
  const ascii = Uint8Array.from(verifier, (char) => char.charCodeAt(0));
  const digest = await globalThis.crypto.subtle.digest("SHA-256", ascii);
  return { verifier, challenge: base64urlEncode(new Uint8Array(digest)), method: "S256" };
}

/** CSRF protection of the redirect (RFC 6749 §10.12, RFC 9700 §4.7). */
export function randomState(): string {
  return randomToken();
}

/** Binds the ID token to this login (OIDC Core §3.1.2.1, §15.5.2). */
export function randomNonce(): string {
  return randomToken();
}
