import { grantedScopes, type LaunchContext } from "../../lib/smart/launch-context";

const none = <span className="hint">none</span>;

/** The granted scope and the context fields of the token response (SMART 2.2 §2.0.9). */
export function LaunchContextPanel({ context }: { context: LaunchContext }) {
  const scopes = grantedScopes(context);
  return (
    <section className="smart-panel" data-testid="smart-context">
      <h2>Launch context</h2>
      <dl className="facts">
        <dt>Granted scope</dt>
        <dd data-testid="smart-context-scope">
          {scopes.length > 0
            ? scopes.map((scope) => (
                <code key={scope} className="scope">
                  {scope}
                </code>
              ))
            : none}
        </dd>
        <dt>
          <code>patient</code>
        </dt>
        <dd data-testid="smart-context-patient">
          {context.patient ? <code>{context.patient}</code> : none}
        </dd>
        <dt>
          <code>encounter</code>
        </dt>
        <dd data-testid="smart-context-encounter">
          {context.encounter ? <code>{context.encounter}</code> : none}
        </dd>
        <dt>
          <code>fhirContext</code>
        </dt>
        <dd data-testid="smart-context-fhir-context">
          {context.fhirContext ? <code>{JSON.stringify(context.fhirContext)}</code> : none}
        </dd>
        <dt>
          <code>need_patient_banner</code>
        </dt>
        <dd data-testid="smart-context-need-patient-banner">
          {context.needPatientBanner === undefined ? (
            none
          ) : (
            <code>{String(context.needPatientBanner)}</code>
          )}
        </dd>
        <dt>
          <code>smart_style_url</code>
        </dt>
        <dd data-testid="smart-context-smart-style-url">
          {context.smartStyleUrl ? <code>{context.smartStyleUrl}</code> : none}
        </dd>
        <dt>Refresh token</dt>
        <dd data-testid="smart-context-refresh-token">
          {context.hasRefreshToken ? "issued" : "none"}
        </dd>
      </dl>
    </section>
  );
}
