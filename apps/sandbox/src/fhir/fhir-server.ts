/**
 * The sandbox FHIR R4 server under `/fhir/r4`: read and search of synthetic data,
 * guarded by the broker's SMART access tokens (docs/notes' "FHIR server rules"), plus
 * the unauthenticated discovery documents a SMART app and the portal's launcher need.
 *
 * One middleware with its own dispatch, so every answer under the base, errors included,
 * is FHIR (OperationOutcome, application/fhir+json) and carries the CORS headers that a
 * browser app on another origin needs.
 */
import type { Context, Middleware } from "koa";
import type { Logger } from "@lotse/server";
import {
  accessRules,
  authorizeRead,
  authorizeSearch,
  createTokenVerifier,
  type TokenVerifier,
} from "./authorization.js";
import { capabilityStatement, type OAuthUris } from "./capability-statement.js";
import { allOfType, findResource, isResourceType, type ResourceType } from "./data/store.js";
import { launcherDirectory } from "./launcher-directory.js";
import { FhirError, badRequest, notFound, operationOutcome } from "./operation-outcome.js";
import { FHIR_ID, executeSearch, parseSearch } from "./search.js";
import { searchset } from "./searchset.js";
import {
  BrokerUnavailableError,
  createSmartConfigurationSource,
  type SmartConfigurationSource,
} from "./smart-configuration.js";

export const FHIR_BASE_PATH = "/fhir/r4";
export const FHIR_JSON = "application/fhir+json; charset=utf-8";

export function fhirBaseUrl(sandboxUrl: string): string {
  return `${sandboxUrl}${FHIR_BASE_PATH}`;
}

export interface FhirServerOptions {
  sandboxUrl: string;
  brokerUrl: string;
  logger: Logger;
  /** Overrides for tests; by default the broker's JWKS and smart configuration over HTTP. */
  verifyToken?: TokenVerifier;
  smartConfiguration?: SmartConfigurationSource;
}

/** Longer query strings are refused before parsing (Node already caps the request line). */
const MAX_QUERY_LENGTH = 4096;

/**
 * CORS for SMART apps in the browser (SMART App Launch 2.2 §2.0.2: apps call the FHIR
 * server from their own origin with a bearer token). `*` is safe here: no cookies, the
 * token is the only credential.
 */
function setCors(ctx: Context): void {
  ctx.set("Access-Control-Allow-Origin", "*");
  ctx.set("Access-Control-Expose-Headers", "WWW-Authenticate, Location, Content-Location");
}

function sendFhir(ctx: Context, status: number, body: object): void {
  ctx.status = status;
  ctx.body = JSON.stringify(body);
  ctx.set("Content-Type", FHIR_JSON);
}

function sendError(ctx: Context, error: FhirError): void {
  for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
  sendFhir(ctx, error.status, operationOutcome(error.code, error.diagnostics));
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest("The request path is not valid percent-encoding.");
  }
}

/** `Prefer: handling=strict` (FHIR R4 §3.1.1.0) turns ignored search parameters into errors. */
function isStrict(ctx: Context): boolean {
  return /(^|[;,\s])handling\s*=\s*strict\b/i.test(ctx.get("Prefer"));
}

export function fhirServer(options: FhirServerOptions): Middleware {
  const baseUrl = fhirBaseUrl(options.sandboxUrl);
  const verifyToken =
    options.verifyToken ??
    createTokenVerifier({ brokerUrl: options.brokerUrl, fhirBaseUrl: baseUrl });
  const smartConfiguration =
    options.smartConfiguration ?? createSmartConfigurationSource({ brokerUrl: options.brokerUrl });
  const directory = launcherDirectory();

  /** The contract's fixed broker endpoints, used while the broker's document is out of reach. */
  const fallbackOAuth: OAuthUris = {
    authorize: `${options.brokerUrl}/connect/auth`,
    token: `${options.brokerUrl}/connect/token`,
  };

  async function oauthUris(): Promise<OAuthUris> {
    try {
      const document = await smartConfiguration.get();
      return { authorize: document.authorization_endpoint, token: document.token_endpoint };
    } catch (error) {
      if (!(error instanceof BrokerUnavailableError)) throw error;
      return fallbackOAuth;
    }
  }

  async function read(ctx: Context, type: ResourceType, rawId: string): Promise<void> {
    const token = await verifyToken(ctx.get("Authorization") || undefined);
    const id = decodeSegment(rawId);
    if (!FHIR_ID.test(id)) throw badRequest("The resource id is not a valid FHIR id.");
    const rules = accessRules(token, type, "r");
    const resource = findResource(type, id);
    if (!resource) throw notFound(`${type}/${id} is not known.`);
    authorizeRead(rules, resource);
    ctx.set("Cache-Control", "no-store");
    sendFhir(ctx, 200, resource);
  }

  async function search(ctx: Context, type: ResourceType): Promise<void> {
    const token = await verifyToken(ctx.get("Authorization") || undefined);
    if (ctx.querystring.length > MAX_QUERY_LENGTH) {
      throw badRequest(`The query is longer than ${MAX_QUERY_LENGTH} characters.`);
    }
    const pairs = [...new URLSearchParams(ctx.querystring)];
    const query = parseSearch(type, pairs, { strict: isStrict(ctx), baseUrl });
    const rules = accessRules(token, type, "s");
    const allowed = authorizeSearch(rules, query);
    const result = executeSearch(query, allOfType(type), allowed);
    ctx.set("Cache-Control", "no-store");
    sendFhir(ctx, 200, searchset(baseUrl, query, result));
  }

  async function smartConfigurationDocument(ctx: Context): Promise<void> {
    try {
      const document = await smartConfiguration.get();
      ctx.set("Cache-Control", "max-age=60");
      ctx.body = document;
    } catch (error) {
      if (!(error instanceof BrokerUnavailableError)) throw error;
      ctx.status = 502;
      ctx.body = {
        error: "broker_unavailable",
        error_description: `The SMART configuration comes from the broker. ${error.message}`,
      };
    }
  }

  async function dispatch(ctx: Context, segments: string[]): Promise<void> {
    const [first, second, ...rest] = segments;
    if (first === ".well-known" && second === "smart-configuration" && rest.length === 0) {
      return smartConfigurationDocument(ctx);
    }
    if (first === "metadata" && second === undefined) {
      ctx.set("Cache-Control", "no-cache");
      return sendFhir(ctx, 200, capabilityStatement(baseUrl, await oauthUris()));
    }
    if (first === "launcher-directory" && second === undefined) {
      ctx.set("Cache-Control", "no-cache");
      ctx.body = directory;
      return;
    }
    const type = first === undefined ? undefined : decodeSegment(first);
    if (type === undefined || !isResourceType(type)) {
      throw new FhirError(404, "not-supported", "This server does not know that resource type.");
    }
    if (second === undefined) return search(ctx, type);
    if (rest.length === 0) return read(ctx, type, second);
    throw new FhirError(404, "not-supported", "This server supports read and search only.");
  }

  return async (ctx, next) => {
    if (ctx.path !== FHIR_BASE_PATH && !ctx.path.startsWith(`${FHIR_BASE_PATH}/`)) return next();
    setCors(ctx);
    if (ctx.method === "OPTIONS") {
      // A CORS preflight (Fetch standard §3.2.2): the browser asks before sending Authorization.
      ctx.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
      ctx.set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, Prefer");
      ctx.set("Access-Control-Max-Age", "600");
      ctx.status = 204;
      return;
    }
    try {
      if (ctx.method !== "GET" && ctx.method !== "HEAD") {
        ctx.set("Allow", "GET, HEAD, OPTIONS");
        throw new FhirError(405, "not-supported", "This server is read-only: GET only.");
      }
      const rest = ctx.path.slice(FHIR_BASE_PATH.length).replace(/^\//, "");
      const segments = rest === "" ? [] : rest.split("/");
      // A trailing slash (`/Patient/`) is the same as none.
      if (segments.length > 1 && segments.at(-1) === "") segments.pop();
      await dispatch(ctx, segments);
    } catch (error) {
      if (error instanceof FhirError) return sendError(ctx, error);
      options.logger.error(
        { err: (error as Error).message, path: ctx.path },
        "FHIR request failed",
      );
      sendError(ctx, new FhirError(500, "exception", "The request could not be processed."));
    }
  };
}
