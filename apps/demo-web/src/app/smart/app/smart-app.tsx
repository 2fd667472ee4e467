"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { LaunchContextPanel } from "../../../components/smart/launch-context-panel";
import { ObservationsChart } from "../../../components/smart/observations-chart";
import { ObservationsTable } from "../../../components/smart/observations-table";
import { PatientBanner, type PatientLike } from "../../../components/smart/patient-banner";
import { SmartErrors } from "../../../components/smart/smart-errors";
import { decodeJwt } from "../../../lib/decode-jwt";
import {
  describeSmartError,
  oauthRedirectError,
  type DescribedError,
} from "../../../lib/smart/describe-error";
import { encounterLabel, humanName, type EncounterLike } from "../../../lib/smart/fhir-display";
import { readyOnce, type SmartClient } from "../../../lib/smart/fhir-client";
import {
  launchContextOf,
  showsPatientBanner,
  type LaunchContext,
} from "../../../lib/smart/launch-context";
import {
  observationRows,
  observationSeries,
  type ObservationLike,
} from "../../../lib/smart/observation-series";

interface UserInfo {
  fhirUser: string;
  name?: string;
  note?: string;
}

interface RefreshResult {
  count: number;
  at: string;
  accessTokenReplaced: boolean;
  /** `patient` of the token response after the refresh. */
  patient: string | undefined;
  /** `patient` claim of the new access token (a JWT, RFC 9068), if it has one. */
  accessTokenPatient: string | undefined;
  /** The patient read again with the new access token. */
  patientName: string | undefined;
}

function jwtClaim(token: unknown, claim: string): string | undefined {
  if (typeof token !== "string") return undefined;
  try {
    const value = decodeJwt(token).payload[claim];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined; // an opaque token: nothing to show
  }
}

/**
 * The logged-in user's FHIR resource (`fhirUser` of the ID token, SMART 2.2 §2.0.5).
 * fhirclient 2.6.3 decodes the ID token with atob, which throws on base64url's "-" and
 * "_"; the app's own decoder reads the claim then.
 */
function fhirUserOf(client: SmartClient): string | undefined {
  try {
    const fhirUser = client.user.fhirUser;
    if (fhirUser) return fhirUser;
  } catch {
    // fall through to the base64url-safe decoder
  }
  return jwtClaim(client.getState("tokenResponse.id_token"), "fhirUser");
}

/** fhirclient's client for this page, and everything it showed. */
export function SmartApp({ fhirBaseUrl }: { fhirBaseUrl: string }) {
  const redirectError = oauthRedirectError(useSearchParams().toString());
  const relaunchHref = `/smart/launch?iss=${encodeURIComponent(fhirBaseUrl)}`;
  const client = useRef<SmartClient | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const [errors, setErrors] = useState<DescribedError[]>([]);
  const [context, setContext] = useState<LaunchContext>();
  const [patient, setPatient] = useState<PatientLike>();
  const [encounter, setEncounter] = useState<EncounterLike>();
  const [user, setUser] = useState<UserInfo>();
  const [observations, setObservations] = useState<ObservationLike[]>();
  const [loading, setLoading] = useState(true);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshed, setRefreshed] = useState<RefreshResult>();

  const addError = useCallback(
    (error: DescribedError) => setErrors((current) => [...current, error]),
    [],
  );

  useEffect(() => {
    // An OAuth error on the redirect: nothing to redeem (fhirclient's ready() would only
    // rethrow it as one line).
    if (redirectError) return;
    void (async () => {
      let smart: SmartClient;
      try {
        smart = await readyOnce();
      } catch (error) {
        setFailed(true);
        addError(describeSmartError("token", error));
        return;
      }
      client.current = smart;
      const launch = launchContextOf(smart.getState("tokenResponse"));
      setContext(launch);
      const fhirUser = fhirUserOf(smart);
      if (fhirUser) setUser({ fhirUser });

      const patientId = smart.patient.id;
      // allSettled: one refused read must not hide the others (each reports its own error).
      await Promise.allSettled([
        patientId
          ? smart.patient.read().then(
              (resource: PatientLike) => setPatient(resource),
              (error: unknown) => addError(describeSmartError("fhir", error)),
            )
          : undefined,
        patientId
          ? // The same search for a patient and for a practitioner with a patient in context.
            smart
              .request<ObservationLike[]>(
                `Observation?patient=${encodeURIComponent(patientId)}&_sort=date`,
                { flat: true, pageLimit: 0 },
              )
              .then(
                (resources) => setObservations(resources),
                (error: unknown) => addError(describeSmartError("fhir", error)),
              )
          : undefined,
        smart.encounter.id
          ? smart.encounter.read().then(
              (resource: EncounterLike) => setEncounter(resource),
              (error: unknown) => addError(describeSmartError("fhir", error)),
            )
          : undefined,
        fhirUser
          ? // The user's own resource is a nicety: a failure is shown next to the reference.
            // Requested by reference, not client.user.read(): that reads fhirUser through
            // the same atob decoding that fails on base64url ID tokens (see fhirUserOf).
            smart.request<{ name?: PatientLike["name"] }>(fhirUser).then(
              (resource) => setUser({ fhirUser, ...optional("name", humanName(resource.name)) }),
              (error: unknown) =>
                setUser({ fhirUser, note: describeSmartError("fhir", error).summary }),
            )
          : undefined,
      ]);
      setLoading(false);
    })().catch((error: unknown) => {
      // Nothing above should throw, but a blank page is never the answer.
      setLoading(false);
      addError(describeSmartError("fhir", error));
    });
  }, [redirectError, addError]);

  const refresh = useCallback(async () => {
    const smart = client.current;
    if (!smart) return;
    setRefreshing(true);
    const before = smart.getState("tokenResponse.access_token") as unknown;
    try {
      const state = await smart.refresh();
      const after = launchContextOf(state.tokenResponse);
      setContext(after);
      const accessToken = state.tokenResponse?.access_token;
      // Read the patient again with the new access token: the FHIR server only answers
      // within the token's own patient context.
      const again: PatientLike | undefined = after.patient
        ? await smart.patient.read().catch((error: unknown) => {
            addError(describeSmartError("fhir", error));
            return undefined;
          })
        : undefined;
      setRefreshed((previous) => ({
        count: (previous?.count ?? 0) + 1,
        at: new Date().toISOString(),
        accessTokenReplaced: accessToken !== undefined && accessToken !== before,
        patient: after.patient,
        accessTokenPatient: jwtClaim(accessToken, "patient"),
        patientName: again ? humanName(again.name) : undefined,
      }));
    } catch (error) {
      addError(describeSmartError("refresh", error));
    } finally {
      setRefreshing(false);
    }
  }, [addError]);

  const allErrors = redirectError ? [redirectError] : errors;
  if (redirectError || failed) {
    return (
      <main className="page smart-page" data-testid="smart-app">
        <p className="eyebrow">SMART on FHIR</p>
        <h1>The SMART app could not start</h1>
        <SmartErrors errors={allErrors} relaunchHref={relaunchHref} />
      </main>
    );
  }
  if (!context) {
    return (
      <main className="page smart-page" data-testid="smart-app">
        <p className="eyebrow">SMART on FHIR</p>
        <h1>Completing the launch…</h1>
        <p className="lead">Redeeming the authorization code at the broker.</p>
      </main>
    );
  }

  const series = observations ? observationSeries(observations) : [];
  const rows = observations ? observationRows(observations) : [];
  return (
    <main className="page smart-page" data-testid="smart-app">
      <p className="eyebrow">SMART on FHIR</p>
      {context.patient && showsPatientBanner(context) && (
        <PatientBanner patientId={context.patient} patient={patient} loading={loading} />
      )}
      <h1>Lotse SMART demo</h1>
      <p className="lead">
        A SMART App Launch client built on <code>fhirclient</code>: the broker authorized it, and it
        reads <code>{fhirBaseUrl}</code> directly from your browser with the access token.
      </p>
      {context.patient && context.needPatientBanner === false && (
        <p className="hint" data-testid="smart-no-banner">
          The EHR shows the patient itself (<code>need_patient_banner: false</code>), so this app
          shows no banner.
        </p>
      )}

      <SmartErrors errors={errors} relaunchHref={relaunchHref} />

      {user && (
        <section className="smart-panel" data-testid="smart-user">
          <h2>Signed-in user</h2>
          <p>
            {user.name && <strong data-testid="smart-user-name">{user.name} </strong>}
            <code data-testid="smart-user-fhir-user">{user.fhirUser}</code>
          </p>
          {user.note && (
            <p className="hint">Could not read the user&apos;s resource: {user.note}</p>
          )}
        </section>
      )}

      {context.encounter && (
        <section className="smart-panel" data-testid="smart-encounter">
          <h2>Encounter</h2>
          <p>
            {encounter ? encounterLabel(encounter) : loading ? "…" : "(not readable)"}{" "}
            <code data-testid="smart-encounter-id">Encounter/{context.encounter}</code>
          </p>
        </section>
      )}

      <h2>Observations</h2>
      {!context.patient ? (
        <p className="hint">
          No patient in the launch context, so there are no observations to show.
        </p>
      ) : observations === undefined ? (
        <p className="hint">
          {loading ? "Loading observations…" : "Observations could not be read."}
        </p>
      ) : observations.length === 0 ? (
        <p className="hint" data-testid="smart-observations-empty">
          The patient has no observations.
        </p>
      ) : (
        <>
          {series.length > 0 && <ObservationsChart series={series} />}
          <ObservationsTable rows={rows} />
        </>
      )}

      <LaunchContextPanel context={context} />

      <section className="smart-panel">
        <h2>Refresh</h2>
        <p className="hint">
          Exchanges the refresh token at the broker for a new access token; the launch context must
          survive it.
        </p>
        <button
          type="button"
          data-testid="smart-refresh"
          onClick={() => void refresh()}
          disabled={refreshing || !context.hasRefreshToken}
        >
          {refreshing ? "Refreshing…" : "Refresh token"}
        </button>
        {!context.hasRefreshToken && (
          <p className="hint">No refresh token was issued (offline_access was not granted).</p>
        )}
        {refreshed && (
          <dl className="facts" data-testid="smart-refresh-result">
            <dt>Refreshed</dt>
            <dd>
              <span data-testid="smart-refresh-count">{refreshed.count}</span> time(s), last at{" "}
              {refreshed.at}
            </dd>
            <dt>New access token</dt>
            <dd data-testid="smart-refresh-new-token">
              {refreshed.accessTokenReplaced ? "yes" : "no"}
            </dd>
            <dt>Patient in context</dt>
            <dd>
              <code data-testid="smart-refresh-patient">{refreshed.patient ?? "none"}</code>
            </dd>
            <dt>
              <code>patient</code> claim of the new access token
            </dt>
            <dd>
              <code data-testid="smart-refresh-token-patient">
                {refreshed.accessTokenPatient ?? "none"}
              </code>
            </dd>
            {refreshed.patientName && (
              <>
                <dt>Read with the new token</dt>
                <dd data-testid="smart-refresh-patient-name">{refreshed.patientName}</dd>
              </>
            )}
          </dl>
        )}
      </section>
    </main>
  );
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
