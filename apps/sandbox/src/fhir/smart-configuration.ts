/**
 * `{FHIR base}/.well-known/smart-configuration` (SMART App Launch 2.2 §2.1): the broker
 * is the authorization server, so the sandbox serves the broker's document for this FHIR
 * base, fetched from `${BROKER_URL}/fhir/.well-known/smart-configuration` and cached.
 */
import { z } from "zod";

/** What the sandbox itself reads; the rest of the document passes through unchanged. */
const smartConfigurationSchema = z
  .object({
    issuer: z.string().optional(),
    authorization_endpoint: z.url(),
    token_endpoint: z.url(),
  })
  .loose();
export type SmartConfiguration = z.infer<typeof smartConfigurationSchema>;

export class BrokerUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "BrokerUnavailableError";
  }
}

export interface SmartConfigurationSourceOptions {
  brokerUrl: string;
  /** How long a fetched document is served before it is fetched again. */
  ttlMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

export interface SmartConfigurationSource {
  /** The broker's document; throws BrokerUnavailableError when it cannot be had. */
  get(): Promise<SmartConfiguration>;
}

export function createSmartConfigurationSource(
  options: SmartConfigurationSourceOptions,
): SmartConfigurationSource {
  const url = `${options.brokerUrl}/fhir/.well-known/smart-configuration`;
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  let cached: { value: SmartConfiguration; fetchedAt: number } | undefined;

  async function fetchDocument(): Promise<SmartConfiguration> {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Accept: "application/json" },
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        redirect: "error",
      });
    } catch {
      throw new BrokerUnavailableError("The broker cannot be reached.");
    }
    if (!response.ok) {
      throw new BrokerUnavailableError(`The broker answered ${response.status}.`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new BrokerUnavailableError("The broker's answer is not JSON.");
    }
    const parsed = smartConfigurationSchema.safeParse(body);
    if (!parsed.success) {
      throw new BrokerUnavailableError("The broker's answer is not a SMART configuration.");
    }
    return parsed.data;
  }

  return {
    async get() {
      if (cached && now() - cached.fetchedAt < ttlMs) return cached.value;
      const value = await fetchDocument();
      cached = { value, fetchedAt: now() };
      return value;
    },
  };
}
