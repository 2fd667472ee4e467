/**
 * The person-facing pages of a login (DESIGN.md §4): the IDP chooser, the insurers'
 * return to the broker, and the patient picker of a SMART standalone launch. A person who reaches a login page that expired, was finished, or
 * belongs to another browser gets a page that says so, not the JSON error of the API
 * boundary.
 */
import type Router from "@koa/router";
import type { LoginDeps } from "../login/login-deps.js";
import { registerCallbackRoutes } from "./callback-routes.js";
import { registerChooserRoutes } from "./chooser-routes.js";
import { registerPatientPickerRoutes } from "./patient-picker-routes.js";
import { sendErrorPage } from "./send-page.js";

export function registerInteractions(router: Router, deps: LoginDeps): void {
  router.use(
    [
      "/connect/interaction/:uid",
      "/connect/interaction/:uid/signin",
      "/connect/interaction/:uid/patient",
    ],
    async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (!status || status >= 500) throw error;
        sendErrorPage(
          ctx,
          400,
          "invalid_request",
          "This login has expired or is not known here. Please start again from the app.",
        );
      }
    },
  );
  registerChooserRoutes(router, deps);
  registerCallbackRoutes(router, deps);
  registerPatientPickerRoutes(router, deps);
}
