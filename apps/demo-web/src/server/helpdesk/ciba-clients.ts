/**
 * The help desk's two clients at the broker, as openid-client configurations learnt from
 * the broker's discovery document (OIDC Discovery §4): poll mode uses demo-web's own
 * registration, ping mode `demo-helpdesk-ping`, because the token delivery mode is part of
 * a client's registration (CIBA Core §4). Both authenticate with client_secret_basic.
 */
import * as client from "openid-client";
import { env } from "~/env";
import { resolveSecrets } from "~/env-schema";
import type { HelpdeskMode } from "~/lib/helpdesk/status";

const configurations = new Map<HelpdeskMode, Promise<client.Configuration>>();

function credentials(mode: HelpdeskMode): { clientId: string; clientSecret: string } {
  const secrets = resolveSecrets(env);
  return mode === "poll"
    ? { clientId: env.DEMO_WEB_CLIENT_ID, clientSecret: secrets.clientSecret }
    : {
        clientId: env.DEMO_HELPDESK_PING_CLIENT_ID,
        clientSecret: secrets.helpdeskPingClientSecret,
      };
}

export function cibaConfiguration(mode: HelpdeskMode): Promise<client.Configuration> {
  let configuration = configurations.get(mode);
  if (!configuration) {
    const { clientId, clientSecret } = credentials(mode);
    const issuer = new URL(env.BROKER_URL);
    configuration = client.discovery(
      issuer,
      clientId,
      undefined,
      client.ClientSecretBasic(clientSecret),
      {
        // openid-client refuses plain http; only the local development broker runs on it.
        execute: issuer.protocol === "http:" ? [client.allowInsecureRequests] : [],
        timeout: 10,
      },
    );
    // A broker that was down must not stay cached as down.
    configuration.catch(() => configurations.delete(mode));
    configurations.set(mode, configuration);
  }
  return configuration;
}
