/**
 * What the login use cases work with, and how a login fails. The use cases in this folder
 * are plain functions over these dependencies; the browser pages (interactions/) and the
 * JSON APIs for apps (native-api/) are front ends over them, and the composition root
 * (broker.ts) builds the dependencies once for both.
 */
import type Provider from "oidc-provider";
import type { PrismaClient } from "@lotse/db";
import type { Logger } from "@lotse/server";
import type { AccountService } from "../accounts/account-service.js";
import type { ApplicationCache } from "../applications/application-cache.js";
import type { AuditEventInput, AuditLog } from "../audit/index.js";
import type { IdpDirectory } from "../federation/idp-directory.js";
import type { UpstreamClients } from "../federation/upstream-clients.js";
import type { UpstreamFlowStore } from "../federation/upstream-flow-store.js";
import type { SmartLoginDeps } from "./smart-context.js";

export interface LoginDeps {
  provider: Provider;
  prisma: PrismaClient;
  /** Application records per process, forgotten on every change (applications/application-cache.ts). */
  applications: ApplicationCache;
  idps: IdpDirectory;
  upstream: UpstreamClients;
  flows: UpstreamFlowStore;
  accounts: AccountService;
  audit: AuditLog;
  logger: Logger;
  issuer: string;
  /** DESIGN.md §4: testing parameters pass upstream only outside production. */
  testingParameters: boolean;
  /** SMART App Launch: launches, contexts, the FHIR lookups (docs/flows/smart.md). */
  smart?: SmartLoginDeps;
}

/** A failed login as the application learns it: an OAuth error (RFC 6749 §4.1.2.1). */
export interface LoginFailure {
  /** e.g. access_denied, temporarily_unavailable, invalid_request. */
  error: string;
  error_description: string;
}

/** Who asked, for the audit events of one request. */
export type { RequestInfo } from "../audit/request-info.js";

/** The fields every audit event of one flow shares. */
export type FlowEvent = Omit<AuditEventInput, "type" | "outcome">;

/**
 * A request the login cannot go on with (unknown or spent state, another application's
 * state, …): the front end answers it as a client error, 400 with this OAuth error code.
 */
export class LoginRequestError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}
