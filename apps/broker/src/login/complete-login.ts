/**
 * Use case: complete a browser login. Ends an oidc-provider interaction after the upstream
 * login, with public model API only (Interaction, Grant, Session): the upstream login is
 * the person's login *and* consent, so the interaction finishes with both. Answers where
 * the browser goes next: oidc-provider's resume endpoint, which issues the code to the
 * application (or the error).
 *
 * The interaction is looked up by uid rather than by its cookie, so this works from any
 * callback path (the upstream redirect lands outside the interaction cookie's path).
 */
import type Provider from "oidc-provider";
import type { AccountService } from "../accounts/account-service.js";
import type { Client, Interaction } from "oidc-provider";
import type { UpstreamIdentity } from "../accounts/upstream-identity.js";
import { apiResourceOf } from "../apis/api-resources.js";
import { lotseFields } from "../applications/client-metadata.js";
import type { AuditLog } from "../audit/index.js";
import type { SmartContext } from "../smart/context-store.js";
import { accountFor } from "./account-for.js";
import { grantableScopes, saveGrant } from "./grants.js";
import type { LoginFailure } from "./login-deps.js";
import { decideSmartContext, smartResourceOf, type SmartLoginDeps } from "./smart-context.js";

export interface CompleteLoginDeps {
  provider: Provider;
  accounts: AccountService;
  audit: AuditLog;
  smart?: SmartLoginDeps | undefined;
}

/** The login of an interaction (oidc-provider's `result.login`). */
interface LoginResult {
  [key: string]: unknown;
  accountId: string;
  ts: number;
  acr?: string;
  amr?: string[];
}

/**
 * A login that waits for the practitioner to pick a patient (SMART standalone launch),
 * kept in the interaction's result until the picker's answer; oidc-provider ignores it.
 */
export interface PendingPatientPick {
  login: LoginResult;
  context: SmartContext;
  patientIds: string[];
}

const PENDING_PICK = "lotsePendingPatientPick";

/** Where the browser goes to pick the patient of a SMART launch. */
export function patientPickerPath(uid: string): string {
  return `/connect/interaction/${uid}/patient`;
}

export function pendingPatientPick(interaction: Interaction): PendingPatientPick | undefined {
  return (interaction.result as Record<string, unknown> | undefined)?.[PENDING_PICK] as
    PendingPatientPick | undefined;
}

export class InteractionNotFound extends Error {
  readonly status = 400;
  readonly expose = true;
  constructor() {
    super("The sign-in request is unknown or has expired.");
  }
}

async function loadInteraction(
  provider: Provider,
  interaction: string | Interaction,
): Promise<Interaction> {
  if (typeof interaction !== "string") return interaction;
  const found = await provider.Interaction.find(interaction);
  if (!found) throw new InteractionNotFound();
  return found;
}

function remainingSeconds(interaction: Interaction): number {
  return Math.max(1, interaction.exp - Math.floor(Date.now() / 1000));
}

/** Ends the interaction with an error for the application; returns the resume URL. */
export async function failLogin(
  provider: Provider,
  interaction: string | Interaction,
  failure: LoginFailure,
): Promise<string> {
  const found = await loadInteraction(provider, interaction);
  found.result = { error: failure.error, error_description: failure.error_description };
  await found.save(remainingSeconds(found));
  return found.returnTo;
}

/** Ends the interaction with the login and consent of this identity; returns the resume URL. */
export async function completeLogin(
  deps: CompleteLoginDeps,
  interaction: string | Interaction,
  identity: UpstreamIdentity,
): Promise<string> {
  const { provider, accounts } = deps;
  const found = await loadInteraction(provider, interaction);
  const client = await provider.Client.find(String(found.params.client_id));
  if (!client) {
    return failLogin(provider, found, {
      error: "unauthorized_client",
      error_description: "The application is no longer enabled.",
    });
  }

  const account = await accountFor(accounts, client, identity);
  if ("failure" in account) return failLogin(provider, found, account.failure);
  const { accountId } = account;
  const login: LoginResult = {
    accountId,
    ts: identity.authTime ?? Math.floor(Date.now() / 1000),
    ...(identity.acr ? { acr: identity.acr } : {}),
    ...(identity.amr ? { amr: identity.amr } : {}),
  };

  const smart = deps.smart
    ? await decideSmartContext(deps.smart, { client, params: found.params, identity })
    : ({ kind: "none" } as const);
  if (smart.kind === "failure") {
    await deps.audit.record({
      type: "smart.context",
      outcome: "FAILURE",
      errorCode: smart.failure.error,
      errorDescription: smart.failure.error_description,
      clientId: client.clientId,
      applicationId: lotseFields(client).lotseApplicationId,
      flowId: found.uid,
    });
    return failLogin(provider, found, smart.failure);
  }
  if (smart.kind === "pick") {
    const pending: PendingPatientPick = {
      login,
      context: smart.context,
      patientIds: smart.patients.map((patient) => patient.id),
    };
    found.result = { [PENDING_PICK]: pending };
    await found.save(remainingSeconds(found));
    return patientPickerPath(found.uid);
  }
  return finishLogin(
    deps,
    found,
    client,
    login,
    smart.kind === "context" ? smart.context : undefined,
  );
}

/** Ends a SMART login that waited for the patient picker, with the patient chosen. */
export async function finishPatientPick(
  deps: CompleteLoginDeps,
  interaction: string | Interaction,
  patientId: string,
): Promise<string> {
  const found = await loadInteraction(deps.provider, interaction);
  const pending = pendingPatientPick(found);
  if (!pending) throw new InteractionNotFound();
  if (!pending.patientIds.includes(patientId))
    throw Object.assign(new Error("That patient cannot be chosen here."), {
      status: 400,
      expose: true,
    });
  const client = await deps.provider.Client.find(String(found.params.client_id));
  if (!client)
    return failLogin(deps.provider, found, {
      error: "unauthorized_client",
      error_description: "The application is no longer enabled.",
    });
  return finishLogin(deps, found, client, pending.login, {
    ...pending.context,
    patient: patientId,
  });
}

async function finishLogin(
  deps: CompleteLoginDeps,
  found: Interaction,
  client: Client,
  login: LoginResult,
  context: SmartContext | undefined,
): Promise<string> {
  const { provider } = deps;
  const { accountId } = login;
  const grantId = await saveGrant(provider, {
    accountId,
    client,
    scopes: grantableScopes(client, found.params.scope),
    // A SMART app's FHIR server, or the API the request is for (apis/api-resources.ts).
    resource: context ? smartResourceOf(client, found.params) : apiResourceOf(client, found.params),
  });
  if (context && deps.smart) {
    const fields = lotseFields(client);
    await deps.smart.contexts.save(
      grantId,
      fields.lotseApplicationId,
      context,
      fields.lotseRefreshTokenTtl,
    );
    await deps.audit.record({
      type: "smart.context",
      outcome: "SUCCESS",
      clientId: client.clientId,
      applicationId: fields.lotseApplicationId,
      subject: accountId,
      grantId,
      flowId: found.uid,
      details: {
        fhirBaseUrl: context.fhirBaseUrl,
        launch: typeof found.params.launch === "string" ? "ehr" : "standalone",
        patient: context.patient ?? null,
        encounter: context.encounter ?? null,
        fhirUser: context.fhirUser ?? null,
        needPatientBanner: context.needPatientBanner,
        simulatedError: context.simulatedError ?? null,
      },
    });
  }

  // The account id is per application (its sub), so a browser session of another
  // application's account is ended here instead of by oidc-provider's "session principal
  // changed" logout page. Tokens do not expire with the session, so none is lost.
  if (found.session?.accountId && found.session.accountId !== accountId) {
    if (found.session.uid) await (await provider.Session.findByUid(found.session.uid))?.destroy();
    found.session = undefined;
  }

  found.result = { login, consent: { grantId } };
  await found.save(remainingSeconds(found));
  return found.returnTo;
}
