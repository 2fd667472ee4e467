import { z } from "zod";
import type { IdpName } from "../idp/idp-registry.js";

/**
 * What a test can break in the federation, per insurer (docs/sandbox.md, "Federation
 * faults"). The sandbox itself refuses none of them; it only serves the broken document,
 * so each is a check the broker's trust-chain resolution must make:
 * - `bad-signature`: the insurer's entity configuration is signed by a key the master's
 *   statement does not name (OpenID Federation 1.0 §10.2, signature of each statement).
 * - `expired`: the insurer's entity configuration has `exp` in the past (§3.1, §10.2).
 * - `not-member`: the master's fetch endpoint answers 404 for it (§8.1.2) and lists it not.
 * - `wrong-sub`: the master's statement about it names another entity as `sub` (§10.2).
 * - `swapped-jwks`: its `signed_jwks_uri` serves another insurer's signed JWKS.
 * - `bad-jwks-signature`: its signed JWKS is signed by a key its configuration does not name.
 */
export const FEDERATION_FAULTS = [
  "bad-signature",
  "expired",
  "not-member",
  "wrong-sub",
  "swapped-jwks",
  "bad-jwks-signature",
] as const;

export type FederationFault = (typeof FEDERATION_FAULTS)[number];

export const faultBody = z.object({ fault: z.enum(FEDERATION_FAULTS) }).strict();

/** The faults switched on, one at most per insurer; they last until cleared or a restart. */
export class FederationFaults {
  readonly #faults = new Map<IdpName, FederationFault>();

  of(idp: IdpName): FederationFault | undefined {
    return this.#faults.get(idp);
  }

  is(idp: IdpName, fault: FederationFault): boolean {
    return this.#faults.get(idp) === fault;
  }

  set(idp: IdpName, fault: FederationFault): void {
    this.#faults.set(idp, fault);
  }

  clear(idp: IdpName): void {
    this.#faults.delete(idp);
  }

  all(): Partial<Record<IdpName, FederationFault>> {
    return Object.fromEntries(this.#faults);
  }
}
