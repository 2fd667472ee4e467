import { SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS } from "@lotse/domain";
import type Provider from "oidc-provider";
import type { Logger } from "@lotse/server";
import type { CibaInbox } from "../authenticator/ciba-inbox.js";
import type { FederationFaults } from "../federation/faults.js";
import type { FederationMaster } from "../federation/federation-master.js";
import { installEntityConfiguration } from "../federation/insurer-entity.js";
import { generateSigningKey, type SigningKey } from "../keys/signing-key.js";
import { createIdpAccounts, type IdpAccounts } from "./accounts.js";
import { FederatedClients } from "./broker-registration.js";
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
  /** Signs ID tokens; published in the signed JWKS. */
  signingKey: SigningKey;
  /** Signs the insurer's federation documents (entity configuration, signed JWKS). */
  entityKey: SigningKey;
  simulations: SimulationStore;
  /** The relying parties registered here from their entity configurations. */
  clients: FederatedClients;
}

export async function createSandboxIdp(
  definition: IdpDefinition,
  config: {
    sandboxUrl: string;
    mtlsUrl: string;
    master: FederationMaster;
    faults: FederationFaults;
    cibaInbox: CibaInbox;
    logger: Logger;
  },
): Promise<SandboxIdp> {
  const issuer = idpIssuer(config.sandboxUrl, definition.name);
  const mountPath = new URL(issuer).pathname;
  const [signingKey, entityKey] = await Promise.all([
    generateSigningKey(`idp-${definition.name}`),
    generateSigningKey(`entity-${definition.name}`),
  ]);
  const accounts = createIdpAccounts(definition);
  const simulations = new SimulationStore();
  // Built before the provider, which validates through it; only used once requests come.
  const providerRef: { current?: Provider } = {};
  const clients = new FederatedClients({
    idp: definition,
    master: config.master,
    trustAnchor: { keys: [...SANDBOX_FEDERATION_TRUST_ANCHOR_JWKS.keys] },
    validate: (metadata) => providerRef.current!.Client.validate(metadata),
    logger: config.logger,
  });
  const provider = createIdpProvider({
    idp: definition,
    issuer,
    mountPath,
    signingKey,
    accounts,
    clients,
    cibaInbox: config.cibaInbox,
  });
  providerRef.current = provider;
  installSimulations(provider, {
    idp: definition,
    accounts,
    simulations,
    signingKey,
    idTokenTtlSeconds: ID_TOKEN_TTL_SECONDS,
  });
  installEntityConfiguration(
    { definition, issuer, provider, entityKey, signingKey },
    {
      sandboxUrl: config.sandboxUrl,
      masterEntityId: config.master.entityId,
      mtlsUrl: config.mtlsUrl,
      faults: config.faults,
    },
  );
  return {
    definition,
    issuer,
    mountPath,
    provider,
    accounts,
    signingKey,
    entityKey,
    simulations,
    clients,
  };
}
