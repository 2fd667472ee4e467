/**
 * Everything the OpenID provider needs at start-up: the KEK and what derives from it, the
 * signing and federation keys (created on first start), the provider itself, and the
 * expired-row cleanup. Keys are read once: a `keys:rotate` takes effect at the next
 * restart of each instance (NEXT is already published, so relying parties know the key).
 */
import type { PrismaClient } from "@lotse/db";
import type { Logger } from "@lotse/server";
import Provider from "oidc-provider";
import { createAccountService, type AccountService } from "../accounts/account-service.js";
import { createAccountStore } from "../accounts/account-store.js";
import { createFindAccount } from "../accounts/find-account.js";
import { deriveSecrets, type DerivedSecrets } from "../keys/derive.js";
import {
  createFederationKeyring,
  ensureFederationCertificates,
  ensureFederationKeys,
  type FederationKeys,
} from "../keys/federation-keys.js";
import type { Kek } from "../keys/kek.js";
import { ensureOidcKeys, loadOidcSigningJwks } from "../keys/oidc-keys.js";
import { createSmartContextStore, type SmartContextStore } from "../smart/context-store.js";
import type { JWK } from "jose";
import { createCibaFeature, type CibaFeature } from "../ciba/provider-feature.js";
import { createAdapterFactory } from "./adapter-factory.js";
import { NO_APPLICATION_CACHE, type ApplicationCache } from "../applications/application-cache.js";
import { brokerConfiguration } from "./configuration.js";
import { startExpiredCleanup } from "./expired-cleanup.js";

export interface BrokerOidc {
  provider: Provider;
  accounts: AccountService;
  secrets: DerivedSecrets;
  getFederationKeys: () => Promise<FederationKeys>;
  /** The SMART context of each grant (smart/context-store.ts). */
  smartContexts: SmartContextStore;
  /** The private OIDC signing keys, current first (for the broker's own FHIR reads). */
  signingKeys: JWK[];
  /** oidc-provider's CIBA hooks, bound to the login's use cases by broker.ts. */
  ciba: CibaFeature;
  /** Client records per process (applications/application-cache.ts), also for client auth. */
  applications: ApplicationCache;
  close(): void;
}

export async function createBrokerOidc(options: {
  issuer: string;
  prisma: PrismaClient;
  logger: Logger;
  kek: Kek;
  cleanupIntervalMs?: number;
  applications?: ApplicationCache;
}): Promise<BrokerOidc> {
  const { prisma, logger, kek } = options;
  const applications = options.applications ?? NO_APPLICATION_CACHE;
  const secrets = deriveSecrets(kek);
  await ensureOidcKeys(prisma, kek);
  await ensureFederationKeys(prisma, kek);
  await ensureFederationCertificates(prisma, kek);

  const store = createAccountStore(prisma, secrets);
  const smartContexts = createSmartContextStore(prisma);
  const signingKeys = await loadOidcSigningJwks(prisma, kek);
  const ciba = createCibaFeature({ issuer: options.issuer, signingKeys });
  const provider = new Provider(
    options.issuer,
    brokerConfiguration({
      adapter: createAdapterFactory(prisma, secrets.clientSecretKey, secrets.storage, applications),
      findAccount: createFindAccount(store, smartContexts),
      signingKeys,
      cookieKeys: secrets.cookieKeys,
      smartContexts,
      ciba: ciba.config,
    }),
  );
  // oidc-provider runs on the broker's own Koa context (mount-provider.ts), so which
  // X-Forwarded-* headers are believed is the broker app's setting (app.ts), not this one.
  provider.on("server_error", (ctx: { path?: string }, error: Error) =>
    logger.error({ err: error.message, path: ctx?.path }, "oidc-provider server error"),
  );

  const stopCleanup = startExpiredCleanup(prisma, logger, options.cleanupIntervalMs);
  return {
    provider,
    accounts: createAccountService(store, secrets.subjectKey),
    secrets,
    getFederationKeys: createFederationKeyring(prisma, kek),
    smartContexts,
    signingKeys,
    ciba,
    applications,
    close: stopCleanup,
  };
}
