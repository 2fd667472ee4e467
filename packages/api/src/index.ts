export { appRouter, createCaller, type AppRouter } from "./root.js";
export { createTRPCContext, type SessionUser, type TRPCContext } from "./trpc.js";
export {
  authenticate,
  type AccountSummary,
  type AuthenticationResult,
} from "./services/accounts/accounts-service.js";
export { currentSessionUser, type CurrentSessionUser } from "./services/accounts/session-check.js";
export { DEFAULT_THROTTLE, type ThrottlePolicy } from "./services/accounts/login-throttle.js";
export { hashPassword } from "./services/accounts/password.js";
export {
  buildQuickStart,
  SECRET_PLACEHOLDER,
  type QuickStart,
  type QuickStartApi,
  type QuickStartSnippet,
} from "./services/applications/quick-start.js";
export { handlePortalTrpcRequest, type PortalTrpcOptions } from "./http/trpc-handler.js";
export { crossSiteRefusal, type CrossSiteRefusal } from "./http/cross-site.js";
export type { LotseMode } from "./schemas/outbound-url.js";
