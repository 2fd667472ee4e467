/**
 * The broker's APIs for native apps (DESIGN.md §4): the IDP list, the JSON authorize of
 * flow B, the mobile code exchange, and their OpenAPI document and reference.
 */
import type Router from "@koa/router";
import type { LoginDeps } from "../login/login-deps.js";
import { registerExchangeRoute } from "./exchange-route.js";
import { registerIdpListRoute } from "./idp-list-route.js";
import { registerJsonAuthorize } from "./json-authorize.js";
import { registerOpenApiRoutes } from "./openapi-routes.js";

export function registerNativeApi(router: Router, deps: LoginDeps): void {
  registerIdpListRoute(router, deps);
  registerJsonAuthorize(router, deps);
  registerExchangeRoute(router, deps);
  registerOpenApiRoutes(router, deps.issuer);
}
