import Koa from "koa";
import Router from "@koa/router";
import type { PrismaClient } from "@lotse/db";
import { errorBoundary, notFound, securityHeaders, type Logger } from "@lotse/server";
import { CibaInbox } from "./authenticator/ciba-inbox.js";
import { registerCibaPhoneRoutes } from "./authenticator/ciba-phone-routes.js";
import { registerFedmasterRoutes } from "./federation/fedmaster-routes.js";
import { fhirServer } from "./fhir/fhir-server.js";
import { registerHealthz } from "./health/healthz.js";
import { registerIdentitiesApi } from "./identities/identities-api.js";
import { IDPS } from "./idp/idp-registry.js";
import { registerInteractionRoutes } from "./idp/interaction-routes.js";
import { mountProvider } from "./idp/mount-provider.js";
import { createSandboxIdp } from "./idp/sandbox-idp.js";
import { generateSigningKey } from "./keys/signing-key.js";
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
  const [fedmasterKey, ...idps] = await Promise.all([
    generateSigningKey("fedmaster"),
    ...IDPS.map((definition) =>
      createSandboxIdp(definition, {
        sandboxUrl,
        brokerUrl: env.BROKER_URL,
        extraRedirectUris: env.SANDBOX_EXTRA_REDIRECT_URIS,
        cibaInbox,
      }),
    ),
  ]);

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
  registerFedmasterRoutes(router, { sandboxUrl, key: fedmasterKey! });
  for (const idp of idps) registerInteractionRoutes(router, idp, { sandboxUrl, logger });
  registerCibaPhoneRoutes(router, { inbox: cibaInbox, idps, sandboxUrl, logger });
  app.use(router.routes());
  app.use(router.allowedMethods());

  // Everything else under /idp/<name> is oidc-provider's: discovery, JWKS, PAR, auth, token.
  for (const idp of idps) app.use(mountProvider(idp.mountPath, idp.provider));
  app.use(notFound());
  return app;
}
