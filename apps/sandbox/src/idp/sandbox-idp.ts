import type Provider from "oidc-provider";
import type { CibaInbox } from "../authenticator/ciba-inbox.js";
import { generateSigningKey, type SigningKey } from "../keys/signing-key.js";
import { createIdpAccounts, type IdpAccounts } from "./accounts.js";
import { brokerClientMetadata } from "./broker-client.js";
import { createIdpProvider, ID_TOKEN_TTL_SECONDS } from "./create-idp-provider.js";
import { idpIssuer, type IdpDefinition } from "./idp-registry.js";
import { installSimulations } from "./simulation-middleware.js";
import { SimulationStore } from "./simulation.js";

/** Everything one simulated insurer consists of. */
export interface SandboxIdp {
  definition: IdpDefinition;
  issuer: string;
  mountPath: string;
  provider: Provider;
  accounts: IdpAccounts;
  signingKey: SigningKey;
  simulations: SimulationStore;
  /** The broker's redirect URIs: the login form's CSP must allow navigating to them. */
  redirectUris: string[];
}

export async function createSandboxIdp(
  definition: IdpDefinition,
  config: {
    sandboxUrl: string;
    brokerUrl: string;
    extraRedirectUris: string[];
    cibaInbox: CibaInbox;
  },
): Promise<SandboxIdp> {
  const issuer = idpIssuer(config.sandboxUrl, definition.name);
  const mountPath = new URL(issuer).pathname;
  const signingKey = await generateSigningKey(`idp-${definition.name}`);
  const accounts = createIdpAccounts(definition);
  const simulations = new SimulationStore();
  const provider = createIdpProvider({
    idp: definition,
    issuer,
    mountPath,
    signingKey,
    accounts,
    brokerUrl: config.brokerUrl,
    extraRedirectUris: config.extraRedirectUris,
    cibaInbox: config.cibaInbox,
  });
  installSimulations(provider, {
    idp: definition,
    accounts,
    simulations,
    signingKey,
    idTokenTtlSeconds: ID_TOKEN_TTL_SECONDS,
  });
  const { redirect_uris: redirectUris = [] } = brokerClientMetadata(
    config.brokerUrl,
    config.extraRedirectUris,
  );
  return {
    definition,
    issuer,
    mountPath,
    provider,
    accounts,
    signingKey,
    simulations,
    redirectUris: [...redirectUris],
  };
}
