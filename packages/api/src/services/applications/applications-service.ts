/**
 * Applications (OAuth clients) of the caller's organizations. Authorization lives here,
 * not in the router: every query carries `organization: memberOf(userId)`, so a record
 * of another organization is never read or written, whatever id is passed.
 */
import type { Api, Application, ClientSecret, Prisma, PrismaClient } from "@lotse/db";
import { invalid, notFound } from "../../errors.js";
import type { ApplicationSettings } from "../../schemas/applications.js";
import { CIBA_GRANT_TYPE, cibaColumns } from "../../schemas/ciba.js";
import { outboundUrlProblems, type LotseMode } from "../../schemas/outbound-url.js";
import { tokenExchangeColumns } from "../../schemas/token-exchange.js";
import { removeExchangeAudience } from "../apis/apis-service.js";
import { memberOf, requireMembership } from "../organizations/membership.js";
import { generateClientId, generateClientSecret } from "./client-secret.js";

type ApplicationColumns = Pick<
  Application,
  | "id"
  | "clientId"
  | "name"
  | "logoUri"
  | "type"
  | "organizationId"
  | "redirectUris"
  | "postLogoutRedirectUris"
  | "subMode"
  | "allowedScopes"
  | "allowedGrantTypes"
  | "allowedIdps"
  | "accessTokenTtl"
  | "idTokenTtl"
  | "refreshTokenTtl"
  | "smartEnabled"
  | "smartLaunchUrl"
  | "smartFhirBaseUrl"
  | "smartScopes"
  | "smartUserType"
  | "cibaDeliveryMode"
  | "cibaNotificationEndpoint"
  | "cibaUserCodeRequired"
  | "platform"
  | "pkceRequired"
  | "standardClaims"
  | "tokenExchangeEnabled"
  | "tokenExchangeAudiences"
  | "enabled"
  | "createdAt"
  | "updatedAt"
>;

/** One API whose scopes the application may request (ApplicationApiGrant). */
export interface ApiGrantView {
  identifier: string;
  name: string;
  scopes: string[];
  tokenFormat: Api["tokenFormat"];
}

export type ApplicationView = ApplicationColumns & { apiGrants: ApiGrantView[] };

export type SecretStatus = "active" | "expiring" | "expired" | "revoked";
export interface SecretView {
  id: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  status: SecretStatus;
}

/** The one-time answer of create and rotate: the only moment the secret exists in clear. */
export interface IssuedSecret {
  secretId: string;
  clientSecret: string;
}

const VIEW = {
  id: true,
  clientId: true,
  name: true,
  logoUri: true,
  type: true,
  organizationId: true,
  redirectUris: true,
  postLogoutRedirectUris: true,
  subMode: true,
  allowedScopes: true,
  allowedGrantTypes: true,
  allowedIdps: true,
  accessTokenTtl: true,
  idTokenTtl: true,
  refreshTokenTtl: true,
  smartEnabled: true,
  smartLaunchUrl: true,
  smartFhirBaseUrl: true,
  smartScopes: true,
  smartUserType: true,
  cibaDeliveryMode: true,
  cibaNotificationEndpoint: true,
  cibaUserCodeRequired: true,
  platform: true,
  pkceRequired: true,
  standardClaims: true,
  tokenExchangeEnabled: true,
  tokenExchangeAudiences: true,
  apiGrants: {
    select: {
      scopes: true,
      api: { select: { identifier: true, name: true, tokenFormat: true } },
    },
    orderBy: { api: { identifier: "asc" } },
  },
  enabled: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ApplicationSelect;

type ApplicationRow = Prisma.ApplicationGetPayload<{ select: typeof VIEW }>;

function toView({ apiGrants, ...row }: ApplicationRow): ApplicationView {
  return {
    ...row,
    apiGrants: apiGrants.map((grant) => ({ ...grant.api, scopes: grant.scopes })),
  };
}

/** Where clause: this application, and only if the user is a member of its organization. */
const ownedBy = (userId: string, applicationId: string) => ({
  id: applicationId,
  organization: memberOf(userId),
});

function settingsData(settings: ApplicationSettings) {
  return {
    name: settings.name,
    logoUri: settings.logoUri ? settings.logoUri : null,
    redirectUris: settings.redirectUris,
    postLogoutRedirectUris: settings.postLogoutRedirectUris,
    subMode: settings.subMode,
    allowedScopes: settings.allowedScopes,
    // The broker reads CIBA from the grant types (CIBA Core §4 grant_types), like the others.
    allowedGrantTypes: [
      ...new Set([
        ...settings.allowedGrantTypes,
        ...(settings.ciba.enabled ? [CIBA_GRANT_TYPE] : []),
      ]),
    ],
    allowedIdps: settings.allowedIdps,
    accessTokenTtl: settings.accessTokenTtl,
    idTokenTtl: settings.idTokenTtl,
    refreshTokenTtl: settings.refreshTokenTtl,
    // Empty while SMART is off (the schema requires both when on); stored as null.
    smartEnabled: settings.smart.enabled,
    smartLaunchUrl: settings.smart.launchUrl || null,
    smartFhirBaseUrl: settings.smart.fhirBaseUrl || null,
    smartScopes: [...settings.smart.launchScopes, ...settings.smart.resourceScopes],
    smartUserType: settings.smart.userType,
    ...cibaColumns(settings.ciba),
    platform: settings.platform,
    // RFC 9700 §2.1.1: never off for a public client (the schema refuses it, too).
    pkceRequired: settings.pkceRequired || settings.type === "PUBLIC",
    standardClaims: settings.standardClaims,
    ...tokenExchangeColumns(settings.tokenExchange),
  };
}

/**
 * The organisation-wide checks of the token-exchange audiences and API grants, which the
 * schema cannot make: every audience is another application (client id) or an API
 * (identifier) of the same organisation, and every granted scope is one of its API's.
 * Returns the grant rows to store (entries without scopes grant nothing and are dropped).
 */
async function checkOrganizationReferences(
  prisma: PrismaClient,
  organizationId: string,
  ownClientId: string | null,
  settings: ApplicationSettings,
): Promise<{ apiId: string; scopes: string[] }[]> {
  const apis = await prisma.api.findMany({
    where: { organizationId },
    select: { id: true, identifier: true, scopes: true },
  });
  const apiByIdentifier = new Map(apis.map((api) => [api.identifier, api]));
  if (settings.tokenExchange.enabled && settings.tokenExchange.audiences.length > 0) {
    const path = ["settings", "tokenExchange", "audiences"];
    const applications = await prisma.application.findMany({
      where: { organizationId, clientId: { in: settings.tokenExchange.audiences } },
      select: { clientId: true },
    });
    const clientIds = new Set(applications.map((application) => application.clientId));
    for (const audience of settings.tokenExchange.audiences) {
      // A token for itself needs no exchange; as an audience it would only blur the policy.
      if (audience === ownClientId)
        throw invalid("An application cannot be its own exchange audience.", path);
      // RFC 8693 §2.1: the audience is where the token will be used; only within the
      // organisation, so one organisation cannot mint tokens for another's services.
      if (!clientIds.has(audience) && !apiByIdentifier.has(audience))
        throw invalid(
          `${audience} is neither an application nor an API of this organization.`,
          path,
        );
    }
  }
  const rows: { apiId: string; scopes: string[] }[] = [];
  for (const [index, grant] of settings.apiGrants.entries()) {
    if (grant.scopes.length === 0) continue;
    const api = apiByIdentifier.get(grant.identifier);
    if (!api)
      throw invalid(`${grant.identifier} is not an API of this organization.`, [
        "settings",
        "apiGrants",
        index,
      ]);
    const unknown = grant.scopes.find((scope) => !api.scopes.includes(scope));
    if (unknown !== undefined)
      throw invalid(`The API ${api.identifier} has no scope ${unknown}.`, [
        "settings",
        "apiGrants",
        index,
      ]);
    rows.push({ apiId: api.id, scopes: grant.scopes });
  }
  return rows;
}

/**
 * URLs the broker will call (FHIR base, CIBA notification endpoint) must not point into its
 * own network in production (schemas/outbound-url.ts; OWASP SSRF Prevention). Checked here,
 * not in the browser-safe settings schema, because the mode is the server's.
 */
function checkOutboundUrls(settings: ApplicationSettings, mode: LotseMode) {
  const [problem] = outboundUrlProblems(settings, mode);
  if (problem) throw invalid(problem.message, problem.path);
}

/**
 * The insurers an application may offer. Disabled ones may stay listed (an admin may enable
 * them again); issuers the broker does not know are refused, on the field that holds them.
 */
async function checkAllowedIdps(prisma: PrismaClient, settings: ApplicationSettings) {
  if (settings.allowedIdps.length === 0) return;
  const known = await prisma.upstreamIdp.findMany({
    where: { issuer: { in: settings.allowedIdps } },
    select: { issuer: true },
  });
  const knownIssuers = new Set(known.map((idp) => idp.issuer));
  const unknown = settings.allowedIdps.find((issuer) => !knownIssuers.has(issuer));
  if (unknown !== undefined)
    throw invalid(`Unknown identity provider ${unknown}.`, ["settings", "allowedIdps"]);
}

export interface IdpOption {
  issuer: string;
  displayName: string;
  pkv: boolean;
  enabled: boolean;
}

/** The insurers an application can be limited to (the broker's IDP directory, public anyway). */
export function listIdpOptions(prisma: PrismaClient): Promise<IdpOption[]> {
  return prisma.upstreamIdp.findMany({
    orderBy: [{ pkv: "asc" }, { displayName: "asc" }],
    select: { issuer: true, displayName: true, pkv: true, enabled: true },
  });
}

export async function listApplications(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
): Promise<ApplicationView[]> {
  await requireMembership(prisma, userId, organizationId);
  const rows = await prisma.application.findMany({
    where: { organizationId, organization: memberOf(userId) },
    orderBy: { createdAt: "asc" },
    select: VIEW,
  });
  return rows.map(toView);
}

export async function getApplication(
  prisma: PrismaClient,
  userId: string,
  applicationId: string,
): Promise<ApplicationView> {
  const application = await prisma.application.findFirst({
    where: ownedBy(userId, applicationId),
    select: VIEW,
  });
  if (!application) throw notFound("Application");
  return toView(application);
}

export async function createApplication(
  prisma: PrismaClient,
  userId: string,
  organizationId: string,
  settings: ApplicationSettings,
  mode: LotseMode = "production",
): Promise<{ application: ApplicationView; secret: IssuedSecret | null }> {
  await requireMembership(prisma, userId, organizationId);
  checkOutboundUrls(settings, mode);
  await checkAllowedIdps(prisma, settings);
  const grants = await checkOrganizationReferences(prisma, organizationId, null, settings);
  const secret = settings.type === "CONFIDENTIAL" ? generateClientSecret() : null;
  const application = await prisma.application.create({
    data: {
      ...settingsData(settings),
      clientId: generateClientId(),
      type: settings.type,
      organizationId,
      secrets: secret ? { create: { hash: secret.hash, prefix: secret.prefix } } : undefined,
      apiGrants: { create: grants },
    },
    select: { ...VIEW, secrets: { select: { id: true } } },
  });
  const { secrets, ...view } = application;
  return {
    application: toView(view),
    secret: secret ? { secretId: secrets[0]!.id, clientSecret: secret.value } : null,
  };
}

export async function updateApplication(
  prisma: PrismaClient,
  userId: string,
  applicationId: string,
  settings: ApplicationSettings,
  mode: LotseMode = "production",
): Promise<ApplicationView> {
  const current = await getApplication(prisma, userId, applicationId);
  checkOutboundUrls(settings, mode);
  // Changing the type would change how the client authenticates (secrets vs none);
  // that is a new application, not an edit.
  if (settings.type !== current.type) {
    throw invalid("The type cannot be changed; create a new application instead.", [
      "settings",
      "type",
    ]);
  }
  await checkAllowedIdps(prisma, settings);
  const grants = await checkOrganizationReferences(
    prisma,
    current.organizationId,
    current.clientId,
    settings,
  );
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.application.updateMany({
      where: ownedBy(userId, applicationId),
      data: settingsData(settings),
    });
    if (count !== 1) throw notFound("Application");
    // The form sends the whole list, so the stored grants are replaced by it.
    await tx.applicationApiGrant.deleteMany({ where: { applicationId } });
    await tx.applicationApiGrant.createMany({
      data: grants.map((grant) => ({ ...grant, applicationId })),
    });
  });
  return getApplication(prisma, userId, applicationId);
}

/**
 * Adds one redirect URI to the stored list, leaving every other setting as it is now (an
 * edit from a page loaded earlier would overwrite changes made since). Adding a URI that is
 * already there changes nothing.
 */
export async function addRedirectUri(
  prisma: PrismaClient,
  userId: string,
  applicationId: string,
  redirectUri: string,
): Promise<ApplicationView> {
  return prisma.$transaction(async (tx) => {
    // The row lock orders concurrent additions, so the limit and the duplicate check hold.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT a.id FROM "Application" a
      JOIN "Membership" m ON m."organizationId" = a."organizationId" AND m."userId" = ${userId}
      WHERE a.id = ${applicationId}
      FOR UPDATE OF a`;
    if (locked.length !== 1) throw notFound("Application");
    const current = await tx.application.findUniqueOrThrow({
      where: { id: applicationId },
      select: { redirectUris: true },
    });
    if (!current.redirectUris.includes(redirectUri)) {
      if (current.redirectUris.length >= 20) throw invalid("At most 20 URIs.", ["redirectUri"]);
      await tx.application.update({
        where: { id: applicationId },
        data: { redirectUris: { push: redirectUri } },
      });
    }
    return toView(
      await tx.application.findUniqueOrThrow({ where: { id: applicationId }, select: VIEW }),
    );
  });
}

export async function deleteApplication(
  prisma: PrismaClient,
  userId: string,
  applicationId: string,
): Promise<void> {
  const application = await getApplication(prisma, userId, applicationId);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.application.deleteMany({ where: ownedBy(userId, applicationId) });
    if (count !== 1) throw notFound("Application");
    // No other application may still exchange tokens for a client id that is gone (and
    // could be issued again one day).
    await removeExchangeAudience(tx, application.organizationId, application.clientId);
  });
}

function statusOf(secret: Pick<ClientSecret, "expiresAt" | "revokedAt">, now: Date): SecretStatus {
  if (secret.revokedAt) return "revoked";
  if (!secret.expiresAt) return "active";
  return secret.expiresAt > now ? "expiring" : "expired";
}

export async function listSecrets(
  prisma: PrismaClient,
  userId: string,
  applicationId: string,
  now = new Date(),
): Promise<SecretView[]> {
  // An empty list would not tell "no secrets" from "not yours"; answer not found instead.
  await getApplication(prisma, userId, applicationId);
  const secrets = await prisma.clientSecret.findMany({
    where: { application: ownedBy(userId, applicationId) },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      prefix: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
    },
  });
  return secrets.map((s) => ({ ...s, status: statusOf(s, now) }));
}

/**
 * Issues a new secret and lets the previous ones live for `graceSeconds` more (0 ends them
 * now), so a deployment can switch without downtime. A secret already ending sooner keeps
 * its earlier end.
 */
export async function rotateSecret(
  prisma: PrismaClient,
  userId: string,
  applicationId: string,
  graceSeconds: number,
  now = new Date(),
): Promise<IssuedSecret> {
  const application = await getApplication(prisma, userId, applicationId);
  if (application.type !== "CONFIDENTIAL") {
    throw invalid("Public applications have no client secret.");
  }
  const graceEnd = new Date(now.getTime() + graceSeconds * 1000);
  const secret = generateClientSecret();
  const created = await prisma.$transaction(async (tx) => {
    await tx.clientSecret.updateMany({
      where: {
        application: ownedBy(userId, applicationId),
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: graceEnd } }],
      },
      data: { expiresAt: graceEnd },
    });
    return tx.clientSecret.create({
      data: { applicationId: application.id, hash: secret.hash, prefix: secret.prefix },
      select: { id: true },
    });
  });
  return { secretId: created.id, clientSecret: secret.value };
}

/** Revokes one secret at once (e.g. after a leak); the broker stops accepting it. */
export async function revokeSecret(
  prisma: PrismaClient,
  userId: string,
  applicationId: string,
  secretId: string,
  now = new Date(),
): Promise<void> {
  const { count } = await prisma.clientSecret.updateMany({
    where: { id: secretId, application: ownedBy(userId, applicationId) },
    data: { revokedAt: now },
  });
  if (count !== 1) throw notFound("Secret");
}
