// Browser-safe: only zod and @lotse/domain, so the portal's forms can import these shapes.
export * from "./accounts.js";
export * from "./applications.js";
export * from "./organizations.js";
export * from "./smart.js";
export * from "./ciba.js";
export * from "./apis.js";
export * from "./platform.js";
export * from "./standard-claims.js";
export * from "./token-exchange.js";
export { redirectUriProblem } from "./redirect-uri.js";
export * from "./outputs.js";
export * from "./admin.js";
export * from "./audit.js";
export * from "./well-formed.js";
export * from "./outbound-url.js";
