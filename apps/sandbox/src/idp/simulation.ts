import { errors } from "oidc-provider";

/**
 * Failures a test can ask an IDP for with `sandbox_simulate=<value>` on the (pushed)
 * authorization request, so the broker's error paths can be driven end to end.
 */
export const SIMULATIONS = [
  "unavailable",
  "invalid_signature",
  "expired_id_token",
  "unencrypted_id_token",
] as const;
export type Simulation = (typeof SIMULATIONS)[number];

export function isSimulation(value: unknown): value is Simulation {
  return typeof value === "string" && (SIMULATIONS as readonly string[]).includes(value);
}

/** oidc-provider `extraParams` validator: an unknown value is a client error, not ignored. */
export function validateSimulateParam(_ctx: unknown, value: string | undefined): void {
  if (value !== undefined && !isSimulation(value)) {
    throw new errors.InvalidRequest(`sandbox_simulate must be one of ${SIMULATIONS.join(", ")}`);
  }
}

/** oidc-provider `extraParams` validator for the gematik testing switch. */
export function validateTestingParam(_ctx: unknown, value: string | undefined): void {
  if (value !== undefined && value !== "true" && value !== "false") {
    throw new errors.InvalidRequest("gematik_enable_testing must be true or false");
  }
}

const REMEMBER_MS = 10 * 60_000;

/**
 * The simulation chosen for each authorization, keyed by grant id: the token request
 * no longer carries the authorization parameters, but its code points to the grant.
 * Process memory is right here: the sandbox is one process by design.
 */
export class SimulationStore {
  readonly #byGrant = new Map<string, { simulation: Simulation; until: number }>();

  remember(grantId: string, simulation: Simulation | undefined): void {
    if (!simulation) return;
    const now = Date.now();
    for (const [key, entry] of this.#byGrant) if (entry.until < now) this.#byGrant.delete(key);
    this.#byGrant.set(grantId, { simulation, until: now + REMEMBER_MS });
  }

  /** The simulation for a grant, once: a code is redeemed once, so is its simulation. */
  take(grantId: string | undefined): Simulation | undefined {
    if (!grantId) return undefined;
    const entry = this.#byGrant.get(grantId);
    this.#byGrant.delete(grantId);
    return entry && entry.until >= Date.now() ? entry.simulation : undefined;
  }
}
