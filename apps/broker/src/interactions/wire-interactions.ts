/**
 * Builds the person-facing login (chooser, federation, callback) and the native-app APIs
 * (IDP list, JSON authorize, mobile exchange) from the broker's parts; used by main.ts and by the tests, so both run the same wiring.
 */
import type Router from "@koa/router";
import type Provider from "oidc-provider";
import type { PrismaClient } from "@lotse/db";
import type { Logger } from "@lotse/server";
import type { AuditLog } from "../audit/index.js";
import {
  createFederationMaster,
  createIdpDirectory,
  createUpstreamClients,
  createUpstreamFlowStore,
} from "../federation/index.js";
import type { BrokerOidc } from "../oidc/create-oidc.js";
import { registerNativeApi } from "../native-api/register-native-api.js";
import { createLoginCompletion } from "./complete-login.js";
import { registerInteractionRoutes } from "./interaction-routes.js";

export interface InteractionWiring {
  issuer: string;
  federationMasterUrl: string;
  /** DESIGN.md §4: testing parameters pass upstream only outside production. */
  testingParameters: boolean;
  prisma: PrismaClient;
  logger: Logger;
  audit: AuditLog;
  oidc: BrokerOidc;
}

export function interactionRoutes(
  wiring: InteractionWiring,
): (router: Router, provider: Provider) => void {
  const federation = createFederationMaster({ url: wiring.federationMasterUrl });
  const idps = createIdpDirectory({ prisma: wiring.prisma, federation, logger: wiring.logger });
  const upstream = createUpstreamClients({
    // In the gematik federation a relying party's client id is its entity identifier.
    clientId: wiring.issuer,
    getFederationKeys: wiring.oidc.getFederationKeys,
  });
  const flows = createUpstreamFlowStore(wiring.prisma);
  return (router, provider) => {
    // What the native API and the person-facing routes both work with.
    const shared = {
      provider,
      prisma: wiring.prisma,
      idps,
      upstream,
      flows,
      audit: wiring.audit,
      logger: wiring.logger,
      issuer: wiring.issuer,
      testingParameters: wiring.testingParameters,
    };
    registerNativeApi(router, { ...shared, accounts: wiring.oidc.accounts });
    registerInteractionRoutes(router, {
      ...shared,
      login: createLoginCompletion({ provider, accounts: wiring.oidc.accounts }),
    });
  };
}
