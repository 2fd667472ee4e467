/**
 * The patient picker of a SMART standalone launch, a front end of login/complete-login.ts:
 *   GET  /connect/interaction/:uid/patient   the list of patients (from the FHIR server)
 *   POST /connect/interaction/:uid/patient   the practitioner's choice, or cancel
 * Under the interaction's path, so the interaction cookie proves it is the browser that
 * started the login (oidc-provider's interactionDetails checks it).
 */
import type Router from "@koa/router";
import type { Context } from "koa";
import { requestInfo } from "../audit/index.js";
import {
  failLogin,
  finishPatientPick,
  patientPickerPath,
  pendingPatientPick,
} from "../login/complete-login.js";
import type { LoginDeps } from "../login/login-deps.js";
import { chooserCsp, createCspNonce } from "./chooser/chooser-csp.js";
import { renderPatientPicker } from "./patient-picker/render-patient-picker.js";
import { pickLocale } from "./pages/locale.js";
import { FormError, readForm } from "./read-form.js";
import { seeOther, sendErrorPage } from "./send-page.js";

export function registerPatientPickerRoutes(router: Router, deps: LoginDeps): void {
  const { provider, smart } = deps;
  if (!smart) return;

  async function loadPending(ctx: Context) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== ctx.params.uid)
      throw Object.assign(new Error("interaction mismatch"), { status: 400 });
    const pending = pendingPatientPick(details);
    if (!pending) throw Object.assign(new Error("no patient to pick"), { status: 400 });
    const client = await provider.Client.find(String(details.params.client_id));
    return { details, pending, client };
  }

  router.get("/connect/interaction/:uid/patient", async (ctx) => {
    const { details, pending, client } = await loadPending(ctx);
    let patients;
    try {
      const offered = new Set(pending.patientIds);
      patients = (await smart.fhir.patients(pending.context.fhirBaseUrl)).filter((patient) =>
        offered.has(patient.id),
      );
    } catch {
      return sendErrorPage(
        ctx,
        503,
        "temporarily_unavailable",
        "The list of patients cannot be loaded right now. Please try again.",
      );
    }
    const nonce = createCspNonce();
    ctx.type = "html";
    ctx.set("Cache-Control", "no-store");
    // After the choice the browser is redirected on to the app (form-action covers the chain).
    ctx.set("Content-Security-Policy", chooserCsp(nonce, client?.redirectUris ?? []));
    ctx.body = renderPatientPicker({
      locale: pickLocale(
        typeof details.params.ui_locales === "string" ? details.params.ui_locales : null,
        ctx.get("accept-language"),
      ),
      applicationName: client?.clientName ?? String(details.params.client_id),
      patients,
      formAction: patientPickerPath(details.uid),
      cspNonce: nonce,
    });
  });

  router.post("/connect/interaction/:uid/patient", async (ctx) => {
    const { details } = await loadPending(ctx);
    let form: URLSearchParams;
    try {
      form = await readForm(ctx);
    } catch (error) {
      if (error instanceof FormError)
        return sendErrorPage(ctx, error.status, "invalid_request", error.message);
      throw error;
    }
    const clientId = String(details.params.client_id);
    if (form.get("cancel")) {
      await deps.audit.record({
        type: "smart.context",
        outcome: "FAILURE",
        errorCode: "access_denied",
        errorDescription: "cancelled at the patient picker",
        clientId,
        flowId: details.uid,
        ...requestInfo(ctx),
      });
      return seeOther(
        ctx,
        await failLogin(provider, details, {
          error: "access_denied",
          error_description: "The practitioner chose no patient.",
        }),
      );
    }
    const patient = form.get("patient");
    if (!patient) return sendErrorPage(ctx, 400, "invalid_request", "Choose a patient.");
    seeOther(ctx, await finishPatientPick(deps, details, patient));
  });
}
