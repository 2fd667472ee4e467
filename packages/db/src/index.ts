export {
  createPrismaClient,
  databaseUrlOf,
  poolOf,
  requirePool,
  type PrismaClient,
} from "./client.js";
export * from "./generated/prisma/enums.js";
export type {
  Api,
  Application,
  ApplicationApiGrant,
  AuditEvent,
  CibaRequest,
  ClientSecret,
  Membership,
  OidcPayload,
  Organization,
  RateLimitBucket,
  SigningKey,
  SmartContext,
  SmartLaunch,
  UpstreamIdp,
  User,
} from "./generated/prisma/client.js";
export { Prisma } from "./generated/prisma/client.js";
export { dataDir } from "./paths.js";
