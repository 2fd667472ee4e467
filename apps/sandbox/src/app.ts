import Koa from "koa";
import Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import { errorBoundary, notFound, securityHeaders, type Logger } from "@lotse/server";
import { CibaInbox } from "./authenticator/ciba-inbox.js";
import { registerCibaPhoneRoutes } from "./authenticator/ciba-phone-routes.js";
import { FederationFaults } from "./federation/faults.js";
import { registerFedmasterRoutes } from "./federation/fedmaster-routes.js";
import { FederationMaster } from "./federation/federation-master.js";
import { fedmasterSigningKey } from "./federation/master-key.js";
import { registerSignedJwksRoutes } from "./federation/insurer-entity.js";
import { fhirServer } from "./fhir/fhir-server.js";
import { registerHealthz } from "./health/healthz.js";
import { registerIdentitiesApi } from "./identities/identities-api.js";
import { IDPS } from "./idp/idp-registry.js";
import { registerInteractionRoutes } from "./idp/interaction-routes.js";
import { mountProvider } from "./idp/mount-provider.js";
import { createSandboxIdp } from "./idp/sandbox-idp.js";
import { registerLandingPage } from "./landing/landing-page.js";
import { registerLogos } from "./landing/logos.js";
import type { Env } from "./env.js";

export interface SandboxDeps {
  env: Env;
  prisma: PrismaClient;
  logger: Logger;
}

/**
 * The sandbox's HTTP application: every simulated outside party under its own path.
 * Async because the parties' keys are generated at start-up (see keys/signing-key.ts).
 */
export async function createSandboxApp({ env, prisma, logger }: SandboxDeps): Promise<Koa> {
  const sandboxUrl = env.SANDBOX_URL;
  // The persons' phones: where every insurer's CIBA requests wait for an answer.
  const cibaInbox = new CibaInbox();
  // What tests switch on to break a member of the federation (federation/faults.ts).
  const faults = new FederationFaults();
  const master = new FederationMaster({
    sandboxUrl,
    brokerUrl: env.BROKER_URL,
    key: await fedmasterSigningKey(),
    faults,
  });
  const idps = await Promise.all(
    IDPS.map((definition) =>
      createSandboxIdp(definition, {
        sandboxUrl,
        mtlsUrl: env.SANDBOX_MTLS_URL,
        master,
        faults,
        cibaInbox,
        logger,
      }),
    ),
  );

  const app = new Koa();
  app.use(errorBoundary(logger));
  app.use(securityHeaders());
  // The FHIR R4 server answers everything under /fhir/r4 itself (FHIR errors, CORS).
  app.use(fhirServer({ sandboxUrl, brokerUrl: env.BROKER_URL, logger }));

  const router = new Router();
  registerHealthz(router, prisma, logger);
  registerLandingPage(router, { brokerUrl: env.BROKER_URL, sandboxUrl });
  registerIdentitiesApi(router, sandboxUrl);
  registerLogos(router);
  for (const idp of idps) {
    master.addInsurer({
      name: idp.definition.name,
      entityId: idp.issuer,
      entityKey: idp.entityKey.publicJwk,
    });
  }
  registerFedmasterRoutes(router, { master, faults });
  registerSignedJwksRoutes(router, idps, faults);
  for (const idp of idps) registerInteractionRoutes(router, idp, { sandboxUrl, logger });
  registerCibaPhoneRoutes(router, { inbox: cibaInbox, idps, sandboxUrl, logger });
  app.use(router.routes());
  app.use(router.allowedMethods());

  // Everything else under /idp/<name> is oidc-provider's: discovery, JWKS, PAR, auth, token.
  for (const idp of idps) app.use(mountProvider(idp.mountPath, idp.provider));
  app.use(notFound());
  return app;
}
