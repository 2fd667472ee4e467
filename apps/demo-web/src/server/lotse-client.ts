/**
 * The backend exchange variant's client: @lotse/sdk on this app's server, with the client
 * secret (client_secret_basic). The browser never sees a code verifier, a token or the secret.
 */
import { createLotseClient, type LotseClient } from "@lotse/sdk";
import { env } from "../env";
import { resolveSecrets } from "../env-schema";

/** Registered for demo-web next to next-auth's callback (packages/db/src/seed/records.ts). */
export function backendRedirectUri(): string {
  return `${env.DEMO_WEB_URL}/backend/callback`;
}

let client: LotseClient | undefined;

export function lotseClient(): LotseClient {
  client ??= createLotseClient({
    issuer: env.BROKER_URL,
    clientId: env.DEMO_WEB_CLIENT_ID,
    clientSecret: resolveSecrets(env).clientSecret,
    redirectUri: backendRedirectUri(),
  });
  return client;
}
